package dossier_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// Sources of the files the tests pretend to consolidate: three partners, one
// file each, plus a later file of the first partner.
var (
	srcAdie = dossier.Source{Partner: "adie", File: "20261116-adie.csv", FileDate: matrice.NewDate(2026, 11, 16)}
	srcFrac = dossier.Source{Partner: "franceactive", File: "20261117-franceactive.csv", FileDate: matrice.NewDate(2026, 11, 17)}
	srcInit = dossier.Source{Partner: "initiative", File: "20261115-initiative.csv", FileDate: matrice.NewDate(2026, 11, 15)}
	// srcAdie2 is adie's next file.
	srcAdie2 = dossier.Source{Partner: "adie", File: "20261120-adie.csv", FileDate: matrice.NewDate(2026, 11, 20)}
)

// day returns the date JJ/MM/AAAA.
func day(tb testing.TB, s string) matrice.Date {
	tb.Helper()
	d, ok := matrice.ParseDate(s)
	require.True(tb, ok, "date %q", s)
	return d
}

// number parses a dossier number the test knows to be valid.
func number(tb testing.TB, s string) dossier.Number {
	tb.Helper()
	n, err := dossier.ParseNumber(s)
	require.NoError(tb, err)
	return n
}

// prov is the provenance of line of src, whose DateMaj is dateMaj (JJ/MM/AAAA).
func prov(tb testing.TB, src dossier.Source, line int, dateMaj string) dossier.Provenance {
	tb.Helper()
	return dossier.Provenance{Source: src, Line: line, Date: day(tb, dateMaj)}
}

// values is one line's values by field index: the Values a Grouper reads.
type values struct {
	v [][]byte
}

func (l values) Value(i int) []byte { return l.v[i] }

// line builds the values of a line of m from field name → value; the fields
// not given are empty.
func line(tb testing.TB, m *matrice.Matrice, fields map[string]string) values {
	tb.Helper()
	l := values{v: make([][]byte, m.Len())}
	for name, val := range fields {
		i, ok := m.Lookup(name)
		require.True(tb, ok, "field %q is not in the matrice", name)
		l.v[i] = []byte(val)
	}
	return l
}

// request builds a request of src for dossier num whose DOSSIER values all
// come from one line.
func request(tb testing.TB, num string, p dossier.Provenance, fields map[string]string, items ...dossier.Item) *dossier.Request {
	tb.Helper()
	r := &dossier.Request{Number: number(tb, num), Source: p.Source, Line: p.Line, Fields: dossier.FieldsOf(map[string]dossier.Value{})}
	for name, v := range fields {
		r.Fields.Set(name, dossier.Value{Value: v, Provenance: p})
	}
	for _, it := range items {
		r.Items = append(r.Items, withProvenance(it, p))
	}
	return r
}

// withProvenance returns a copy of it whose values without a provenance
// have p.
func withProvenance(it dossier.Item, p dossier.Provenance) dossier.Item {
	vals := make(dossier.Fields, len(it.Values))
	for k, v := range it.Values {
		if v.Value.Provenance == (dossier.Provenance{}) {
			v.Value.Provenance = p
		}
		vals[k] = v
	}
	it.Values = vals
	return it
}

// itemValues turns values into item values without a provenance.
func itemValues(vals map[string]string) dossier.Fields {
	out := make(map[string]dossier.Value, len(vals))
	for k, v := range vals {
		out[k] = dossier.Value{Value: v}
	}
	return dossier.FieldsOf(out)
}

// rdv is an appointment item keyed as spec §5 says: by date and type.
func rdv(date, typ string, more map[string]string) dossier.Item {
	vals := map[string]string{"DateRDV": date, "TypeRDV": typ}
	for k, v := range more {
		vals[k] = v
	}
	return dossier.Item{Group: matrice.GroupRDV, Key: date + "|" + typ, Values: itemValues(vals)}
}

// financing is a financing item keyed by its reference.
func financing(ref string, more map[string]string) dossier.Item {
	vals := map[string]string{"ReferenceFinancement": ref}
	for k, v := range more {
		vals[k] = v
	}
	return dossier.Item{Group: matrice.GroupFinancement, Key: ref, Values: itemValues(vals)}
}

// storage encodes v, which must succeed.
func storage(tb testing.TB, v *dossier.View) []byte {
	tb.Helper()
	b, err := v.MarshalStorage()
	require.NoError(tb, err)
	return b
}
