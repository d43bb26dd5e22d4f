package cli

import (
	"fmt"
	"os"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"sigap/internal/server"
	"sigap/internal/store"
	"sigap/internal/vault"
)

func (e *env) keyCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "key",
		Short: "Show and rotate the encryption keys",
		Long: "sigap encrypts sensitive fields with per-government data keys, which are themselves\n" +
			"encrypted (wrapped) by one master key kept in a file outside the database\n" +
			"(SIGAP_MASTER_KEY_FILE, default DATA_DIR/master.key).",
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(e.keyStatusCommand(), e.keyRotateMasterCommand(), e.keyRotateDataCommand())
	return cmd
}

// openVault opens the store with the master key loaded.
func (e *env) openVault(cmd *cobra.Command) (*store.Store, func(), error) {
	s, done, err := e.openStore(cmd.Context(), false)
	if err != nil {
		return nil, nil, err
	}
	if err := server.LoadVault(cmd.Context(), e.cfg, s, e.logger()); err != nil {
		done()
		return nil, nil, err
	}
	return s, done, nil
}

func (e *env) keyStatusCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "status",
		Short: "List each government's keys and the master key they are wrapped by",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, done, err := e.openVault(cmd)
			if err != nil {
				return err
			}
			defer done()
			tenants, err := s.Tenants(cmd.Context())
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Master key %s (%s)\n\n", s.Keyring(), e.cfg.MasterKeyPath())
			w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "TENANT\tDATA KEY VERSIONS\tLOOKUP KEY")
			for _, t := range tenants {
				keys, err := s.TenantKeys(cmd.Context(), t.ID)
				if err != nil {
					return err
				}
				data, lookup := 0, "missing"
				for _, k := range keys {
					if k.Kind == vault.KindData {
						data++
					} else {
						lookup = "present"
					}
				}
				fmt.Fprintf(w, "%s\t%d\t%s\n", t.Slug, data, lookup)
			}
			return w.Flush()
		},
	}
}

func (e *env) keyRotateMasterCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "rotate-master",
		Short: "Replace the master key: rewrap every government's keys under a new one",
		Long: "Generate a new master key, rewrap every tenant key under it in one transaction, and\n" +
			"put the new key file in place. The old file is kept beside it with a .retired suffix:\n" +
			"backups made before the rotation need it, so keep it as long as you keep those\n" +
			"backups, then destroy it. Stop every sigap instance first and start them again after:\n" +
			"a running instance still holds the old key.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, done, err := e.openVault(cmd)
			if err != nil {
				return err
			}
			defer done()
			path := e.cfg.MasterKeyPath()
			next := path + ".new"
			m, err := vault.GenerateMasterKeyFile(next)
			if err != nil {
				return fmt.Errorf("cannot write the new key to %s: %v (remove a leftover file from an earlier attempt)", next, err)
			}
			n, err := s.RotateMaster(cmd.Context(), m)
			if err != nil {
				os.Remove(next)
				return err
			}
			retired := path + ".retired-" + time.Now().UTC().Format("20060102T150405Z")
			if err := os.Rename(path, retired); err != nil {
				return fmt.Errorf("keys were rewrapped under %s, but moving the old file failed: %v; move %s to %s by hand", m.ID(), err, next, path)
			}
			if err := os.Rename(next, path); err != nil {
				return fmt.Errorf("keys were rewrapped, but putting the new file in place failed: %v; move %s to %s by hand", err, next, path)
			}
			fmt.Fprintf(e.stdout, "Rewrapped %d keys under the new master key %s (%s).\n", n, m.ID(), path)
			fmt.Fprintf(e.stdout, "The old key is now %s: back up the new key, keep the old one only as long as older backups, then destroy it.\n", retired)
			return nil
		},
	}
}

func (e *env) keyRotateDataCommand() *cobra.Command {
	var tenant string
	c := &cobra.Command{
		Use:   "rotate-data",
		Short: "Give a government a new data key and re-encrypt its sealed fields",
		Long: "Add a new data key version for the government; new data is sealed with it at once\n" +
			"(running instances pick it up within a minute), and every sealed field is re-encrypted\n" +
			"in batches, so this may run while sigap serves.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, done, err := e.openVault(cmd)
			if err != nil {
				return err
			}
			defer done()
			t, err := s.TenantByKey(cmd.Context(), tenant)
			if err != nil {
				return fmt.Errorf("no tenant %q: see 'sigap tenant list'", tenant)
			}
			v, err := s.AddDataKeyVersion(cmd.Context(), store.System, t.ID)
			if err != nil {
				return err
			}
			n, err := s.ResealTenant(cmd.Context(), t.ID, 500)
			if err != nil {
				return fmt.Errorf("data key version %d was added but re-encryption stopped: %v; run the command again or let a running sigap finish it", v, err)
			}
			fmt.Fprintf(e.stdout, "%s now uses data key version %d; %d sealed fields re-encrypted.\n", t.Slug, v, n)
			return nil
		},
	}
	c.Flags().StringVar(&tenant, "tenant", "", "tenant code or slug")
	c.MarkFlagRequired("tenant")
	return c
}
