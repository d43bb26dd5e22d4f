package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"sigap/internal/db"
)

func (e *env) migrateCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Bring the database schema up to date, or show its state",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "up",
		Short: "Apply every migration not yet applied",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			d, err := db.Open(cmd.Context(), db.Options{DataDir: e.cfg.DataDir, URL: e.cfg.DatabaseURL})
			if err != nil {
				return err
			}
			defer d.Close()
			applied, err := d.Migrate(cmd.Context())
			if err != nil {
				return err
			}
			if len(applied) == 0 {
				fmt.Fprintln(e.stdout, "The database is up to date.")
			}
			for _, v := range applied {
				fmt.Fprintf(e.stdout, "Applied migration %05d.\n", v)
			}
			return nil
		},
	}, &cobra.Command{
		Use:   "status",
		Short: "List the migrations and whether each is applied",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			d, err := db.Open(cmd.Context(), db.Options{DataDir: e.cfg.DataDir, URL: e.cfg.DatabaseURL})
			if err != nil {
				return err
			}
			defer d.Close()
			st, err := d.MigrationStatus(cmd.Context())
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Engine: %s\n", d.Engine)
			for _, s := range st {
				state := "pending"
				if s.Applied {
					state = "applied"
				}
				fmt.Fprintf(e.stdout, "%05d  %-8s %s\n", s.Version, state, s.Name)
			}
			return nil
		},
	})
	return cmd
}
