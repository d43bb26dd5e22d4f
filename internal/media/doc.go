// Package media proposes a draft report from an Indonesian news article or
// the text of a social-media post: the government concerned, the agencies
// named, the kind of misconduct, who is accused, places of the government's
// region, dates, figures and the people quoted, each with the spans of the
// cleaned text it was read from and a confidence.
//
// It works offline on rules and lexicons and the Kemendagri region table;
// it does no I/O of its own and keeps no state between calls beyond the
// indexes built once. What it is not sure of it leaves empty, for the
// officer to fill.
package media
