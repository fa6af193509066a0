package dossier

import (
	"maps"
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
	// Fields are the DOSSIER values, by field name, each the most recent
	// non-empty value with its provenance.
	Fields map[string]Value `json:"fields"`
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
	return &View{Number: n, Owner: owner, Created: created, Fields: map[string]Value{}}
}

// Disagreement records two partners giving different values to one DOSSIER
// field of a dossier: the value kept and the other one, each with who sent
// it and when.
type Disagreement struct {
	Number string `json:"number"`
	Field  string `json:"field"`
	Kept   Value  `json:"kept"`
	Other  Value  `json:"other"`
}

// Changes counts what applying a request changed.
type Changes struct {
	Fields int `json:"fields"` // values set or replaced
	Items  int `json:"items"`  // items added or replaced
}

// Changed reports whether anything changed.
func (c Changes) Changed() bool { return c.Fields+c.Items > 0 }

// Apply merges a request into the view (spec §5):
//   - a field takes the most recent value (by DateMaj, then file date, then
//     line); an empty value never erases; an equal value keeps the
//     provenance it has;
//   - items accumulate, one per key; a more recent item with the same key
//     replaces the older one;
//   - when two partners give different values to a field, the disagreement
//     is returned, whichever value wins (DateMaj, which orders values, is
//     not compared); disagreements come in field name order.
//
// Applying the same request twice changes nothing the second time. Apply
// resets Applied, which the caller sets with AppliedOf when it keeps the view.
func (v *View) Apply(r *Request) (Changes, []Disagreement) {
	var ch Changes
	var dis []Disagreement
	if len(v.Fields) == 0 {
		// A new view, the usual case of a first import: every value is
		// taken, without comparing, into a map sized for them (filling
		// NewView's empty map would grow it several times).
		v.Fields = make(map[string]Value, len(r.Fields))
		for name, in := range r.Fields {
			if in.Value != "" {
				v.Fields[name] = in
				ch.Fields++
			}
		}
	} else {
		// Each field is settled on its own: the map's order changes
		// nothing but the order disagreements are met in, which they are
		// then sorted into (by field name, as documented).
		for name, in := range r.Fields {
			cur, ok := v.Fields[name]
			switch {
			case in.Value == "":
				continue // an empty value never erases
			case !ok:
				v.Fields[name] = in
				ch.Fields++
				continue
			case cur.Value == in.Value:
				continue
			}
			kept, other := cur, in
			if in.Provenance.Compare(cur.Provenance) > 0 {
				v.Fields[name] = in
				ch.Fields++
				kept, other = in, cur
			}
			if kept.Partner != other.Partner && name != FieldDateMaj {
				dis = append(dis, Disagreement{Number: v.Number.String(), Field: name, Kept: kept, Other: other})
			}
		}
		if len(dis) > 1 {
			slices.SortFunc(dis, func(a, b Disagreement) int { return strings.Compare(a.Field, b.Field) })
		}
	}
	for _, in := range r.Items {
		k, found := slices.BinarySearchFunc(v.Items, in, compareItems)
		switch {
		case !found:
			v.Items = slices.Insert(v.Items, k, in)
			ch.Items++
		case sameItem(v.Items[k], in):
		case in.Provenance.Compare(v.Items[k].Provenance) > 0:
			v.Items[k] = in
			ch.Items++
		}
	}
	v.Applied = Applied{} // the caller may know it: AppliedOf
	return ch, dis
}

func compareItems(a, b Item) int {
	if c := strings.Compare(string(a.Group), string(b.Group)); c != 0 {
		return c
	}
	return strings.Compare(a.Key, b.Key)
}

func sameItem(a, b Item) bool { return maps.Equal(a.Values, b.Values) }

// Value returns the consolidated value of a field ("" when none).
func (v *View) Value(field string) string { return v.Fields[field].Value }

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
			return v.Fields[name].Value
		}
		for _, it := range v.Items {
			if val := it.Values[name]; val != "" {
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
