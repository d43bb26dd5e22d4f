package discipline

// Settings are the choices a government makes where the law leaves it a
// choice or where the reading of the law is not settled. Each is shown
// with its source (SettingSources); the procedure a government applies is
// Settings.Procedure.
type Settings struct {
	NumberFormat  string // how its cases are numbered (NumberFormat)
	EffectInHK    bool   // Ps 38(1): the 15th working day after receipt (true) or the 15th day
	SummonsNotice bool   // Ps 26(2): a minimum notice (true) or a latest examination day
	SedangPP53    bool   // Ps 42: the "sedang" sanctions of PP 53/2010 Ps 7(3) apply (true)
	RemindDays    int    // the deadline watch: reminders this many working days ahead
	InactionDays  int    // the deadline watch: a told superior summons within this many working days (Ps 28)
}

// Limits of the watch's settings: a reminder at most two weeks ahead, a
// superior's window of one to thirty working days.
const (
	MaxRemindDays   = 10
	MaxInactionDays = 30
)

// DefaultSettings are what a government applies until it chooses: the
// readings of the legal notes.
func DefaultSettings() Settings {
	return Settings{NumberFormat: DefaultNumberFormat, EffectInHK: DefaultProcedure.EffectInHK,
		SummonsNotice: DefaultProcedure.SummonsNotice, SedangPP53: DefaultProcedure.SedangPP53,
		RemindDays: DefaultWatch.RemindDays, InactionDays: DefaultWatch.InactionDays}
}

// Watch is the deadline watch these settings keep.
func (s Settings) Watch() Watch { return Watch{RemindDays: s.RemindDays, InactionDays: s.InactionDays} }

// Procedure is the procedure these settings count by.
func (s Settings) Procedure() Procedure {
	p := DefaultProcedure
	p.EffectInHK, p.SummonsNotice, p.SedangPP53 = s.EffectInHK, s.SummonsNotice, s.SedangPP53
	return p
}

// SettingSource is where a setting comes from: the article it reads and
// whether that reading is confirmed.
type SettingSource struct {
	Name        string // number_format, effect_in_hk, summons_notice, sedang_pp53
	Article     string
	Unconfirmed bool
}

// SettingSources lists the settings in the order the settings page shows
// them.
var SettingSources = []SettingSource{
	{Name: "number_format", Article: "Tata naskah dinas pemerintah daerah"},
	{Name: "effect_in_hk", Article: "PP 94/2021 Ps 38(1); Perban BKN 6/2022 (templat keputusan)", Unconfirmed: true},
	{Name: "summons_notice", Article: "PP 94/2021 Ps 26(2)", Unconfirmed: true},
	{Name: "sedang_pp53", Article: "PP 94/2021 Ps 42; PP 53/2010 Ps 7(3)", Unconfirmed: true},
	{Name: "watch", Article: "PP 94/2021 Ps 26(1), 28; jumlah hari ditetapkan pemerintah daerah"},
}
