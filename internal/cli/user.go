package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"sigap/internal/app"
	"sigap/internal/identity"
	"sigap/internal/store"
)

func (e *env) userCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "user", Short: "Create, list, disable accounts and set their passwords", Args: cobra.NoArgs}
	cmd.AddCommand(e.userCreateCommand(), e.userSetPasswordCommand(), e.userListCommand(),
		e.userDisableCommand(true), e.userDisableCommand(false))
	return cmd
}

// tenantID resolves a --tenant flag (code or slug); empty means the
// installation level.
func tenantID(ctx context.Context, s *store.Store, key string) (int64, error) {
	if key == "" {
		return 0, nil
	}
	t, err := s.TenantByKey(ctx, key)
	if err != nil {
		return 0, fmt.Errorf("no tenant %q: see 'sigap tenant list'", key)
	}
	return t.ID, nil
}

// accountByUsername finds an account for the --username flag.
func accountByUsername(ctx context.Context, s *store.Store, username string) (identity.User, error) {
	u, _, err := s.UserForSignIn(ctx, identity.NormalizeUsername(username))
	if err != nil {
		return u, fmt.Errorf("no account %q: see 'sigap user list'", username)
	}
	return u, nil
}

// readPassword takes a password from standard input: one line when
// --password-stdin is given (for scripts), else typed twice at a terminal.
// Passwords never come from flags, which other users can see in ps.
func (e *env) readPassword(fromStdin bool) (string, error) {
	if fromStdin {
		line, err := bufio.NewReader(e.stdin).ReadString('\n')
		if err != nil && line == "" {
			return "", errors.New("no password on standard input")
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	f, ok := e.stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return "", errors.New("no terminal to ask for the password: pipe it in with --password-stdin")
	}
	fmt.Fprint(e.stderr, "New password: ")
	a, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(e.stderr)
	if err != nil {
		return "", err
	}
	fmt.Fprint(e.stderr, "Repeat it: ")
	b, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(e.stderr)
	if err != nil {
		return "", err
	}
	if string(a) != string(b) {
		return "", errors.New("the two passwords differ")
	}
	return string(a), nil
}

func (e *env) userCreateCommand() *cobra.Command {
	var tenant, username, name, email string
	var roles []string
	var stdin bool
	c := &cobra.Command{
		Use:   "create",
		Short: "Add an account",
		Example: "  sigap user create --tenant 36.04 --username admin.bkpsdm --name \"Siti Rahma\" --role admin\n" +
			"  echo 'a long passphrase' | sigap user create --username operator --name Operator --role operator --password-stdin",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return e.withStore(cmd.Context(), false, func(s *store.Store) error {
				tid, err := tenantID(cmd.Context(), s, tenant)
				if err != nil {
					return err
				}
				password, err := e.readPassword(stdin)
				if err != nil {
					return err
				}
				in := app.UserInput{TenantID: tid, Username: username, DisplayName: name, Email: email, Password: password}
				for _, r := range roles {
					in.Roles = append(in.Roles, identity.Role(strings.TrimSpace(r)))
				}
				n, err := app.PrepareUser(in)
				if err != nil {
					return err
				}
				u, err := s.CreateUser(cmd.Context(), store.System, n)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "Created account %s with roles %v.\n", u.Username, u.Roles)
				return nil
			})
		},
	}
	f := c.Flags()
	f.StringVar(&tenant, "tenant", "", "tenant code or slug; omit for an installation account (operator, oversight)")
	f.StringVar(&username, "username", "", "3–64 of a-z 0-9 . _ -; a NIP works")
	f.StringVar(&name, "name", "", "full name")
	f.StringVar(&email, "email", "", "e-mail address (optional)")
	f.StringSliceVar(&roles, "role", nil, "role, repeatable: admin intake examiner decider protection protection_lead prevention custodian analyst auditor employee | operator oversight")
	f.BoolVar(&stdin, "password-stdin", false, "read the password from the first line of standard input")
	c.MarkFlagRequired("username")
	c.MarkFlagRequired("name")
	c.MarkFlagRequired("role")
	return c
}

func (e *env) userSetPasswordCommand() *cobra.Command {
	var username string
	var stdin bool
	c := &cobra.Command{
		Use:   "set-password",
		Short: "Set a new password for an account and end its sessions",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return e.withStore(cmd.Context(), false, func(s *store.Store) error {
				u, err := accountByUsername(cmd.Context(), s, username)
				if err != nil {
					return err
				}
				password, err := e.readPassword(stdin)
				if err != nil {
					return err
				}
				hash, err := app.HashNewPassword(password, u.Username)
				if err != nil {
					return err
				}
				if err := s.SetPassword(cmd.Context(), store.System, u.ID, hash); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "Password of %s changed; its sessions were ended.\n", u.Username)
				return nil
			})
		},
	}
	c.Flags().StringVar(&username, "username", "", "the account")
	c.Flags().BoolVar(&stdin, "password-stdin", false, "read the password from the first line of standard input")
	c.MarkFlagRequired("username")
	return c
}

func (e *env) userListCommand() *cobra.Command {
	var tenant string
	c := &cobra.Command{
		Use:   "list",
		Short: "List the accounts of a tenant, or the installation accounts",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return e.withStore(cmd.Context(), false, func(s *store.Store) error {
				tid, err := tenantID(cmd.Context(), s, tenant)
				if err != nil {
					return err
				}
				w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(w, "USERNAME\tNAME\tROLES\tSTATUS")
				const page = 500
				for offset := 0; ; offset += page {
					p, err := s.Users(cmd.Context(), tid, "", page, offset)
					if err != nil {
						return err
					}
					for _, u := range p.Users {
						status := "active"
						if u.Disabled {
							status = "disabled"
						}
						fmt.Fprintf(w, "%s\t%s\t%v\t%s\n", u.Username, u.DisplayName, u.Roles, status)
					}
					if offset+page >= p.Total {
						break
					}
				}
				return w.Flush()
			})
		},
	}
	c.Flags().StringVar(&tenant, "tenant", "", "tenant code or slug; omit for installation accounts")
	return c
}

func (e *env) userDisableCommand(disable bool) *cobra.Command {
	var username string
	use, short, done := "enable", "Allow a disabled account to sign in again", "enabled"
	if disable {
		use, short, done = "disable", "Stop an account from signing in and end its sessions and tokens", "disabled"
	}
	c := &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return e.withStore(cmd.Context(), false, func(s *store.Store) error {
				u, err := accountByUsername(cmd.Context(), s, username)
				if err != nil {
					return err
				}
				if err := s.SetDisabled(cmd.Context(), store.System, u.ID, disable); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "Account %s %s.\n", u.Username, done)
				return nil
			})
		},
	}
	c.Flags().StringVar(&username, "username", "", "the account")
	c.MarkFlagRequired("username")
	return c
}
