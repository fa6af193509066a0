package dossier

import (
	"bytes"
	"cmp"
	"encoding/json"
	"slices"
	"strings"

	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// Source is where requests come from: a partner's file.
type Source struct {
	Partner  string       `json:"partner"`
	File     string       `json:"file"`
	FileDate matrice.Date `json:"fileDate"`
}

// Provenance locates a value: the file and line it came from, and the line's
// DateMaj. Consolidation orders values by DateMaj, then file date, then line.
type Provenance struct {
	Source
	Line int          `json:"line"`
	Date matrice.Date `json:"date"` // the line's DateMaj
}

// Compare orders provenances by recency: DateMaj, then file date, then line;
// partner and file break the remaining ties so that the order is total.
func (p Provenance) Compare(q Provenance) int {
	switch {
	case p.Date != q.Date:
		return cmp.Compare(int(p.Date), int(q.Date))
	case p.FileDate != q.FileDate:
		return cmp.Compare(int(p.FileDate), int(q.FileDate))
	case p.Line != q.Line:
		return cmp.Compare(p.Line, q.Line)
	case p.Partner != q.Partner:
		return strings.Compare(p.Partner, q.Partner)
	}
	return strings.Compare(p.File, q.File)
}

// Value is a field's value with its provenance.
type Value struct {
	Value string `json:"value"`
	Provenance
}

// Item is one appointment (RDV), collective event (EVENEMENT) or financing
// (FINANCEMENT): the non-empty values of its group's fields, each with its
// provenance, as for a dossier's fields. Key identifies it within its
// dossier: its date and type, or its reference for a financing. Lines that
// carry one item (its key) each bring some of its values: they merge field
// by field (View.Apply).
type Item struct {
	Group matrice.Group `json:"group"`
	Key   string        `json:"key"`
	// Values are sorted by field name; in JSON, an object by field name.
	Values Fields `json:"values"`
}

// Value returns the item's value of a field ("" when none).
func (it *Item) Value(field string) string {
	v, _ := it.Values.Get(field)
	return v.Value
}

// Request is what one file asks of one dossier: the DOSSIER values of its
// lines and the items they carry. Lines of one dossier agree on DOSSIER
// values (the importer rejects those that do not), so each field has one
// value; its provenance is the earliest line that carried it (by DateMaj,
// then line).
type Request struct {
	Number Number
	Source Source
	// Line is the first line of the dossier in the file.
	Line int
	// Fields are the non-empty DOSSIER values, sorted by field name (the
	// number itself excluded). Build them from a map with FieldsOf. A
	// Grouper's request holds them in a compact form instead, until Apply
	// or Values needs them (Hash does not): read them with Values.
	Fields Fields
	// Items are the items of the lines, one per key, in the order the
	// lines brought them: the lines carrying one key merge field by
	// field, the most recent non-empty value winning (as View.Apply
	// merges).
	Items []Item

	held   int         // the memory its Grouper counts for it
	hash   RequestHash // see Hash
	hashed bool
	key    string  // a Grouper's request: the number as the file wrote it
	layout *Layout // a Grouper's request: its DOSSIER values are in slots, Fields nil
	slots  []slot  // sorted by rank
}

// slot is a DOSSIER value as a Grouper holds it: the field's rank in its
// layout (Layout.fields, sorted by name), the value, and the line and
// DateMaj of its provenance, whose source is the request's. A third of a
// NamedValue's size, one pointer instead of four.
type slot struct {
	value string
	line  int
	date  matrice.Date
	rank  uint16
}

// Values returns the request's DOSSIER values: Fields, made from the
// Grouper's compact form the first time.
func (r *Request) Values() Fields {
	if r.layout != nil {
		l := r.layout
		f := make(Fields, len(r.slots))
		for k, sl := range r.slots {
			f[k] = NamedValue{Name: l.m.FieldName(l.fields[sl.rank]), Value: Value{Value: sl.value,
				Provenance: Provenance{Source: r.Source, Line: sl.line, Date: sl.date}}}
		}
		r.Fields, r.layout, r.slots = f, nil, nil
	}
	return r.Fields
}

// NamedValue is a field's name and value.
type NamedValue struct {
	Name  string
	Value Value
}

// Fields are named values sorted by name (byte order), each name once: a
// request's DOSSIER values, in the order they are hashed and stored.
// Request.Hash, View.Apply and Fields.Get read them in that order and
// assume it: build them with FieldsOf or Fields.Set, never by appending.
type Fields []NamedValue

// FieldsOf returns the values of m as Fields, sorted by name.
func FieldsOf(m map[string]Value) Fields {
	f := make(Fields, 0, len(m))
	for name, v := range m {
		f = append(f, NamedValue{Name: name, Value: v})
	}
	slices.SortFunc(f, func(a, b NamedValue) int { return strings.Compare(a.Name, b.Name) })
	return f
}

// find returns where name is, or would go, in f. A view has a few dozen
// values: comparing names for equality (mostly their lengths) finds one
// faster than a binary search's ordered comparisons.
func (f Fields) find(name string) (int, bool) {
	if len(f) <= 64 {
		for i := range f {
			if f[i].Name == name {
				return i, true
			}
		}
	}
	return slices.BinarySearchFunc(f, name, func(nv NamedValue, name string) int { return strings.Compare(nv.Name, name) })
}

// Get returns the value of a field, if f has it.
func (f Fields) Get(name string) (Value, bool) {
	i, ok := f.find(name)
	if !ok {
		return Value{}, false
	}
	return f[i].Value, true
}

// Set sets the value of a field, in its place by name.
func (f *Fields) Set(name string, v Value) {
	i, ok := f.find(name)
	if ok {
		(*f)[i].Value = v
		return
	}
	*f = slices.Insert(*f, i, NamedValue{Name: name, Value: v})
}

// MarshalJSON writes the fields as an object by field name, in name order:
// the JSON of a map[string]Value.
func (f Fields) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // the encoder that calls MarshalJSON escapes, if it should
	b.WriteByte('{')
	for i, nv := range f {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := enc.Encode(nv.Name); err != nil {
			return nil, err
		}
		b.Truncate(b.Len() - 1) // Encode's newline
		b.WriteByte(':')
		if err := enc.Encode(nv.Value); err != nil {
			return nil, err
		}
		b.Truncate(b.Len() - 1)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads what MarshalJSON writes (null: no fields).
func (f *Fields) UnmarshalJSON(b []byte) error {
	var m map[string]Value
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	*f = FieldsOf(m)
	return nil
}

// Map returns the fields as a map by name.
func (f Fields) Map() map[string]Value {
	m := make(map[string]Value, len(f))
	for _, nv := range f {
		m[nv.Name] = nv.Value
	}
	return m
}

// ItemKeys names, per item group, the fields whose values identify an item
// within its dossier (spec §5: RDVs and events by date and type, financings
// by reference).
var ItemKeys = map[matrice.Group][]string{
	matrice.GroupRDV:         {"DateRDV", "TypeRDV"},
	matrice.GroupEvenement:   {"DateEvenement", "TypeEvenement"},
	matrice.GroupFinancement: {"ReferenceFinancement"},
}

// Layout is how a matrice's fields make up requests: which field is the
// number, which hold DOSSIER values, which make each item and its key.
// Build it once per matrice with NewLayout.
type Layout struct {
	m       *matrice.Matrice
	key     int
	dateMaj int
	fields  []int        // DOSSIER fields but the number, sorted by name
	groups  []itemLayout // item groups, in the order of matrice.Groups
	// read is what a Grouper reads of a line, in order: fields, then each
	// group's fields.
	read []int
}

type itemLayout struct {
	group  matrice.Group
	fields []int    // sorted by name
	names  []string // the fields' names
	at     int      // where the fields start in Layout.read
	key    []int
	keyAt  []int // where each key field is in fields
}

// NewLayout reads the layout of m. An item group's key is given by ItemKeys
// when m has those fields; otherwise it is the group's first DATE field and
// first ENUM field (or all its fields when it has neither).
func NewLayout(m *matrice.Matrice) *Layout {
	l := &Layout{m: m, key: m.Key(), dateMaj: -1}
	if i, ok := m.Lookup(FieldDateMaj); ok && m.FieldType(i) == matrice.DATE {
		l.dateMaj = i
	}
	byGroup := map[matrice.Group][]int{}
	for i := range m.Len() {
		g := m.FieldGroup(i)
		if g == matrice.GroupDossier {
			if i != l.key {
				l.fields = append(l.fields, i)
			}
			continue
		}
		byGroup[g] = append(byGroup[g], i)
	}
	slices.SortStableFunc(l.fields, func(a, b int) int { return strings.Compare(m.FieldName(a), m.FieldName(b)) })
	for _, g := range matrice.Groups {
		fields := byGroup[g]
		if len(fields) == 0 {
			continue
		}
		il := itemLayout{group: g, fields: fields}
		for _, name := range ItemKeys[g] {
			if i, ok := m.Lookup(name); ok && m.FieldGroup(i) == g {
				il.key = append(il.key, i)
			}
		}
		if len(il.key) == 0 {
			for _, t := range []matrice.Type{matrice.DATE, matrice.ENUM} {
				if k := slices.IndexFunc(fields, func(i int) bool { return m.FieldType(i) == t }); k >= 0 {
					il.key = append(il.key, fields[k])
				}
			}
		}
		if len(il.key) == 0 {
			il.key = fields
		}
		il.fields = slices.Clone(fields)
		slices.SortStableFunc(il.fields, func(a, b int) int { return strings.Compare(m.FieldName(a), m.FieldName(b)) })
		for _, i := range il.key {
			il.keyAt = append(il.keyAt, slices.Index(il.fields, i))
		}
		for _, i := range il.fields {
			il.names = append(il.names, m.FieldName(i))
		}
		l.groups = append(l.groups, il)
	}
	l.read = slices.Clone(l.fields)
	for k := range l.groups {
		l.groups[k].at = len(l.read)
		l.read = append(l.read, l.groups[k].fields...)
	}
	return l
}

// Matrice returns the layout's matrice.
func (l *Layout) Matrice() *matrice.Matrice { return l.m }

// Values gives a line's checked values by field index, like importer.Line
// and matrice.Row.
type Values interface {
	Value(i int) []byte
}

// Grouper groups a file's accepted lines per dossier number, adjacent or
// not, into requests. Its memory grows with the dossiers it holds: when
// Bytes passes a budget, take the oldest requests (Oldest) and apply them;
// applying a dossier's requests from two takes gives the same consolidated
// dossier as one.
type Grouper struct {
	layout *Layout
	src    Source
	byNum  map[string]*Request
	order  []*Request // by first appearance; nil where taken
	head   int        // first element of order not taken
	bytes  int
	text   []byte   // scratch: a line's values, turned into one string
	vals   [][]byte // scratch: a line's values of layout.read
}

// NewGrouper returns a grouper for the lines of one file.
func NewGrouper(l *Layout, src Source) *Grouper {
	return &Grouper{layout: l, src: src, byNum: map[string]*Request{}, vals: make([][]byte, len(l.read))}
}

// Memory estimates per held value, field or item (Go map entries and
// headers included).
const (
	requestBytes = 256
	fieldBytes   = 160
	itemBytes    = 320
)

// Add adds an accepted line. Lines whose number does not parse are ignored
// (the importer never accepts them).
//
// The values a line brings are copied into one string, which they share:
// one allocation per line rather than one per value.
func (g *Grouper) Add(line int, v Values) {
	l := g.layout
	if l.key < 0 {
		return
	}
	num := v.Value(l.key)
	r := g.byNum[string(num)] // no allocation: the conversion is for the lookup only
	vals := g.vals
	for k, i := range l.read { // each value read once
		vals[k] = v.Value(i)
	}
	fields := vals[:len(l.fields)]
	if r == nil {
		number := string(num)
		n, err := ParseNumber(number)
		if err != nil {
			return
		}
		count := 0
		for _, val := range fields {
			if len(val) > 0 {
				count++
			}
		}
		r = &Request{Number: n, Source: g.src, Line: line, key: number, layout: l, slots: make([]slot, 0, count)}
		g.byNum[number] = r
		g.order = append(g.order, r)
		g.grow(r, requestBytes+len(number))
	}
	prov := Provenance{Source: g.src, Line: line}
	if l.dateMaj >= 0 {
		prov.Date, _ = matrice.ParseDate(v.Value(l.dateMaj))
	}

	// The line's values that the request takes, in one string: the
	// fields it does not hold yet (l.fields and r.slots are both in name
	// order: one walk), then every item field.
	text := g.text[:0]
	fresh := len(r.slots) == 0 // the dossier's first line: every value is new
	j := 0
	for k, val := range fields {
		if len(val) == 0 {
			continue
		}
		if fresh {
			text = append(text, val...)
			continue
		}
		for j < len(r.slots) && int(r.slots[j].rank) < k {
			j++
		}
		if j == len(r.slots) || int(r.slots[j].rank) != k {
			text = append(text, val...)
		}
	}
	for gi := range l.groups {
		il := &l.groups[gi]
		gvals := vals[il.at : il.at+len(il.fields)]
		for _, val := range gvals {
			text = append(text, val...)
		}
		if len(il.keyAt) == 2 { // the item's key, made here rather than by a concatenation
			text = append(append(append(text, gvals[il.keyAt[0]]...), '|'), gvals[il.keyAt[1]]...)
		}
	}
	g.text = text
	all := string(text)
	at := 0

	if fresh {
		for k, val := range fields {
			if len(val) > 0 {
				r.slots = append(r.slots, slot{value: all[at : at+len(val)], line: line, date: prov.Date, rank: uint16(k)})
				at += len(val)
				g.grow(r, fieldBytes+len(val))
			}
		}
		fields = nil // placed
	}
	j = 0
	for k, val := range fields {
		if len(val) == 0 {
			continue
		}
		for j < len(r.slots) && int(r.slots[j].rank) < k {
			j++
		}
		if j < len(r.slots) && int(r.slots[j].rank) == k {
			// The lines of a dossier agree on its DOSSIER values (the
			// importer rejects the others): an equal value keeps the
			// provenance of the earliest line, as View.Apply decides.
			// Both have the request's source: Provenance.Compare is by
			// DateMaj, then line.
			cur := &r.slots[j]
			c := cmp.Compare(int(prov.Date), int(cur.date))
			if c == 0 {
				c = cmp.Compare(line, cur.line)
			}
			switch {
			case string(val) == cur.value:
				if c < 0 {
					cur.line, cur.date = line, prov.Date
				}
			case c > 0: // a caller other than the importer: the most recent wins
				cur.value, cur.line, cur.date = string(val), line, prov.Date
			}
			continue
		}
		sl := slot{value: all[at : at+len(val)], line: line, date: prov.Date, rank: uint16(k)}
		at += len(val)
		if j == len(r.slots) {
			r.slots = append(r.slots, sl)
		} else {
			r.slots = slices.Insert(r.slots, j, sl)
		}
		g.grow(r, fieldBytes+len(val))
	}
	for gi := range l.groups {
		il := &l.groups[gi]
		gvals := vals[il.at : il.at+len(il.fields)]
		n := 0
		for _, val := range gvals {
			n += len(val)
		}
		key := ""
		if len(il.keyAt) == 2 {
			k := len(gvals[il.keyAt[0]]) + 1 + len(gvals[il.keyAt[1]])
			key = all[at+n : at+n+k]
			n += k
		}
		it, ok := il.item(gvals, all[at:at+n], key, prov)
		at += n
		if !ok {
			continue
		}
		if k := slices.IndexFunc(r.Items, func(x Item) bool { return x.Group == it.Group && x.Key == it.Key }); k >= 0 {
			// Another line of the same item: merged field by field, as
			// View.Apply does (a line's values are one partner's: no
			// disagreement).
			cur := &r.Items[k].Values
			for _, in := range it.Values {
				held, had := cur.Get(in.Name)
				if !had {
					g.grow(r, fieldBytes+len(in.Value.Value))
				}
				if keep, _ := settle(held, had, in.Value); keep {
					cur.Set(in.Name, in.Value)
				}
			}
			continue
		}
		r.Items = append(r.Items, it)
		g.grow(r, itemBytes+fieldBytes*len(it.Values))
	}
}

func (g *Grouper) grow(r *Request, n int) {
	r.held += n
	g.bytes += n
}

// item builds the item of group il carried by a line, if any, from the
// line's values of il's fields, vals, which text holds next to each other
// from its start; key is the item's key when il's key has two fields.
func (il *itemLayout) item(vals [][]byte, text, key string, prov Provenance) (Item, bool) {
	var it Item
	var buf [16]string
	strs := buf[:0]
	if len(vals) > len(buf) {
		strs = make([]string, 0, len(vals))
	}
	n := 0
	for _, val := range vals {
		s := text[:len(val)]
		text = text[len(val):]
		strs = append(strs, s)
		if s != "" {
			n++
		}
	}
	if n == 0 {
		return it, false
	}
	it.Values = make(Fields, 0, n)
	for k, s := range strs { // sorted by name
		if s != "" {
			it.Values = append(it.Values, NamedValue{Name: il.names[k], Value: Value{Value: s, Provenance: prov}})
		}
	}
	switch len(il.keyAt) {
	case 1:
		it.Key = strs[il.keyAt[0]]
	case 2:
		it.Key = key
	default:
		parts := make([]string, len(il.keyAt))
		for k, at := range il.keyAt {
			parts[k] = strs[at]
		}
		it.Key = strings.Join(parts, "|")
	}
	it.Group = il.group
	return it, true
}

// Len returns the number of dossiers held.
func (g *Grouper) Len() int { return len(g.byNum) }

// Bytes estimates the memory the grouper holds.
func (g *Grouper) Bytes() int { return g.bytes }

// Oldest takes the requests of the dossiers that appeared first, until at
// least half of the grouper's memory is freed, and returns them in order.
func (g *Grouper) Oldest() []*Request {
	target := g.bytes / 2
	var out []*Request
	for g.head < len(g.order) && (g.bytes > target || len(out) == 0) {
		r := g.order[g.head]
		g.order[g.head] = nil
		g.head++
		out = append(out, r)
		g.bytes -= r.held
		delete(g.byNum, r.key)
	}
	if g.head > len(g.order)/2 { // reclaim the slots taken
		g.order, g.head = slices.Clone(g.order[g.head:]), 0
	}
	return out
}

// Requests returns every request held, in the order their dossiers first
// appeared, and empties the grouper.
func (g *Grouper) Requests() []*Request {
	out := slices.Clone(g.order[g.head:])
	g.byNum, g.order, g.head, g.bytes = map[string]*Request{}, nil, 0, 0
	return out
}
