-- Kept in step with sqlite/00007: kb_entries.question_words holds an entry's
-- questions, slug, topic and tags with Chinese as bigrams (computed by the store,
-- filled for existing rows by migration 00008). Postgres ranks with its own
-- indexes and does not read it; the column keeps both schemas alike.

-- +goose Up
ALTER TABLE kb_entries ADD COLUMN question_words TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE kb_entries DROP COLUMN question_words;
