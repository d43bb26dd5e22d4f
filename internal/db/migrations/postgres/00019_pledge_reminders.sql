-- +goose Up
-- Reminders of integrity pledges: how many days before a campaign's due
-- date (and before a signature's renewal lapses) employees are told; 0
-- turns the reminders off.
ALTER TABLE pledge_settings ADD COLUMN remind_days INTEGER NOT NULL DEFAULT 7;

-- One row per reminder sent, so that it is sent once even when two
-- instances watch at the same moment: kind 'due' for a campaign's due date
-- (ref_id: the campaign), 'renewal' for a signature about to lapse
-- (ref_id: the signature).
CREATE TABLE pledge_reminders (
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    kind      TEXT NOT NULL CHECK (kind IN ('due','renewal')),
    ref_id    BIGINT NOT NULL,
    sent_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, kind, ref_id)
);

-- +goose Down
DROP TABLE pledge_reminders;
ALTER TABLE pledge_settings DROP COLUMN remind_days;
