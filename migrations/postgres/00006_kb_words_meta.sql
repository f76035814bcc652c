-- Kept in step with sqlite/00006, which adds slug, topic and tags to SQLite's
-- word index. Postgres already searches them (search_meta), so nothing changes.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
