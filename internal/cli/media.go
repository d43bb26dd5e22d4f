package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"sigap/internal/media"
)

// mediaCommand reads news articles offline: no database, no network.
func (e *env) mediaCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "media", Short: "Read news articles and posts into draft reports", Args: cobra.NoArgs,
		PersistentPreRunE: func(*cobra.Command, []string) error { return nil }}
	var region string
	var tenants []string
	extract := &cobra.Command{
		Use:   "extract [FILE]",
		Short: "Propose the fields of a report from an article (FILE, or standard input), as JSON",
		Long: "Read an Indonesian news article or post (plain text or HTML) and print, as JSON, the cleaned\n" +
			"text and the fields it proposes: government, agencies, category, accused, places, dates,\n" +
			"figures and people quoted, each with a confidence and the spans of the text it was read from.\n" +
			"Fields under the confidence floor are left out. Works offline.",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var r io.Reader = e.stdin
			if len(args) == 1 && args[0] != "-" {
				f, err := os.Open(args[0])
				if err != nil {
					return err
				}
				defer f.Close()
				r = f
			}
			// Read one byte past the limit to tell "too large" without
			// holding an unbounded input.
			text, err := io.ReadAll(io.LimitReader(r, media.MaxInput+1))
			if err != nil {
				return err
			}
			x, err := media.DefaultIndex()
			if err != nil {
				return err
			}
			res, err := x.Extract(string(text), media.Options{Region: region, Tenants: tenants})
			if errors.Is(err, media.ErrTooLarge) {
				return fmt.Errorf("the text is larger than %d KB; paste one article at a time (teks lebih dari %d KB; tempel satu artikel saja)", media.MaxInput>>10, media.MaxInput>>10)
			}
			if err != nil {
				return err
			}
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			enc.SetEscapeHTML(false)
			if err := enc.Encode(res); err != nil {
				return err
			}
			if res.Nothing {
				fmt.Fprintln(e.stderr, "sigap: nothing found to propose (tidak ada yang dapat diusulkan): "+nothingReason(res))
			}
			return nil
		},
	}
	extract.Flags().StringVar(&region, "region", "", "region code of the government asking (e.g. 36.04): its kecamatan and villages are looked for")
	extract.Flags().StringSliceVar(&tenants, "tenants", nil, "region codes of the governments using sigap (e.g. 36.04,36.73)")
	cmd.AddCommand(extract)
	return cmd
}

func nothingReason(r media.Result) string {
	for _, n := range r.Notes {
		switch n {
		case media.NoteEmpty:
			return "the text is empty"
		case media.NoteNotIndonesian:
			return "the text does not read as Indonesian"
		}
	}
	return "no government, agency, misconduct, place, figure or quoted person recognised"
}
