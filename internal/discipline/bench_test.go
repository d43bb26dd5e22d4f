package discipline

import "testing"

// BenchmarkAuthorities measures one authority question: a pelaksana in a
// Bidang of a Dinas with his Kasi, Kabid and Kepala Dinas above him, the
// unit check walking a map as a caller's would.
//
//	go test -run '^$' -bench Authorities -benchmem ./internal/discipline/
func BenchmarkAuthorities(b *testing.B) {
	table := DefaultTable()
	cases := []struct {
		name    string
		subject string
		chain   []string
	}{
		{"pelaksana", "stafKurikulum", []string{"kasiKurikulum", "kabidSD", "kadisdik"}},
		{"functional-far", "perawat", []string{"karu", "kapus", "kadinkes"}},
		{"vacancy", "stafKurikulum", []string{"vacant:kasiKurikulum", "vacant:kabidSD", "kadisdik"}},
		{"setda-long", "stafHukum", []string{"kasubagUU", "kabagHukum", "asisten", "sekda"}},
	}
	for _, bc := range cases {
		subject := post(b, bc.subject)
		chain := make([]Post, len(bc.chain))
		for i, n := range bc.chain {
			chain[i] = post(b, n)
		}
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = table.Authorities(subject, chain, within)
			}
		})
	}
}
