-- +goose Up
-- Two-factor sign-in. The TOTP secret is sealed with the tenant's data key
-- (the installation's for accounts of no tenant); totp_last_step stops a
-- code from being used twice, across instances.
ALTER TABLE users ADD COLUMN totp_secret_enc BYTEA;
ALTER TABLE users ADD COLUMN totp_enabled_at TIMESTAMPTZ;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;

-- One-time codes for a lost phone, stored as hashes.
CREATE TABLE recovery_codes (
    user_id   BIGINT NOT NULL REFERENCES users (id),
    code_hash TEXT NOT NULL,
    used_at   TIMESTAMPTZ,
    PRIMARY KEY (user_id, code_hash)
);

-- A session is 'full', or waits for its second factor ('totp') or for the
-- account to set one up ('enroll'); only the matching pages answer it.
ALTER TABLE sessions ADD COLUMN stage TEXT NOT NULL DEFAULT 'full';

-- Failed sign-ins per username, whether or not the account exists, so that
-- lockout neither reveals accounts nor depends on one instance's memory.
CREATE TABLE signin_failures (
    username     TEXT PRIMARY KEY,
    failures     BIGINT NOT NULL,
    last_at      TIMESTAMPTZ NOT NULL,
    locked_until TIMESTAMPTZ
);

-- What an API token may do: read, or read and write.
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'read';

-- +goose Down
ALTER TABLE api_tokens DROP COLUMN scope;
DROP TABLE signin_failures;
ALTER TABLE sessions DROP COLUMN stage;
DROP TABLE recovery_codes;
ALTER TABLE users DROP COLUMN totp_last_step;
ALTER TABLE users DROP COLUMN totp_enabled_at;
ALTER TABLE users DROP COLUMN totp_secret_enc;
