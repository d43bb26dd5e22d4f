package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

func (e *env) configCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "config",
		Short: "Print the effective configuration, secrets hidden",
		Long:  "Print the configuration sigap would run with, after merging the --config file, SIGAP_*\nenvironment variables and flags, and validating it. Passwords are shown as xxxxx.",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			for _, line := range e.cfg.Redacted() {
				fmt.Fprintln(e.stdout, line)
			}
			return nil
		},
	}
}
