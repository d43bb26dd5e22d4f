-- +goose Up
-- Proof-of-work challenges of the public form already spent, shared by
-- every instance: a solved challenge is accepted once by the whole
-- installation, not once per instance. Rows go once their challenge has
-- expired (a challenge is refused by its date after that anyway).
CREATE TABLE pow_spent (
    challenge_hash BLOB PRIMARY KEY, -- SHA-256 of the challenge
    expires_at     DATETIME NOT NULL
);
CREATE INDEX pow_spent_expires ON pow_spent (expires_at);

-- A roster import started from the browser: the uploaded file (sealed,
-- kept while "import the valid rows" may still be asked for), its progress
-- and its outcome. Any instance shows the job's page and can run the second
-- step; the instance running it beats beat_at, so that a job whose instance
-- died is shown as interrupted (its import is one transaction: nothing of
-- it was written).
CREATE TABLE roster_jobs (
    id          INTEGER PRIMARY KEY,
    public_id   TEXT NOT NULL UNIQUE,
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id),
    user_id     INTEGER NOT NULL REFERENCES users (id),
    data_enc    BLOB,
    state       TEXT NOT NULL CHECK (state IN ('running','finished')),
    done        INTEGER NOT NULL DEFAULT 0,
    total       INTEGER NOT NULL DEFAULT 0,
    result      TEXT NOT NULL DEFAULT '',
    problems    TEXT NOT NULL DEFAULT '',
    error_key   TEXT NOT NULL DEFAULT '',
    error_args  TEXT NOT NULL DEFAULT '',
    beat_at     DATETIME NOT NULL,
    created_at  DATETIME NOT NULL,
    finished_at DATETIME
);
CREATE INDEX roster_jobs_created ON roster_jobs (created_at);

-- +goose Down
DROP TABLE roster_jobs;
DROP TABLE pow_spent;
