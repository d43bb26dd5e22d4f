package cli

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"sigap/internal/demo"
	"sigap/internal/server"
)

func (e *env) demoCommand() *cobra.Command {
	var seedOnly bool
	c := &cobra.Command{
		Use:   "demo",
		Short: "Fill the database with a demo (Kabupaten and Kota Serang) and run the server",
		Long: "Load the national regions and holidays, create the governments of Kabupaten Serang (36.04)\n" +
			"and Kota Serang (36.73) with their offices, and one account per role, all with the password\n" +
			demo.Password + ". Then run the server as 'sigap serve' does. Running it again adds nothing\n" +
			"twice. Never use a demo database for real cases.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, done, err := e.openStore(cmd.Context(), true)
			if err != nil {
				return err
			}
			// The demo's reports are sealed: the master key is loaded (made,
			// on a new database) before seeding, as serve would.
			if err := server.LoadVault(cmd.Context(), e.cfg, s, e.logger()); err != nil {
				done()
				return err
			}
			res, err := demo.Seed(cmd.Context(), s)
			done()
			if err != nil {
				return err
			}
			if res.RegionsImported > 0 {
				fmt.Fprintf(e.stdout, "Imported %d regions.\n", res.RegionsImported)
			}
			fmt.Fprintf(e.stdout, "Demo ready: %d offices, %d employees, %d reports, %d discipline cases, %d protection cases, %d guidance sessions and %d accounts created now.\n\n",
				res.UnitsCreated, res.EmployeesAdded, res.ReportsAdded, res.CasesAdded, res.ProtectionAdded, res.SessionsAdded, res.AccountsCreated)
			w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "USERNAME\tGOVERNMENT\tROLE")
			for _, a := range res.Accounts {
				tenant := "(installation)"
				if a.Tenant != "" {
					tenant = a.Tenant
				}
				fmt.Fprintf(w, "%s\t%s\t%s\n", a.Username, tenant, a.Role)
			}
			w.Flush()
			fmt.Fprintf(e.stdout, "\nEvery demo account has the password %s\n", demo.Password)
			fmt.Fprintln(e.stdout, "Accounts whose role reads case content (intake, examiner, decider, protection, protection_lead,\n"+
				"custodian, auditor) set up two-step verification with an authenticator app at their first sign-in.")
			if seedOnly {
				return nil
			}
			return e.serve(cmd.Context(), func(url string) {
				fmt.Fprintf(e.stdout, "\nOpen %s/login and sign in, for example as admin.kab with password %s.\n"+
					"The public report form of Kabupaten Serang is %s/lapor/kab-serang; its desk is intake.kab.\nStop with Ctrl-C.\n", url, demo.Password, url)
			})
		},
	}
	c.Flags().BoolVar(&seedOnly, "seed-only", false, "fill the database and exit without serving")
	c.Flags().StringVar(&e.flags.addr, "addr", "", "listen address (SIGAP_ADDR, default 127.0.0.1:8080)")
	return c
}
