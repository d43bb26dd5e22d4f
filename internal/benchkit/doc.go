// Package benchkit is the national benchmark harness behind `sigap bench
// national`: it builds a synthetic national data set (542 governments,
// 4.3 million employees, 1 million reports, 500,000 discipline cases,
// 1 million protection incidents at scale 1) deterministically from a
// seed, in bulk (COPY on PostgreSQL, multi-row INSERTs in large
// transactions on SQLite), with every sealed field sealed by a real key,
// and then runs the speed scenarios of the earlier issues against it
// through the store and the real HTTP handlers. Each figure is printed
// beside a ceiling measured in the same run and its target.
package benchkit

import _ "embed"

// Article is the news article the media scenario reads: five of the media
// package's golden articles joined, about 5.5 KB with their "Baca Juga"
// lines and footers, the input of its own benchmark.
//
//go:embed article.txt
var Article string
