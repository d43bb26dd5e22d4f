// Package retention decides when the details of a record may be destroyed.
//
// A record's retention is counted from the event that ends its legal life,
// never from its creation:
//
//   - a report the desk rejected or referred away, with no case opened from
//     it: the day it was closed;
//   - a discipline case: the day its decision became final and the sanction
//     was served (see DisciplineEnd), or the day it was dismissed or the
//     sanction revoked;
//   - a protection case: the day it was closed.
//
// Each government keeps each kind for a number of months it sets (Rules);
// the defaults are assumptions, since no archival schedule for these records
// has been confirmed (UNCONFIRMED in the legal notes), and a government sets
// its own from its Jadwal Retensi Arsip.
//
// Nothing is purged while anything keeps the record alive (Block): a linked
// case still open, an objection or appeal pending, a court matter, or a
// legal hold. The package has no I/O: the store gathers a Life and asks
// Decide.
package retention
