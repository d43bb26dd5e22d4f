package db

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// Both folders hold the same version numbers; a test keeps them in step.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrations embed.FS

// MigrationFiles returns the migration folder of an engine.
func MigrationFiles(e Engine) fs.FS {
	sub, err := fs.Sub(migrations, "migrations/"+string(e))
	if err != nil {
		panic(err) // the folder names are constants checked by tests
	}
	return sub
}

func (d *DB) provider() (*goose.Provider, error) {
	// A migration numbered below one already applied (two lines of work
	// merged in another order than they were numbered) is applied, not
	// skipped: each migration stands on its own.
	opts := []goose.ProviderOption{goose.WithAllowOutofOrder(true)}
	dialect := goose.DialectSQLite3
	if d.Engine == Postgres {
		dialect = goose.DialectPostgres
		// Several instances may start at once; one migrates, the others wait.
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	return goose.NewProvider(dialect, d.W, MigrationFiles(d.Engine), opts...)
}

// Migrate brings the schema to the newest version and returns the versions
// it applied.
func (d *DB) Migrate(ctx context.Context) ([]int64, error) {
	p, err := d.provider()
	if err != nil {
		return nil, err
	}
	res, err := p.Up(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrating the database: %w", err)
	}
	var applied []int64
	for _, r := range res {
		applied = append(applied, r.Source.Version)
	}
	return applied, nil
}

// MigrationState is one migration and whether it has been applied.
type MigrationState struct {
	Version int64
	Name    string
	Applied bool
}

// MigrationStatus lists every known migration.
func (d *DB) MigrationStatus(ctx context.Context) ([]MigrationState, error) {
	p, err := d.provider()
	if err != nil {
		return nil, err
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]MigrationState, 0, len(st))
	for _, s := range st {
		out = append(out, MigrationState{Version: s.Source.Version, Name: s.Source.Path, Applied: s.State == goose.StateApplied})
	}
	return out, nil
}

// Pending reports whether migrations wait to be applied.
func (d *DB) Pending(ctx context.Context) (bool, error) {
	p, err := d.provider()
	if err != nil {
		return false, err
	}
	return p.HasPending(ctx)
}
