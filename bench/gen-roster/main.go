// Command gen-roster writes a synthetic roster CSV (roster.WriteCSV, the
// documented column set) over the offices the demo gives a tenant
// (refdata.SerangOffices), for `sigap import employees --tenant SLUG` on a
// database seeded with `sigap demo --seed-only`. bench/roster.sh uses it.
//
//	go run ./bench/gen-roster -n 100000 -o /tmp/pegawai.csv
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"

	"sigap/internal/org"
	"sigap/internal/refdata"
	"sigap/internal/roster"
)

func main() {
	n := flag.Int("n", 100_000, "number of employees")
	seed := flag.Uint64("seed", 1, "seed of the synthetic roster (the same seed gives the same people)")
	tenant := flag.String("tenant", "kab-serang", "demo tenant whose offices the roster is spread over (kab-serang or kota-serang)")
	out := flag.String("o", "", "output file (default: standard output)")
	flag.Parse()
	if err := run(*n, *seed, *tenant, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen-roster:", err)
		os.Exit(1)
	}
}

func run(n int, seed uint64, tenant, out string) error {
	offices, err := refdata.ParseOffices(refdata.SerangOffices())
	if err != nil {
		return err
	}
	var units []roster.SynthUnit
	for _, o := range offices {
		if o.Tenant == tenant {
			units = append(units, roster.SynthUnit{Name: o.Name, Kind: org.UnitKind(o.Kind)})
		}
	}
	if len(units) == 0 {
		return fmt.Errorf("no offices for tenant %q in the demo's list", tenant)
	}
	var w io.Writer = os.Stdout
	if out != "" {
		f, err := os.Create(out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriter(w)
	rows := roster.NewSynth(seed, 2026).Roster(units, n)
	if err := roster.WriteCSV(bw, rows); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gen-roster: %d employees over %d offices of %s\n", len(rows), len(units), tenant)
	return nil
}
