package audit

import (
	"crypto/ed25519"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func chain(n int) []Event {
	var out []Event
	var seq int64
	head := Genesis
	at := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	for i := range n {
		e := Event{Chain: 7, At: at.Add(time.Duration(i) * time.Second), ActorID: int64(i % 3), Action: "unit.update", ObjectType: "unit", ObjectID: "42"}
		e.Next(seq, head)
		seq, head = e.Seq, e.Hash
		out = append(out, e)
	}
	return out
}

func verify(events []Event, cps []Checkpoint, pub ed25519.PublicKey) *Problem {
	v := NewVerifier(7, pub)
	for _, c := range cps {
		v.Expect(c)
	}
	for _, e := range events {
		v.Add(e)
	}
	return v.Finish()
}

func TestVerifyCatchesTampering(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(nil)
	events := chain(10)
	cp := Checkpoint{Chain: 7, Seq: 10, Hash: events[9].Hash, At: time.Now()}
	cp.Sign(priv)
	if p := verify(events, []Checkpoint{cp}, pub); p != nil {
		t.Fatalf("clean chain: %v", p)
	}
	cases := map[string]struct {
		mutate func([]Event) []Event
		seq    int64
	}{
		"edit": {func(e []Event) []Event { e[4].Action = "unit.archive"; return e }, 5},
		"edit and rehash": {func(e []Event) []Event {
			e[4].Action = "unit.archive"
			e[4].Hash = e[4].ComputeHash()
			return e
		}, 6},
		"delete": {func(e []Event) []Event { return append(e[:3], e[4:]...) }, 5},
		"insert": {func(e []Event) []Event {
			extra := e[2]
			extra.ObjectID = "43"
			return append(e[:3], append([]Event{extra}, e[3:]...)...)
		}, 3},
		"reorder":       {func(e []Event) []Event { e[3], e[4] = e[4], e[3]; return e }, 5},
		"swap seq":      {func(e []Event) []Event { e[3].Seq, e[4].Seq = e[4].Seq, e[3].Seq; e[3], e[4] = e[4], e[3]; return e }, 4},
		"truncate tail": {func(e []Event) []Event { return e[:8] }, 10},
		"rewrite everything after checkpoint key": {func(e []Event) []Event {
			// A forger rebuilds the whole chain with a changed event: every
			// link is consistent, but the signed head differs.
			e[0].ObjectID = "999"
			var seq int64
			head := Genesis
			for i := range e {
				e[i].Next(seq, head)
				seq, head = e[i].Seq, e[i].Hash
			}
			return e
		}, 10},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			p := verify(c.mutate(chain(10)), []Checkpoint{cp}, pub)
			if p == nil || p.Seq != c.seq {
				t.Errorf("problem %v, want one at event %d", p, c.seq)
			}
		})
	}
}

func TestCheckpointSignature(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(nil)
	otherPub, _, _ := ed25519.GenerateKey(nil)
	events := chain(3)
	cp := Checkpoint{Chain: 7, Seq: 3, Hash: events[2].Hash, At: time.Now()}
	cp.Sign(priv)
	if !cp.Valid(pub) || cp.Valid(otherPub) {
		t.Fatal("signature check wrong")
	}
	if p := verify(events, []Checkpoint{cp}, otherPub); p == nil || !strings.Contains(p.Reason, "signature") {
		t.Errorf("foreign key accepted: %v", p)
	}
	forged := cp
	forged.Seq = 2
	if p := verify(events, []Checkpoint{forged}, pub); p == nil {
		t.Error("altered checkpoint accepted")
	}
}

func TestHashCoversEveryField(t *testing.T) {
	base := chain(1)[0]
	mutations := []func(*Event){
		func(e *Event) { e.Chain++ }, func(e *Event) { e.Seq++ }, func(e *Event) { e.At = e.At.Add(time.Microsecond) },
		func(e *Event) { e.ActorID++ }, func(e *Event) { e.Action += "x" }, func(e *Event) { e.ObjectType += "x" },
		func(e *Event) { e.ObjectID += "x" }, func(e *Event) { e.PrevHash = append([]byte{1}, e.PrevHash[1:]...) },
		// Moving a character between adjacent fields changes the hash too.
		func(e *Event) { e.ObjectType, e.ObjectID = "uni", "t42" },
	}
	for i, m := range mutations {
		e := base
		m(&e)
		if string(e.ComputeHash()) == string(base.Hash) {
			t.Errorf("mutation %d not covered by the hash", i)
		}
	}
}

func TestSigningKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.key")
	k1, created, err := LoadOrCreateSigningKey(path)
	if err != nil || !created {
		t.Fatal(err)
	}
	k2, created, err := LoadOrCreateSigningKey(path)
	if err != nil || created || !k1.Equal(k2) {
		t.Fatalf("reload: %v %v", created, err)
	}
	if _, err := ParsePublicKey("zz"); err == nil {
		t.Error("bad public key accepted")
	}
}

func BenchmarkVerify(b *testing.B) {
	events := chain(10000)
	b.ResetTimer()
	for range b.N {
		v := NewVerifier(7, nil)
		for _, e := range events {
			v.Add(e)
		}
		if p := v.Finish(); p != nil {
			b.Fatal(p)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(events)), "ns/event")
}
