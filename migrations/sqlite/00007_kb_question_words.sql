-- The word index gets a column of its own for what names an entry: its
-- questions in both languages, slug, topic and tags, Chinese as bigrams
-- (kb_entries.question_words, computed by the store; migration 00008 fills it
-- for existing rows). Search ranks entries whose question or tags hold the
-- query's terms first, and asks this column instead of reading the large
-- entry rows. bm25 gives the column weight 0, so scores are unchanged.

-- +goose Up
ALTER TABLE kb_entries ADD COLUMN question_words TEXT NOT NULL DEFAULT '';
DROP TRIGGER kb_entries_au;
DROP TRIGGER kb_entries_ad;
DROP TRIGGER kb_entries_ai;
DROP TABLE kb_words;
CREATE VIRTUAL TABLE kb_words USING fts5(en_head, en_body, zh_head, zh_body, meta, question, tokenize = 'unicode61');
INSERT INTO kb_words (rowid, en_head, en_body, zh_head, zh_body, meta, question)
    SELECT id,
        en_question || char(10) || en_short_answer,
        en_answer || char(10) || en_follow_ups || char(10) || en_pitfalls,
        zh_head_bigrams,
        zh_body_bigrams,
        slug || ' ' || topic || ' ' || tags,
        question_words
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
    INSERT INTO kb_words (rowid, en_head, en_body, zh_head, zh_body, meta, question) VALUES (
        new.id,
        new.en_question || char(10) || new.en_short_answer,
        new.en_answer || char(10) || new.en_follow_ups || char(10) || new.en_pitfalls,
        new.zh_head_bigrams,
        new.zh_body_bigrams,
        new.slug || ' ' || new.topic || ' ' || new.tags,
        new.question_words);
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
    INSERT INTO kb_words (rowid, en_head, en_body, zh_head, zh_body, meta, question) VALUES (
        new.id,
        new.en_question || char(10) || new.en_short_answer,
        new.en_answer || char(10) || new.en_follow_ups || char(10) || new.en_pitfalls,
        new.zh_head_bigrams,
        new.zh_body_bigrams,
        new.slug || ' ' || new.topic || ' ' || new.tags,
        new.question_words);
END;
-- +goose StatementEnd

-- +goose Down
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
ALTER TABLE kb_entries DROP COLUMN question_words;
