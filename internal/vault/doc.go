// Package vault encrypts sigap's sensitive data at rest: the names of people
// who report harassment and the accusations against civil servants. A stolen
// database or backup alone must reveal none of it.
//
// # Keys
//
// A master key (32 random bytes) lives in a file outside the database
// (LoadMasterKey, GenerateMasterKeyFile). It only wraps tenant keys, so that
// changing it rewraps a handful of small keys, not every row.
//
// Each tenant has two keys, stored wrapped by the caller (KeyStore):
//
//   - data keys (KindData), versioned: they seal fields and files. A new
//     version is added by NewDataKeyVersion; old versions stay until no
//     ciphertext uses them (see Keyring.Reseal).
//   - one lookup key (KindLookup), never rotated: it keys the hashes of values
//     that must be found again (receipt codes), which are stored only as
//     hashes and so could not be rehashed without the plaintext.
//
// # Record keys (crypto-shredding)
//
// Each record (a report, a case) may have a record key: a random 32-byte
// secret in a RecordKeyStore that the caller keeps outside the database and
// its backups, numbered by the store. A value sealed with Place.Record set
// is format 2: its header names the data key version and the record key
// ID, and its key is derived with HKDF-SHA256 from both the data key and
// the record secret, bound to the tenant, version and ID; files likewise
// (stream format 2). Neither store alone opens anything. Destroying the
// secret (Keyring.ShredRecordKeys) makes every copy of the record's values
// and files, in every backup, fail with ErrShredded. Format 1 values stay
// readable; Reseal with Place.Record set moves a value under its record
// key. Keyring.NewRecordKey hands out IDs reserved a block at a time, so a
// new record costs the store no write of its own; the Keyring caches
// secrets for a minute, which bounds how long another process still opens
// a record whose key was just destroyed.
//
// # Places
//
// Every ciphertext is bound to its Place (tenant, table, column, row) as
// associated data, so that a ciphertext copied to another row, column, table
// or tenant does not open: an attacker with write access to the database
// cannot move an accusation onto someone else's record.
//
// # Rotating the data key (caller's job)
//
//  1. Store NewDataKeyVersion(master, tenant, newest+1).
//  2. Keyring.Forget(tenant) in every process (or restart them); from then on
//     Seal uses the new version. A process that missed the Forget still
//     opens new ciphertexts: meeting an unknown newer version reloads the
//     tenant's keys (at most once a second per tenant).
//  3. For each encrypted column, in batches of rows: Reseal each value and
//     write it back only if it changed, guarded by the old value
//     (UPDATE ... WHERE id = $1 AND col = $old) so a concurrent edit wins.
//     Ciphertext.KeyVersion tells which rows still need it without a key.
//  4. Files: decrypt and encrypt again (DecryptStream, EncryptStream).
//  5. When nothing uses an old version, its wrapped key may be deleted.
//
// # Rotating the master key (`sigap key rotate`)
//
// Generate a new master key file, Rewrap every wrapped key from the old
// master to the new one and save them all in one transaction, then point
// sigap at the new file and restart. Afterwards the old master opens nothing
// in the live database, but it still opens backups taken before the
// rotation: keep or destroy it according to what those backups must allow.
package vault
