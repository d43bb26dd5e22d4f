// Package backup writes and restores sigap's backups on SQLite: one
// tar.gz archive holding a consistent copy of the database (VACUUM INTO,
// taken while sigap runs), the files/ directory of the data directory as it
// is (attachments stay encrypted) and a MANIFEST.json with the SHA-256 of
// every member, the schema version and the row count of every table.
//
// The master key file and the audit signing key are never in a backup: only
// sigap.db and files/ are archived, whatever else the data directory holds.
// A stolen backup without the master key then reveals no sensitive field.
//
// Restore writes only into an empty data directory, checks the whole
// archive against its manifest before writing anything, extracts into a
// temporary directory inside the data directory through os.Root, checks the
// database (PRAGMA integrity_check, schema version, row counts) and only
// then moves the files into place.
//
// PostgreSQL is backed up with pg_dump; see PostgresAdvice.
package backup

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"sigap/internal/db"
)

// FormatVersion is the version of the archive layout this code writes and
// the newest it reads.
const FormatVersion = 1

// Names of the archive members.
const (
	ManifestName = "MANIFEST.json"
	DatabaseName = "sigap.db"
	FilesDir     = "files"
)

// Errors callers and tests can tell apart with errors.Is.
var (
	ErrExists     = errors.New("the backup file already exists")
	ErrNoDatabase = errors.New("there is no database to back up")
	ErrNotEmpty   = errors.New("the data directory is not empty")
	ErrDamaged    = errors.New("the backup is damaged or incomplete")
	ErrUnsafe     = errors.New("the backup holds a member sigap never writes")
	ErrTooNew     = errors.New("the backup is newer than this sigap")
)

// Manifest describes a backup. It is the last member of the archive, since
// it holds the hashes of all the others.
type Manifest struct {
	Format        int              `json:"format"`
	SigapVersion  string           `json:"sigap_version"`
	Engine        string           `json:"engine"`
	CreatedAt     time.Time        `json:"created_at"`
	SchemaVersion int64            `json:"schema_version"`
	Members       []Member         `json:"members"`
	Rows          map[string]int64 `json:"rows"`
	// FilesElsewhere, when set, names the object store that keeps the
	// files: they are not in the archive.
	FilesElsewhere string `json:"files_elsewhere,omitempty"`
}

// Member is one file of the archive.
type Member struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Files returns how many members lie under files/.
func (m *Manifest) Files() int {
	n := 0
	for _, mem := range m.Members {
		if strings.HasPrefix(mem.Path, FilesDir+"/") {
			n++
		}
	}
	return n
}

// TotalRows returns the sum of the row counts.
func (m *Manifest) TotalRows() int64 {
	var n int64
	for _, c := range m.Rows {
		n += c
	}
	return n
}

// Options say what to back up and where.
type Options struct {
	DataDir      string   // holds sigap.db and files/
	Out          string   // the archive to write
	Force        bool     // replace Out if it exists
	SigapVersion string   // recorded in the manifest
	KeyFiles     []string // the master key and audit signing key: never archived, even if under files/
	// FilesElsewhere names the object store (SIGAP_FILES_URL) when the
	// files are kept there: files/ is then not archived (it holds nothing
	// sigap uses), and the manifest says where the files are. The bucket
	// is backed up by the object store's own means.
	FilesElsewhere string
	Now            func() time.Time
}

// Result describes a written backup.
type Result struct {
	Path     string // absolute path of the archive
	Size     int64  // bytes
	Manifest Manifest
	Skipped  []string // entries under files/ left out, each with the reason
}

// Create writes a backup of the SQLite database in o.DataDir and its files/
// directory to o.Out. sigap may keep running and writing meanwhile: the
// database is copied in one read transaction, so the copy is the database as
// it was at one instant. The database is copied before files/, so every file
// the copy refers to was already there (sigap writes a file before the row
// that names it).
//
// The archive is written to a temporary file next to o.Out, synced and then
// renamed, so that o.Out is either absent or a whole backup.
func Create(ctx context.Context, o Options) (*Result, error) {
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	src := db.SQLitePath(o.DataDir)
	if fi, err := os.Stat(src); err != nil || !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%w: %s does not exist or is not a file; check SIGAP_DATA_DIR or --data-dir", ErrNoDatabase, src)
	}
	if o.Out == "" {
		return nil, errors.New("no backup file named: give one with --out, for example --out sigap-$(date +%F).tar.gz")
	}
	out, err := filepath.Abs(o.Out)
	if err != nil {
		return nil, err
	}
	if filesDir, err := filepath.Abs(filepath.Join(o.DataDir, FilesDir)); err == nil && within(filesDir, out) {
		return nil, fmt.Errorf("%s is inside %s, which is itself backed up; write the backup somewhere else", out, filesDir)
	}
	if fi, err := os.Lstat(out); err == nil {
		if !o.Force {
			return nil, fmt.Errorf("%w: %s; choose another name with --out, or add --force to replace it", ErrExists, out)
		}
		if !fi.Mode().IsRegular() {
			return nil, fmt.Errorf("%s exists and is not a regular file; choose another name with --out", out)
		}
	}
	dir := filepath.Dir(out)
	work, err := os.MkdirTemp(dir, ".sigap-backup-*")
	if err != nil {
		return nil, fmt.Errorf("cannot write in %s: %v; choose a writable directory for --out", dir, err)
	}
	defer os.RemoveAll(work)

	// 1. The database, at one instant: created_at or just after.
	res := &Result{Path: out, Manifest: Manifest{Format: FormatVersion, SigapVersion: o.SigapVersion, Engine: string(db.SQLite), CreatedAt: now().UTC(),
		FilesElsewhere: o.FilesElsewhere}}
	snap := filepath.Join(work, DatabaseName)
	if err := vacuumInto(ctx, src, snap); err != nil {
		return nil, err
	}
	if err := inspect(ctx, snap, &res.Manifest); err != nil {
		return nil, fmt.Errorf("the copy of %s is not sound, so no backup was written: %w", src, err)
	}

	// 2. The archive, under a temporary name.
	tmp, err := os.CreateTemp(dir, filepath.Base(out)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("cannot write in %s: %v; choose a writable directory for --out", dir, err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return nil, err
	}
	var keys []os.FileInfo
	for _, k := range o.KeyFiles {
		if fi, err := os.Stat(k); err == nil {
			keys = append(keys, fi)
		}
	}
	if err := writeArchive(ctx, tmp, snap, o.DataDir, keys, res); err != nil {
		return nil, err
	}
	if err := tmp.Sync(); err != nil {
		return nil, fmt.Errorf("cannot write %s: %v", tmp.Name(), err)
	}
	fi, err := tmp.Stat()
	if err != nil {
		return nil, err
	}
	res.Size = fi.Size()
	if err := tmp.Close(); err != nil {
		return nil, err
	}

	// 3. The final name.
	if err := place(tmp.Name(), out, o.Force); err != nil {
		return nil, err
	}
	done = true
	syncDir(dir)
	return res, nil
}

// vacuumInto copies the database at src to dst with VACUUM INTO on a
// read-only connection of its own: a consistent, compacted copy made in one
// read transaction, which in WAL mode does not hold up sigap's writer.
// (The server's query_only reader pool cannot do it: SQLite counts VACUUM
// INTO as a write.)
func vacuumInto(ctx context.Context, src, dst string) error {
	h, err := sql.Open("sqlite", "file:"+src+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer h.Close()
	if _, err := h.ExecContext(ctx, `VACUUM INTO ?`, dst); err != nil {
		return fmt.Errorf("cannot copy the database %s: %v; check that it is a sigap database and readable by this user", src, err)
	}
	return nil
}

// openSnapshot opens a database file that nobody else uses, without locks
// or a WAL: immutable tells SQLite it will not change under it.
func openSnapshot(path string) (*sql.DB, error) {
	h, err := sql.Open("sqlite", "file:"+path+"?mode=ro&immutable=1")
	if err != nil {
		return nil, err
	}
	h.SetMaxOpenConns(1)
	return h, nil
}

// inspect checks the copy and records its schema version and row counts.
func inspect(ctx context.Context, path string, m *Manifest) error {
	h, err := openSnapshot(path)
	if err != nil {
		return err
	}
	defer h.Close()
	if err := integrityCheck(ctx, h); err != nil {
		return err
	}
	if m.SchemaVersion, err = schemaVersion(ctx, h); err != nil {
		return err
	}
	m.Rows, err = rowCounts(ctx, h)
	return err
}

// writeArchive writes the database copy, files/ and the manifest to w.
// Key files found under files/ are left out.
func writeArchive(ctx context.Context, w io.Writer, snap, dataDir string, keys []os.FileInfo, res *Result) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	gz := gzip.NewWriter(bw)
	tw := tar.NewWriter(gz)
	m := &res.Manifest

	f, err := os.Open(snap)
	if err != nil {
		return err
	}
	mem, err := addMember(tw, DatabaseName, f, m.CreatedAt)
	f.Close()
	if err != nil {
		return err
	}
	m.Members = append(m.Members, mem)

	// files/ may be a link to another disk; inside it, links are not
	// followed (os.Root) and are left out.
	filesDir := filepath.Join(dataDir, FilesDir)
	root, err := os.OpenRoot(filesDir)
	switch {
	case m.FilesElsewhere != "":
		// The files are in an object store, backed up by its own means;
		// files left on disk (from before the move) are named, not archived.
		if err == nil {
			ents, _ := fs.ReadDir(root.FS(), ".")
			root.Close()
			if len(ents) > 0 {
				res.Skipped = append(res.Skipped, FilesDir+"/ (the files are kept in the object store; what lies under "+filesDir+
					" is not used: copy it into the bucket as docs/deploy.md says, then remove it)")
			}
		}
	case errors.Is(err, fs.ErrNotExist):
		// no files yet
	case err != nil:
		return fmt.Errorf("cannot read %s: %v", filesDir, err)
	default:
		defer root.Close()
		err = fs.WalkDir(root.FS(), ".", func(rel string, d fs.DirEntry, err error) error {
			name := path.Join(FilesDir, rel)
			if err != nil {
				return fmt.Errorf("cannot read %s: %v", filepath.Join(dataDir, name), err)
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			switch {
			case d.IsDir():
				return nil
			case !d.Type().IsRegular():
				res.Skipped = append(res.Skipped, name+" (not a regular file)")
				return nil
			}
			f, err := root.Open(rel)
			if err != nil {
				return fmt.Errorf("cannot read %s: %v", filepath.Join(dataDir, name), err)
			}
			defer f.Close()
			fi, err := f.Stat()
			if err != nil {
				return err
			}
			for _, k := range keys {
				if os.SameFile(fi, k) {
					res.Skipped = append(res.Skipped, name+" (a key file, kept out of backups on purpose)")
					return nil
				}
			}
			mem, err := addMember(tw, name, f, fi.ModTime())
			if err != nil {
				return err
			}
			m.Members = append(m.Members, mem)
			return nil
		})
		if err != nil {
			return err
		}
	}

	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: ManifestName, Mode: 0o600, Size: int64(len(b)), ModTime: m.CreatedAt.Truncate(time.Second)}); err != nil {
		return err
	}
	if _, err := tw.Write(b); err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return err
	}
	if err := gz.Close(); err != nil {
		return err
	}
	return bw.Flush()
}

// addMember writes the open file f to the archive under name, hashing what
// it writes. The size is taken first; a file that shrinks meanwhile fails
// the backup rather than leave a member that does not match its header.
func addMember(tw *tar.Writer, name string, f *os.File, mtime time.Time) (Member, error) {
	fi, err := f.Stat()
	if err != nil {
		return Member{}, err
	}
	hdr := &tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: 0o600, Size: fi.Size(), ModTime: mtime.Truncate(time.Second)}
	if err := tw.WriteHeader(hdr); err != nil {
		return Member{}, fmt.Errorf("cannot write the backup: %v", err)
	}
	h := sha256.New()
	n, err := io.CopyN(io.MultiWriter(tw, h), f, fi.Size())
	if errors.Is(err, io.EOF) {
		return Member{}, fmt.Errorf("%s shrank while it was being backed up (%d of %d bytes); run the backup again", f.Name(), n, fi.Size())
	}
	if err != nil {
		return Member{}, fmt.Errorf("cannot back up %s: %v", f.Name(), err)
	}
	return Member{Path: name, Size: n, SHA256: sum(h)}, nil
}

func sum(h hash.Hash) string { return hex.EncodeToString(h.Sum(nil)) }

// place moves tmp to out. Without replace it links first, which fails if
// out appeared meanwhile, so that nothing is ever overwritten unasked.
func place(tmp, out string, replace bool) error {
	if !replace {
		err := os.Link(tmp, out)
		if err == nil {
			return os.Remove(tmp)
		}
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%w: %s; choose another name with --out, or add --force to replace it", ErrExists, out)
		}
		// No hard links on this file system: check, then rename.
		if _, err := os.Lstat(out); err == nil {
			return fmt.Errorf("%w: %s; choose another name with --out, or add --force to replace it", ErrExists, out)
		}
	}
	if err := os.Rename(tmp, out); err != nil {
		return fmt.Errorf("cannot move the backup into place as %s: %v", out, err)
	}
	return nil
}

// syncDir makes a rename in dir durable; errors are ignored because some
// systems cannot sync directories and the data itself is already synced.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// within reports whether path is dir or lies under it.
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && filepath.IsLocal(rel) || rel == "."
}
