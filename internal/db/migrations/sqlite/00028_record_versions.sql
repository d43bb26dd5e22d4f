-- +goose Up
-- Optimistic versions: every change a person makes to a report, a
-- discipline case or a protection case moves its version on by one, and
-- an edit form sends back the version it was read at. Two people editing
-- one record from two pages (or two instances) cannot silently overwrite
-- each other: the second is told that the record changed meanwhile.
ALTER TABLE reports ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE discipline_cases ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE protection_cases ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

-- +goose Down
ALTER TABLE protection_cases DROP COLUMN version;
ALTER TABLE discipline_cases DROP COLUMN version;
ALTER TABLE reports DROP COLUMN version;
