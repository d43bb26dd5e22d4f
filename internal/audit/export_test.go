package audit

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// export writes chain(n) with checkpoints at the given events.
func export(t *testing.T, n int, priv ed25519.PrivateKey, at ...int) string {
	t.Helper()
	events := chain(n)
	pub := priv.Public().(ed25519.PublicKey)
	var buf bytes.Buffer
	x, err := NewExportWriter(&buf, ExportHeader{Chain: 7, TenantCode: "36.04", PublicKey: hex.EncodeToString(pub), KeyID: KeyID(pub), HeadSeq: int64(n), ExportedAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	for _, seq := range at {
		c := Checkpoint{Chain: 7, Seq: int64(seq), Hash: events[seq-1].Hash, At: time.Date(2026, 3, 2, 2, 0, 0, 123456000, time.UTC)}
		c.Sign(priv)
		if err := x.Checkpoint(c); err != nil {
			t.Fatal(err)
		}
	}
	for _, e := range events {
		if err := x.Event(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestExportRoundTrip(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(nil)
	file := export(t, 20, priv, 10, 20)
	lines := strings.Split(strings.TrimSpace(file), "\n")
	if len(lines) != 1+2+20 || !strings.Contains(lines[0], `"format":"sigap-audit-export/v1"`) || !strings.Contains(lines[0], `"tenant_code":"36.04"`) {
		t.Fatalf("layout: %d lines, header %s", len(lines), lines[0])
	}
	if !strings.Contains(lines[3], `"type":"event"`) || !strings.Contains(lines[3], `"at":"2026-03-02T01:00:00Z"`) {
		t.Errorf("event line: %s", lines[3])
	}
	res, err := VerifyExport(strings.NewReader(file), pub)
	if err != nil || res.Problem != nil {
		t.Fatalf("clean export: %v %v", err, res.Problem)
	}
	if res.Events != 20 || res.Checkpoints != 2 || res.LastCheckpoint != 20 || res.HeadSeq != 20 || res.Header.Chain != 7 {
		t.Errorf("result %+v", res)
	}
}

func TestExportTampering(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(nil)
	otherPub, _, _ := ed25519.GenerateKey(nil)
	file := export(t, 12, priv, 6, 12)
	lines := strings.Split(strings.TrimSpace(file), "\n")
	join := func(ls []string) string { return strings.Join(ls, "\n") + "\n" }
	edit := func(i int, from, to string) string {
		ls := append([]string(nil), lines...)
		if !strings.Contains(ls[i], from) {
			t.Fatalf("line %d has no %q: %s", i+1, from, ls[i])
		}
		ls[i] = strings.Replace(ls[i], from, to, 1)
		return join(ls)
	}
	// Line 1 is the header, 2–3 checkpoints, 4 is event 1, so event k is on line k+3.
	cases := []struct {
		name string
		file string
		key  ed25519.PublicKey
		seq  int64
		line int
	}{
		{"edited action", edit(3+4, `"action":"unit.update"`, `"action":"unit.archive"`), pub, 5, 8},
		{"edited object", edit(3+9, `"object_id":"42"`, `"object_id":"43"`), pub, 10, 13},
		{"deleted event", join(append(append([]string{}, lines[:3+2]...), lines[3+3:]...)), pub, 4, 6},
		{"cut after last checkpoint", join(lines[:3+10]), pub, 12, 0},
		{"wrong key", file, otherPub, 6, 2},
		{"header says more", edit(0, `"head_seq":12`, `"head_seq":13`), pub, 13, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := VerifyExport(strings.NewReader(c.file), c.key)
			if err != nil {
				t.Fatal(err)
			}
			if res.Problem == nil || res.Problem.Seq != c.seq || res.Line != c.line {
				t.Errorf("problem %v on line %d, want event %d on line %d", res.Problem, res.Line, c.seq, c.line)
			}
		})
	}
}

func TestExportMalformed(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(nil)
	file := export(t, 3, priv, 3)
	lines := strings.Split(strings.TrimSpace(file), "\n")
	cases := map[string]struct {
		file string
		line int
	}{
		"empty":             {"", 1},
		"not an export":     {"{\"format\":\"something/v1\"}\n", 1},
		"broken json":       {strings.Join([]string{lines[0], lines[1], lines[2][:20]}, "\n"), 3},
		"checkpoint late":   {strings.Join([]string{lines[0], lines[2], lines[1]}, "\n"), 3},
		"bad hash":          {strings.Join([]string{lines[0], strings.Replace(lines[1], `"hash":"`, `"hash":"zz`, 1)}, "\n"), 2},
		"unknown field":     {strings.Join([]string{lines[0], strings.Replace(lines[2], `{`, `{"secret":"x",`, 1)}, "\n"), 2},
		"unknown line type": {strings.Join([]string{lines[0], `{"type":"note","chain":7,"seq":0,"at":"","hash":""}`}, "\n"), 2},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := VerifyExport(strings.NewReader(c.file), pub)
			var fe *FormatError
			if !errors.As(err, &fe) || fe.Line != c.line {
				t.Errorf("error %v, want a format error on line %d", err, c.line)
			}
		})
	}
	var buf bytes.Buffer
	x, _ := NewExportWriter(&buf, ExportHeader{Chain: 7})
	x.Event(chain(1)[0])
	if err := x.Checkpoint(Checkpoint{Chain: 7}); err == nil {
		t.Error("a checkpoint after events was written")
	}
	if err := x.Event(Event{Chain: 8}); err == nil {
		t.Error("an event of another chain was written")
	}
}

// An export is read as a stream: here it is produced on the fly through a
// pipe, a long chain that is never held in memory by either side.
func TestExportStreams(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(nil)
	const n = 50000
	r, w := io.Pipe()
	go func() {
		x, _ := NewExportWriter(w, ExportHeader{Chain: 7, HeadSeq: n})
		// The checkpoint covers event n, whose hash is known only after
		// building the chain once; build it twice rather than keep it.
		var seq int64
		head := Genesis
		at := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
		gen := func(i int) Event {
			e := Event{Chain: 7, At: at.Add(time.Duration(i) * time.Millisecond), ActorID: 1, Action: "user.update", ObjectType: "user", ObjectID: "9"}
			e.Next(seq, head)
			seq, head = e.Seq, e.Hash
			return e
		}
		for i := range n {
			gen(i)
		}
		c := Checkpoint{Chain: 7, Seq: n, Hash: head, At: time.Now()}
		c.Sign(priv)
		x.Checkpoint(c)
		seq, head = 0, Genesis
		for i := range n {
			x.Event(gen(i))
		}
		w.CloseWithError(x.Close())
	}()
	res, err := VerifyExport(r, pub)
	if err != nil || res.Problem != nil || res.Events != n || res.LastCheckpoint != n {
		t.Fatalf("%v %v %d", err, res.Problem, res.Events)
	}
}
