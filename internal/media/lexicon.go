package media

import "sync"

// The category codes are those of report.DefaultCategories, so that a
// proposal lands on the desk's form as it is.
const (
	SexualViolence      = "sexual_violence"
	Infidelity          = "infidelity"
	AbuseOfAuthority    = "abuse_of_authority"
	Absence             = "absence"
	Gratification       = "gratification"
	PoliticalNeutrality = "political_neutrality"
	Other               = "other"
)

// cue is a word or phrase that points at a category, with its weight.
type cue struct {
	category string
	weight   float64
}

// categoryCues are the words that tell a kind of misconduct. Weights: 3
// names it outright, 2 says it strongly, 1 hints.
var categoryCues = []struct {
	text string
	cue
}{
	{"pelecehan seksual", cue{SexualViolence, 3}}, {"kekerasan seksual", cue{SexualViolence, 3}},
	{"tindak pidana kekerasan seksual", cue{SexualViolence, 3}}, {"tpks", cue{SexualViolence, 2}},
	{"pencabulan", cue{SexualViolence, 3}}, {"mencabuli", cue{SexualViolence, 3}}, {"dicabuli", cue{SexualViolence, 3}}, {"cabul", cue{SexualViolence, 2}},
	{"pemerkosaan", cue{SexualViolence, 3}}, {"diperkosa", cue{SexualViolence, 3}}, {"memperkosa", cue{SexualViolence, 3}}, {"rudapaksa", cue{SexualViolence, 3}},
	{"asusila", cue{SexualViolence, 2}}, {"seksual", cue{SexualViolence, 1}}, {"pelecehan", cue{SexualViolence, 1}},
	{"meraba", cue{SexualViolence, 1}}, {"diraba", cue{SexualViolence, 1}},

	{"perselingkuhan", cue{Infidelity, 3}}, {"selingkuh", cue{Infidelity, 3}}, {"berselingkuh", cue{Infidelity, 3}}, {"selingkuhan", cue{Infidelity, 3}},
	{"kumpul kebo", cue{Infidelity, 3}}, {"hidup bersama tanpa ikatan", cue{Infidelity, 3}}, {"tinggal serumah", cue{Infidelity, 2}},
	{"hidup bersama", cue{Infidelity, 1}}, {"nikah siri", cue{Infidelity, 2}}, {"kawin siri", cue{Infidelity, 2}},
	{"istri kedua", cue{Infidelity, 2}}, {"orang ketiga", cue{Infidelity, 1}}, {"perzinaan", cue{Infidelity, 3}}, {"perzinahan", cue{Infidelity, 3}},
	{"berzina", cue{Infidelity, 3}}, {"digerebek", cue{Infidelity, 1}}, {"penggerebekan", cue{Infidelity, 1}},

	{"penyalahgunaan wewenang", cue{AbuseOfAuthority, 3}}, {"menyalahgunakan wewenang", cue{AbuseOfAuthority, 3}},
	{"penyalahgunaan kewenangan", cue{AbuseOfAuthority, 3}}, {"menyalahgunakan kewenangan", cue{AbuseOfAuthority, 3}},
	{"penyalahgunaan jabatan", cue{AbuseOfAuthority, 3}}, {"menyalahgunakan jabatan", cue{AbuseOfAuthority, 3}},
	{"sewenang wenang", cue{AbuseOfAuthority, 2}}, {"penyalahgunaan", cue{AbuseOfAuthority, 1}}, {"intimidasi", cue{AbuseOfAuthority, 1}},

	{"bolos", cue{Absence, 3}}, {"membolos", cue{Absence, 3}}, {"mangkir", cue{Absence, 2}}, {"tidak masuk kerja", cue{Absence, 3}},
	{"tanpa keterangan", cue{Absence, 2}}, {"tidak pernah masuk", cue{Absence, 3}}, {"tidak masuk", cue{Absence, 1}},
	{"meninggalkan tugas", cue{Absence, 3}}, {"tidak hadir", cue{Absence, 1}}, {"absen", cue{Absence, 1}}, {"kehadiran", cue{Absence, 1}},

	{"gratifikasi", cue{Gratification, 3}}, {"pungli", cue{Gratification, 3}}, {"pungutan liar", cue{Gratification, 3}},
	{"suap", cue{Gratification, 3}}, {"menyuap", cue{Gratification, 3}}, {"disuap", cue{Gratification, 3}}, {"penyuapan", cue{Gratification, 3}},
	{"pemerasan", cue{Gratification, 3}}, {"memeras", cue{Gratification, 3}}, {"uang pelicin", cue{Gratification, 3}},
	{"operasi tangkap tangan", cue{Gratification, 2}}, {"pungutan", cue{Gratification, 2}}, {"amplop", cue{Gratification, 1}},
	{"menerima uang", cue{Gratification, 2}}, {"ott", cue{Gratification, 2}}, {"setoran", cue{Gratification, 1}},

	{"netralitas", cue{PoliticalNeutrality, 3}}, {"tidak netral", cue{PoliticalNeutrality, 3}}, {"politik praktis", cue{PoliticalNeutrality, 3}},
	{"kampanye", cue{PoliticalNeutrality, 2}}, {"berkampanye", cue{PoliticalNeutrality, 3}}, {"paslon", cue{PoliticalNeutrality, 1}},
	{"pasangan calon", cue{PoliticalNeutrality, 1}}, {"bawaslu", cue{PoliticalNeutrality, 1}}, {"caleg", cue{PoliticalNeutrality, 1}},
	{"pilkada", cue{PoliticalNeutrality, 1}}, {"pemilu", cue{PoliticalNeutrality, 1}},

	{"narkoba", cue{Other, 3}}, {"narkotika", cue{Other, 3}}, {"sabu", cue{Other, 2}}, {"judi online", cue{Other, 3}}, {"judol", cue{Other, 3}},
	{"kdrt", cue{Other, 3}}, {"kekerasan dalam rumah tangga", cue{Other, 3}}, {"penganiayaan", cue{Other, 2}}, {"penipuan", cue{Other, 2}},
	{"ijazah palsu", cue{Other, 3}},
}

// agencyDef is an agency the desk deals with.
type agencyDef struct {
	ID        string // stable key, e.g. "BKPSDM", "POLICE"
	Full      string // its full name, for when the article gives only the short one
	short     []string
	long      []string // full names as articles write them
	region    bool     // a regional office: "BKPSDM Kota Cilegon" names its government
	namesRest bool     // the words after it name the unit ("Polres Serang Kota")
}

var agencyDefs = []agencyDef{
	{ID: "BKPSDM", Full: "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", short: []string{"bkpsdm", "bkpsdmd", "bkppd", "bkpp"},
		long: []string{"badan kepegawaian dan pengembangan sumber daya manusia", "badan kepegawaian dan pengembangan sdm", "badan kepegawaian pendidikan dan pelatihan"}, region: true},
	{ID: "BKD", Full: "Badan Kepegawaian Daerah", short: []string{"bkd"}, long: []string{"badan kepegawaian daerah"}, region: true},
	{ID: "INSPEKTORAT", Full: "Inspektorat Daerah", short: []string{"inspektorat", "itda"}, long: []string{"inspektorat daerah"}, region: true},
	{ID: "DP3A", Full: "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", short: []string{"dp3a", "dppppa"},
		long: []string{"dinas pemberdayaan perempuan dan perlindungan anak"}, region: true},
	{ID: "DKBP3A", Full: "Dinas Keluarga Berencana, Pemberdayaan Perempuan dan Perlindungan Anak", short: []string{"dkbp3a"},
		long: []string{"dinas keluarga berencana pemberdayaan perempuan dan perlindungan anak"}, region: true},
	{ID: "DP3AKB", Full: "Dinas Pemberdayaan Perempuan, Perlindungan Anak dan Keluarga Berencana", short: []string{"dp3akb", "dp3ap2kb", "dp2kbp3a"},
		long: []string{"dinas pemberdayaan perempuan perlindungan anak dan keluarga berencana", "dinas pemberdayaan perempuan perlindungan anak pengendalian penduduk dan keluarga berencana"}, region: true},
	{ID: "UPTD_PPA", Full: "Unit Pelaksana Teknis Daerah Perlindungan Perempuan dan Anak", short: []string{"uptd ppa", "upt ppa", "uptd p2tp2a", "p2tp2a"},
		long: []string{"unit pelaksana teknis daerah perlindungan perempuan dan anak", "pusat pelayanan terpadu pemberdayaan perempuan dan anak"}, region: true},
	{ID: "KASN", Full: "Komisi Aparatur Sipil Negara", short: []string{"kasn"}, long: []string{"komisi aparatur sipil negara"}},
	{ID: "BKN", Full: "Badan Kepegawaian Negara", short: []string{"bkn"}, long: []string{"badan kepegawaian negara"}},
	{ID: "KEMENPANRB", Full: "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
		short: []string{"kemenpanrb", "kemenpan rb", "kemenpan", "kementerian panrb", "menpanrb", "menpan rb", "kempanrb"},
		long:  []string{"kementerian pendayagunaan aparatur negara dan reformasi birokrasi"}},
	{ID: "KEMENPPPA", Full: "Kementerian Pemberdayaan Perempuan dan Perlindungan Anak", short: []string{"kemenpppa", "kementerian pppa", "kemen pppa"},
		long: []string{"kementerian pemberdayaan perempuan dan perlindungan anak"}},
	{ID: "POLICE", Full: "Kepolisian Negara Republik Indonesia", short: []string{"polres", "polresta", "polrestabes", "polda", "polsek", "polri", "satreskrim", "polisi", "kepolisian", "kapolres", "kapolresta", "kapolsek", "unit ppa"},
		namesRest: true},
	{ID: "BAWASLU", Full: "Badan Pengawas Pemilihan Umum", short: []string{"bawaslu"}, long: []string{"badan pengawas pemilihan umum"}, region: true},
	{ID: "SATPOLPP", Full: "Satuan Polisi Pamong Praja", short: []string{"satpol pp"}, long: []string{"satuan polisi pamong praja"}, region: true},
	{ID: "KEJAKSAAN", Full: "Kejaksaan", short: []string{"kejari", "kejati", "kejaksaan negeri", "kejaksaan tinggi"}, namesRest: true},
	{ID: "KPK", Full: "Komisi Pemberantasan Korupsi", short: []string{"kpk"}, long: []string{"komisi pemberantasan korupsi"}},
	{ID: "OMBUDSMAN", Full: "Ombudsman Republik Indonesia", short: []string{"ombudsman"}, namesRest: true},
	{ID: "KOMNAS_PEREMPUAN", Full: "Komisi Nasional Anti Kekerasan terhadap Perempuan", short: []string{"komnas perempuan"}},
	{ID: "LPSK", Full: "Lembaga Perlindungan Saksi dan Korban", short: []string{"lpsk"}, long: []string{"lembaga perlindungan saksi dan korban"}},
	{ID: "SETDA", Full: "Sekretariat Daerah", short: []string{"setda", "sekretariat daerah"}, region: true},
	{ID: "DINKES", Full: "Dinas Kesehatan", short: []string{"dinkes"}, long: []string{"dinas kesehatan"}, region: true},
	{ID: "DINDIK", Full: "Dinas Pendidikan", short: []string{"dindik", "disdik", "dindikbud", "disdikbud"}, long: []string{"dinas pendidikan dan kebudayaan", "dinas pendidikan"}, region: true},
	{ID: "DINSOS", Full: "Dinas Sosial", short: []string{"dinsos"}, long: []string{"dinas sosial"}, region: true},
	{ID: "DPRD", Full: "Dewan Perwakilan Rakyat Daerah", short: []string{"dprd"}, long: []string{"dewan perwakilan rakyat daerah"}, region: true},
}

// civilServantTerms name a civil servant (the first group) or someone
// who is not one (the second).
var (
	asnTerms = []string{
		"asn", "pns", "pppk", "aparatur sipil negara", "pegawai negeri sipil", "pegawai negeri", "abdi negara",
		"pejabat", "pejabat eselon", "eselon", "kepala dinas", "kadis", "kepala badan", "kaban", "kepala bidang", "kabid",
		"kepala seksi", "kasi", "kepala sub bagian", "kasubag", "kasubbag", "sekretaris dinas", "sekdis", "camat", "sekcam", "lurah",
		"kepala sekolah", "kepsek", "guru pns", "kepala puskesmas", "kepala uptd", "pegawai pemkab", "pegawai pemkot", "pegawai dinas", "pegawai",
		"sekretaris daerah", "sekda", "asisten daerah", "kepala kantor", "kepala bagian", "kabag", "staf", "pejabat fungsional",
	}
	notASNTerms = []string{"kepala desa", "kades", "honorer", "tenaga honorer", "pegawai honorer", "guru honorer", "perangkat desa", "anggota dprd", "perangkat desa", "pengusaha", "warga"}
)

// accusedMarks point at the person accused: "oknum ASN", "terduga
// pelaku", "ASN berinisial AB".
var accusedMarks = []string{"oknum", "terduga", "diduga", "terlapor", "pelaku", "tersangka", "berinisial", "inisial", "dilaporkan", "dilakukan oleh", "dituding", "dituduh"}

// attributionVerbs end a quote with its speaker ("ujarnya", "kata Kepala").
var attributionVerbs = []string{
	"kata", "katanya", "ujar", "ujarnya", "ucap", "ucapnya", "tutur", "tuturnya", "terang", "terangnya", "jelas", "jelasnya",
	"ungkap", "ungkapnya", "imbuh", "imbuhnya", "tambah", "tambahnya", "sebut", "sebutnya", "tegas", "tegasnya", "papar", "paparnya",
	"beber", "bebernya", "kata dia", "ujar dia", "lanjut", "lanjutnya", "pungkas", "pungkasnya", "akui", "akunya", "mengaku",
	"menurut", "disampaikan", "dikatakan", "diungkapkan", "dijelaskan",
}

// speechVerbs follow a speaker named before what they say ("Kepala
// BKPSDM, Ahmad, mengatakan ...").
var speechVerbs = []string{"mengatakan", "menjelaskan", "menyampaikan", "mengungkapkan", "menegaskan", "menyebut", "menyebutkan", "membenarkan",
	"mengakui", "menuturkan", "menerangkan", "memaparkan", "mengaku", "menambahkan", "berkata", "menyatakan", "mengimbau", "meminta", "memastikan"}

// titleWords begin a title of office ("Kepala", "Kabid", "Inspektur").
var titleWords = []string{"kepala", "kabid", "kasi", "kasubag", "kasubbag", "kabag", "sekretaris", "sekda", "inspektur", "inspektur pembantu",
	"irban", "kapolres", "kapolresta", "kapolsek", "kasat", "kasatreskrim", "kanit", "ketua", "koordinator", "plt", "plh", "pj",
	"komisioner", "wakil", "bupati", "wali kota", "walikota", "wakil bupati", "wakil wali kota", "asisten", "camat", "direktur", "deputi", "analis",
	"anggota", "kabag", "kadis", "kaban", "sekretaris daerah", "penjabat", "pejabat", "psikolog", "pendamping", "kuasa hukum", "kasi humas"}

// countNouns are what figures count.
var countNouns = []string{"kasus", "laporan", "aduan", "pengaduan", "pelanggaran", "perkara", "orang", "asn", "pns", "pppk", "pegawai",
	"korban", "pelaku", "guru", "anak", "perempuan", "honorer", "pejabat", "siswa", "siswi", "murid", "warga", "kepala", "kades", "camat", "lurah", "terlapor", "kejadian", "peristiwa"}

// numberWords are numbers written out.
var numberWords = map[string]int{"nol": 0, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8,
	"sembilan": 9, "sepuluh": 10, "sebelas": 11, "seratus": 100, "seribu": 1000}

// months by their Indonesian names and abbreviations.
var months = map[string]int{"januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7, "agustus": 8,
	"september": 9, "oktober": 10, "november": 11, "nopember": 11, "desember": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
	"agu": 8, "agt": 8, "ags": 8, "sep": 9, "sept": 9, "okt": 10, "nov": 11, "des": 12}

var dayNames = map[string]bool{"senin": true, "selasa": true, "rabu": true, "kamis": true, "jumat": true, "jum": true, "sabtu": true, "minggu": true, "ahad": true}

// stopwords of Indonesian, to tell an Indonesian text from another.
var stopwords = map[string]bool{"yang": true, "dan": true, "di": true, "ini": true, "itu": true, "dengan": true, "untuk": true, "dari": true,
	"dalam": true, "tidak": true, "akan": true, "pada": true, "juga": true, "ke": true, "oleh": true, "sebagai": true, "adalah": true,
	"karena": true, "telah": true, "sudah": true, "kami": true, "kita": true, "mereka": true, "atau": true, "bahwa": true, "ada": true,
	"saat": true, "para": true, "tersebut": true, "kepada": true, "bisa": true, "masih": true, "agar": true, "kata": true, "ujarnya": true,
	"katanya": true, "seorang": true, "belum": true, "hingga": true, "sejak": true, "terhadap": true, "bagi": true, "namun": true}

// lexicon holds the tables built from the lists above, once per process.
type lexicon struct {
	categories *phrases[cue]
	agencies   *phrases[int] // index into agencyDefs; negative for a full name
	asn        *phrases[bool]
	marks      *phrases[string]
	attrib     *phrases[string]
	speech     *phrases[string]
	titles     *phrases[string]
	countNouns map[string]bool
	typos      *typos
}

var (
	lexOnce sync.Once
	lex     *lexicon
)

func theLexicon() *lexicon {
	lexOnce.Do(func() {
		l := &lexicon{categories: newPhrases[cue](), agencies: newPhrases[int](), asn: newPhrases[bool](), marks: newPhrases[string](),
			attrib: newPhrases[string](), speech: newPhrases[string](), titles: newPhrases[string](), countNouns: map[string]bool{}}
		for _, c := range categoryCues {
			l.categories.add(c.text, c.cue)
		}
		for i, a := range agencyDefs {
			for _, s := range a.short {
				l.agencies.add(s, i)
			}
			for _, s := range a.long {
				l.agencies.add(s, -i-1)
			}
		}
		for _, s := range asnTerms {
			l.asn.add(s, true)
		}
		for _, s := range notASNTerms {
			l.asn.add(s, false)
		}
		for _, s := range accusedMarks {
			l.marks.add(s, s)
		}
		for _, s := range attributionVerbs {
			l.attrib.add(s, s)
		}
		for _, s := range speechVerbs {
			l.speech.add(s, s)
		}
		for _, s := range titleWords {
			l.titles.add(s, s)
		}
		for _, s := range countNouns {
			l.countNouns[s] = true
		}
		var vocab []string
		vocab = l.categories.vocabulary(vocab)
		vocab = l.asn.vocabulary(vocab)
		vocab = l.marks.vocabulary(vocab)
		// Verbs of saying and titles are left out: "Serang" is one letter
		// from "terang", and names are not typos.
		vocab = append(vocab, countNouns...)
		vocab = append(vocab, "pemerintah", "kabupaten", "provinsi", "kecamatan", "kelurahan", "mengaku", "diantaranya", "terakhir")
		for m := range months {
			vocab = append(vocab, m)
		}
		l.typos = newTypos(vocab)
		lex = l
	})
	return lex
}
