package cli

import (
	"fmt"
	"log/slog"
	"os"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"sigap/internal/benchkit"
)

func (e *env) benchCommand() *cobra.Command {
	c := &cobra.Command{Use: "bench", Short: "Measure sigap against its speed targets"}
	var o benchkit.Options
	var only, profile string
	var seed uint64
	n := &cobra.Command{
		Use:   "national",
		Short: "Build the synthetic national data set and run every speed scenario on it",
		Long: "Build the synthetic national data set (at scale 1: 542 governments, 4.3 million employees,\n" +
			"1 million reports, 500,000 discipline cases, 1 million protection incidents) in the database\n" +
			"named by --database, or find it there from an earlier run with --keep, then run the\n" +
			"scenarios (" + strings.Join(benchkit.Scenarios, ", ") + ") and print a markdown table: each\n" +
			"figure with its target, a ceiling measured in the same run and the ratio between them.\n\n" +
			"--database is a PostgreSQL URL (the data set goes in a schema of its own) or an SQLite data\n" +
			"directory. HTTP scenarios run an in-process server on loopback. Without --keep the data set\n" +
			"and its generated master key are removed at the end.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if o.Database == "" {
				return fmt.Errorf("name the database with --database (a PostgreSQL URL or an SQLite data directory)")
			}
			o.Spec.Seed = seed
			o.Only = strings.Split(only, ",")
			o.Log = slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
			if profile != "" {
				f, err := os.Create(profile)
				if err != nil {
					return err
				}
				defer f.Close()
				if err := pprof.StartCPUProfile(f); err != nil {
					return err
				}
				defer pprof.StopCPUProfile()
			}
			res, err := benchkit.National(cmd.Context(), o)
			if err != nil {
				return err
			}
			ds := res.Dataset
			how := fmt.Sprintf("built in %s", ds.Build.Round(time.Second))
			if ds.Reused {
				how = fmt.Sprintf("reused (built earlier in %s)", ds.Build.Round(time.Second))
			}
			fmt.Fprintf(e.stdout, "Data set %s on %s, %s: %d governments, %d offices, %d employees, %d reports, %d discipline cases, %d protection incidents.\n",
				ds.Spec.Key(), res.Engine, how, ds.Counts.Tenants, ds.Counts.Units, ds.Counts.Employees, ds.Counts.Reports, ds.Counts.Cases, ds.Counts.Incidents)
			fmt.Fprintf(e.stdout, "Scenarios took %s; %d run(s) each, load runs of %s.\n\n", res.Took.Round(time.Second), o.Runs, o.Duration)
			fmt.Fprint(e.stdout, benchkit.Table(res))
			return nil
		},
	}
	f := n.Flags()
	f.StringVar(&o.Database, "database", "", "PostgreSQL URL or SQLite data directory for the data set")
	f.Float64Var(&o.Spec.Scale, "scale", 1, "size of the data set: 1 is national, 0.01 a quick run")
	f.Uint64Var(&seed, "seed", 1, "seed of the data set")
	f.BoolVar(&o.Keep, "keep", false, "keep the data set for the next run (which reuses it)")
	f.StringVar(&only, "only", "", "comma-separated scenarios to run (default all)")
	f.StringVar(&o.KeysDir, "keys-dir", "", "directory of the generated master key (default: the SQLite directory, or a temporary one)")
	f.IntVar(&o.Runs, "runs", 5, "measured runs per scenario (the median is reported)")
	f.DurationVar(&o.Duration, "duration", 5*time.Second, "length of each load run of the HTTP scenarios")
	f.StringVar(&profile, "cpuprofile", "", "write a CPU profile of the whole run (server and load in one process) to this file")
	f.DurationVar(&o.Limit, "limit", 60*time.Second, "most time the measured runs of one query scenario take")
	c.AddCommand(n)
	return c
}
