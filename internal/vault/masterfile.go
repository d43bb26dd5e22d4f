package vault

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// maxKeyFileSize bounds what LoadMasterKey reads: a key line with a comment's
// worth of slack. A larger file is the wrong file.
const maxKeyFileSize = 1024

// LoadMasterKey reads the master key from a file holding it on one line as
// hex or base64. It refuses a file that its group or others may read or
// write: the key protects every tenant's data.
func LoadMasterKey(path string) (MasterKey, error) {
	f, err := os.Open(path)
	if err != nil {
		return MasterKey{}, fmt.Errorf("vault: open master key: %w", err)
	}
	defer f.Close()
	// Stat the open file, not the path, so the file checked is the file read.
	fi, err := f.Stat()
	if err != nil {
		return MasterKey{}, fmt.Errorf("vault: open master key: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return MasterKey{}, fmt.Errorf("%w: %s is not a regular file", ErrMasterKey, path)
	}
	if err := checkPrivate(path, fi.Mode()); err != nil {
		return MasterKey{}, err
	}
	b, err := io.ReadAll(io.LimitReader(f, maxKeyFileSize+1))
	defer clear(b)
	if err != nil {
		return MasterKey{}, fmt.Errorf("vault: read master key: %w", err)
	}
	if len(b) > maxKeyFileSize {
		return MasterKey{}, fmt.Errorf("%w: %s is larger than a key file", ErrMasterKey, path)
	}
	key, err := parseMasterKey(b)
	if err != nil {
		return MasterKey{}, fmt.Errorf("%w (file %s)", err, path)
	}
	defer clear(key)
	return newMasterKey(key)
}

// checkPrivate refuses a key file with any group or other permission bit.
// Windows has no such bits; its ACLs are the administrator's to set.
func checkPrivate(path string, mode fs.FileMode) error {
	if runtime.GOOS == "windows" || mode.Perm()&0o077 == 0 {
		return nil
	}
	return fmt.Errorf("%w: %s has mode %04o, so others may read it; run: chmod 600 %s",
		ErrMasterKey, path, mode.Perm(), path)
}

// GenerateMasterKeyFile makes a new random master key and writes it to path
// as one line of hex with mode 0600. It fails if path exists, so that it can
// never replace, and so lose, the key that opens existing data. The file
// appears whole or not at all: it is written to a temporary file in the same
// directory and then hard-linked into place, which fails if path exists.
func GenerateMasterKeyFile(path string) (MasterKey, error) {
	key := randomBytes(keySize)
	defer clear(key)
	m, err := newMasterKey(key)
	if err != nil {
		return MasterKey{}, err
	}
	line := make([]byte, hex.EncodedLen(keySize)+1)
	defer clear(line)
	hex.Encode(line, key)
	line[len(line)-1] = '\n'

	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".sigap-master-key-*")
	if err != nil {
		return MasterKey{}, fmt.Errorf("vault: write master key: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := writeAndSync(tmp, line); err != nil {
		return MasterKey{}, fmt.Errorf("vault: write master key: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return MasterKey{}, fmt.Errorf("vault: %s already exists; refusing to replace a master key: %w", path, fs.ErrExist)
		}
		return MasterKey{}, fmt.Errorf("vault: write master key: %w", err)
	}
	// Make the new name durable too; some systems cannot sync a directory.
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return m, nil
}

// writeAndSync writes b to f with mode 0600, flushes it to disk and closes it.
func writeAndSync(f *os.File, b []byte) error {
	// CreateTemp already uses 0600; say so explicitly in case that changes.
	err := f.Chmod(0o600)
	if err == nil {
		_, err = f.Write(b)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
