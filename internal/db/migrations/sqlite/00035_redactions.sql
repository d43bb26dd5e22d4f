-- +goose Up
-- Redactions (docs/REDACTION.md): a span, in rune offsets, of one text
-- field of a report's content or of one message's body, masked for
-- everyone who may not see through it. A temporary one is shown masked and
-- may be lifted; a permanent one has already rewritten the stored text, so
-- its row only says that it happened (the span then covers the mask). The
-- masked words are never stored; the reason may name people, so it is
-- sealed.
CREATE TABLE report_redactions (
    id           INTEGER PRIMARY KEY,
    tenant_id    INTEGER NOT NULL REFERENCES tenants (id),
    report_id    INTEGER NOT NULL REFERENCES reports (id),
    message_id   INTEGER REFERENCES report_messages (id),
    public_id    TEXT NOT NULL UNIQUE,
    field        TEXT NOT NULL CHECK (field IN ('what','place','accused_name','accused_office','accused_position','witnesses','channel_ref','body')),
    span_start   INTEGER NOT NULL CHECK (span_start >= 0),
    span_end     INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('temporary','permanent')),
    reason_enc   BLOB,
    created_by   INTEGER REFERENCES users (id),
    created_at   DATETIME NOT NULL,
    lifted_by    INTEGER REFERENCES users (id),
    lifted_at    DATETIME,
    lifted_how   TEXT CHECK (lifted_how IN ('lifted','superseded')),
    CHECK (span_end > span_start),
    CHECK ((field = 'body') = (message_id IS NOT NULL))
);
CREATE INDEX report_redactions_report ON report_redactions (report_id, id);

-- The reporter's own copy of what they sent and of the messages they may
-- read, sealed to a key only the receipt code opens (the database holds
-- only the public half), so that a redaction of the staff's copy leaves
-- the reporter's view as it was and the staff cannot read this copy. These
-- are not under the government's data key (not *_enc): key rotation has
-- nothing to reseal in them.
ALTER TABLE reports ADD COLUMN reporter_key BLOB;
ALTER TABLE reports ADD COLUMN reporter_copy BLOB;
ALTER TABLE report_messages ADD COLUMN reporter_copy BLOB;

-- +goose Down
ALTER TABLE report_messages DROP COLUMN reporter_copy;
ALTER TABLE reports DROP COLUMN reporter_copy;
ALTER TABLE reports DROP COLUMN reporter_key;
DROP TABLE report_redactions;
