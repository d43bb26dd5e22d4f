-- +goose Up
-- A government's threshold for published counts (internal/disclosure):
-- wherever the reader is not entitled to the cases behind a number, a
-- count from 1 to min_count-1 is hidden. A government without a row uses
-- disclosure.DefaultMin.
CREATE TABLE statistics_settings (
    tenant_id  INTEGER PRIMARY KEY REFERENCES tenants (id),
    min_count  INTEGER NOT NULL CHECK (min_count BETWEEN 3 AND 20),
    updated_by INTEGER REFERENCES users (id),
    updated_at DATETIME NOT NULL
);

-- +goose Down
DROP TABLE statistics_settings;
