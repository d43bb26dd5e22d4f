-- +goose Up
-- The record key of each report, discipline case and protection case: the
-- ID of its secret in the record key store, which lives apart from this
-- database and its backups (internal/vault, docs/RETENTION.md). Every
-- sealed field and file of the record is sealed under a key mixed from the
-- government's data key and that secret, so destroying the secret when the
-- record is purged leaves nothing readable in any backup. NULL for a record
-- sealed before record keys, until the reseal pass gives it one.
ALTER TABLE reports ADD COLUMN record_key BIGINT;
ALTER TABLE discipline_cases ADD COLUMN record_key BIGINT;
ALTER TABLE protection_cases ADD COLUMN record_key BIGINT;

-- When every sealed value of the government's records had moved to record
-- keys (the reseal pass after upgrading); NULL until then, which makes the
-- pass run (again, if it was interrupted).
ALTER TABLE tenants ADD COLUMN record_keys_at DATETIME;

-- +goose Down
ALTER TABLE tenants DROP COLUMN record_keys_at;
ALTER TABLE protection_cases DROP COLUMN record_key;
ALTER TABLE discipline_cases DROP COLUMN record_key;
ALTER TABLE reports DROP COLUMN record_key;
