package files

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
)

// disk keeps files under one directory, reached only through an os.Root so
// that no key can name a path outside it. An object is written to
// <key>.part, synced, and renamed to <key> when complete.
type disk struct {
	root *os.Root
}

// openDisk opens (creating it if needed) the directory dir as a backend.
func openDisk(dir string) (*disk, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("cannot create the file store %s: %v", dir, err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &disk{root: root}, nil
}

func (d *disk) Put(_ context.Context, key string, fill func(io.Writer) error) error {
	if err := d.root.MkdirAll(path.Dir(key), 0o700); err != nil {
		return err
	}
	tmp := key + ".part"
	f, err := d.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	err = fill(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = d.root.Rename(tmp, key)
	}
	if err != nil {
		d.root.Remove(tmp)
	}
	return err
}

func (d *disk) Get(_ context.Context, key string) (io.ReadCloser, error) {
	f, err := d.root.Open(key)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return f, nil
}

func (d *disk) Delete(_ context.Context, key string) error {
	err := d.root.Remove(key)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

func (d *disk) Close() error { return d.root.Close() }
