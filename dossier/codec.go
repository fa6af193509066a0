package dossier

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// The storage form of a view is a compact binary document, written and read
// without reflection: an import writes tens of thousands of them a second.
// Sources (partner, file, file date) are listed once and referred to by
// index; fields and item values are sorted by name, so that equal views
// encode to equal bytes and a re-import writes nothing.
//
//	format   byte (3)
//	applied  uvarint(n), n bytes: Applied.MarshalBinary (n = 0: zero)
//	owner    str
//	created  prov
//	sources  n, then n × (partner str, file str, fileDate uvarint)
//	fields   n, then n × (name nm, value str, prov)
//	items    n, then n × (group nm, key str, prov, values n × (name nm, value str, own))
//	str      uvarint length, bytes
//	nm       uvarint x: x odd is storageNames[x>>1]; x even, a str of x>>1 bytes
//	prov     source uvarint, line uvarint, date uvarint (AAAAMMJJ)
//	own      byte 0: the value has the item's prov; 1: its own prov follows
//
// An item's prov is the most recent of its values' provenances: the values
// a line brought share it, and take one byte instead of a prov. Names of
// the default matrice take one byte each instead of a dozen: a view takes
// half the room. Applied comes first, so that a store reads it without
// decoding the rest (StoredApplied).
//
// Format 2, written before items merged field by field, is format 3 with
// one prov per item, after its values (values n × (name nm, value str),
// prov), which each of its values takes; its Applied, a request merged by
// the former rules, is not read. Format 1 is format 2 without applied,
// every nm a str. Both are still read.
const (
	storageFormat   = 3
	storageFormatV2 = 2
	storageFormatV1 = 1
)

// storageNames are the names format 2 writes as an index: the default
// matrice's fields, then the groups. The list is part of the format: names
// may be appended, never changed, removed or moved.
var storageNames = [...]string{
	"NumeroDossier", "Phase", "DateDebutPhase", "DateFinPhase", "MotifFinPhase", "DateMaj", "Conseiller",
	"Civilite", "Nom", "Prenom", "NomNaissance", "DateNaissance", "Email", "Telephone", "Adresse",
	"CodePostal", "Commune", "QPV", "CodeQPV", "NiveauFormation", "SituationEntree", "BeneficiaireRSA",
	"RQTH", "Prescripteur", "DateAccueil", "ConsentementRGPD", "IntituleProjet", "SecteurActivite",
	"FormeJuridiqueEnvisagee", "CreationEntreprise", "DateCreation", "SIRET", "FormeJuridique", "CodeNAF",
	"CodePostalEntreprise", "EmploisCrees", "EntrepriseActive", "ChiffreAffaires", "ReferenceFinancement",
	"TypeFinancement", "MontantFinancement", "DateFinancement", "OrganismeFinanceur", "ReseauFinancement",
	"DateRDV", "TypeRDV", "ModaliteRDV", "DureeRDV", "DateEvenement", "TypeEvenement", "IntituleEvenement",
	"DureeEvenement",
	"DOSSIER", "RDV", "EVENEMENT", "FINANCEMENT",
}

// storageNameIndex maps storageNames to their index.
var storageNameIndex = sync.OnceValue(func() map[string]int {
	m := make(map[string]int, len(storageNames))
	for i, n := range storageNames {
		m[n] = i
	}
	return m
})

// sortedStorageNames are storageNames, sorted.
var sortedStorageNames = sync.OnceValue(func() []string {
	names := slices.Clone(storageNames[:])
	slices.Sort(names)
	return names
})

// nameRankTable finds the rank of a storage name among the sorted
// storageNames with one probe: a table indexed by a hash of the name's
// length and three of its bytes, checked by comparing the name.
type nameRankTable struct {
	mul   uint32
	names [nameRankSlots]string
	ranks [nameRankSlots]uint8
	index [64]uint8 // by rank: the name's index in storageNames
}

const nameRankSlots = 512

func (t *nameRankTable) slot(s string) uint32 {
	if len(s) == 0 {
		return 0
	}
	x := uint32(len(s)) | uint32(s[0])<<8 | uint32(s[len(s)-1])<<16 | uint32(s[len(s)/2])<<24
	return (x * t.mul) >> 23 // the top 9 bits: nameRankSlots
}

// rank returns the rank of s among the sorted storageNames, if it is one.
func (t *nameRankTable) rank(s string) (int, bool) {
	i := t.slot(s)
	if t.names[i] != s || s == "" {
		return 0, false
	}
	return int(t.ranks[i]), true
}

// nameRanks builds the table, trying odd multipliers until no two storage
// names share a slot; if none did (never, for the names there are), every
// name is unknown to it and appendName writes each in full.
var nameRanks = sync.OnceValue(func() *nameRankTable {
	sorted := sortedStorageNames()
	t := &nameRankTable{}
	for mul := uint32(0x9E3779B1); mul != 0x9E3779B1+2*4096; mul += 2 {
		*t = nameRankTable{mul: mul}
		ok := len(sorted) <= 64
		for r, n := range sorted {
			i := t.slot(n)
			if t.names[i] != "" {
				ok = false
				break
			}
			t.names[i], t.ranks[i] = n, uint8(r)
		}
		if ok {
			for r, n := range sorted {
				t.index[r] = uint8(storageNameIndex()[n])
			}
			return t
		}
	}
	return &nameRankTable{}
})

// ErrCorrupt is wrapped by the errors of UnmarshalStorage.
var ErrCorrupt = errors.New("corrupt stored view")

// sortedUnique returns f sorted by name, each name once (the first): a
// view's values are written so, but read what a store holds.
func sortedUnique(f Fields) Fields {
	if !slices.IsSortedFunc(f, compareNames) {
		slices.SortStableFunc(f, compareNames)
	}
	return slices.CompactFunc(f, func(a, b NamedValue) bool { return a.Name == b.Name })
}

// namesSorted reports whether f is sorted by name, as
// slices.IsSortedFunc(f, compareNames) does, without copying each value.
func namesSorted(f Fields) bool {
	for i := 1; i < len(f); i++ {
		if f[i].Name < f[i-1].Name {
			return false
		}
	}
	return true
}

// itemsSorted reports whether items are sorted by group and key, as
// slices.IsSortedFunc(items, compareItems) does, without copying each.
func itemsSorted(items []Item) bool {
	for i := 1; i < len(items); i++ {
		a, b := &items[i-1], &items[i]
		if b.Group < a.Group || b.Group == a.Group && b.Key < a.Key {
			return false
		}
	}
	return true
}

// compareNames orders named values by name.
func compareNames(a, b NamedValue) int { return strings.Compare(a.Name, b.Name) }

// MarshalStorage encodes the view for a store. Equal views give equal bytes.
func (v *View) MarshalStorage() ([]byte, error) {
	fields := v.Fields
	if !namesSorted(fields) {
		fields = slices.Clone(fields)
		slices.SortStableFunc(fields, compareNames)
	}
	size := 64 + len(v.Owner)
	for i := range fields {
		size += len(fields[i].Value.Value) + 12
	}
	items := v.Items
	if !itemsSorted(items) {
		items = slices.Clone(items)
		slices.SortFunc(items, compareItems)
	}
	// Each item's values sorted by name (a view's already are: they are
	// read in place), and its prov: the most recent of its values'.
	var encBuf [8]itemEncoding
	encs := encBuf[:0]
	for i := range items {
		it := &items[i]
		vals := it.Values
		if !namesSorted(vals) {
			vals = slices.Clone(vals)
			slices.SortStableFunc(vals, compareNames)
		}
		var p Provenance
		for k := range vals {
			val := &vals[k]
			if k == 0 || val.Value.Provenance.Compare(p) > 0 {
				p = val.Value.Provenance
			}
			size += len(val.Value.Value) + 5
		}
		size += len(it.Key) + 16
		encs = append(encs, itemEncoding{vals: vals, prov: p})
	}

	// Sources are numbered in the order they are written: created, fields
	// by name, items (each its prov, then its values' own, by name). A
	// view has a few: a list is faster than a map.
	var e encoder
	e.source(v.Created.Source)
	for i := range fields {
		e.source(fields[i].Value.Source)
	}
	for _, enc := range encs {
		e.source(enc.prov.Source)
		for k := range enc.vals {
			if val := &enc.vals[k]; val.Value.Provenance != enc.prov {
				e.source(val.Value.Source)
			}
		}
	}
	for _, s := range e.sources {
		size += len(s.Partner) + len(s.File) + 8
	}

	t := nameRanks()
	b := make([]byte, 0, size)
	b = append(b, storageFormat)
	var appliedBuf [len(RequestHash{}) + binary.MaxVarintLen64]byte
	applied := v.Applied.appendBinary(appliedBuf[:0])
	b = binary.AppendUvarint(b, uint64(len(applied)))
	b = append(b, applied...)
	b = appendStr(b, v.Owner)
	b = e.appendProv(b, v.Created)
	b = binary.AppendUvarint(b, uint64(len(e.sources)))
	for _, s := range e.sources {
		b = appendStr(b, s.Partner)
		b = appendStr(b, s.File)
		b = binary.AppendUvarint(b, uint64(s.FileDate))
	}
	b = binary.AppendUvarint(b, uint64(len(fields)))
	for i := range fields {
		f := &fields[i]
		b = t.appendName(b, f.Name)
		b = appendStr(b, f.Value.Value)
		b = e.appendProv(b, f.Value.Provenance)
	}
	b = binary.AppendUvarint(b, uint64(len(items)))
	for i, enc := range encs {
		it := &items[i]
		b = t.appendName(b, string(it.Group))
		b = appendStr(b, it.Key)
		b = e.appendProv(b, enc.prov)
		b = binary.AppendUvarint(b, uint64(len(enc.vals)))
		for k := range enc.vals {
			val := &enc.vals[k]
			b = t.appendName(b, val.Name)
			b = appendStr(b, val.Value.Value)
			if val.Value.Provenance == enc.prov {
				b = append(b, 0)
			} else {
				b = e.appendProv(append(b, 1), val.Value.Provenance)
			}
		}
	}
	return b, nil
}

// itemEncoding is what MarshalStorage learns of an item before writing
// it: its values sorted by name, and the prov written once.
type itemEncoding struct {
	vals []NamedValue
	prov Provenance
}

// encoder numbers a view's sources.
type encoder struct {
	sources []Source
}

// source returns the index of s, numbering it when new.
func (e *encoder) source(s Source) int {
	for k, x := range e.sources {
		if x == s {
			return k
		}
	}
	e.sources = append(e.sources, s)
	return len(e.sources) - 1
}

func (e *encoder) appendProv(b []byte, p Provenance) []byte {
	b = binary.AppendUvarint(b, uint64(e.source(p.Source)))
	b = binary.AppendUvarint(b, uint64(p.Line))
	return binary.AppendUvarint(b, uint64(p.Date))
}

func appendStr(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// appendName appends a name as format 2's nm, by the table's ranks.
func (t *nameRankTable) appendName(b []byte, name string) []byte {
	if r, ok := t.rank(name); ok {
		return binary.AppendUvarint(b, uint64(t.index[r])<<1|1)
	}
	b = binary.AppendUvarint(b, uint64(len(name))<<1)
	return append(b, name...)
}

// StoredAppliedBytes is how much of the start of a view's storage form
// StoredApplied needs: a store reads no more (format, length, a 16-byte
// hash and a count take at most 22 bytes).
const StoredAppliedBytes = 64

// StoredApplied returns the Applied recorded in a view's storage form, of
// which b need only hold the first StoredAppliedBytes; the zero Applied
// when the form has none (formats 1 and 2) or b is too short to tell.
//
// Only the current format's Applied is read: a view written before (format
// 2) records a request merged by the former rules, which applying again
// could change.
func StoredApplied(b []byte) Applied {
	if len(b) == 0 || b[0] != storageFormat {
		return Applied{}
	}
	n, k := binary.Uvarint(b[1:])
	if k <= 0 || uint64(len(b)-1-k) < n {
		return Applied{}
	}
	var a Applied
	if a.UnmarshalBinary(b[1+k:1+k+int(n)]) != nil {
		return Applied{}
	}
	return a
}

// decoder reads a stored view, remembering the first error. It reads a
// string holding the whole document, so that every value it returns is a
// part of that one string: one allocation per view.
type decoder struct {
	s       string
	format  byte
	err     error
	sources []Source
}

func (d *decoder) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: %s", ErrCorrupt, what)
	}
}

func (d *decoder) uvarint(max uint64, what string) uint64 {
	if d.err != nil {
		return 0
	}
	var x uint64
	for i := 0; i < len(d.s) && i < binary.MaxVarintLen64; i++ {
		c := d.s[i]
		if i == binary.MaxVarintLen64-1 && c > 1 {
			break // overflows 64 bits
		}
		x |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			if x > max {
				break
			}
			d.s = d.s[i+1:]
			return x
		}
	}
	d.fail(what)
	return 0
}

func (d *decoder) str(what string) string {
	n := d.uvarint(1<<32, what)
	if d.err == nil && n > uint64(len(d.s)) {
		d.fail(what + ": length past the end")
	}
	if d.err != nil {
		return ""
	}
	s := d.s[:n]
	d.s = d.s[n:]
	return s
}

// name reads a name: format 2's nm, format 1's str.
func (d *decoder) name(what string) string {
	if d.format == storageFormatV1 {
		return d.str(what)
	}
	x := d.uvarint(1<<33, what)
	if d.err != nil {
		return ""
	}
	if x&1 != 0 {
		if k := x >> 1; k < uint64(len(storageNames)) {
			return storageNames[k]
		}
		d.fail(what + ": unknown name")
		return ""
	}
	if n := x >> 1; n <= uint64(len(d.s)) {
		s := d.s[:n]
		d.s = d.s[n:]
		return s
	}
	d.fail(what + ": length past the end")
	return ""
}

// byte reads one byte.
func (d *decoder) byte(what string) byte {
	if d.err != nil {
		return 0
	}
	if len(d.s) == 0 {
		d.fail(what + ": past the end")
		return 0
	}
	c := d.s[0]
	d.s = d.s[1:]
	return c
}

func (d *decoder) date(what string) matrice.Date {
	n := d.uvarint(99991231, what)
	return matrice.Date(n)
}

func (d *decoder) prov(what string) Provenance {
	k := d.uvarint(uint64(len(d.sources)), what)
	if d.err == nil && int(k) >= len(d.sources) {
		d.fail(what + ": source out of range")
	}
	line := d.uvarint(1<<40, what)
	date := d.date(what)
	if d.err != nil {
		return Provenance{}
	}
	return Provenance{Source: d.sources[k], Line: int(line), Date: date}
}

// count reads a count of things each taking at least min bytes.
func (d *decoder) count(min int, what string) int {
	return int(d.uvarint(uint64(len(d.s)/min), what))
}

// UnmarshalStorage decodes a view encoded by MarshalStorage for number n,
// in the current format or one written before (the view then has no
// Applied). Its errors wrap ErrCorrupt.
func UnmarshalStorage(n Number, b []byte) (*View, error) {
	if len(b) == 0 || b[0] != storageFormat && b[0] != storageFormatV2 && b[0] != storageFormatV1 {
		return nil, fmt.Errorf("dossier %s: %w: unknown format", n, ErrCorrupt)
	}
	d := &decoder{s: string(b[1:]), format: b[0]}
	var applied Applied
	if d.format != storageFormatV1 {
		if err := applied.UnmarshalBinary([]byte(d.str("applied"))); err != nil {
			d.fail("applied")
		}
		if d.format != storageFormat {
			applied = Applied{} // merged by the former rules
		}
	}
	owner := d.str("owner")
	// created refers to sources, which come after it: read it raw.
	cs, cl, cd := d.uvarint(1<<20, "created"), d.uvarint(1<<40, "created"), d.date("created")
	ns := d.count(3, "sources")
	d.sources = make([]Source, 0, ns)
	for range ns {
		s := Source{Partner: d.str("source"), File: d.str("source")}
		s.FileDate = d.date("source")
		d.sources = append(d.sources, s)
	}
	if d.err == nil && int(cs) >= len(d.sources) {
		d.fail("created: source out of range")
	}
	if d.err != nil {
		return nil, fmt.Errorf("dossier %s: %w", n, d.err)
	}
	v := NewView(n, owner, Provenance{Source: d.sources[cs], Line: int(cl), Date: cd})
	v.Applied = applied
	nf := d.count(5, "fields")
	if d.err == nil && nf > 0 {
		v.Fields = make(Fields, 0, nf)
	}
	for range nf {
		name := d.name("field")
		value := d.str("field " + name)
		v.Fields = append(v.Fields, NamedValue{Name: name, Value: Value{Value: value, Provenance: d.prov("field " + name)}})
	}
	v.Fields = sortedUnique(v.Fields)
	ni := d.count(6, "items")
	if d.err == nil && ni > 0 {
		v.Items = make([]Item, 0, ni)
	}
	for range ni {
		it := Item{Group: matrice.Group(d.name("item")), Key: d.str("item")}
		if d.format != storageFormat {
			// One prov per item, after its values, which all take it.
			nv := d.count(2, "item values")
			it.Values = make(Fields, 0, nv)
			for range nv {
				k := d.name("item value")
				it.Values = append(it.Values, NamedValue{Name: k, Value: Value{Value: d.str("item value " + k)}})
			}
			p := d.prov("item " + it.Key)
			for k := range it.Values {
				it.Values[k].Value.Provenance = p
			}
		} else {
			p := d.prov("item " + it.Key)
			nv := d.count(3, "item values")
			it.Values = make(Fields, 0, nv)
			for range nv {
				k := d.name("item value")
				val := Value{Value: d.str("item value " + k), Provenance: p}
				switch d.byte("item value " + k) {
				case 0:
				case 1:
					val.Provenance = d.prov("item value " + k)
				default:
					d.fail("item value " + k + ": bad provenance flag")
				}
				it.Values = append(it.Values, NamedValue{Name: k, Value: val})
			}
		}
		it.Values = sortedUnique(it.Values)
		v.Items = append(v.Items, it)
	}
	if d.err == nil && len(d.s) > 0 {
		d.fail("trailing bytes")
	}
	if d.err != nil {
		return nil, fmt.Errorf("dossier %s: %w", n, d.err)
	}
	slices.SortFunc(v.Items, compareItems)
	return v, nil
}
