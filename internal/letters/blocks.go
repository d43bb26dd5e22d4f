package letters

// The placeholders of each letter's text blocks.
var (
	summonsPlaceholders  = []string{"nama", "nip", "jabatan", "unit_kerja", "nomor", "panggilan_ke", "tanggal_surat", "tanggal_pemeriksaan", "tempat"}
	decisionPlaceholders = []string{"nama", "nip", "jabatan", "unit_kerja", "nomor", "tanggal_keputusan", "hukuman", "hari_berlaku", "upaya_administratif", "batas_upaya"}
)

func init() {
	Register(
		Block{Key: "summons.opening", Letter: "summons", Placeholders: summonsPlaceholders,
			Default: "Yang bertanda tangan di bawah ini:"},
		Block{Key: "summons.call", Letter: "summons", Placeholders: summonsPlaceholders,
			Default: "untuk menghadap dan diperiksa secara tertutup pada:"},
		Block{Key: "summons.charges", Letter: "summons", Placeholders: summonsPlaceholders,
			Default: "sehubungan dengan dugaan pelanggaran disiplin berikut:"},
		Block{Key: "summons.second", Letter: "summons", Placeholders: summonsPlaceholders,
			Default: "Panggilan ini adalah panggilan kedua. Apabila Saudara tidak hadir tanpa alasan yang sah, hukuman disiplin dijatuhkan berdasarkan alat bukti dan keterangan yang ada tanpa dilakukan pemeriksaan (PP 94/2021 Pasal 26 ayat 4)."},
		Block{Key: "summons.closing", Letter: "summons", Placeholders: summonsPlaceholders,
			Default: "Demikian surat panggilan ini disampaikan berdasarkan Peraturan Pemerintah Nomor 94 Tahun 2021 tentang Disiplin Pegawai Negeri Sipil Pasal 26, untuk dilaksanakan."},
		Block{Key: "decision.considering", Letter: "decision", Placeholders: decisionPlaceholders,
			Default: "Menimbang: bahwa berdasarkan hasil pemeriksaan, Saudara {nama} NIP {nip} terbukti melakukan pelanggaran disiplin berikut:"},
		Block{Key: "decision.basis", Letter: "decision", Placeholders: decisionPlaceholders,
			Default: "Mengingat: Peraturan Pemerintah Nomor 94 Tahun 2021 tentang Disiplin Pegawai Negeri Sipil."},
		Block{Key: "decision.effect", Letter: "decision", Placeholders: decisionPlaceholders,
			Default: "Keputusan ini mulai berlaku pada {hari_berlaku} terhitung sejak tanggal diterima, kecuali apabila diajukan upaya administratif (PP 94/2021 Pasal 38). Salinan keputusan ini disampaikan kepada yang bersangkutan."},
		Block{Key: "decision.remedy", Letter: "decision", Placeholders: decisionPlaceholders,
			Default: "Terhadap keputusan ini Saudara dapat mengajukan {upaya_administratif} secara tertulis paling lambat {batas_upaya} sejak keputusan ini diterima (PP 79/2021)."},
	)
}
