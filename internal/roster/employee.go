package roster

import "time"

// Employee is one civil servant on a tenant's roster, as last imported.
type Employee struct {
	ID           int64
	TenantID     int64
	NIP          string
	Name         string
	Status       Status
	Rank         string
	Position     string
	Kind         PositionKind
	Level        string // functional level, when Kind is fungsional
	Echelon      string
	UnitID       int64
	UnitName     string
	SuperiorID   int64 // zero: the head of the region is the direct superior
	State        State
	CreatedAt    time.Time
	UpdatedAt    time.Time
	SuperiorNIP  string // filled by the reads that join the superior
	SuperiorName string
}

// PositionRecord is one row of an employee's position history: what was
// true from RecordedAt until the next record.
type PositionRecord struct {
	ID           int64
	ImportID     int64
	Status       Status
	Rank         string
	Position     string
	Kind         PositionKind
	Level        string
	Echelon      string
	UnitID       int64
	UnitName     string
	SuperiorID   int64
	SuperiorName string
	State        State
	RecordedAt   time.Time
}

// SamePosition reports whether two records describe the same position, so
// that an import writes history only when something that matters to
// discipline changed.
func (e Employee) SamePosition(o Employee) bool {
	return e.Status == o.Status && e.Rank == o.Rank && e.Position == o.Position && e.Kind == o.Kind &&
		e.Level == o.Level && e.Echelon == o.Echelon && e.UnitID == o.UnitID && e.SuperiorID == o.SuperiorID && e.State == o.State
}

// Import is what one roster import did.
type Import struct {
	ID        int64
	TenantID  int64
	ActorID   int64
	Read      int // rows in the file that could be imported
	Added     int
	Changed   int
	Unchanged int
	Left      int // on the roster before, not in the file
	Skipped   int // rows not imported because of a problem (only when asked to import the valid rows)
	// LeftUnknown is set when a skipped row's NIP could not be read: who
	// left cannot then be told from who was skipped, so nobody is marked left.
	LeftUnknown bool
	CreatedAt   time.Time
}
