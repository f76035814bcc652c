-- Submissions (the judge's durable queue) and each user's best score per problem.

-- +goose Up
CREATE TABLE submissions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    problem_id    INTEGER NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
    assignment_id INTEGER REFERENCES assignments (id) ON DELETE SET NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('submit', 'run')),
    files         TEXT NOT NULL DEFAULT '{}', -- JSON object file -> code
    status        TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    verdict       TEXT NOT NULL DEFAULT '',
    score         REAL NOT NULL DEFAULT 0,
    result        TEXT, -- JSON
    attempts      INTEGER NOT NULL DEFAULT 0,
    lease_owner   TEXT NOT NULL DEFAULT '',
    lease_until   TIMESTAMP,
    created_at    TIMESTAMP NOT NULL,
    started_at    TIMESTAMP,
    finished_at   TIMESTAMP
);
-- The queue: the oldest queued row, and running rows by lease expiry.
CREATE INDEX submissions_queued ON submissions (id) WHERE status = 'queued';
CREATE INDEX submissions_leased ON submissions (lease_until) WHERE status = 'running';
CREATE INDEX submissions_user_problem ON submissions (user_id, problem_id, id);
CREATE INDEX submissions_problem ON submissions (problem_id, id);
CREATE INDEX submissions_assignment ON submissions (assignment_id, id) WHERE assignment_id IS NOT NULL;

CREATE TABLE best_scores (
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    problem_id    INTEGER NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
    submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    score         REAL NOT NULL,
    verdict       TEXT NOT NULL,
    achieved_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, problem_id)
);
CREATE INDEX best_scores_problem ON best_scores (problem_id);

-- +goose Down
DROP TABLE best_scores;
DROP TABLE submissions;
