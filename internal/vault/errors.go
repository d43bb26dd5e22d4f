package vault

import "errors"

// The errors of this package. They never carry plaintext or key bytes; a
// caller adds context (which record) with fmt.Errorf("...: %w", err).
var (
	// ErrDecrypt means a ciphertext or file does not open at the given place:
	// it was tampered with, truncated, moved from another place, or sealed
	// with a key this tenant does not have. Which of these is deliberately
	// not said: the answer would help an attacker probe.
	ErrDecrypt = errors.New("vault: cannot decrypt")

	// ErrUnwrap means a tenant key does not unwrap with the loaded master
	// key: the wrong master key file, a key tampered with, or a key moved to
	// another tenant, kind or version. It is a configuration or integrity
	// problem, not a problem with one record.
	ErrUnwrap = errors.New("vault: cannot unwrap tenant key")

	// ErrNoKey means the tenant has no key of the kind needed; keys are made
	// with NewTenantKeys when the tenant is created.
	ErrNoKey = errors.New("vault: tenant has no key")

	// ErrPlace means a Place lacks a part: a value sealed without its row
	// would not be bound to it, so this is refused rather than guessed.
	ErrPlace = errors.New("vault: incomplete place")

	// ErrShredded means the value or file was sealed under a record key that
	// has been destroyed: the record was purged under the retention
	// schedule and can never be read again. It is not tampering; a page
	// shows it as such, not as a failure.
	ErrShredded = errors.New("vault: record key destroyed")

	// ErrNoRecordStore means a record's value was sealed or opened by a
	// Keyring given no RecordKeyStore (UseRecordKeys).
	ErrNoRecordStore = errors.New("vault: no record key store")

	// ErrMasterKey means the master key file or bytes are unusable.
	ErrMasterKey = errors.New("vault: bad master key")
)
