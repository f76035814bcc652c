-- Invited accounts: an interviewer or an LMS creates a candidate's account to
-- assign it work; it has no password (state 'invited') until its owner opens
-- the invitation link and chooses one. Only the SHA-256 of an invitation's
-- token is stored; an invitation is used once, and issuing a new one for a
-- user revokes the older ones.

-- +goose Up
ALTER TABLE users ADD COLUMN state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'invited'));

CREATE TABLE invitations (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    invited_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE INDEX invitations_user ON invitations (user_id);
CREATE INDEX invitations_invited_by ON invitations (invited_by);

-- +goose Down
DROP TABLE invitations;
ALTER TABLE users DROP COLUMN state;
