package demo

import (
	"context"
	"time"

	"sigap/internal/report"
	"sigap/internal/store"
	"sigap/internal/vault"
)

// demoReports are made-up reports for the demo desk: different kinds,
// channels and stages, so that the queue shows its clocks.
var demoReports = []struct {
	sub     report.Submission
	verify  bool
	ask     string // the desk's question to the reporter
	answer  string // the reporter's answer
	outcome report.OutcomeKind
}{
	{sub: report.Submission{Category: "sexual_violence", What: "(Contoh demo) Seorang kepala seksi berulang kali mengirim pesan bernada seksual kepada staf perempuan dan menyentuhnya di ruang arsip.",
		AccusedPosition: "Kepala Seksi", AccusedOffice: "Dinas Pendidikan dan Kebudayaan", ReporterIsVictim: "yes", Mode: "confidential",
		ReporterName: "Pelapor Contoh", ContactVictim: "yes", ShareIdentity: "no"},
		verify: true, ask: "Kapan kejadian terakhir, dan apakah ada yang melihat?", answer: "Jumat lalu, rekan satu ruangan melihatnya."},
	{sub: report.Submission{Category: "gratification", What: "(Contoh demo) Petugas kecamatan meminta uang untuk mempercepat surat keterangan usaha.",
		AccusedOffice: "Kecamatan", ReporterIsVictim: "yes", Mode: "anonymous"}},
	{sub: report.Submission{Category: "absence", What: "(Contoh demo) Seorang pegawai kelurahan hampir tidak pernah masuk kerja sejak awal bulan.",
		AccusedOffice: "Kelurahan", ReporterIsVictim: "no", Mode: "anonymous", Channel: "phone"}, verify: true, outcome: report.OpenDisciplineCase},
	{sub: report.Submission{Category: "political_neutrality", What: "(Contoh demo) Unggahan media sosial menunjukkan seorang ASN ikut berkampanye untuk calon kepala daerah.",
		AccusedName: "(nama dalam unggahan)", ReporterIsVictim: "no", Mode: "anonymous", Channel: "social_media", ChannelRef: "https://contoh.invalid/unggahan/123"}},
}

// seedReports gives a tenant without reports the demo reports, when the
// store can seal them.
func seedReports(ctx context.Context, s *store.Store, tenantID int64) (int, error) {
	if s.Keyring() == nil {
		return 0, nil
	}
	if _, total, err := s.Reports(ctx, tenantID, store.ReportQuery{Statuses: report.Statuses, Limit: 1}); err != nil || total > 0 {
		return 0, err
	}
	today := time.Now()
	for _, d := range demoReports {
		c, err := d.sub.Check(report.DefaultCategories, anyPlace{}, today)
		if err != nil {
			return 0, err
		}
		r, _, err := s.CreateReport(ctx, store.System, tenantID, c)
		if err != nil {
			return 0, err
		}
		if d.verify {
			if err := s.VerifyReport(ctx, store.System, tenantID, r.PublicID); err != nil {
				return 0, err
			}
		}
		if d.ask != "" {
			if _, err := s.AddReportMessage(ctx, store.System, tenantID, r.ID, report.FromDesk, false, vault.NewSecret(d.ask)); err != nil {
				return 0, err
			}
			if _, err := s.AddReportMessage(ctx, store.System, tenantID, r.ID, report.FromReporter, false, vault.NewSecret(d.answer)); err != nil {
				return 0, err
			}
		}
		if d.outcome != "" {
			if _, err := s.AddOutcome(ctx, store.System, tenantID, r.PublicID, report.Outcome{Kind: d.outcome}); err != nil {
				return 0, err
			}
		}
	}
	return len(demoReports), nil
}

// anyPlace accepts the demo reports, which name no district.
type anyPlace struct{}

func (anyPlace) IsDistrict(string) bool        { return false }
func (anyPlace) IsVillage(string, string) bool { return false }
