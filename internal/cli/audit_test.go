package cli

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/store"
)

// auditSetUp makes a database with one government and one account, so
// that chain 0 holds the regions import and the tenant's chain holds
// tenant.create (event 1) and user.create (event 2).
func auditSetUp(t *testing.T, environ []string) {
	t.Helper()
	csv := filepath.Join(t.TempDir(), "banten.csv")
	os.WriteFile(csv, []byte("code,name,level,parent_code\n36,Banten,province,\n36.73,Kota Serang,regency,36\n"), 0o600)
	for _, args := range [][]string{
		{"migrate", "up"},
		{"import", "regions", "--file", csv},
		{"tenant", "create", "--code", "36.73", "--slug", "kota-serang", "--name", "Pemerintah Kota Serang"},
	} {
		if code, _, stderr := run(t, environ, "", args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
	}
	if code, _, stderr := run(t, environ, "kuda-lumping-merah-99\n", "user", "create", "--tenant", "kota-serang", "--username", "admin.kota", "--name", "Admin Kota", "--role", "admin", "--password-stdin"); code != 0 {
		t.Fatalf("user create: %s", stderr)
	}
}

func auditDataDir(environ []string) string {
	for _, kv := range environ {
		if v, ok := strings.CutPrefix(kv, "SIGAP_DATA_DIR="); ok {
			return v
		}
	}
	return ""
}

func TestAuditCommands(t *testing.T) {
	for engine, environ := range engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			auditSetUp(t, environ)
			keyFile := filepath.Join(auditDataDir(environ), "audit-signing.key")

			// Verifying needs a key; there is none before the first checkpoint.
			if code, _, stderr := run(t, environ, "", "audit", "verify"); code == 0 || !strings.Contains(stderr, "sigap audit checkpoint") {
				t.Errorf("verify without a key: %d %s", code, stderr)
			}

			code, out, stderr := run(t, environ, "", "audit", "checkpoint")
			if code != 0 || !strings.Contains(out, "chain 1 (36.73 Pemerintah Kota Serang): signed up to event 2") || !strings.Contains(out, "chain 0 (installation): signed up to event 1") {
				t.Fatalf("checkpoint: %d %s %s", code, out, stderr)
			}
			if !strings.Contains(stderr, "BACK IT UP") || !strings.Contains(stderr, "PUBLISH THE PUBLIC KEY") {
				t.Errorf("a new key was made without a warning: %s", stderr)
			}
			if fi, err := os.Stat(keyFile); err != nil || fi.Mode().Perm() != 0o600 {
				t.Errorf("key file: %v %v", fi, err)
			}
			code, out, stderr = run(t, environ, "", "audit", "checkpoint")
			if code != 0 || !strings.Contains(out, "already signed up to event 2") || stderr != "" {
				t.Errorf("second checkpoint: %d %s %s", code, out, stderr)
			}

			_, pub, _ := run(t, environ, "", "audit", "public-key", "--hex")
			pub = strings.TrimSpace(pub)
			_, long, _ := run(t, environ, "", "audit", "public-key")
			if len(pub) != 64 || !strings.Contains(long, "Public key: "+pub) || !strings.Contains(long, "Key ID:") {
				t.Fatalf("public key %q / %q", pub, long)
			}

			code, out, stderr = run(t, environ, "", "audit", "verify")
			if code != 0 || !strings.Contains(out, "All 2 audit chains are intact") {
				t.Fatalf("verify: %d %s %s", code, out, stderr)
			}
			if code, out, _ := run(t, environ, "", "audit", "verify", "--tenant", "kota-serang", "--public-key", pub); code != 0 || !strings.Contains(out, "The audit chain is intact") {
				t.Errorf("verify one tenant with the public key: %d %s", code, out)
			}

			// Export, and verify the file with nothing but the public key:
			// the data directory it is run with has no database at all.
			exportFile := filepath.Join(t.TempDir(), "kota.jsonl")
			code, out, stderr = run(t, environ, "", "audit", "export", "--tenant", "36.73", "--out", exportFile)
			if code != 0 || !strings.Contains(out, "2 events and 1 checkpoint to") || !strings.Contains(out, "--public-key "+pub) {
				t.Fatalf("export: %d %s %s", code, out, stderr)
			}
			if code, _, stderr := run(t, environ, "", "audit", "export", "--tenant", "36.73", "--out", exportFile); code == 0 || !strings.Contains(stderr, "--force") {
				t.Errorf("export overwrote a file: %d %s", code, stderr)
			}
			if code, _, stderr := run(t, environ, "", "audit", "export", "--tenant", "36.73", "--out", exportFile, "--force"); code != 0 {
				t.Errorf("export --force: %s", stderr)
			}
			if left, _ := filepath.Glob(filepath.Join(filepath.Dir(exportFile), ".*tmp")); len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
			b, _ := os.ReadFile(exportFile)
			lines := strings.Split(strings.TrimSpace(string(b)), "\n")
			if len(lines) != 4 || !strings.Contains(lines[0], `"format":"sigap-audit-export/v1"`) || !strings.Contains(lines[0], `"public_key":"`+pub+`"`) ||
				!strings.Contains(lines[1], `"type":"checkpoint"`) || !strings.Contains(lines[3], `"action":"user.create"`) {
				t.Fatalf("export file:\n%s", b)
			}
			nowhere := filepath.Join(t.TempDir(), "nothing-here")
			outsider := []string{"SIGAP_DATA_DIR=" + nowhere}
			code, out, stderr = run(t, outsider, "", "audit", "verify", "--file", exportFile, "--public-key", pub)
			if code != 0 || !strings.Contains(out, "Result:          OK") || !strings.Contains(out, "Pemerintah Kota Serang") {
				t.Fatalf("verify export: %d %s %s", code, out, stderr)
			}
			if _, err := os.Stat(nowhere); err == nil {
				t.Error("verifying a file created a data directory")
			}
			if code, _, stderr := run(t, outsider, "", "audit", "verify", "--file", exportFile); code == 0 || !strings.Contains(stderr, "--public-key") {
				t.Errorf("verify file without a key: %d %s", code, stderr)
			}
			otherPub, _, _ := ed25519.GenerateKey(nil)
			if code, _, stderr := run(t, outsider, "", "audit", "verify", "--file", exportFile, "--public-key", hex.EncodeToString(otherPub)); code == 0 || !strings.Contains(stderr, "signature") {
				t.Errorf("wrong key accepted: %d %s", code, stderr)
			}
			edited := filepath.Join(t.TempDir(), "edited.jsonl")
			os.WriteFile(edited, []byte(strings.Replace(string(b), `"action":"user.create"`, `"action":"user.disable"`, 1)), 0o600)
			code, out, stderr = run(t, outsider, "", "audit", "verify", "--file", edited, "--public-key", pub)
			if code == 0 || !strings.Contains(stderr, "chain 1, event 2: content does not match its hash") || !strings.Contains(stderr, "line 4") || !strings.Contains(out, "FAILED") {
				t.Errorf("edited export: %d %s %s", code, out, stderr)
			}
			garbled := filepath.Join(t.TempDir(), "garbled.jsonl")
			os.WriteFile(garbled, []byte(strings.Join(lines[:2], "\n")+"\n{\"type\":\n"), 0o600)
			if code, _, stderr := run(t, outsider, "", "audit", "verify", "--file", garbled, "--public-key", pub); code == 0 || !strings.Contains(stderr, "line 3") {
				t.Errorf("garbled export: %d %s", code, stderr)
			}

			// Someone with database access edits an event.
			d := openFor(t, environ)
			if _, err := d.W.Exec(`UPDATE audit_events SET action = 'x' WHERE chain = 1 AND seq = 2`); err != nil {
				t.Fatal(err)
			}
			code, out, stderr = run(t, environ, "", "audit", "verify")
			if code == 0 || !strings.Contains(out, "FAILED: chain 1, event 2: content does not match its hash: the event was edited") || !strings.Contains(stderr, "1 of 2 audit chains failed") {
				t.Errorf("tampered database: %d %s %s", code, out, stderr)
			}
			if !strings.Contains(out, "installation") || !strings.Contains(strings.SplitN(out, "installation", 2)[1], "OK") {
				t.Errorf("the intact chain must still show as intact: %s", out)
			}
			// A tampered chain is never signed, which would launder the edit.
			code, out, _ = run(t, environ, "", "audit", "checkpoint")
			if code == 0 || !strings.Contains(out, "NOT signed") {
				t.Errorf("checkpoint over a tampered chain: %d %s", code, out)
			}
			// The edit travels into an export, and shows there too.
			tampered := filepath.Join(t.TempDir(), "tampered.jsonl")
			run(t, environ, "", "audit", "export", "--tenant", "kota-serang", "--out", tampered)
			if code, _, stderr := run(t, outsider, "", "audit", "verify", "--file", tampered, "--public-key", pub); code == 0 || !strings.Contains(stderr, "event 2") {
				t.Errorf("export of a tampered chain: %d %s", code, stderr)
			}

			// Another key file is refused rather than used to sign.
			otherKey := filepath.Join(t.TempDir(), "other.key")
			_, otherPriv, _ := ed25519.GenerateKey(nil)
			os.WriteFile(otherKey, []byte(hex.EncodeToString(otherPriv.Seed())), 0o600)
			if code, _, stderr := run(t, environ, "", "audit", "checkpoint", "--key-file", otherKey); code == 0 || !strings.Contains(stderr, "point --key-file at the key that signed it") {
				t.Errorf("checkpoint with another key: %d %s", code, stderr)
			}
			if code, out, _ := run(t, environ, "", "audit", "verify", "--key-file", otherKey); code == 0 || !strings.Contains(out, "check that you verify with the right key") {
				t.Errorf("verify with another key: %d %s", code, out)
			}

			// A lost key is not silently replaced by a new one.
			os.Rename(keyFile, keyFile+".bak")
			if code, _, stderr := run(t, environ, "", "audit", "checkpoint"); code == 0 || !strings.Contains(stderr, "restore the key file") {
				t.Errorf("checkpoint without the key: %d %s", code, stderr)
			}
			if _, err := os.Stat(keyFile); err == nil {
				t.Error("a new key replaced the lost one")
			}
		})
	}
}

// Deleting a government's whole chain, head and checkpoints included,
// still shows: its chain must begin with its creation.
func TestAuditVerifyMissingChain(t *testing.T) {
	environ := []string{"SIGAP_DATA_DIR=" + t.TempDir()}
	auditSetUp(t, environ)
	if code, _, stderr := run(t, environ, "", "audit", "checkpoint"); code != 0 {
		t.Fatal(stderr)
	}
	d := openFor(t, environ)
	for _, q := range []string{`DELETE FROM audit_events WHERE chain = 1`, `DELETE FROM audit_heads WHERE chain = 1`, `DELETE FROM audit_checkpoints WHERE chain = 1`} {
		if _, err := d.W.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	code, out, _ := run(t, environ, "", "audit", "verify")
	if code == 0 || !strings.Contains(out, "the events were deleted") {
		t.Errorf("deleted chain: %d %s", code, out)
	}
}

// After the oldest events of a chain are purged under the retention
// schedule, `audit verify` still finds the chain intact from its anchor,
// and an export starts at the anchor and verifies with the public key.
func TestAuditVerifyAfterPurge(t *testing.T) {
	for engine, environ := range engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			auditSetUp(t, environ)
			if code, _, stderr := run(t, environ, "", "audit", "checkpoint"); code != 0 {
				t.Fatalf("checkpoint: %s", stderr)
			}
			_, pub, _ := run(t, environ, "", "audit", "public-key", "--hex")
			pub = strings.TrimSpace(pub)

			// Eleven years on, both events of the chain are past the
			// default ten years.
			d := openFor(t, environ)
			later := time.Now().AddDate(11, 0, 0)
			s := store.New(d, func() time.Time { return later })
			ctx := context.Background()
			tn, err := s.TenantByKey(ctx, "kota-serang")
			if err != nil {
				t.Fatal(err)
			}
			cal, err := s.Calendar(ctx, tn.ID)
			if err != nil {
				t.Fatal(err)
			}
			res, err := s.Purge(ctx, store.Actor{TenantID: tn.ID}, tn.ID, calendar.DateOf(later, time.UTC), cal, nil)
			if err != nil || res.AuditEvents != 2 {
				t.Fatalf("purge: %+v %v", res, err)
			}

			code, out, stderr := run(t, environ, "", "audit", "verify")
			if code != 0 || !strings.Contains(out, "All 2 audit chains are intact") {
				t.Fatalf("verify after the purge: %d %s %s", code, out, stderr)
			}
			exportFile := filepath.Join(t.TempDir(), "kota.jsonl")
			if code, _, stderr := run(t, environ, "", "audit", "export", "--tenant", "36.73", "--out", exportFile); code != 0 {
				t.Fatalf("export: %s", stderr)
			}
			b, _ := os.ReadFile(exportFile)
			if !strings.Contains(string(b), `"anchor_seq":2`) {
				t.Errorf("the export does not start at the anchor:\n%s", b)
			}
			outsider := []string{"SIGAP_DATA_DIR=" + filepath.Join(t.TempDir(), "nothing-here")}
			code, out, stderr = run(t, outsider, "", "audit", "verify", "--file", exportFile, "--public-key", pub)
			if code != 0 || !strings.Contains(out, "Result:          OK") {
				t.Fatalf("verify the export after the purge: %d %s %s", code, out, stderr)
			}
		})
	}
}
