-- Kept in step with sqlite/00009: submissions.progress is the judging's
-- progress so far as a worker records it (a JSON array of stages), read by the
-- submission's event stream; NULL until a stage is recorded, cleared when the
-- submission is claimed again.

-- +goose Up
ALTER TABLE submissions ADD COLUMN progress JSON;

-- +goose Down
ALTER TABLE submissions DROP COLUMN progress;
