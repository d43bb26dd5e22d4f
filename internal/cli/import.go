package cli

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"sigap/internal/refdata"
	"sigap/internal/store"
)

func (e *env) importCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "import", Short: "Load reference data (regions, national holidays) and rosters of employees", Args: cobra.NoArgs}
	var regionsFile, holidaysFile string
	regions := &cobra.Command{
		Use:   "regions",
		Short: "Load the Kemendagri regions table (province to village)",
		Long: "Load the regions table. Without --file, the national table embedded in sigap is used\n" +
			"(Kepmendagri 300.2.2-2430/2025: 38 provinces, 514 regencies/cities, 7,285 districts,\n" +
			"83,762 villages). A file must have the header code,name,level,parent_code. The whole file\n" +
			"is checked before anything is written; running it again updates names and adds nothing twice.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			r, closeFile, err := openSource(regionsFile, refdata.NationalRegions)
			if err != nil {
				return err
			}
			defer closeFile()
			start := time.Now()
			rows, err := refdata.ParseRegions(r)
			if err != nil {
				return fmt.Errorf("nothing was imported; fix the file and run again:\n%w", err)
			}
			return e.withStore(cmd.Context(), true, func(s *store.Store) error {
				n, err := s.ImportRegions(cmd.Context(), store.System, rows)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "Imported %d regions in %s.\n", n, time.Since(start).Round(time.Millisecond))
				return nil
			})
		},
	}
	regions.Flags().StringVar(&regionsFile, "file", "", "CSV file to load instead of the embedded national table")
	holidays := &cobra.Command{
		Use:   "holidays",
		Short: "Load national holidays and cuti bersama",
		Long: "Load national holidays (libur) and collective leave (cuti_bersama). Without --file, the\n" +
			"embedded SKB 3 Menteri data for 2023–2026 is used. A file must have the header\n" +
			"date,name,kind. Tenant-local days off are managed on the calendar page instead.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			r, closeFile, err := openSource(holidaysFile, refdata.NationalHolidays)
			if err != nil {
				return err
			}
			defer closeFile()
			days, err := refdata.ParseHolidays(r)
			if err != nil {
				return fmt.Errorf("nothing was imported; fix the file and run again:\n%w", err)
			}
			return e.withStore(cmd.Context(), true, func(s *store.Store) error {
				n, err := s.ImportHolidays(cmd.Context(), store.System, days)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "Imported %d national days off.\n", n)
				return nil
			})
		},
	}
	holidays.Flags().StringVar(&holidaysFile, "file", "", "CSV file to load instead of the embedded data")
	cmd.AddCommand(regions, holidays, e.importEmployeesCommand())
	return cmd
}

// openSource opens the named file, or the embedded default when name is empty.
func openSource(name string, embedded func() io.Reader) (io.Reader, func(), error) {
	if name == "" {
		return embedded(), func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot read %s: %v", name, err)
	}
	return f, func() { f.Close() }, nil
}
