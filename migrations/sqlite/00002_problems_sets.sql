-- The problem catalog, problem sets and assignments.

-- +goose Up
CREATE TABLE problems (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    slug         TEXT NOT NULL UNIQUE,
    title_en     TEXT NOT NULL,
    title_zh     TEXT NOT NULL DEFAULT '',
    topics       TEXT NOT NULL DEFAULT '[]', -- JSON array of topic slugs
    difficulty   TEXT NOT NULL CHECK (difficulty IN ('easy', 'medium', 'hard')),
    kind         TEXT NOT NULL DEFAULT 'implement',
    statement_en TEXT NOT NULL DEFAULT '',
    statement_zh TEXT NOT NULL DEFAULT '',
    starter      TEXT NOT NULL DEFAULT '{}', -- JSON object file -> code
    public_tests TEXT NOT NULL DEFAULT '{}', -- JSON object file -> code
    time_ms      INTEGER NOT NULL DEFAULT 0,
    memory_bytes INTEGER NOT NULL DEFAULT 0,
    output_bytes INTEGER NOT NULL DEFAULT 0,
    checks       TEXT NOT NULL DEFAULT '[]', -- JSON array
    spec         TEXT NOT NULL DEFAULT '{}', -- problem.yaml as JSON, for the judge
    content_hash TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL DEFAULT 'catalog',
    author_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX problems_difficulty ON problems (difficulty);

CREATE TABLE problem_sets (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX problem_sets_owner ON problem_sets (owner_id);

CREATE TABLE set_problems (
    set_id     INTEGER NOT NULL REFERENCES problem_sets (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    problem_id INTEGER NOT NULL REFERENCES problems (id) ON DELETE RESTRICT,
    PRIMARY KEY (set_id, position),
    UNIQUE (set_id, problem_id)
);

CREATE TABLE assignments (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    set_id       INTEGER NOT NULL REFERENCES problem_sets (id) ON DELETE CASCADE,
    candidate_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    deadline     TIMESTAMP NOT NULL,
    time_limit_s INTEGER NOT NULL DEFAULT 0,
    started_at   TIMESTAMP,
    created_at   TIMESTAMP NOT NULL,
    UNIQUE (set_id, candidate_id)
);
CREATE INDEX assignments_candidate ON assignments (candidate_id, id);

-- +goose Down
DROP TABLE assignments;
DROP TABLE set_problems;
DROP TABLE problem_sets;
DROP TABLE problems;
