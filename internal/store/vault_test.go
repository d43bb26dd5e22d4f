package store_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/db"
	"sigap/internal/store"
	"sigap/internal/testdb"
	"sigap/internal/vault"
)

// vaultFixture is a fixture whose store holds a master key from the start,
// so the two tenants get their keys when created.
func vaultFixture(t *testing.T, d *db.DB) (*fixture, vault.MasterKey) {
	t.Helper()
	m, err := vault.GenerateMasterKeyFile(filepath.Join(t.TempDir(), "master.key"))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	f := &fixture{clock: &now}
	s := store.New(d, func() time.Time { return *f.clock })
	f.s = s
	s.UseVault(m)
	s.UseRecordKeys(testRecordKeys(t, d.Engine))
	if _, err := s.ImportRegions(ctx, store.System, testdb.BantenRegions(t)); err != nil {
		t.Fatal(err)
	}
	if f.kab, err = s.CreateTenant(ctx, store.System, "36.04", "kab-serang", "Pemerintah Kabupaten Serang"); err != nil {
		t.Fatal(err)
	}
	if f.kot, err = s.CreateTenant(ctx, store.System, "36.73", "kota-serang", "Pemerintah Kota Serang"); err != nil {
		t.Fatal(err)
	}
	return f, m
}

// testRecordKeys returns a record key store of its own for the test: an
// SQLite file, or a PostgreSQL schema of its own.
func testRecordKeys(t *testing.T, e db.Engine) *store.RecordKeys {
	t.Helper()
	var rk *store.RecordKeys
	var err error
	if e == db.Postgres {
		rk, err = store.OpenRecordKeysPostgres(ctx, testdb.PostgresURL(t), nil)
	} else {
		rk, err = store.OpenRecordKeyFile(ctx, filepath.Join(t.TempDir(), "record-keys.db"))
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rk.Close() })
	return rk
}

var siti = store.IdentityFields{Name: vault.NewSecret("Siti Aminah"), Contact: vault.NewSecret("0812-1111-2222"), NIK: vault.NewSecret("3604015203900001")}

func TestSealedIdentity(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		a := store.Actor{TenantID: f.kab.ID}
		id, err := f.s.CreateSealedIdentity(ctx, a, f.kab.ID, store.Victim, "report", "r-1", siti)
		if err != nil {
			t.Fatal(err)
		}
		// Nothing of it is stored in clear.
		var name, nik []byte
		d.R.QueryRow(`SELECT name_enc, nik_enc FROM sealed_identities WHERE id = $1`, id.ID).Scan(&name, &nik)
		if strings.Contains(string(name), "Siti") || strings.Contains(string(nik), "3604015203900001") || len(name) == 0 {
			t.Fatal("identity stored in clear")
		}
		got, err := f.s.OpenIdentity(ctx, a, f.kab.ID, id.PublicID)
		if err != nil || got.Name.Reveal() != "Siti Aminah" || got.NIK.Reveal() != "3604015203900001" {
			t.Fatalf("open: %v", err)
		}
		events, _ := f.s.AuditEvents(ctx, store.AuditFilter{Chain: f.kab.ID, Action: "identity.read", Limit: 10})
		if len(events) != 1 || events[0].ObjectID != id.PublicID {
			t.Errorf("read not audited: %+v", events)
		}
		// Another tenant cannot reach it.
		_, err = f.s.OpenIdentity(ctx, store.Actor{TenantID: f.kot.ID}, f.kot.ID, id.PublicID)
		if !apperr.Is(err, apperr.NotFound) {
			t.Errorf("other tenant: %v", err)
		}
		found, err := f.s.IdentitiesByNIK(ctx, f.kab.ID, "3604015203900001")
		if err != nil || len(found) != 1 || found[0].PublicID != id.PublicID {
			t.Errorf("by NIK: %v %v", found, err)
		}
		if other, _ := f.s.IdentitiesByNIK(ctx, f.kot.ID, "3604015203900001"); len(other) != 0 {
			t.Error("NIK found in another tenant")
		}
	})
}

// A ciphertext moved to another row does not decrypt there.
func TestCiphertextSwapFails(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		a := store.Actor{TenantID: f.kab.ID}
		one, _ := f.s.CreateSealedIdentity(ctx, a, f.kab.ID, store.Victim, "report", "r-1", siti)
		two, _ := f.s.CreateSealedIdentity(ctx, a, f.kab.ID, store.Reporter, "report", "r-2", store.IdentityFields{Name: vault.NewSecret("Budi")})
		if _, err := d.W.Exec(`UPDATE sealed_identities SET name_enc = (SELECT name_enc FROM sealed_identities WHERE id = $1) WHERE id = $2`, one.ID, two.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.OpenIdentity(ctx, a, f.kab.ID, two.PublicID); err == nil {
			t.Fatal("a ciphertext copied to another row decrypted")
		}
		// Moving it to another column of the same row fails too.
		d.W.Exec(`UPDATE sealed_identities SET contact_enc = name_enc WHERE id = $1`, one.ID)
		if _, err := f.s.OpenIdentity(ctx, a, f.kab.ID, one.PublicID); err == nil {
			t.Fatal("a ciphertext copied to another column decrypted")
		}
	})
}

func TestDataKeyRotation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		a := store.Actor{TenantID: f.kab.ID}
		var ids []store.SealedIdentity
		for range 7 {
			id, err := f.s.CreateSealedIdentity(ctx, a, f.kab.ID, store.Victim, "report", "r", siti)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		v, err := f.s.AddDataKeyVersion(ctx, a, f.kab.ID)
		if err != nil || v != 2 {
			t.Fatalf("version %d %v", v, err)
		}
		n, err := f.s.ResealTenant(ctx, f.kab.ID, 3) // batches of 3: several transactions
		if err != nil || n != 21 {
			t.Fatalf("resealed %d fields: %v", n, err)
		}
		rows, _ := d.R.Query(`SELECT name_enc FROM sealed_identities WHERE tenant_id = $1`, f.kab.ID)
		for rows.Next() {
			var c vault.Ciphertext
			rows.Scan(&c)
			if ver, _ := c.KeyVersion(); ver != 2 {
				t.Errorf("field still under version %d", ver)
			}
		}
		rows.Close()
		for _, id := range ids {
			if got, err := f.s.OpenIdentity(ctx, a, f.kab.ID, id.PublicID); err != nil || got.Name.Reveal() != "Siti Aminah" {
				t.Fatalf("after rotation: %v", err)
			}
		}
		if n, _ := f.s.ResealTenant(ctx, f.kab.ID, 3); n != 0 {
			t.Errorf("second pass resealed %d", n)
		}
	})
}

func TestMasterKeyRotation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, old := vaultFixture(t, d)
		a := store.Actor{TenantID: f.kab.ID}
		id, _ := f.s.CreateSealedIdentity(ctx, a, f.kab.ID, store.Victim, "report", "r-1", siti)
		next, err := vault.GenerateMasterKeyFile(filepath.Join(t.TempDir(), "next.key"))
		if err != nil {
			t.Fatal(err)
		}
		n, err := f.s.RotateMaster(ctx, next)
		if err != nil || n != 4 {
			t.Fatalf("rewrapped %d: %v", n, err)
		}
		if got, err := f.s.OpenIdentity(ctx, a, f.kab.ID, id.PublicID); err != nil || got.Name.Reveal() != "Siti Aminah" {
			t.Fatalf("new master: %v", err)
		}
		// A process still holding the old master key opens nothing.
		stale := store.New(d, nil)
		stale.UseVault(old)
		if err := stale.CheckMasterKey(ctx); err == nil || !strings.Contains(err.Error(), next.ID()) {
			t.Errorf("stale key accepted at start: %v", err)
		}
		if _, err := stale.OpenIdentity(ctx, a, f.kab.ID, id.PublicID); err == nil {
			t.Fatal("the old master key still opens data")
		}
		if err := f.s.CheckMasterKey(ctx); err != nil {
			t.Errorf("new key refused: %v", err)
		}
	})
}

func TestUnsealRequests(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		examiner := newUser(t, f, f.kab.ID, "examiner", "examiner")
		custodian := newUser(t, f, f.kab.ID, "custodian", "custodian")
		id, _ := f.s.CreateSealedIdentity(ctx, store.Actor{TenantID: f.kab.ID}, f.kab.ID, store.Victim, "report", "r-1", siti)
		ea := store.Actor{UserID: examiner.ID, TenantID: f.kab.ID}
		ca := store.Actor{UserID: custodian.ID, TenantID: f.kab.ID}
		req, err := f.s.RequestUnseal(ctx, ea, f.kab.ID, id.PublicID, vault.NewSecret("perlu memanggil korban sebagai saksi"))
		if err != nil {
			t.Fatal(err)
		}
		var raw []byte
		d.R.QueryRow(`SELECT reason_enc FROM unseal_requests WHERE id = $1`, req.ID).Scan(&raw)
		if strings.Contains(string(raw), "saksi") {
			t.Error("reason stored in clear")
		}
		reason, err := f.s.UnsealReason(ctx, ca, f.kab.ID, req.PublicID)
		if err != nil || reason.Reveal() != "perlu memanggil korban sebagai saksi" {
			t.Errorf("reason: %v", err)
		}
		if err := f.s.DecideUnseal(ctx, ca, f.kab.ID, req.PublicID, true, vault.NewSecret("untuk pemeriksaan"), 8*time.Hour); err != nil {
			t.Fatal(err)
		}
		if err := f.s.DecideUnseal(ctx, ca, f.kab.ID, req.PublicID, false, vault.Secret{}, 0); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("decided twice: %v", err)
		}
		got, err := f.s.UnsealRequest(ctx, f.kab.ID, req.PublicID)
		if err != nil || got.Status != store.UnsealApproved || got.DecidedBy != custodian.ID || !got.Active(f.s.Now()) || got.Active(f.s.Now().Add(9*time.Hour)) {
			t.Errorf("%+v %v", got, err)
		}
		mine, _ := f.s.UserUnsealRequests(ctx, f.kab.ID, examiner.ID, id.PublicID)
		if len(mine) != 1 {
			t.Errorf("own requests %d", len(mine))
		}
		if list, _ := f.s.UnsealRequests(ctx, f.kot.ID, 10); len(list) != 0 {
			t.Error("another tenant sees the request")
		}
		if _, err := f.s.UnsealRequest(ctx, f.kot.ID, req.PublicID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("other tenant: %v", err)
		}
	})
}
