package vault

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// writeKeyFile writes content to a new file with mode perm and returns its path.
func writeKeyFile(t *testing.T, content string, perm fs.FileMode) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "master.key")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, perm); err != nil { // WriteFile's mode is masked by umask
		t.Fatal(err)
	}
	return path
}

func TestLoadMasterKeyFormats(t *testing.T) {
	key := bytes.Repeat([]byte{0xA7}, keySize)
	key[0] = 0x01
	want, err := newMasterKey(key)
	if err != nil {
		t.Fatal(err)
	}
	hx := hex.EncodeToString(key)
	b64 := base64.StdEncoding.EncodeToString(key)
	tests := []struct {
		name, content string
		ok            bool
	}{
		{"hex", hx, true},
		{"hex newline", hx + "\n", true},
		{"hex crlf", hx + "\r\n", true},
		{"hex upper", strings.ToUpper(hx), true},
		{"hex padded", "  " + hx + "\n\n", true},
		{"base64", b64 + "\n", true},
		{"base64 raw", strings.TrimRight(b64, "=") + "\n", true},
		{"empty", "", false},
		{"short hex", hx[:62], false},
		{"long hex", hx + "00", false},
		{"odd hex", hx[:63] + "g", false},
		{"two lines", hx[:32] + "\n" + hx[32:], false},
		{"inner space", hx[:32] + " " + hx[32:], false},
		{"base64 of 31 bytes", base64.StdEncoding.EncodeToString(key[:31]), false},
		{"base64 bad chars", strings.Repeat("!", 44), false},
		{"too large", strings.Repeat("a", maxKeyFileSize+1), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := LoadMasterKey(writeKeyFile(t, tt.content, 0o600))
			if !tt.ok {
				if !errors.Is(err, ErrMasterKey) {
					t.Fatalf("err = %v, want ErrMasterKey", err)
				}
				// The message must not quote the file, which may be a key.
				if len(tt.content) > 8 && strings.Contains(err.Error(), strings.TrimSpace(tt.content)[:8]) {
					t.Fatalf("error quotes the file: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if m.ID() != want.ID() {
				t.Fatalf("ID = %s, want %s", m.ID(), want.ID())
			}
		})
	}
}

func TestLoadMasterKeyPerms(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no permission bits on Windows")
	}
	content := hex.EncodeToString(randomBytes(keySize)) + "\n"
	tests := []struct {
		perm fs.FileMode
		ok   bool
	}{
		{0o600, true},
		{0o400, true},
		{0o700, true},
		{0o644, false},
		{0o604, false},
		{0o640, false},
		{0o620, false},
		{0o602, false},
		{0o666, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%04o", tt.perm), func(t *testing.T) {
			_, err := LoadMasterKey(writeKeyFile(t, content, tt.perm))
			if tt.ok != (err == nil) {
				t.Fatalf("err = %v, want ok=%v", err, tt.ok)
			}
			if err != nil && !strings.Contains(err.Error(), "chmod 600") {
				t.Fatalf("error does not say how to fix it: %v", err)
			}
		})
	}
}

func TestLoadMasterKeyNotAFile(t *testing.T) {
	if _, err := LoadMasterKey(t.TempDir()); !errors.Is(err, ErrMasterKey) {
		t.Fatalf("directory: err = %v, want ErrMasterKey", err)
	}
	if _, err := LoadMasterKey(filepath.Join(t.TempDir(), "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing: err = %v, want fs.ErrNotExist", err)
	}
}

func TestGenerateMasterKeyFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "master.key")
	m, err := GenerateMasterKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode = %04o, want 0600", fi.Mode().Perm())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != 65 || b[64] != '\n' {
		t.Fatalf("file is %q, want one line of 64 hex digits", b)
	}
	loaded, err := LoadMasterKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if loaded.ID() != m.ID() {
		t.Fatalf("loaded ID %s, generated %s", loaded.ID(), m.ID())
	}

	// A second run must not replace the key that opens existing data.
	if _, err := GenerateMasterKeyFile(path); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("second generate: err = %v, want fs.ErrExist", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, b) {
		t.Fatal("second generate changed the file")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("directory holds %d entries, want only the key", len(entries))
	}
	if _, err := GenerateMasterKeyFile(filepath.Join(dir, "no", "such", "dir")); err == nil {
		t.Fatal("generate in a missing directory succeeded")
	}
}

func TestMasterKeyID(t *testing.T) {
	key := bytes.Repeat([]byte{7}, keySize)
	m, err := newMasterKey(key)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(append([]byte("sigap-master-key-id"), key...))
	if want := hex.EncodeToString(sum[:4]); m.ID() != want {
		t.Fatalf("ID = %s, want %s", m.ID(), want)
	}
	other, _ := newMasterKey(bytes.Repeat([]byte{8}, keySize))
	if other.ID() == m.ID() {
		t.Fatal("two keys share an ID")
	}
	if _, err := newMasterKey(key[:31]); !errors.Is(err, ErrMasterKey) {
		t.Fatalf("31 bytes: err = %v", err)
	}
}

func TestMasterKeyNeverPrints(t *testing.T) {
	key := randomBytes(keySize)
	m, err := newMasterKey(key)
	if err != nil {
		t.Fatal(err)
	}
	want := "MasterKey(" + m.ID() + ")"
	type holder struct {
		Exported MasterKey
		hidden   MasterKey
	}
	h := holder{m, m}
	for _, verb := range allVerbs {
		if got := fmt.Sprintf(verb, m); verb != "%T" && verb != "%p" && got != want {
			t.Errorf("%s: got %q, want %q", verb, got, want)
		}
		checkNoLeak(t, verb+" of a holder", fmt.Sprintf(verb, h), key)
		checkNoLeak(t, verb+" of a *holder", fmt.Sprintf(verb, &h), key)
	}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "master", m)
	if !strings.Contains(buf.String(), `"master":"`+want+`"`) {
		t.Errorf("slog: %s", buf.String())
	}
	if got := fmt.Sprint(MasterKey{}); got != "MasterKey(none)" {
		t.Errorf("zero: %q", got)
	}
}
