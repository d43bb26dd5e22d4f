-- +goose Up
-- The statistics read a government's reports by the day they came in;
-- with the columns they count in the index, SQLite answers from the index
-- alone instead of reading every report's row with its sealed content.
CREATE INDEX reports_created ON reports (tenant_id, created_at, duplicate_of, category, channel, status, mode, district_code, employee_id, followed_up_at, closed_at);

-- +goose Down
DROP INDEX reports_created;
