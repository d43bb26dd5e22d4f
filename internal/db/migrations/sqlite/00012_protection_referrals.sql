-- +goose Up
-- Referrals of a protection case to a partner outside the office (police,
-- health, legal aid, the personnel agency, social services, LPSK). A
-- referral goes ahead only under a consent in force for its recipient
-- (consent_id), or under the lead's override, whose reason is sealed and
-- audited. The organisation's name is the partner's public name ("Polres
-- Serang") and stays in clear; the note to the partner is sealed.
CREATE TABLE protection_referrals (
    id                  INTEGER PRIMARY KEY,
    tenant_id           INTEGER NOT NULL REFERENCES tenants (id),
    case_id             INTEGER NOT NULL REFERENCES protection_cases (id),
    public_id           TEXT NOT NULL UNIQUE,
    recipient           TEXT NOT NULL CHECK (recipient IN ('polisi','kesehatan','bantuan_hukum','bkpsdm','dinas_sosial','lpsk')),
    organisation        TEXT NOT NULL,
    referred_at         DATETIME NOT NULL,
    note_enc            BLOB,
    consent_id          INTEGER REFERENCES protection_consents (id),
    override_reason_enc BLOB,
    overridden_by       INTEGER REFERENCES users (id),
    status              TEXT NOT NULL DEFAULT 'sent' CHECK (status IN ('sent','accepted','declined','done')),
    responded_at        DATETIME,
    created_by          INTEGER REFERENCES users (id),
    created_at          DATETIME NOT NULL,
    -- Either a consent or an override with its reason, never neither.
    CHECK (consent_id IS NOT NULL OR override_reason_enc IS NOT NULL)
);
CREATE INDEX protection_referrals_case ON protection_referrals (case_id, recipient, referred_at);
CREATE INDEX protection_referrals_tenant ON protection_referrals (tenant_id, referred_at);

-- +goose Down
DROP TABLE protection_referrals;
