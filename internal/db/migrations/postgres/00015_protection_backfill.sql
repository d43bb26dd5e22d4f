-- +goose Up
-- Protection cases the complaint desk opened before cases were kept in
-- full: the victim reported when the report came in (the TPKS clocks run
-- from it, and the deadline watch works them out), and they get a number
-- of their own, marked L for the cases opened before numbering.
UPDATE protection_cases SET reported_at = (SELECT r.created_at FROM reports r WHERE r.id = protection_cases.report_id)
    WHERE reported_at IS NULL AND report_id IS NOT NULL;
UPDATE protection_cases SET number = 'PPA/' || to_char(opened_at AT TIME ZONE 'Asia/Jakarta', 'YYYY') || '/L' || id WHERE number = '';
UPDATE protection_cases SET updated_at = opened_at WHERE updated_at IS NULL;

-- +goose Down
SELECT 1;
