-- +goose Up
-- A government's choices on its discipline procedure (internal/discipline
-- Settings); a government without a row applies the defaults.
CREATE TABLE procedure_settings (
    tenant_id      BIGINT PRIMARY KEY REFERENCES tenants (id),
    number_format  TEXT NOT NULL,
    effect_in_hk   BOOLEAN NOT NULL,
    summons_notice BOOLEAN NOT NULL,
    sedang_pp53    BOOLEAN NOT NULL,
    -- The deadline watch (discipline.Watch): reminders this many working
    -- days ahead; a told superior's window to summon (Ps 28).
    remind_days    INTEGER NOT NULL DEFAULT 2,
    inaction_days  INTEGER NOT NULL DEFAULT 7,
    updated_by     BIGINT REFERENCES users (id),
    updated_at     TIMESTAMPTZ NOT NULL
);

-- A government's own wording of the fixed paragraphs of its letters
-- (internal/letters text blocks); a block without a row keeps its default.
CREATE TABLE letter_texts (
    tenant_id  BIGINT NOT NULL REFERENCES tenants (id),
    block      TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_by BIGINT REFERENCES users (id),
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, block)
);

-- The set of "sedang" sanctions a decision was taken under: 'pp53' for the
-- PP 53/2010 substitutes of PP 94/2021 Ps 42, '' for PP 94/2021 Ps 8(3).
ALTER TABLE discipline_steps ADD COLUMN basis TEXT NOT NULL DEFAULT '';

-- A government's own catalogue of PPPK violations (PP 49/2018 Ps 52):
-- PP 94/2021's catalogue does not cover PPPK.
CREATE TABLE pppk_violations (
    tenant_id  BIGINT NOT NULL REFERENCES tenants (id),
    code       TEXT NOT NULL,
    text       TEXT NOT NULL,
    level      TEXT NOT NULL CHECK (level IN ('ringan','sedang','berat')),
    position   INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, code)
);

-- +goose Down
DROP TABLE pppk_violations;
ALTER TABLE discipline_steps DROP COLUMN basis;
DROP TABLE letter_texts;
DROP TABLE procedure_settings;
