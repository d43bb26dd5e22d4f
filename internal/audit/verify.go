package audit

import (
	"bytes"
	"crypto/ed25519"
	"fmt"
)

// Problem is the first thing found wrong in a chain.
type Problem struct {
	Chain  int64
	Seq    int64 // the event (or checkpoint position) where it was found
	Reason string
}

func (p *Problem) Error() string {
	return fmt.Sprintf("chain %d, event %d: %s", p.Chain, p.Seq, p.Reason)
}

// Verifier checks one chain, fed its events in sequence order and then its
// checkpoints. It keeps only the hashes it needs, so a chain of millions of
// events is checked in constant memory.
type Verifier struct {
	chain   int64
	pub     ed25519.PublicKey
	seq     int64
	head    []byte
	want    map[int64][]byte // seq → hash a checkpoint vouches for
	problem *Problem
	Events  int64
}

// NewVerifier starts verifying chain. Checkpoints must be given before
// events (Expect), so each event can be compared with what was signed as it
// streams past.
func NewVerifier(chain int64, pub ed25519.PublicKey) *Verifier {
	return &Verifier{chain: chain, pub: pub, head: Genesis, want: map[int64][]byte{}}
}

// Expect registers a checkpoint. A checkpoint with a bad signature is
// itself a problem.
func (v *Verifier) Expect(c Checkpoint) {
	if v.problem != nil {
		return
	}
	if c.Chain != v.chain {
		v.fail(c.Seq, "checkpoint of another chain")
		return
	}
	if !c.Valid(v.pub) {
		v.fail(c.Seq, "checkpoint signature is not valid for this public key")
		return
	}
	v.want[c.Seq] = c.Hash
}

func (v *Verifier) fail(seq int64, reason string) {
	if v.problem == nil {
		v.problem = &Problem{Chain: v.chain, Seq: seq, Reason: reason}
	}
}

// StartAt starts the chain after event seq of hash instead of at its
// genesis: the anchor left when the events up to seq were purged under
// the retention schedule. A checkpoint signed for seq must vouch for that
// hash; checkpoints of earlier events can no longer be checked. Call it
// after Expect and before the first Add.
func (v *Verifier) StartAt(seq int64, hash []byte) {
	if v.problem != nil || seq <= 0 {
		return
	}
	if w, ok := v.want[seq]; ok && !bytes.Equal(w, hash) {
		v.fail(seq, "the anchor of the purged events differs from the signed checkpoint")
		return
	}
	for s := range v.want {
		if s <= seq {
			delete(v.want, s)
		}
	}
	v.seq, v.head = seq, hash
}

// Add checks the next event. After the first problem it does nothing.
func (v *Verifier) Add(e Event) {
	if v.problem != nil {
		return
	}
	v.Events++
	switch {
	case e.Chain != v.chain:
		v.fail(e.Seq, "event of another chain")
	case e.Seq != v.seq+1:
		v.fail(e.Seq, fmt.Sprintf("sequence jumps from %d to %d: events were deleted, inserted or reordered", v.seq, e.Seq))
	case !bytes.Equal(e.PrevHash, v.head):
		v.fail(e.Seq, "previous-hash link is broken: an event before it was changed, deleted or moved")
	case !bytes.Equal(e.Hash, e.ComputeHash()):
		v.fail(e.Seq, "content does not match its hash: the event was edited")
	}
	if v.problem != nil {
		return
	}
	if w, ok := v.want[e.Seq]; ok {
		if !bytes.Equal(w, e.Hash) {
			v.fail(e.Seq, "differs from the signed checkpoint: the chain was rewritten")
			return
		}
		delete(v.want, e.Seq)
	}
	v.seq, v.head = e.Seq, e.Hash
}

// Finish returns the first problem, including checkpoints that vouch for
// events no longer there (the end of the chain was cut off).
func (v *Verifier) Finish() *Problem {
	if v.problem == nil {
		for seq := range v.want {
			if seq > v.seq {
				v.fail(seq, fmt.Sprintf("a signed checkpoint covers event %d but the chain ends at %d: events were deleted", seq, v.seq))
				break
			}
		}
	}
	return v.problem
}

// Head returns the last good sequence number and hash.
func (v *Verifier) Head() (int64, []byte) { return v.seq, v.head }
