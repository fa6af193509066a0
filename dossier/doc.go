// Package dossier is the consolidated side of E#L: dossier numbers, the
// requests a file makes of each dossier, and the rules that merge them into
// one view per dossier across partners and months.
//
// Numbers are {VERSION}{OPER}{INDEX} (ParseNumber, Number.String, Compare,
// Number.Next); a parse error is a *NumberError naming the part at fault.
//
// A Grouper turns a file's accepted lines into one Request per dossier
// number, adjacent or not: the DOSSIER values plus the appointments, events
// and financings the lines carry. View.Apply merges a request (spec §5): the
// most recent value wins (DateMaj, then file date, then line), an empty value
// never erases, every value keeps its provenance, items are deduplicated by
// key and merged field by field by the same rule, disagreements between
// partners are reported (on an item's field, naming the item), and applying
// a request twice changes nothing.
//
// NumberChecker checks numbers against the store during an import (spec §4)
// through the small Registry interface a store implements. View.Status tells
// what a dossier still misses to close each phase; View.Keys and Query are
// the identity search, which answers numbers, never names.
package dossier
