-- submissions.progress is the judging's progress so far, as a worker records
-- it (a JSON array of stages: name, status, duration; the stage running now
-- last). The event stream of a submission reads it to show each stage live,
-- also when the judge runs in another process or on another machine. NULL
-- until a worker records a stage; cleared when a submission is claimed again.

-- +goose Up
ALTER TABLE submissions ADD COLUMN progress TEXT;

-- +goose Down
ALTER TABLE submissions DROP COLUMN progress;
