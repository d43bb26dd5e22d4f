-- +goose Up
-- The region an oversight account watches: a province code ("36") for
-- the governments in that province, or '' for every government. Only
-- aggregates of those governments are shown to it, never a case.
CREATE TABLE oversight_scopes (
    user_id     INTEGER PRIMARY KEY REFERENCES users (id),
    region_code TEXT NOT NULL,
    updated_by  INTEGER REFERENCES users (id),
    updated_at  DATETIME NOT NULL
);

-- +goose Down
DROP TABLE oversight_scopes;
