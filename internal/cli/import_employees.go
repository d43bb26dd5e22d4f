package cli

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"sigap/internal/i18n"
	"sigap/internal/roster"
	"sigap/internal/store"
)

// importMemoryLimit is the Go heap an import aims to stay under, when the
// operator has not set GOMEMLIMIT. Beside it the process holds SQLite's
// page cache (64 MB by default) and the program itself (about 22 MB): at
// 100 MiB a first import of 100,000 people peaks near 190 MB of resident
// memory instead of 206 MB, at the same speed (docs/BENCHMARKS.md).
const importMemoryLimit = 100 << 20

func (e *env) importEmployeesCommand() *cobra.Command {
	var tenant, lang string
	var validOnly bool
	cmd := &cobra.Command{
		Use:   "employees FILE.csv",
		Short: "Import a tenant's roster of civil servants from a CSV file",
		Long: "Import the roster of a tenant: the columns are described in docs/ROSTER-IMPORT.md. The whole\n" +
			"file is checked first; any problem is listed by line and column and nothing is imported,\n" +
			"unless --valid-only asks to import the rows without problems. Importing again updates\n" +
			"changed people (keeping their position history) and marks people no longer in the file\n" +
			"as having left the roster.",
		Example: "  sigap import employees --tenant kab-serang pegawai.csv\n" +
			"  sigap import employees --tenant 36.73 --valid-only --lang id pegawai.csv",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !i18n.Supported(lang) {
				return fmt.Errorf("--lang must be one of %s", strings.Join(i18n.Languages, ", "))
			}
			if os.Getenv("GOMEMLIMIT") == "" {
				// The rows of a large file and the garbage of reading them
				// would otherwise let the heap double before a collection.
				defer debug.SetMemoryLimit(debug.SetMemoryLimit(importMemoryLimit))
			}
			f, err := os.Open(args[0])
			if err != nil {
				return fmt.Errorf("cannot read %s: %v", args[0], err)
			}
			defer f.Close()
			start := time.Now()
			rows, problems, err := roster.ReadCSV(f)
			if err != nil {
				return fmt.Errorf("%s: %v", args[0], err)
			}
			fmt.Fprintf(e.stderr, "Read %d rows in %s.\n", len(rows)+countProblemLines(problems), time.Since(start).Round(time.Millisecond))
			return e.withStore(cmd.Context(), true, func(s *store.Store) error {
				tid, err := tenantID(cmd.Context(), s, tenant)
				if err != nil {
					return err
				}
				bar := newProgressBar(e.stderr)
				res, problems, err := s.ImportEmployees(cmd.Context(), store.System, tid, rows, store.ImportOptions{
					ValidOnly: validOnly, Skipped: problems, Progress: bar.update,
				})
				bar.done()
				if err != nil {
					return err
				}
				e.printProblems(lang, problems)
				if res.ID == 0 {
					return fmt.Errorf("nothing was imported: fix the %d lines above and run again, or import the valid rows with --valid-only", countProblemLines(problems))
				}
				fmt.Fprintf(e.stdout, "Imported in %s: %d added, %d changed, %d unchanged, %d left the roster, %d lines skipped.\n",
					time.Since(start).Round(time.Millisecond), res.Added, res.Changed, res.Unchanged, res.Left, res.Skipped)
				if res.LeftUnknown {
					fmt.Fprintln(e.stdout, "Nobody was marked as having left: some skipped lines had no readable NIP.")
				}
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&tenant, "tenant", "", "tenant code or slug (required)")
	f.BoolVar(&validOnly, "valid-only", false, "import the rows without problems and skip the others")
	f.StringVar(&lang, "lang", "en", "language of the problem descriptions: id or en")
	cmd.MarkFlagRequired("tenant")
	return cmd
}

func countProblemLines(ps []roster.Problem) int {
	lines := map[int]bool{}
	for _, p := range ps {
		lines[p.Line] = true
	}
	return len(lines)
}

// printProblems lists problems one a line, at most roster.MaxProblems.
func (e *env) printProblems(lang string, ps []roster.Problem) {
	for i, p := range ps {
		if i == roster.MaxProblems {
			fmt.Fprintf(e.stdout, "… and %d more.\n", len(ps)-i)
			break
		}
		fmt.Fprintf(e.stdout, "line %d, %s: %s\n", p.Line, p.Column, e.cat.T(lang, p.Key, p.Args))
	}
}

// progressBar draws the progress of a long import: a redrawn bar on a
// terminal, a line every tenth otherwise (logs of scheduled jobs).
type progressBar struct {
	w        io.Writer
	terminal bool
	last     int
	drawn    bool
}

func newProgressBar(w io.Writer) *progressBar {
	f, ok := w.(*os.File)
	return &progressBar{w: w, terminal: ok && term.IsTerminal(int(f.Fd())), last: -1}
}

func (b *progressBar) update(done, total int) {
	if total == 0 {
		return
	}
	pct := done * 100 / total
	step := 1
	if !b.terminal {
		step = 10
	}
	if pct/step == b.last/step && b.last >= 0 {
		return
	}
	b.last = pct
	if b.terminal {
		fill := pct * 30 / 100
		fmt.Fprintf(b.w, "\rWriting [%s%s] %3d%% %d/%d", strings.Repeat("#", fill), strings.Repeat(".", 30-fill), pct, done, total)
		b.drawn = true
		return
	}
	fmt.Fprintf(b.w, "Writing: %d%% (%d/%d)\n", pct, done, total)
}

func (b *progressBar) done() {
	if b.drawn {
		fmt.Fprintln(b.w)
	}
}
