-- Search reads the word index first (it is much faster than the trigram index
-- for common words), so the word index also gets the slug, topic and tags.
-- kb_entries_filter lets a search filter by topic and difficulty from a small
-- covering index instead of reading the (large) entry rows.

-- +goose Up
CREATE INDEX kb_entries_filter ON kb_entries (id, topic, difficulty);
DROP TRIGGER kb_entries_au;
DROP TRIGGER kb_entries_ad;
DROP TRIGGER kb_entries_ai;
DROP TABLE kb_words;
CREATE VIRTUAL TABLE kb_words USING fts5(en_head, en_body, zh_head, zh_body, meta, tokenize = 'unicode61');
INSERT INTO kb_words (rowid, en_head, en_body, zh_head, zh_body, meta)
    SELECT id,
        en_question || char(10) || en_short_answer,
        en_answer || char(10) || en_follow_ups || char(10) || en_pitfalls,
        zh_head_bigrams,
        zh_body_bigrams,
        slug || ' ' || topic || ' ' || tags
    FROM kb_entries;

-- +goose StatementBegin
CREATE TRIGGER kb_entries_ai AFTER INSERT ON kb_entries BEGIN
    INSERT INTO kb_fts (rowid, en_head, en_body, zh_head, zh_body, meta) VALUES (
        new.id,
        new.en_question || char(10) || new.en_short_answer,
        new.en_answer || char(10) || new.en_follow_ups || char(10) || new.en_pitfalls,
        new.zh_question || char(10) || new.zh_short_answer,
        new.zh_answer || char(10) || new.zh_follow_ups || char(10) || new.zh_pitfalls,
        new.slug || ' ' || new.topic || ' ' || new.tags);
    INSERT INTO kb_words (rowid, en_head, en_body, zh_head, zh_body, meta) VALUES (
        new.id,
        new.en_question || char(10) || new.en_short_answer,
        new.en_answer || char(10) || new.en_follow_ups || char(10) || new.en_pitfalls,
        new.zh_head_bigrams,
        new.zh_body_bigrams,
        new.slug || ' ' || new.topic || ' ' || new.tags);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER kb_entries_ad AFTER DELETE ON kb_entries BEGIN
    DELETE FROM kb_fts WHERE rowid = old.id;
    DELETE FROM kb_words WHERE rowid = old.id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER kb_entries_au AFTER UPDATE ON kb_entries BEGIN
    DELETE FROM kb_fts WHERE rowid = old.id;
    DELETE FROM kb_words WHERE rowid = old.id;
    INSERT INTO kb_fts (rowid, en_head, en_body, zh_head, zh_body, meta) VALUES (
        new.id,
        new.en_question || char(10) || new.en_short_answer,
        new.en_answer || char(10) || new.en_follow_ups || char(10) || new.en_pitfalls,
        new.zh_question || char(10) || new.zh_short_answer,
        new.zh_answer || char(10) || new.zh_follow_ups || char(10) || new.zh_pitfalls,
        new.slug || ' ' || new.topic || ' ' || new.tags);
    INSERT INTO kb_words (rowid, en_head, en_body, zh_head, zh_body, meta) VALUES (
        new.id,
        new.en_question || char(10) || new.en_short_answer,
        new.en_answer || char(10) || new.en_follow_ups || char(10) || new.en_pitfalls,
        new.zh_head_bigrams,
        new.zh_body_bigrams,
        new.slug || ' ' || new.topic || ' ' || new.tags);
END;
-- +goose StatementEnd

-- +goose Down
DROP INDEX kb_entries_filter;
DROP TRIGGER kb_entries_au;
DROP TRIGGER kb_entries_ad;
DROP TRIGGER kb_entries_ai;
DROP TABLE kb_words;
CREATE VIRTUAL TABLE kb_words USING fts5(en_head, en_body, zh_head, zh_body, tokenize = 'unicode61');
INSERT INTO kb_words (rowid, en_head, en_body, zh_head, zh_body)
    SELECT id,
        en_question || char(10) || en_short_answer,
        en_answer || char(10) || en_follow_ups || char(10) || en_pitfalls,
        zh_head_bigrams,
        zh_body_bigrams
    FROM kb_entries;

-- +goose StatementBegin
CREATE TRIGGER kb_entries_ai AFTER INSERT ON kb_entries BEGIN
    INSERT INTO kb_fts (rowid, en_head, en_body, zh_head, zh_body, meta) VALUES (
        new.id,
        new.en_question || char(10) || new.en_short_answer,
        new.en_answer || char(10) || new.en_follow_ups || char(10) || new.en_pitfalls,
        new.zh_question || char(10) || new.zh_short_answer,
        new.zh_answer || char(10) || new.zh_follow_ups || char(10) || new.zh_pitfalls,
        new.slug || ' ' || new.topic || ' ' || new.tags);
    INSERT INTO kb_words (rowid, en_head, en_body, zh_head, zh_body) VALUES (
        new.id,
        new.en_question || char(10) || new.en_short_answer,
        new.en_answer || char(10) || new.en_follow_ups || char(10) || new.en_pitfalls,
        new.zh_head_bigrams,
        new.zh_body_bigrams);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER kb_entries_ad AFTER DELETE ON kb_entries BEGIN
    DELETE FROM kb_fts WHERE rowid = old.id;
    DELETE FROM kb_words WHERE rowid = old.id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER kb_entries_au AFTER UPDATE ON kb_entries BEGIN
    DELETE FROM kb_fts WHERE rowid = old.id;
    DELETE FROM kb_words WHERE rowid = old.id;
    INSERT INTO kb_fts (rowid, en_head, en_body, zh_head, zh_body, meta) VALUES (
        new.id,
        new.en_question || char(10) || new.en_short_answer,
        new.en_answer || char(10) || new.en_follow_ups || char(10) || new.en_pitfalls,
        new.zh_question || char(10) || new.zh_short_answer,
        new.zh_answer || char(10) || new.zh_follow_ups || char(10) || new.zh_pitfalls,
        new.slug || ' ' || new.topic || ' ' || new.tags);
    INSERT INTO kb_words (rowid, en_head, en_body, zh_head, zh_body) VALUES (
        new.id,
        new.en_question || char(10) || new.en_short_answer,
        new.en_answer || char(10) || new.en_follow_ups || char(10) || new.en_pitfalls,
        new.zh_head_bigrams,
        new.zh_body_bigrams);
END;
-- +goose StatementEnd
