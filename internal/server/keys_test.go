package server_test

import (
	"log/slog"
	"os"
	"strings"
	"testing"

	"sigap/internal/config"
	"sigap/internal/db"
	"sigap/internal/server"
	"sigap/internal/testdb"
)

// Losing a key file never leads sigap to make a new one silently where
// the old one is needed.
func TestLostKeysStopTheStart(t *testing.T) {
	d := testdb.Open(t, db.SQLite)
	cfg, err := config.Load("", []string{"SIGAP_DATA_DIR=" + t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	srv, err := server.New(cfg, d, log, "test", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.App.Store.EnsureTenantKeys(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := srv.Checkpoint(t.Context()); err != nil {
		t.Fatal(err)
	}
	if has, _ := srv.App.Store.HasCheckpoints(t.Context()); !has {
		t.Fatal("no checkpoint signed")
	}
	os.Remove(cfg.AuditKeyPath())
	if _, err := server.New(cfg, d, log, "test", nil); err == nil || !strings.Contains(err.Error(), "audit signing key") {
		t.Errorf("started without the signing key: %v", err)
	}
	if _, err := os.Stat(cfg.AuditKeyPath()); err == nil {
		t.Error("a new signing key was written")
	}
	os.Remove(cfg.MasterKeyPath())
	if _, err := server.New(cfg, d, log, "test", nil); err == nil || !strings.Contains(err.Error(), "master key") {
		t.Errorf("started without the master key: %v", err)
	}
}
