// Package discipline holds the rules of PP 94/2021 tentang Disiplin PNS that
// the case system applies: the sanction catalogue (Pasal 8), the duties and
// prohibitions with the level each calls for (Pasal 3–15, and Pasal 41 for
// the marriage rules of PP 10/1983 jo PP 45/1990), one sanction for several
// violations and a heavier one for a repeat (Pasal 35), and who may impose
// which sanction (Pasal 16–25).
//
// The catalogue of violations is data too: violations_pp94.json, each duty
// or prohibition with its article and how its level is found (by where the
// harm falls, always one level, by the accused's position, by days absent,
// or left to the examiner where the statute names none). Catalogue.Assess
// applies it to one charge.
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
