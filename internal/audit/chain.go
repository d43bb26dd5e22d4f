// Package audit defines the tamper-evident audit trail: each event's hash
// covers its content and the hash of the event before it, per chain (one
// chain per tenant, chain 0 for the installation), and signed checkpoints
// let someone outside, holding only the public key, prove that the chain
// they were given is the one sigap wrote. No I/O here.
package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"time"
)

// HashSize is the length of event and chain hashes.
const HashSize = sha256.Size

// Genesis is the "previous hash" of the first event of every chain.
var Genesis = make([]byte, HashSize)

// Event is one entry of the trail. It records who did what to which
// object; never the values of sensitive fields.
type Event struct {
	Chain      int64 // tenant ID, 0 for installation-wide events
	Seq        int64 // 1, 2, 3, … within the chain
	At         time.Time
	ActorID    int64 // 0 for the system
	Action     string
	ObjectType string
	ObjectID   string
	PrevHash   []byte
	Hash       []byte
}

// ComputeHash returns the hash the event must carry: SHA-256 over a
// length-prefixed encoding of every field and the previous hash, so that no
// two different events encode alike.
func (e *Event) ComputeHash() []byte {
	h := sha256.New()
	var buf [8]byte
	field := func(b []byte) {
		binary.BigEndian.PutUint64(buf[:], uint64(len(b)))
		h.Write(buf[:])
		h.Write(b)
	}
	num := func(n int64) {
		var v [8]byte
		binary.BigEndian.PutUint64(v[:], uint64(n))
		field(v[:])
	}
	field([]byte("sigap/audit/v1"))
	num(e.Chain)
	num(e.Seq)
	field([]byte(e.At.UTC().Format(time.RFC3339Nano)))
	num(e.ActorID)
	field([]byte(e.Action))
	field([]byte(e.ObjectType))
	field([]byte(e.ObjectID))
	field(e.PrevHash)
	return h.Sum(nil)
}

// Next fills in the sequence number, previous hash and hash of e as the
// successor of a chain whose head is (seq, hash).
func (e *Event) Next(headSeq int64, headHash []byte) {
	e.Seq = headSeq + 1
	e.PrevHash = append([]byte(nil), headHash...)
	if headSeq == 0 {
		e.PrevHash = append([]byte(nil), Genesis...)
	}
	e.Hash = e.ComputeHash()
}
