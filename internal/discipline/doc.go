// Package discipline holds the rules of PP 94/2021 tentang Disiplin PNS that
// the case system applies: the sanction catalogue (Pasal 8) and who may
// impose which sanction (Pasal 16–25).
//
// The authority rules are data: authority_kabkota.json, embedded as the
// default for a Kabupaten/Kota government, each rule with its article and
// source. A tenant switches the rules marked unconfirmed on or off with
// Table.With, or supplies a whole table of its own through ParseTable.
// Table.Authorities applies a table to one subject and his chain of
// superiors; it is pure and allocates only its result.
//
// PPPK. PP 94 does not by its own terms govern PPPK (it extends to CPNS
// only, Ps 43); PP 49/2018 Ps 52 leaves PPPK discipline to each agency's
// PPK and the contract, and its heaviest sanction is termination of the
// contract, not B3. The default table therefore covers PNS and CPNS, and
// for a PPPK subject Authorities answers NotCovered for every sanction,
// citing PP 49/2018. A region whose PPPK rules adopt PP 94 says so in its
// own table (scope.statuses), where B3 then reads as termination of the
// contract.
//
// Sources: shared/domain/regulations.md §1.3, §1.6, §4 and §12; the text of
// PP 94/2021 as OCR'd in mblonyox/data-peraturan. Not legal advice: a jurist
// at BKPSDM / Bagian Hukum reviews the table before a region relies on it.
package discipline
