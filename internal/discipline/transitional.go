package discipline

// SanctionText is a sanction as a decision names it: its code, its names
// and the article that defines it.
type SanctionText struct {
	Code    Sanction
	NameID  string
	NameEN  string
	Article string
}

// pp53Sedang are the "sedang" sanctions of PP 53/2010 Ps 7(3) that PP 94
// Ps 42 imposes in place of the allowance cuts of Ps 8(3) until the PP on
// Gaji dan Tunjangan is in force. That S1, S2 and S3 map one to one onto
// them (said to be Perban 6/2022 Ps 62) is UNCONFIRMED; the mapping keeps
// the order of severity and the authority rules, which speak of S1–S3.
var pp53Sedang = map[Sanction]SanctionText{
	S1: {S1, "penundaan kenaikan gaji berkala selama 1 tahun", "postponed periodic salary increase for 1 year", "PP 53/2010 Ps 7(3)a jo. PP 94/2021 Ps 42"},
	S2: {S2, "penundaan kenaikan pangkat selama 1 tahun", "postponed promotion in rank for 1 year", "PP 53/2010 Ps 7(3)b jo. PP 94/2021 Ps 42"},
	S3: {S3, "penurunan pangkat setingkat lebih rendah selama 1 tahun", "demotion by one rank for 1 year", "PP 53/2010 Ps 7(3)c jo. PP 94/2021 Ps 42"},
}

// TextOf names s as a decision does: under PP 53/2010 when pp53 and s is
// "sedang", under PP 94/2021 Ps 8 otherwise.
func TextOf(s Sanction, pp53 bool) SanctionText {
	if t, ok := pp53Sedang[s]; ok && pp53 {
		return t
	}
	return SanctionText{Code: s, NameID: s.NameID(), NameEN: s.NameEN(), Article: s.Article()}
}

// Text names s as a decision taken now would: the government's choice on
// Ps 42.
func (p Procedure) Text(s Sanction) SanctionText { return TextOf(s, p.SedangPP53) }

// SanctionText names the case's sanction as it was imposed.
func (c *Case) SanctionText() SanctionText { return TextOf(c.Sanction, c.SedangPP53) }
