package audit

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

// ExportFormat names the export file format: JSON Lines, a header line,
// then every checkpoint of the chain, then every event, in sequence order.
// It carries only what the trail holds (who, when, what action, which
// object), so it can be handed to an outside auditor as it is.
const ExportFormat = "sigap-audit-export/v1"

// maxExportLine bounds one line of an export file; events are a few
// hundred bytes, so anything near this is not an export.
const maxExportLine = 1 << 20

// ExportHeader is the first line of an export file. Nothing in it is
// trusted when verifying: the public key that counts is the one the
// auditor was given separately, and HeadSeq only catches a file cut short
// by accident (a forger could change it like any other line).
type ExportHeader struct {
	Format     string    `json:"format"`
	Chain      int64     `json:"chain"`
	TenantCode string    `json:"tenant_code,omitempty"`
	TenantName string    `json:"tenant_name,omitempty"`
	PublicKey  string    `json:"public_key,omitempty"`
	KeyID      string    `json:"key_id,omitempty"`
	HeadSeq    int64     `json:"head_seq"`
	ExportedAt time.Time `json:"exported_at"`
	// AnchorSeq and AnchorHash (hex) are where the chain starts when its
	// oldest events were purged under the retention schedule.
	AnchorSeq  int64  `json:"anchor_seq,omitempty"`
	AnchorHash string `json:"anchor_hash,omitempty"`
}

// exportLine is a checkpoint or event line. Hashes and signatures are
// hex, times RFC 3339 in UTC with as many fraction digits as they have.
type exportLine struct {
	Type       string `json:"type"`
	Chain      int64  `json:"chain"`
	Seq        int64  `json:"seq"`
	At         string `json:"at"`
	ActorID    *int64 `json:"actor_id,omitempty"`
	Action     string `json:"action,omitempty"`
	ObjectType string `json:"object_type,omitempty"`
	ObjectID   string `json:"object_id,omitempty"`
	PrevHash   string `json:"prev_hash,omitempty"`
	Hash       string `json:"hash"`
	KeyID      string `json:"key_id,omitempty"`
	Signature  string `json:"signature,omitempty"`
}

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// ExportWriter writes an export file: NewExportWriter writes the header,
// then Checkpoint for each checkpoint, then Event for each event in
// sequence order, then Close. It holds nothing but a write buffer.
type ExportWriter struct {
	w           *bufio.Writer
	enc         *json.Encoder
	chain       int64
	events      bool
	Checkpoints int
	Events      int64
}

// NewExportWriter starts an export of h.Chain on w.
func NewExportWriter(w io.Writer, h ExportHeader) (*ExportWriter, error) {
	h.Format = ExportFormat
	h.ExportedAt = h.ExportedAt.UTC()
	x := &ExportWriter{w: bufio.NewWriterSize(w, 64<<10), chain: h.Chain}
	x.enc = json.NewEncoder(x.w)
	x.enc.SetEscapeHTML(false)
	return x, x.enc.Encode(h)
}

// Checkpoint writes a checkpoint line. Checkpoints come before events, so
// that a reader can check each event against them as it streams past.
func (x *ExportWriter) Checkpoint(c Checkpoint) error {
	if x.events {
		return errors.New("audit export: checkpoints must be written before events")
	}
	if c.Chain != x.chain {
		return fmt.Errorf("audit export: checkpoint of chain %d in an export of chain %d", c.Chain, x.chain)
	}
	x.Checkpoints++
	return x.enc.Encode(exportLine{Type: "checkpoint", Chain: c.Chain, Seq: c.Seq, At: formatTime(c.At),
		Hash: hex.EncodeToString(c.Hash), KeyID: c.KeyID, Signature: hex.EncodeToString(c.Signature)})
}

// Event writes an event line.
func (x *ExportWriter) Event(e Event) error {
	if e.Chain != x.chain {
		return fmt.Errorf("audit export: event of chain %d in an export of chain %d", e.Chain, x.chain)
	}
	x.events = true
	x.Events++
	actor := e.ActorID
	return x.enc.Encode(exportLine{Type: "event", Chain: e.Chain, Seq: e.Seq, At: formatTime(e.At), ActorID: &actor,
		Action: e.Action, ObjectType: e.ObjectType, ObjectID: e.ObjectID,
		PrevHash: hex.EncodeToString(e.PrevHash), Hash: hex.EncodeToString(e.Hash)})
}

// Close flushes what is buffered; it does not close the underlying writer.
func (x *ExportWriter) Close() error { return x.w.Flush() }

// ExportResult is what verifying an export file found.
type ExportResult struct {
	Header         ExportHeader
	Checkpoints    int
	LastCheckpoint int64 // sequence number of the newest checkpoint, 0 when none
	Events         int64 // events read
	HeadSeq        int64 // last good event
	// Problem is the first thing wrong with the chain, nil when intact;
	// Line is the line of the file where it showed (0 when it showed only
	// at the end, such as a cut-off tail).
	Problem *Problem
	Line    int
}

// FormatError is a file that is not a well-formed export at all (not JSON,
// lines out of order, a field of the wrong shape). For an auditor it means
// the same as a broken chain: the file cannot be trusted.
type FormatError struct {
	Line   int
	Reason string
}

func (e *FormatError) Error() string {
	return fmt.Sprintf("line %d: %s", e.Line, e.Reason)
}

// VerifyExport reads an export file from r and checks its chain with pub,
// the public key the auditor holds; the key written in the file is not
// used. It reads line by line and keeps only what the Verifier keeps, so a
// file of millions of events is checked in constant memory. It returns an
// error for a malformed file or a read failure, and otherwise the result,
// whose Problem says whether the chain is intact.
func VerifyExport(r io.Reader, pub ed25519.PublicKey) (ExportResult, error) {
	var res ExportResult
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxExportLine)
	line := 0
	next := func() ([]byte, bool) {
		for sc.Scan() {
			line++
			if b := bytes.TrimSpace(sc.Bytes()); len(b) > 0 {
				return b, true
			}
		}
		return nil, false
	}
	readErr := func() error {
		if err := sc.Err(); err != nil {
			if errors.Is(err, bufio.ErrTooLong) {
				return &FormatError{Line: line + 1, Reason: "line too long for an audit export"}
			}
			return err
		}
		return nil
	}

	b, ok := next()
	if !ok {
		if err := readErr(); err != nil {
			return res, err
		}
		return res, &FormatError{Line: 1, Reason: "the file is empty, not an audit export"}
	}
	if err := strictUnmarshal(b, &res.Header); err != nil || res.Header.Format != ExportFormat {
		return res, &FormatError{Line: line, Reason: fmt.Sprintf("not a %s header", ExportFormat)}
	}
	chain := res.Header.Chain
	v := NewVerifier(chain, pub)
	var anchor []byte
	if res.Header.AnchorSeq > 0 {
		var err error
		if anchor, err = decodeHex("anchor_hash", res.Header.AnchorHash); err != nil {
			return res, &FormatError{Line: 1, Reason: err.Error()}
		}
	}
	events := false
	for {
		b, ok := next()
		if !ok {
			break
		}
		var l exportLine
		if err := strictUnmarshal(b, &l); err != nil {
			return res, &FormatError{Line: line, Reason: "not a valid export line: " + err.Error()}
		}
		switch l.Type {
		case "checkpoint":
			if events {
				return res, &FormatError{Line: line, Reason: "checkpoint after the first event: every checkpoint must come before the events"}
			}
			c, err := l.checkpoint()
			if err != nil {
				return res, &FormatError{Line: line, Reason: err.Error()}
			}
			res.Checkpoints++
			res.LastCheckpoint = max(res.LastCheckpoint, c.Seq)
			v.Expect(c)
		case "event":
			if !events && anchor != nil {
				v.StartAt(res.Header.AnchorSeq, anchor)
			}
			events = true
			e, err := l.event()
			if err != nil {
				return res, &FormatError{Line: line, Reason: err.Error()}
			}
			v.Add(e)
		default:
			return res, &FormatError{Line: line, Reason: fmt.Sprintf("unknown line type %q", l.Type)}
		}
		if res.Line == 0 && v.problem != nil {
			res.Line = line
		}
	}
	if err := readErr(); err != nil {
		return res, err
	}
	if !events && anchor != nil {
		v.StartAt(res.Header.AnchorSeq, anchor)
	}
	res.Events = v.Events
	res.Problem = v.Finish()
	res.HeadSeq, _ = v.Head()
	if res.Problem == nil {
		res.Line = 0
		if res.HeadSeq != res.Header.HeadSeq {
			res.Problem = &Problem{Chain: chain, Seq: res.Header.HeadSeq,
				Reason: fmt.Sprintf("the file ends at event %d but its header says the chain was exported up to event %d: the file was cut short", res.HeadSeq, res.Header.HeadSeq)}
		}
	}
	return res, nil
}

func strictUnmarshal(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return err
	}
	if d.More() {
		return errors.New("more than one JSON value on the line")
	}
	return nil
}

func decodeHex(name, s string) ([]byte, error) {
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%s is not hex", name)
	}
	return b, nil
}

func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("time %q is not RFC 3339", s)
	}
	return t, nil
}

func (l *exportLine) checkpoint() (Checkpoint, error) {
	c := Checkpoint{Chain: l.Chain, Seq: l.Seq, KeyID: l.KeyID}
	var err error
	if c.At, err = parseTime(l.At); err != nil {
		return c, err
	}
	if c.Hash, err = decodeHex("hash", l.Hash); err != nil {
		return c, err
	}
	c.Signature, err = decodeHex("signature", l.Signature)
	return c, err
}

func (l *exportLine) event() (Event, error) {
	e := Event{Chain: l.Chain, Seq: l.Seq, Action: l.Action, ObjectType: l.ObjectType, ObjectID: l.ObjectID}
	if l.ActorID != nil {
		e.ActorID = *l.ActorID
	}
	var err error
	if e.At, err = parseTime(l.At); err != nil {
		return e, err
	}
	if e.PrevHash, err = decodeHex("prev_hash", l.PrevHash); err != nil {
		return e, err
	}
	e.Hash, err = decodeHex("hash", l.Hash)
	return e, err
}
