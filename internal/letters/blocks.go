package letters

// The placeholders of each letter's text blocks.
var (
	summonsPlaceholders  = []string{"nama", "nip", "jabatan", "unit_kerja", "nomor", "panggilan_ke", "tanggal_surat", "tanggal_pemeriksaan", "tempat"}
	decisionPlaceholders = []string{"nama", "nip", "jabatan", "unit_kerja", "nomor", "tanggal_keputusan", "hukuman", "hari_berlaku", "upaya_administratif", "batas_upaya"}
)

func summonsBlock(key, text string) Block {
	return Block{Key: key, Letter: "summons", Default: text, Placeholders: summonsPlaceholders}
}

func decisionBlock(key, text string) Block {
	return Block{Key: key, Letter: "decision", Default: text, Placeholders: decisionPlaceholders}
}

func init() {
	Register(
		summonsBlock("summons.opening",
			"Yang bertanda tangan di bawah ini:"),
		summonsBlock("summons.call",
			"untuk menghadap dan diperiksa secara tertutup pada:"),
		summonsBlock("summons.charges",
			"sehubungan dengan dugaan pelanggaran disiplin berikut:"),
		summonsBlock("summons.second",
			"Panggilan ini adalah panggilan kedua. Apabila Saudara tidak hadir tanpa alasan yang sah, hukuman disiplin dijatuhkan berdasarkan alat bukti dan keterangan yang ada tanpa dilakukan pemeriksaan (PP 94/2021 Pasal 26 ayat 4)."),
		summonsBlock("summons.closing",
			"Demikian surat panggilan ini disampaikan berdasarkan Peraturan Pemerintah Nomor 94 Tahun 2021 tentang Disiplin Pegawai Negeri Sipil Pasal 26, untuk dilaksanakan."),
		decisionBlock("decision.considering",
			"Menimbang: bahwa berdasarkan hasil pemeriksaan, Saudara {nama} NIP {nip} terbukti melakukan pelanggaran disiplin berikut:"),
		decisionBlock("decision.basis",
			"Mengingat: Peraturan Pemerintah Nomor 94 Tahun 2021 tentang Disiplin Pegawai Negeri Sipil."),
		decisionBlock("decision.effect",
			"Keputusan ini mulai berlaku pada {hari_berlaku} terhitung sejak tanggal diterima, kecuali apabila diajukan upaya administratif (PP 94/2021 Pasal 38). Salinan keputusan ini disampaikan kepada yang bersangkutan."),
		decisionBlock("decision.remedy",
			"Terhadap keputusan ini Saudara dapat mengajukan {upaya_administratif} secara tertulis paling lambat {batas_upaya} sejak keputusan ini diterima (PP 79/2021)."),
	)
}
