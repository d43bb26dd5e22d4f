-- +goose Up
-- The moments the TPKS clocks run from and stop at (UU 12/2022 Ps 41-45),
-- recorded by the case workers; the clocks themselves are worked out from
-- them (protection.StatusOf). reported_at (00011) is the first anchor.
ALTER TABLE protection_cases ADD COLUMN police_reported_at DATETIME;
ALTER TABLE protection_cases ADD COLUMN temp_protection_from DATETIME;
ALTER TABLE protection_cases ADD COLUMN temp_protection_until DATETIME;
ALTER TABLE protection_cases ADD COLUMN lpsk_requested_at DATETIME;
ALTER TABLE protection_cases ADD COLUMN restraint_from DATETIME;
ALTER TABLE protection_cases ADD COLUMN restraint_until DATETIME;
ALTER TABLE protection_cases ADD COLUMN restraint_renewal_requested_at DATETIME;
-- Kept with the case at each change, so that lists and the watch read an
-- index instead of working out every case's clocks: the earliest due time
-- of a clock still waiting (and which), and the next instant the watch
-- owes the case a reminder or an escalation.
ALTER TABLE protection_cases ADD COLUMN clock_due_at DATETIME;
ALTER TABLE protection_cases ADD COLUMN clock_due_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE protection_cases ADD COLUMN clock_watch_at DATETIME;
-- The due times reminders and escalations were sent for, as
-- space-separated keys "kind@time" of the clocks still waiting: each is
-- sent once per due time, and a corrected moment asks again.
ALTER TABLE protection_cases ADD COLUMN clock_reminded_for TEXT NOT NULL DEFAULT '';
ALTER TABLE protection_cases ADD COLUMN clock_escalated_for TEXT NOT NULL DEFAULT '';
CREATE INDEX protection_cases_clock_watch ON protection_cases (tenant_id, clock_watch_at) WHERE status = 'open' AND clock_watch_at IS NOT NULL;
CREATE INDEX protection_cases_clock_due ON protection_cases (tenant_id, clock_due_at) WHERE status = 'open' AND clock_due_at IS NOT NULL;
-- Open cases whose clocks were never worked out (opened before this
-- migration): the watch works them out first.
CREATE INDEX protection_cases_clock_unset ON protection_cases (tenant_id, id) WHERE status = 'open' AND clock_due_at IS NULL AND police_reported_at IS NULL AND reported_at IS NOT NULL;

-- +goose Down
DROP INDEX protection_cases_clock_unset;
DROP INDEX protection_cases_clock_due;
DROP INDEX protection_cases_clock_watch;
ALTER TABLE protection_cases DROP COLUMN clock_escalated_for;
ALTER TABLE protection_cases DROP COLUMN clock_reminded_for;
ALTER TABLE protection_cases DROP COLUMN clock_watch_at;
ALTER TABLE protection_cases DROP COLUMN clock_due_kind;
ALTER TABLE protection_cases DROP COLUMN clock_due_at;
ALTER TABLE protection_cases DROP COLUMN restraint_renewal_requested_at;
ALTER TABLE protection_cases DROP COLUMN restraint_until;
ALTER TABLE protection_cases DROP COLUMN restraint_from;
ALTER TABLE protection_cases DROP COLUMN lpsk_requested_at;
ALTER TABLE protection_cases DROP COLUMN temp_protection_until;
ALTER TABLE protection_cases DROP COLUMN temp_protection_from;
ALTER TABLE protection_cases DROP COLUMN police_reported_at;
