-- +goose Up
-- Proof-of-work challenges of the public form already spent, shared by
-- every instance: a solved challenge is accepted once by the whole
-- installation, not once per instance. Rows go once their challenge has
-- expired (a challenge is refused by its date after that anyway).
CREATE TABLE pow_spent (
    challenge_hash BYTEA PRIMARY KEY, -- SHA-256 of the challenge
    expires_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX pow_spent_expires ON pow_spent (expires_at);

-- +goose Down
DROP TABLE pow_spent;
