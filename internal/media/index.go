package media

import (
	"strings"
	"sync"

	"sigap/internal/refdata"
)

// Index is what the extractor knows of the regions: every province and
// regency or city by the words of its name, and the districts and
// villages under each regency. Build it once per process (NewIndex or
// DefaultIndex) and share it: it is read-only, and Extract is safe for
// concurrent use.
type Index struct {
	govs    *phrases[[]govName] // base name → the governments of that name
	regions map[string]refdata.Region
	under   map[string][]refdata.Region // regency code → its districts and villages

	mu         sync.Mutex
	placeCache map[string]*placeIndex // built on first use per regency
}

// govName is one way a government is named: its region and its kind.
type govName struct {
	code string
	kind string // "kabupaten", "kota" or "provinsi"
}

// Kinds of government, as the words that name them.
const (
	KindKabupaten = "kabupaten"
	KindKota      = "kota"
	KindProvinsi  = "provinsi"
)

// provinceAliases are the short names articles use.
var provinceAliases = map[string][]string{
	"31": {"dki jakarta", "jakarta", "dki"},
	"34": {"diy", "yogyakarta", "di yogyakarta"},
	"19": {"babel", "bangka belitung"},
	"21": {"kepri"},
	"12": {"sumut"}, "13": {"sumbar"}, "16": {"sumsel"}, "32": {"jabar"}, "33": {"jateng"}, "35": {"jatim"},
	"52": {"ntb"}, "53": {"ntt"}, "61": {"kalbar"}, "62": {"kalteng"}, "63": {"kalsel"}, "64": {"kaltim"}, "65": {"kaltara"},
	"71": {"sulut"}, "72": {"sulteng"}, "73": {"sulsel"}, "74": {"sultra"}, "76": {"sulbar"}, "82": {"malut"},
}

// regencyAliases are short names of cities and regencies.
var regencyAliases = map[string][]string{"36.74": {"tangsel"}, "36.71": {"tangkot"}}

// NewIndex builds the index from a region table.
func NewIndex(regions []refdata.Region) *Index {
	x := &Index{govs: &phrases[[]govName]{byFirst: map[string][]phrase[[]govName]{}, raw: true}, regions: map[string]refdata.Region{}, under: map[string][]refdata.Region{},
		placeCache: map[string]*placeIndex{}}
	names := map[string][]govName{}
	addName := func(name string, g govName) {
		key := strings.Join(words(name), " ")
		if key == "" {
			return
		}
		for _, old := range names[key] {
			if old == g {
				return
			}
		}
		names[key] = append(names[key], g)
	}
	for _, r := range regions {
		switch r.Level {
		case refdata.LevelProvince:
			x.regions[r.Code] = r
			addName(r.Name, govName{r.Code, KindProvinsi})
			for _, a := range provinceAliases[r.Code] {
				addName(a, govName{r.Code, KindProvinsi})
			}
		case refdata.LevelRegency:
			x.regions[r.Code] = r
			kind, base := splitRegency(r.Name)
			addName(base, govName{r.Code, kind})
			if b, ok := strings.CutPrefix(base, "Administrasi "); ok {
				addName(b, govName{r.Code, kind})
			}
			for _, a := range regencyAliases[r.Code] {
				addName(a, govName{r.Code, KindKota})
			}
		case refdata.LevelDistrict, refdata.LevelVillage:
			reg := r.Code[:5]
			x.under[reg] = append(x.under[reg], r)
		}
	}
	for k, v := range names {
		x.govs.add(k, v)
	}
	return x
}

// splitRegency cuts "Kabupaten Serang" into its kind and base name.
func splitRegency(name string) (kind, base string) {
	if b, ok := strings.CutPrefix(name, "Kota "); ok {
		return KindKota, b
	}
	if b, ok := strings.CutPrefix(name, "Kabupaten "); ok {
		return KindKabupaten, b
	}
	return KindKabupaten, name
}

// words returns the lower-case words of a name, as tokenize reads them.
func words(s string) []string {
	toks := tokenize(s)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.low
	}
	return out
}

var (
	defaultOnce  sync.Once
	defaultIndex *Index
	defaultErr   error
)

// DefaultIndex returns the index of the national region table embedded in
// sigap, built on first use (some 100 ms) and shared afterwards.
func DefaultIndex() (*Index, error) {
	defaultOnce.Do(func() {
		regions, err := refdata.ParseRegions(refdata.NationalRegions())
		if err != nil {
			defaultErr = err
			return
		}
		defaultIndex = NewIndex(regions)
	})
	return defaultIndex, defaultErr
}

// Region returns a province or regency of the index by code.
func (x *Index) Region(code string) (refdata.Region, bool) {
	r, ok := x.regions[code]
	return r, ok
}

// placeIndex finds the districts and villages of one regency.
type placeIndex struct {
	names *phrases[[]refdata.Region]
}

// placesOf returns the place index of a regency, built once.
func (x *Index) placesOf(regency string) *placeIndex {
	if len(regency) != 5 {
		return nil
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if p, ok := x.placeCache[regency]; ok {
		return p
	}
	rows := x.under[regency]
	if rows == nil {
		x.placeCache[regency] = nil
		return nil
	}
	byName := map[string][]refdata.Region{}
	for _, r := range rows {
		k := strings.Join(words(r.Name), " ")
		byName[k] = append(byName[k], r)
	}
	p := &placeIndex{names: &phrases[[]refdata.Region]{byFirst: map[string][]phrase[[]refdata.Region]{}, raw: true}}
	for k, v := range byName {
		p.names.add(k, v)
	}
	x.placeCache[regency] = p
	return p
}
