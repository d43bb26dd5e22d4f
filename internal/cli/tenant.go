package cli

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"sigap/internal/store"
)

func (e *env) tenantCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "tenant", Short: "Create and list governments (tenants)", Args: cobra.NoArgs}
	var code, slug, name string
	create := &cobra.Command{
		Use:     "create",
		Short:   "Add a government, keyed by the Kemendagri code of its region",
		Example: "  sigap tenant create --code 36.04 --slug kab-serang --name \"Pemerintah Kabupaten Serang\"",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return e.withStore(cmd.Context(), true, func(s *store.Store) error {
				t, err := s.CreateTenant(cmd.Context(), store.System, code, slug, name)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "Created tenant %s (%s) %s.\n", t.Code, t.Slug, t.Name)
				return nil
			})
		},
	}
	create.Flags().StringVar(&code, "code", "", "Kemendagri code of a province (36) or regency/city (36.04)")
	create.Flags().StringVar(&slug, "slug", "", "short name for files and URLs, e.g. kab-serang")
	create.Flags().StringVar(&name, "name", "", "full name, e.g. \"Pemerintah Kabupaten Serang\"")
	for _, f := range []string{"code", "slug", "name"} {
		create.MarkFlagRequired(f)
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "List every government",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return e.withStore(cmd.Context(), false, func(s *store.Store) error {
				ts, err := s.Tenants(cmd.Context())
				if err != nil {
					return err
				}
				if len(ts) == 0 {
					fmt.Fprintln(e.stdout, "No tenants yet. Add one with 'sigap tenant create'.")
					return nil
				}
				w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(w, "CODE\tSLUG\tNAME")
				for _, t := range ts {
					fmt.Fprintf(w, "%s\t%s\t%s\n", t.Code, t.Slug, t.Name)
				}
				return w.Flush()
			})
		},
	}
	cmd.AddCommand(create, list)
	return cmd
}
