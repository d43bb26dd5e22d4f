-- +goose Up
-- What each open case waits for and by when, kept with the case each time
-- a step is taken, so that the due lists and the deadline watch read an
-- index instead of replaying every case's steps.
ALTER TABLE discipline_cases ADD COLUMN stage TEXT NOT NULL DEFAULT 'open';
ALTER TABLE discipline_cases ADD COLUMN due_what TEXT NOT NULL DEFAULT '';
ALTER TABLE discipline_cases ADD COLUMN due_by DATE;
-- The examiner who handles the case: their own due list, their reminders.
ALTER TABLE discipline_cases ADD COLUMN handler_id INTEGER REFERENCES users (id);
-- The day the accused's direct superior was told of the violation: from it
-- runs the window to summon (PP 94/2021 Ps 26(1), Ps 28).
ALTER TABLE discipline_cases ADD COLUMN superior_informed_on DATE;
-- The due date a reminder and an escalation were last sent for, so that
-- each is sent once per deadline.
ALTER TABLE discipline_cases ADD COLUMN reminded_for TEXT NOT NULL DEFAULT '';
ALTER TABLE discipline_cases ADD COLUMN escalated_for TEXT NOT NULL DEFAULT '';
CREATE INDEX discipline_cases_due ON discipline_cases (tenant_id, due_by, due_what) WHERE status = 'open' AND due_by IS NOT NULL;
CREATE INDEX discipline_cases_handler_due ON discipline_cases (handler_id, due_by, due_what) WHERE status = 'open' AND due_by IS NOT NULL;

-- A government whose open cases' due dates must be counted again: its
-- calendar or procedure settings changed. The change asks for it in its
-- transaction; the recount (right after, or the deadline watch) clears
-- the request it read, so a change made meanwhile is counted too.
CREATE TABLE case_due_recounts (
    tenant_id    INTEGER PRIMARY KEY REFERENCES tenants (id),
    requested_at DATETIME NOT NULL
);

-- +goose Down
DROP TABLE case_due_recounts;
DROP INDEX discipline_cases_handler_due;
DROP INDEX discipline_cases_due;
ALTER TABLE discipline_cases DROP COLUMN escalated_for;
ALTER TABLE discipline_cases DROP COLUMN reminded_for;
ALTER TABLE discipline_cases DROP COLUMN superior_informed_on;
ALTER TABLE discipline_cases DROP COLUMN handler_id;
ALTER TABLE discipline_cases DROP COLUMN due_by;
ALTER TABLE discipline_cases DROP COLUMN due_what;
ALTER TABLE discipline_cases DROP COLUMN stage;
