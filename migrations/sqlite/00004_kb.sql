-- The knowledge base, its full-text indexes and spaced-repetition state.
--
-- Two FTS5 tables index every entry, kept in sync by triggers:
--   kb_fts   (trigram tokenizer): substring search for terms of 3+ characters,
--            Chinese phrases and code identifiers (WaitGroup, errgroup.SetLimit);
--   kb_words (unicode61 tokenizer): whole words, with the Chinese text indexed as
--            overlapping character bigrams (zh_head_bigrams, zh_body_bigrams, computed
--            by the store), so two-character Chinese words such as 通道 or 关闭 are
--            index lookups too.
-- Each language has a head column (question and short answer) and a body column
-- (answer, follow-ups, pitfalls), so that ranking can weigh the question more.

-- +goose Up
CREATE TABLE kb_entries (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    slug             TEXT NOT NULL UNIQUE,
    topic            TEXT NOT NULL,
    difficulty       TEXT NOT NULL CHECK (difficulty IN ('easy', 'medium', 'hard')),
    tags             TEXT NOT NULL DEFAULT '[]', -- JSON array
    go_version       TEXT NOT NULL DEFAULT '',
    related_problems TEXT NOT NULL DEFAULT '[]', -- JSON array of problem slugs
    related_entries  TEXT NOT NULL DEFAULT '[]', -- JSON array of entry slugs
    en_question      TEXT NOT NULL DEFAULT '',
    en_short_answer  TEXT NOT NULL DEFAULT '',
    en_answer        TEXT NOT NULL DEFAULT '',
    en_follow_ups    TEXT NOT NULL DEFAULT '',
    en_pitfalls      TEXT NOT NULL DEFAULT '',
    zh_question      TEXT NOT NULL DEFAULT '',
    zh_short_answer  TEXT NOT NULL DEFAULT '',
    zh_answer        TEXT NOT NULL DEFAULT '',
    zh_follow_ups    TEXT NOT NULL DEFAULT '',
    zh_pitfalls      TEXT NOT NULL DEFAULT '',
    zh_head_bigrams  TEXT NOT NULL DEFAULT '', -- zh question and short answer, CJK runs split into bigrams
    zh_body_bigrams  TEXT NOT NULL DEFAULT '', -- zh answer, follow-ups and pitfalls, likewise
    content_hash     TEXT NOT NULL DEFAULT '',
    source           TEXT NOT NULL DEFAULT 'catalog',
    edited_via_api   BOOLEAN NOT NULL DEFAULT 0,
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX kb_entries_topic ON kb_entries (topic, difficulty);

CREATE VIRTUAL TABLE kb_fts USING fts5(en_head, en_body, zh_head, zh_body, meta, tokenize = 'trigram');
CREATE VIRTUAL TABLE kb_words USING fts5(en_head, en_body, zh_head, zh_body, tokenize = 'unicode61');

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

CREATE TABLE review_states (
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    entry_id      INTEGER NOT NULL REFERENCES kb_entries (id) ON DELETE CASCADE,
    ease          REAL NOT NULL DEFAULT 2.5,
    interval_days INTEGER NOT NULL DEFAULT 0,
    reps          INTEGER NOT NULL DEFAULT 0,
    lapses        INTEGER NOT NULL DEFAULT 0,
    due_at        TIMESTAMP NOT NULL,
    last_grade    INTEGER NOT NULL DEFAULT 0,
    updated_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, entry_id)
);
CREATE INDEX review_states_due ON review_states (user_id, due_at);

-- +goose Down
DROP TABLE review_states;
DROP TRIGGER kb_entries_au;
DROP TRIGGER kb_entries_ad;
DROP TRIGGER kb_entries_ai;
DROP TABLE kb_words;
DROP TABLE kb_fts;
DROP TABLE kb_entries;
