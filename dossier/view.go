package dossier

import (
	"slices"
	"strings"

	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// View is a consolidated dossier: every partner's requests merged (spec §5).
type View struct {
	Number Number `json:"-"`
	// Owner is the partner that created the dossier; a sub-version belongs
	// to it.
	Owner string `json:"owner"`
	// Created is the line that created the dossier.
	Created Provenance `json:"created"`
	// Fields are the DOSSIER values, sorted by field name, each the most
	// recent non-empty value with its provenance. In JSON, an object by
	// field name.
	Fields Fields `json:"fields"`
	// Items are the appointments, events and financings, by group then key.
	Items []Item `json:"items"`
	// Applied, when not zero, is the request whose application made the
	// view what it is (see AppliedOf), so that a store can tell, without
	// reading the view, that applying it again would change nothing. Apply
	// resets it. It is kept in the storage form, not in the JSON.
	Applied Applied `json:"-"`
}

// NewView returns the empty view of a dossier created by a partner's line.
func NewView(n Number, owner string, created Provenance) *View {
	return &View{Number: n, Owner: owner, Created: created}
}

// Disagreement records two partners giving different values to one field
// of a dossier — a DOSSIER field, or a field of one of its items (Group and
// Key name the item) —: the value kept and the other one, each with who
// sent it and when.
type Disagreement struct {
	Number string `json:"number"`
	// Group and Key name the item whose field it is (RDV and
	// "05/03/2026|DIAGNOSTIC", FINANCEMENT and "PH-1" …); both are ""
	// for a DOSSIER field.
	Group matrice.Group `json:"group,omitempty"`
	Key   string        `json:"key,omitempty"`
	Field string        `json:"field"`
	Kept  Value         `json:"kept"`
	Other Value         `json:"other"`
}

// Changes counts what applying a request changed.
type Changes struct {
	Fields int `json:"fields"` // DOSSIER values set or replaced
	Items  int `json:"items"`  // items added, or with a value set or replaced
}

// Changed reports whether anything changed.
func (c Changes) Changed() bool { return c.Fields+c.Items > 0 }

// settle decides one field of a merge, between the value held, cur (had:
// there is one), and a value that comes, in (spec §5, for DOSSIER and item
// fields alike):
//   - an empty value never erases;
//   - a field without a value takes it;
//   - an equal value keeps the provenance of the earliest line that gave
//     it: a more recent one changes nothing (a partner re-sending an
//     unchanged value), an older one (a file imported late) gives it its
//     provenance;
//   - of two different values, the most recent wins (Provenance.Compare:
//     DateMaj, file date, line, then partner and file).
//
// It reports whether in replaces the value held, and whether the two
// values differ (both non-empty).
func settle(cur Value, had bool, in Value) (take, differ bool) {
	if in.Value == "" {
		return false, false
	}
	switch {
	case !had || cur.Value == "":
		return true, false
	case cur.Value == in.Value:
		return in.Provenance.Compare(cur.Provenance) < 0, false
	}
	return in.Provenance.Compare(cur.Provenance) > 0, true
}

// disagree returns the disagreement of two different values of a field,
// if they come from two partners: DateMaj, which orders values, is not
// compared.
func disagree(number string, group matrice.Group, key, name string, took bool, cur, in Value) (Disagreement, bool) {
	kept, other := cur, in
	if took {
		kept, other = in, cur
	}
	if kept.Partner == other.Partner || name == FieldDateMaj {
		return Disagreement{}, false
	}
	return Disagreement{Number: number, Group: group, Key: key, Field: name, Kept: kept, Other: other}, true
}

// Apply merges a request into the view (spec §5). DOSSIER fields and the
// fields of each item follow one rule:
//   - a field takes the most recent value (by DateMaj, then file date, then
//     line); an empty value never erases; an equal value keeps the
//     provenance of the earliest line that gave it;
//   - items accumulate, one per key; an item brought again merges into the
//     one held field by field, by the same rule: a value it lacks is kept;
//   - when two partners give different values to a field, the disagreement
//     is returned, whichever value wins (DateMaj, which orders values, is
//     not compared); disagreements come in the order DOSSIER fields by
//     name, then items by group and key, each by field name.
//
// Applying the same request twice changes nothing the second time. Apply
// resets Applied, which the caller sets with AppliedOf when it keeps the
// view. Apply never changes the request (but for making a Grouper's
// request's Fields from its compact form, Request.Values), nor a view's
// values in place: a new view (or a new item) takes the request's values
// without copying them, and a view or an item that changes gets new ones.
// So a view shares its values with the requests applied to it, and copies
// of a view with each other: change a view's Fields or an item's Values by
// hand on a copy (slices.Clone) if the request they came from is still
// used.
func (v *View) Apply(r *Request) (Changes, []Disagreement) {
	r.Values() // a Grouper's request: its values as Fields
	var ch Changes
	var dis []Disagreement
	number := ""
	if len(v.Fields) == 0 {
		// A new view, the usual case of a first import: every value is
		// taken, without comparing or copying (nonEmpty).
		v.Fields = nonEmpty(r.Fields)
		ch.Fields = len(v.Fields)
	} else {
		// Each field is settled on its own, in name order: disagreements
		// come sorted by field name, as documented.
		var taken int
		v.Fields, taken = v.mergeValues(v.Fields, r.Fields, "", "", &number, &dis)
		ch.Fields += taken
	}
	fieldDis := len(dis)
	if len(v.Items) == 0 && len(r.Items) > 0 {
		v.Items = make([]Item, 0, len(r.Items))
	}
	for i := range r.Items {
		in := &r.Items[i]
		k, found := slices.BinarySearchFunc(v.Items, in, compareItemTo)
		if !found {
			v.Items = slices.Insert(v.Items, k, Item{Group: in.Group, Key: in.Key, Values: nonEmpty(in.Values)})
			ch.Items++
			continue
		}
		held := &v.Items[k]
		if values, taken := v.mergeValues(held.Values, in.Values, held.Group, held.Key, &number, &dis); taken > 0 {
			held.Values = values
			ch.Items++
		}
	}
	if len(dis)-fieldDis > 1 {
		slices.SortFunc(dis[fieldDis:], compareItemDisagreements)
	}
	v.Applied = Applied{} // the caller may know it: AppliedOf
	return ch, dis
}

// mergeValues settles each of the values in into held (a view's DOSSIER
// values, group "", or an item's), appending to dis a disagreement for
// each value that differs (number is v's number as text, made at the
// first one), and returns the values and how many it took. held is
// never changed in place, since it may be shared (a request's, another
// view's): the first value taken makes a copy, which it returns; held
// itself when it took none.
func (v *View) mergeValues(held, in Fields, group matrice.Group, key string, number *string, dis *[]Disagreement) (Fields, int) {
	out, owned, taken := held, false, 0
	for _, f := range in {
		name, val := f.Name, f.Value
		j, had := out.find(name)
		var cur Value
		if had {
			cur = out[j].Value
		}
		take, differ := settle(cur, had, val)
		if take {
			if !owned {
				out, owned = slices.Grow(slices.Clone(held), len(in)), true
			}
			if had {
				out[j].Value = val
			} else {
				out = slices.Insert(out, j, f)
			}
			taken++
		}
		if differ {
			if *number == "" {
				*number = v.Number.String()
			}
			if d, ok := disagree(*number, group, key, name, take, cur, val); ok {
				*dis = append(*dis, d)
			}
		}
	}
	return out, taken
}

// nonEmpty returns the non-empty values: values itself when it has no
// empty one (a Grouper's request never has), its capacity cut so that
// nothing is ever appended to it in place; else a copy.
func nonEmpty(values Fields) Fields {
	empty := false
	for i := range values {
		if values[i].Value.Value == "" {
			empty = true
			break
		}
	}
	if !empty {
		return values[:len(values):len(values)]
	}
	out := make(Fields, 0, len(values))
	for _, f := range values {
		if f.Value.Value != "" {
			out = append(out, f)
		}
	}
	return out
}

func compareItemDisagreements(a, b Disagreement) int {
	if c := strings.Compare(string(a.Group), string(b.Group)); c != 0 {
		return c
	}
	if c := strings.Compare(a.Key, b.Key); c != 0 {
		return c
	}
	return strings.Compare(a.Field, b.Field)
}

// compareItemTo orders an item of a view against one a request brings.
func compareItemTo(a Item, b *Item) int {
	if c := strings.Compare(string(a.Group), string(b.Group)); c != 0 {
		return c
	}
	return strings.Compare(a.Key, b.Key)
}

func compareItems(a, b Item) int {
	if c := strings.Compare(string(a.Group), string(b.Group)); c != 0 {
		return c
	}
	return strings.Compare(a.Key, b.Key)
}

// Value returns the consolidated value of a field ("" when none).
func (v *View) Value(field string) string {
	f, _ := v.Fields.Get(field)
	return f.Value
}

// Phase returns the dossier's current phase (the Phase field), or "".
func (v *View) Phase() string { return v.Value(matrice.FieldPhase) }

// PhaseStatus tells what a dossier still misses to close one phase.
type PhaseStatus struct {
	// Phase is 1, 2 or 3.
	Phase int `json:"phase"`
	// Closing is the matrice column in force: for phase 2, CloturePhase2
	// when CreationEntreprise is OUI, CloturePhase2SansCreation otherwise.
	Closing string `json:"closing"`
	// Missing are the fields the closing requires that have no value (for
	// item fields: in none of the dossier's items), in matrice order.
	Missing []string `json:"missing"`
	// Closed reports whether the dossier's current phase is this one and its
	// DateFinPhase is set.
	Closed bool `json:"closed"`
}

// Status tells, for each phase, what the dossier still misses to close it,
// from the matrice's closing obligations.
func (v *View) Status(m *matrice.Matrice) []PhaseStatus {
	value := func(i int) string {
		name := m.FieldName(i)
		if m.FieldGroup(i) == matrice.GroupDossier {
			if i == m.Key() {
				return v.Number.String()
			}
			return v.Value(name)
		}
		for i := range v.Items {
			if val := v.Items[i].Value(name); val != "" {
				return val
			}
		}
		return ""
	}
	phase2 := matrice.ClosePhase2SansCreation
	if v.Value(matrice.FieldCreationEntreprise) == "OUI" {
		phase2 = matrice.ClosePhase2
	}
	closed := v.Value(matrice.FieldDateFinPhase) != ""
	var out []PhaseStatus
	for _, c := range []matrice.Closing{matrice.ClosePhase1, phase2, matrice.ClosePhase3} {
		ps := PhaseStatus{Phase: c.Phase(), Closing: c.Column(), Missing: []string{}}
		for _, i := range m.MissingToClose(c, value) {
			ps.Missing = append(ps.Missing, m.FieldName(i))
		}
		ps.Closed = closed && v.Phase() == string(rune('0'+c.Phase()))
		out = append(out, ps)
	}
	return out
}
