// Package pledge holds the rules of integrity pledges (Pakta Integritas,
// PermenPANRB 49/2011): the hash that ties a signature to the exact text
// signed, when a signature is still current, and the example wording a
// government starts from. No I/O.
package pledge

import (
	"crypto/sha256"
	"encoding/hex"
	"time"

	"sigap/internal/calendar"
)

// MaxRenewMonths bounds the renewal period a government may set.
const MaxRenewMonths = 120

// Hash is the hex SHA-256 of a version's exact text, as shown to the
// signer.
func Hash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// Cutoff is the oldest moment a signature may carry to count as current
// at now: zero when signatures are renewed only with a new version.
func Cutoff(now time.Time, renewMonths int) time.Time {
	if renewMonths <= 0 {
		return time.Time{}
	}
	return now.AddDate(0, -renewMonths, 0)
}

// Current reports whether a signature made at signedAt still counts at
// now under the renewal period.
func Current(signedAt, now time.Time, renewMonths int) bool {
	return !signedAt.Before(Cutoff(now, renewMonths))
}

// Statement is what the signer ticks, in the language they read it in;
// the text kept with the signature is the Indonesian one.
const Statement = "Saya telah membaca seluruh isi Pakta Integritas ini, memahaminya, dan dengan sadar serta tanpa paksaan menyatakan akan mematuhinya."

// DefaultTitle and DefaultText are an example wording in the spirit of
// PermenPANRB 49/2011, to be replaced by the government's own.
const DefaultTitle = "Pakta Integritas (contoh — ganti dengan naskah pemerintah daerah)"

// DefaultText is the example body.
const DefaultText = `CONTOH NASKAH — harap diganti dengan naskah resmi pemerintah daerah.

PAKTA INTEGRITAS

Dalam rangka mewujudkan pemerintahan yang bersih dan bebas dari korupsi, kolusi, dan nepotisme, saya yang menandatangani pakta ini, sebagai Aparatur Sipil Negara, dengan ini menyatakan bahwa saya:

1. berperan secara proaktif dalam upaya pencegahan dan pemberantasan korupsi, kolusi, dan nepotisme, serta tidak melibatkan diri dalam perbuatan tercela;
2. tidak meminta atau menerima pemberian secara langsung maupun tidak langsung berupa suap, hadiah, bantuan, atau bentuk lainnya yang tidak sesuai dengan ketentuan yang berlaku (gratifikasi);
3. bersikap transparan, jujur, objektif, dan akuntabel dalam melaksanakan tugas;
4. menghindari pertentangan kepentingan (conflict of interest) dalam melaksanakan tugas;
5. memberi contoh dalam kepatuhan terhadap peraturan perundang-undangan dalam melaksanakan tugas, terutama kepada karyawan yang berada di bawah pengawasan saya dan sesama pegawai di lingkungan kerja saya secara konsisten;
6. akan menyampaikan informasi penyimpangan integritas di lingkungan kerja saya serta turut menjaga kerahasiaan saksi atas pelanggaran peraturan yang dilaporkannya;
7. bila saya melanggar hal-hal tersebut di atas, saya siap menghadapi konsekuensinya sesuai dengan ketentuan peraturan perundang-undangan.`

// DefaultRemindDays is how many days before a campaign's due date, and
// before a signature's renewal lapses, employees are reminded, until the
// government sets its own; MaxRemindDays bounds the setting. 0 turns the
// reminders off.
const (
	DefaultRemindDays = 7
	MaxRemindDays     = 90
)

// DueSoon reports whether today is within days before a campaign's due
// date (the due date itself included, a past one not): the window in which
// its reminder goes out. days 0 means never.
func DueSoon(today, due calendar.Date, days int) bool {
	return days > 0 && !today.After(due) && today.DaysUntil(due) <= days
}

// LapseCutoff is the oldest moment a signature may carry to still count
// days from now: a signature current now but older than this lapses
// within the reminder window. Zero when signatures are renewed only with
// a new version.
func LapseCutoff(now time.Time, renewMonths, days int) time.Time {
	return Cutoff(now.AddDate(0, 0, days), renewMonths)
}
