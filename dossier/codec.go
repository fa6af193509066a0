package dossier

import (
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// The storage form of a view is a compact binary document, written and read
// without reflection: an import writes tens of thousands of them a second.
// Sources (partner, file, file date) are listed once and referred to by
// index; fields and item values are sorted by name, so that equal views
// encode to equal bytes and a re-import writes nothing.
//
//	format   byte (1)
//	owner    str
//	created  prov
//	sources  n, then n × (partner str, file str, fileDate uvarint)
//	fields   n, then n × (name str, value str, prov)
//	items    n, then n × (group str, key str, values n × (name str, value str), prov)
//	str      uvarint length, bytes
//	prov     source uvarint, line uvarint, date uvarint (AAAAMMJJ)
const storageFormat = 1

// ErrCorrupt is wrapped by the errors of UnmarshalStorage.
var ErrCorrupt = errors.New("corrupt stored view")

// MarshalStorage encodes the view for a store. Equal views give equal bytes.
func (v *View) MarshalStorage() ([]byte, error) {
	var sources []Source
	index := map[Source]int{}
	sourceOf := func(s Source) int {
		k, ok := index[s]
		if !ok {
			k = len(sources)
			index[s] = k
			sources = append(sources, s)
		}
		return k
	}
	// Sources are numbered in a fixed order: created, fields by name, items.
	sourceOf(v.Created.Source)
	names := slices.Sorted(maps.Keys(v.Fields))
	for _, name := range names {
		sourceOf(v.Fields[name].Source)
	}
	for _, it := range v.Items {
		sourceOf(it.Source)
	}

	size := 64 + 32*len(v.Fields) + 128*len(v.Items)
	b := make([]byte, 0, size)
	b = append(b, storageFormat)
	b = appendStr(b, v.Owner)
	b = appendProv(b, v.Created, index)
	b = binary.AppendUvarint(b, uint64(len(sources)))
	for _, s := range sources {
		b = appendStr(b, s.Partner)
		b = appendStr(b, s.File)
		b = binary.AppendUvarint(b, uint64(s.FileDate))
	}
	b = binary.AppendUvarint(b, uint64(len(names)))
	for _, name := range names {
		f := v.Fields[name]
		b = appendStr(b, name)
		b = appendStr(b, f.Value)
		b = appendProv(b, f.Provenance, index)
	}
	items := slices.Clone(v.Items)
	slices.SortFunc(items, compareItems)
	b = binary.AppendUvarint(b, uint64(len(items)))
	for _, it := range items {
		b = appendStr(b, string(it.Group))
		b = appendStr(b, it.Key)
		keys := slices.Sorted(maps.Keys(it.Values))
		b = binary.AppendUvarint(b, uint64(len(keys)))
		for _, k := range keys {
			b = appendStr(b, k)
			b = appendStr(b, it.Values[k])
		}
		b = appendProv(b, it.Provenance, index)
	}
	return b, nil
}

func appendStr(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendProv(b []byte, p Provenance, index map[Source]int) []byte {
	b = binary.AppendUvarint(b, uint64(index[p.Source]))
	b = binary.AppendUvarint(b, uint64(p.Line))
	return binary.AppendUvarint(b, uint64(p.Date))
}

// decoder reads a stored view, remembering the first error.
type decoder struct {
	b       []byte
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
	n, k := binary.Uvarint(d.b)
	if k <= 0 || n > max {
		d.fail(what)
		return 0
	}
	d.b = d.b[k:]
	return n
}

func (d *decoder) str(what string) string {
	n := d.uvarint(1<<32, what)
	if d.err == nil && n > uint64(len(d.b)) {
		d.fail(what + ": length past the end")
	}
	if d.err != nil {
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
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
	return int(d.uvarint(uint64(len(d.b)/min), what))
}

// UnmarshalStorage decodes a view encoded by MarshalStorage for number n.
// Its errors wrap ErrCorrupt.
func UnmarshalStorage(n Number, b []byte) (*View, error) {
	if len(b) == 0 || b[0] != storageFormat {
		return nil, fmt.Errorf("dossier %s: %w: unknown format", n, ErrCorrupt)
	}
	d := &decoder{b: b[1:]}
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
	nf := d.count(5, "fields")
	for range nf {
		name := d.str("field")
		value := d.str("field " + name)
		v.Fields[name] = Value{Value: value, Provenance: d.prov("field " + name)}
	}
	ni := d.count(6, "items")
	for range ni {
		it := Item{Group: matrice.Group(d.str("item")), Key: d.str("item")}
		nv := d.count(2, "item values")
		it.Values = make(map[string]string, nv)
		for range nv {
			k := d.str("item value")
			it.Values[k] = d.str("item value " + k)
		}
		it.Provenance = d.prov("item " + it.Key)
		v.Items = append(v.Items, it)
	}
	if d.err == nil && len(d.b) > 0 {
		d.fail("trailing bytes")
	}
	if d.err != nil {
		return nil, fmt.Errorf("dossier %s: %w", n, d.err)
	}
	slices.SortFunc(v.Items, compareItems)
	return v, nil
}
