// Package report holds the rules of a report of misconduct: what a
// reporter may send, how they choose to be known, the receipt they keep,
// and the words a report's status is told in. It knows nothing of storage
// or of the web.
package report

import (
	"slices"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/vault"
)

// Mode is how the reporter wants to be known.
type Mode string

// The modes of a report.
const (
	// Anonymous: no name is asked for, and nothing about the reporter is kept.
	Anonymous Mode = "anonymous"
	// Confidential: the identity is sealed (store.CreateSealedIdentity) and
	// opened only through a custodian's approval.
	Confidential Mode = "confidential"
	// Named: the identity is sealed too, but the reporter agrees that the
	// desk may know it.
	Named Mode = "named"
)

// Modes lists the modes in the order the form offers them.
var Modes = []Mode{Anonymous, Confidential, Named}

// Valid reports whether m is a known mode.
func (m Mode) Valid() bool { return slices.Contains(Modes, m) }

// Channel is how a report reached the government.
type Channel string

// The channels. Web is the public form; the others are recorded by the
// intake desk.
const (
	Web         Channel = "web"
	WalkIn      Channel = "walk_in"
	Phone       Channel = "phone"
	Letter      Channel = "letter"
	Lapor       Channel = "lapor" // SP4N-LAPOR!, with its tracking number
	SocialMedia Channel = "social_media"
	Press       Channel = "press"
)

// Channels lists every channel; IntakeChannels those the desk records.
var (
	Channels       = []Channel{Web, WalkIn, Phone, Letter, Lapor, SocialMedia, Press}
	IntakeChannels = Channels[1:]
)

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool { return slices.Contains(Channels, c) }

// Status is where a report stands, as the desk and the reporter see it.
type Status string

// The statuses of a report.
const (
	// New: received, nobody at the desk has verified it yet.
	New Status = "new"
	// InReview: the desk verified it and is working on it.
	InReview Status = "in_review"
	// Closed: the desk decided what follows; the outcomes say what.
	Closed Status = "closed"
)

// Statuses lists the statuses in their order.
var Statuses = []Status{New, InReview, Closed}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// Report is a report as the desk handles it. Its sensitive contents are
// sealed in storage and come back as secrets, which never print.
type Report struct {
	ID        int64
	Version   int64  // moves on with every change of the desk (optimistic locking)
	PublicID  string // in addresses and bound into the ciphertexts
	TenantID  int64
	Channel   Channel
	Category  string
	Status    Status
	Mode      Mode
	CreatedAt time.Time
	UpdatedAt time.Time
	// CreatedBy is the intake officer who recorded it, 0 for the public form.
	CreatedBy int64
	// IdentityID is the sealed identity of a confidential or named reporter.
	IdentityID string
	// EmployeeID is the accused as the desk linked them to the roster.
	EmployeeID int64
	// DuplicateOf is the report this one was merged into, if any.
	DuplicateOf string
	// The public-complaint clocks: zero until it happened.
	VerifiedAt   time.Time
	FollowedUpAt time.Time
	ClosedAt     time.Time
	Content
}

// Content is what the reporter said.
type Content struct {
	What         vault.Secret
	OccurredOn   time.Time // zero when not known
	DistrictCode string    // kecamatan, from the tenant's regions; may be empty
	VillageCode  string    // desa or kelurahan within the district; may be empty
	Place        vault.Secret
	// The person reported, as the reporter named them (free text).
	AccusedName      vault.Secret
	AccusedOffice    vault.Secret
	AccusedPosition  vault.Secret
	ReporterIsVictim bool
	Witnesses        vault.Secret
	// Consents, asked plainly; both false for an anonymous report.
	ContactVictim bool // the protection office may contact the victim
	ShareIdentity bool // the identity may be shared with the examiners
	// ChannelRef is the SP4N-LAPOR! tracking number or the link to the
	// post or article, for reports the desk records.
	ChannelRef vault.Secret
}

// Author says who wrote a message on a report.
type Author string

// The authors of messages.
const (
	FromReporter Author = "reporter"
	FromDesk     Author = "desk"
)

// Message is one message between the reporter and the desk, or an
// internal note of the desk.
type Message struct {
	ID         int64
	PublicID   string
	Author     Author
	AuthorID   int64  // the desk member; 0 in the reporter's view
	AuthorName string // likewise
	Internal   bool
	Body       vault.Secret
	CreatedAt  time.Time
}

// MaxMessage is the longest message, in characters.
const MaxMessage = 5000

// CleanMessage checks a message's text as typed.
func CleanMessage(s string) (vault.Secret, error) {
	v, key := cleanText(s, MaxMessage)
	if key == "" && v == "" {
		key = "report.field.required"
	}
	if key != "" {
		return vault.Secret{}, apperr.InvalidField("body", key, map[string]any{"Max": MaxMessage})
	}
	return vault.NewSecret(v), nil
}

// Attachment is a file sent with a report or a message, kept encrypted in
// the file store (FileID) after the checks of package evidence.
type Attachment struct {
	ID          int64
	PublicID    string
	FileID      string
	MessageID   int64 // 0 when sent with the report itself
	Name        vault.Secret
	ContentType string
	Size        int64
	Flagged     bool // kept as sent (a PDF): open with care
	Scanned     bool // a virus scanner passed it
	CreatedAt   time.Time
}
