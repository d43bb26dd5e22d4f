package backup

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// maxManifest bounds what is read as MANIFEST.json; a million files make
// about 150 MB of it.
const maxManifest = 256 << 20

// Restore puts the backup at from into the data directory dataDir, which
// must hold no database and no files yet; it is created if missing. The
// whole archive is checked against its manifest before anything is
// written, and written into a temporary directory inside dataDir that is
// moved into place only when the database in it passes its checks. On any
// error dataDir is left as it was.
func Restore(ctx context.Context, dataDir, from string) (*Manifest, error) {
	if err := checkEmpty(dataDir); err != nil {
		return nil, err
	}
	m, err := Verify(ctx, from)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("cannot create the data directory %s: %v; create it or choose another with --data-dir", dataDir, err)
	}
	work, err := os.MkdirTemp(dataDir, ".sigap-restore-*")
	if err != nil {
		return nil, fmt.Errorf("the data directory %s is not writable: %v; fix its permissions or choose another with --data-dir", dataDir, err)
	}
	tmp := filepath.Base(work)
	root, err := os.OpenRoot(dataDir)
	if err != nil {
		os.RemoveAll(work)
		return nil, err
	}
	defer root.Close()
	defer root.RemoveAll(tmp) // empty after success, the partial restore otherwise

	if err := extract(ctx, from, root, tmp, m); err != nil {
		return nil, err
	}
	if err := checkRestored(ctx, filepath.Join(work, DatabaseName), m); err != nil {
		return nil, err
	}

	// Into place: files/ first, the database last, so that a data
	// directory with a sigap.db always has its files.
	if err := checkEmpty(dataDir); err != nil {
		return nil, err // someone started sigap here meanwhile
	}
	if _, err := root.Lstat(tmp + "/" + FilesDir); err == nil {
		if fi, err := root.Lstat(FilesDir); err == nil {
			if !fi.IsDir() {
				return nil, fmt.Errorf("%s is a link or not a directory; remove it, restore, then move the files where you want them", filepath.Join(dataDir, FilesDir))
			}
			root.Remove(FilesDir) // an empty one; a full one was refused above
		}
		if err := root.Rename(tmp+"/"+FilesDir, FilesDir); err != nil {
			return nil, fmt.Errorf("cannot move the restored files into %s: %v", filepath.Join(dataDir, FilesDir), err)
		}
	}
	if err := root.Link(tmp+"/"+DatabaseName, DatabaseName); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return nil, notEmpty(dataDir, DatabaseName)
		}
		// No hard links on this file system: rename instead.
		if err := root.Rename(tmp+"/"+DatabaseName, DatabaseName); err != nil {
			return nil, fmt.Errorf("cannot move the restored database into %s: %v", dataDir, err)
		}
	}
	syncDir(dataDir)
	return m, nil
}

// checkEmpty refuses a data directory that holds a database or files.
func checkEmpty(dataDir string) error {
	for _, n := range []string{DatabaseName, DatabaseName + "-wal", DatabaseName + "-shm", DatabaseName + "-journal"} {
		_, err := os.Lstat(filepath.Join(dataDir, n))
		if err == nil {
			return notEmpty(dataDir, n)
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("cannot check the data directory %s: %v", dataDir, err)
		}
	}
	ents, err := os.ReadDir(filepath.Join(dataDir, FilesDir))
	if len(ents) > 0 {
		return notEmpty(dataDir, FilesDir+"/")
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("cannot check the data directory %s: %v", dataDir, err)
	}
	return nil
}

func notEmpty(dataDir, what string) error {
	return fmt.Errorf("%w: %s already holds %s. Restoring over a database would lose everything written to it "+
		"after the backup was taken, so sigap restores only into an empty data directory: choose a new one with "+
		"--data-dir (or SIGAP_DATA_DIR), or stop sigap and move %s aside first", ErrNotEmpty, dataDir, what, dataDir)
}

// Verify reads the whole backup at from and checks it: every member is a
// regular file with a name sigap writes, is listed in the manifest with the
// same size and SHA-256, and the manifest lists nothing missing; the format
// and schema are ones this sigap knows. It writes nothing.
func Verify(ctx context.Context, from string) (*Manifest, error) {
	var m *Manifest
	seen := map[string]Member{}
	err := readArchive(ctx, from, func(h *tar.Header, r io.Reader) error {
		if _, dup := seen[h.Name]; dup || h.Name == ManifestName && m != nil {
			return unsafe(from, h.Name, "it appears twice")
		}
		if h.Name == ManifestName {
			b, err := io.ReadAll(io.LimitReader(r, maxManifest+1))
			if err != nil {
				return err
			}
			if len(b) > maxManifest {
				return unsafe(from, h.Name, "it is too large to be a manifest")
			}
			m = new(Manifest)
			if err := json.Unmarshal(b, m); err != nil {
				return fmt.Errorf("%w: the manifest of %s is not readable (%v); use another copy of the backup", ErrDamaged, from, err)
			}
			return nil
		}
		hs := sha256.New()
		n, err := io.Copy(hs, r)
		if err != nil {
			return err
		}
		seen[h.Name] = Member{Path: h.Name, Size: n, SHA256: sum(hs)}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if m == nil {
		return nil, fmt.Errorf("%w: %s has no %s: it is not a sigap backup, or it was cut short. Nothing was restored; use another copy of the backup", ErrDamaged, from, ManifestName)
	}
	if m.Format > FormatVersion || m.Format < 1 {
		return nil, fmt.Errorf("%w: %s has archive format %d and this sigap reads up to format %d; restore it with the sigap version that made it (%s) or a newer one", ErrTooNew, from, m.Format, FormatVersion, m.SigapVersion)
	}
	if m.Engine != "sqlite" {
		return nil, fmt.Errorf("%s holds a %q database; sigap restore handles SQLite backups only (restore a PostgreSQL dump with pg_restore)", from, m.Engine)
	}
	listed := map[string]bool{}
	for _, mem := range m.Members {
		if !validName(mem.Path) || mem.Path == ManifestName || listed[mem.Path] {
			return nil, unsafe(from, mem.Path, "the manifest lists it, but sigap never writes such a member")
		}
		listed[mem.Path] = true
		got, ok := seen[mem.Path]
		if !ok {
			return nil, fmt.Errorf("%w: %s lacks %s, which its manifest lists. Nothing was restored; use another copy of the backup", ErrDamaged, from, mem.Path)
		}
		if got.Size != mem.Size || got.SHA256 != mem.SHA256 {
			return nil, fmt.Errorf("%w: in %s, %s does not match the SHA-256 in the manifest: the backup was altered or damaged. Nothing was restored; use another copy of the backup", ErrDamaged, from, mem.Path)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(seen)) {
		if !listed[name] {
			return nil, unsafe(from, name, "the manifest does not list it")
		}
	}
	if !listed[DatabaseName] {
		return nil, fmt.Errorf("%w: %s holds no %s. Nothing was restored; use another copy of the backup", ErrDamaged, from, DatabaseName)
	}
	known, err := KnownSchemaVersion()
	if err != nil {
		return nil, err
	}
	if m.SchemaVersion > known {
		return nil, fmt.Errorf("%w: %s has schema version %d, and this sigap knows versions up to %d. Restore it with the sigap version that made it (%s) or a newer one",
			ErrTooNew, from, m.SchemaVersion, known, m.SigapVersion)
	}
	return m, nil
}

// extract writes the members of the verified backup under dir in root,
// checking each hash again as it writes (the file could have changed
// since Verify read it).
func extract(ctx context.Context, from string, root *os.Root, dir string, m *Manifest) error {
	want := map[string]Member{}
	for _, mem := range m.Members {
		want[mem.Path] = mem
	}
	err := readArchive(ctx, from, func(h *tar.Header, r io.Reader) error {
		if h.Name == ManifestName {
			return nil
		}
		mem, ok := want[h.Name]
		if !ok {
			return fmt.Errorf("%w: %s changed while it was being restored (%s); nothing was restored", ErrDamaged, from, h.Name)
		}
		delete(want, h.Name)
		name := dir + "/" + h.Name
		if err := root.MkdirAll(path.Dir(name), 0o700); err != nil {
			return fmt.Errorf("cannot restore %s: %v", h.Name, err)
		}
		f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return fmt.Errorf("cannot restore %s: %v", h.Name, err)
		}
		defer f.Close()
		hs := sha256.New()
		bw := bufio.NewWriterSize(f, 1<<20)
		n, err := io.Copy(io.MultiWriter(bw, hs), r)
		if err == nil {
			err = bw.Flush()
		}
		if err != nil {
			return fmt.Errorf("cannot restore %s: %w", h.Name, err)
		}
		if n != mem.Size || sum(hs) != mem.SHA256 {
			return fmt.Errorf("%w: %s changed while it was being restored (%s); nothing was restored", ErrDamaged, from, h.Name)
		}
		if err := f.Sync(); err != nil {
			return fmt.Errorf("cannot restore %s: %v", h.Name, err)
		}
		return f.Close()
	})
	if err == nil && len(want) > 0 {
		err = fmt.Errorf("%w: %s changed while it was being restored; nothing was restored", ErrDamaged, from)
	}
	return err
}

// checkRestored opens the restored database and checks it before it is
// moved into place: PRAGMA integrity_check, then the schema version and
// the row count of every table against the manifest.
func checkRestored(ctx context.Context, file string, m *Manifest) error {
	h, err := openSnapshot(file)
	if err != nil {
		return err
	}
	defer h.Close()
	if err := integrityCheck(ctx, h); err != nil {
		return fmt.Errorf("%w: the restored database fails its check (%v). Nothing was restored; use another copy of the backup", ErrDamaged, err)
	}
	v, err := schemaVersion(ctx, h)
	if err != nil {
		return err
	}
	rows, err := rowCounts(ctx, h)
	if err != nil {
		return err
	}
	if v != m.SchemaVersion || !maps.Equal(rows, m.Rows) {
		return fmt.Errorf("%w: the restored database does not match its manifest (schema version %d, manifest %d; or row counts differ). Nothing was restored; use another copy of the backup", ErrDamaged, v, m.SchemaVersion)
	}
	return nil
}

// readArchive calls fn for each member of the tar.gz at from, after
// checking that it is a regular file with a name sigap writes. Errors of
// the archive itself (cut short, bad checksum, bad header) come back as
// ErrDamaged; the gzip stream is read to its end so that its checksum is
// checked too.
func readArchive(ctx context.Context, from string, fn func(*tar.Header, io.Reader) error) error {
	f, err := os.Open(from)
	if err != nil {
		return fmt.Errorf("cannot read the backup: %v", err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(bufio.NewReaderSize(f, 1<<20))
	if err != nil {
		return damaged(from, fmt.Errorf("not a gzip-compressed archive (%v)", err))
	}
	src := &tagged{r: gz, file: from}
	tr := tar.NewReader(src)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if errors.Is(err, ErrDamaged) {
				return err
			}
			return damaged(from, err)
		}
		if err := checkMember(from, h); err != nil {
			return err
		}
		if err := fn(h, tr); err != nil {
			return err
		}
	}
	if _, err := io.Copy(io.Discard, src); err != nil {
		return err
	}
	return nil
}

// tagged marks read errors of the archive stream as damage.
type tagged struct {
	r    io.Reader
	file string
}

func (t *tagged) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if err != nil && err != io.EOF {
		err = damaged(t.file, err)
	}
	return n, err
}

func damaged(file string, err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		err = errors.New("it ends too early: it was cut short, probably while being written or copied")
	}
	return fmt.Errorf("%w: %s: %v. Nothing was restored; use another copy of the backup", ErrDamaged, file, err)
}

func unsafe(file, name, why string) error {
	return fmt.Errorf("%w: %s holds %q: %s. It was not made by sigap backup or was tampered with; nothing was restored", ErrUnsafe, file, name, why)
}

// checkMember refuses anything but regular files named as sigap names them:
// no links, devices or directories, no absolute paths or "..".
func checkMember(file string, h *tar.Header) error {
	switch h.Typeflag {
	case tar.TypeReg:
	case tar.TypeSymlink, tar.TypeLink:
		return unsafe(file, h.Name, "it is a link (to "+h.Linkname+")")
	default:
		return unsafe(file, h.Name, fmt.Sprintf("it is not a regular file (type %q)", h.Typeflag))
	}
	if !validName(h.Name) {
		return unsafe(file, h.Name, "its path leaves the data directory or is not one sigap writes")
	}
	return nil
}

// validName accepts sigap.db, MANIFEST.json and clean relative paths under
// files/.
func validName(name string) bool {
	if !fs.ValidPath(name) || strings.ContainsAny(name, "\\\x00") || !filepath.IsLocal(name) {
		return false
	}
	return name == DatabaseName || name == ManifestName || strings.HasPrefix(name, FilesDir+"/")
}
