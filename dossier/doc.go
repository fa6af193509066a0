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
// Values are held as Fields: named values sorted by field name (a request's
// and a view's DOSSIER values, an item's values), the order they are hashed
// (Request.Hash) and stored in (View.MarshalStorage), so that neither sorts
// nor looks a name up; Fields.Get, Fields.Set, FieldsOf and Fields.Map move
// between them and maps, View.Value and Item.Value read one value; in JSON
// they are an object by field name, as a map's. A view shares its values
// with the request applied to it, and Apply never changes either in place.
//
// NumberChecker checks numbers against the store during an import (spec §4)
// through the small Registry interface a store implements; with a
// BulkRegistry it asks about a batch of lines' numbers at once, and with
// Prefetch it does so on a goroutine of its own while the lines are checked
// (Close waits for it). View.Status tells
// what a dossier still misses to close each phase; View.Keys and Query are
// the identity search, which answers numbers, never names.
package dossier
