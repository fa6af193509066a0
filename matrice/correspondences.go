package matrice

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gocarina/gocsv"
)

// Correspondence maps one of a partner's values of an ENUM or BOOL field to the
// matrice's value: one line of a correspondence table.
type Correspondence struct {
	Field   string `csv:"Champ"`
	Partner string `csv:"ValeurPartenaire"`
	Matrice string `csv:"ValeurMatrice"`
}

// correspondenceColumns are the columns of a correspondence table.
var correspondenceColumns = []string{"Champ", "ValeurPartenaire", "ValeurMatrice"}

// Correspondences is a partner's correspondence table, checked against a
// matrice. It is immutable and safe for concurrent use. Values are compared
// after trimming, with exact case.
type Correspondences struct {
	entries []Correspondence
	byField map[string]map[string][]byte
}

// Entries returns the table's lines.
func (c *Correspondences) Entries() []Correspondence { return slices.Clone(c.entries) }

// Len returns the number of lines.
func (c *Correspondences) Len() int { return len(c.entries) }

// LoadCorrespondencesFile loads a correspondence table from a CSV file.
func LoadCorrespondencesFile(m *Matrice, path string) (*Correspondences, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return LoadCorrespondences(m, filepath.Base(path), f)
}

// LoadCorrespondences loads a correspondence table from CSV
// (Champ;ValeurPartenaire;ValeurMatrice, UTF-8, ';') and checks it against m.
// Every problem is reported at once as LoadErrors naming its line.
func LoadCorrespondences(m *Matrice, name string, r io.Reader) (*Correspondences, error) {
	rows, lines, err := readCSV(name, r)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, &LoadError{Source: name, Field: -1, Msg: "empty: no header line (want Champ;ValeurPartenaire;ValeurMatrice)"}
	}
	h, err := readHeader(name, rows[0], lines[0], correspondenceColumns, nil)
	if err != nil {
		return nil, err
	}
	rows, lines, err = dataRows(name, h, rows, lines, "")
	if err != nil {
		return nil, err
	}
	var entries []Correspondence
	if len(rows) > 1 {
		if err := gocsv.UnmarshalCSV(&rowsReader{rows: rows}, &entries); err != nil {
			return nil, &LoadError{Source: name, Field: -1, Msg: err.Error()}
		}
	}
	pos := make([]position, len(entries))
	for i := range pos {
		pos[i] = position{line: lines[i+1], field: -1}
	}
	return newCorrespondences(m, name, entries, pos)
}

// NewCorrespondences checks a correspondence table built in Go against m.
// Errors name the entry by its 0-based index in Field.
func NewCorrespondences(m *Matrice, entries []Correspondence) (*Correspondences, error) {
	pos := make([]position, len(entries))
	for i := range pos {
		pos[i] = position{field: i}
	}
	return newCorrespondences(m, "", entries, pos)
}

func newCorrespondences(m *Matrice, name string, entries []Correspondence, pos []position) (*Correspondences, error) {
	errs := &errorList{source: name}
	c := &Correspondences{byField: map[string]map[string][]byte{}}
	firstPos := map[[2]string]position{}
	for k, e := range entries {
		e.Field, e.Partner, e.Matrice = strings.TrimSpace(e.Field), strings.TrimSpace(e.Partner), strings.TrimSpace(e.Matrice)
		p := pos[k]
		i, ok := m.Lookup(e.Field)
		if !ok {
			errs.add(p, "Champ", fmt.Sprintf("unknown field %q", e.Field))
			continue
		}
		f := m.fields[i]
		switch {
		case f.Type != ENUM && f.Type != BOOL:
			errs.add(p, "Champ", fmt.Sprintf("%s is %s: correspondences apply to ENUM and BOOL fields", e.Field, f.Type))
			continue
		case e.Partner == "":
			errs.add(p, "ValeurPartenaire", "is empty")
			continue
		case f.Type == ENUM && !slices.Contains(f.Values, e.Matrice):
			errs.add(p, "ValeurMatrice", fmt.Sprintf("%q is not a value of %s (want %s)", e.Matrice, e.Field, strings.Join(f.Values, ", ")))
			continue
		case f.Type == BOOL && e.Matrice != "OUI" && e.Matrice != "NON":
			errs.add(p, "ValeurMatrice", fmt.Sprintf("%q is not a value of %s (want OUI or NON)", e.Matrice, e.Field))
			continue
		}
		key := [2]string{e.Field, e.Partner}
		if first, dup := firstPos[key]; dup {
			errs.add(p, "ValeurPartenaire", fmt.Sprintf("%s value %q is already mapped (%s)", e.Field, e.Partner, describePos(first)))
			continue
		}
		firstPos[key] = p
		if c.byField[e.Field] == nil {
			c.byField[e.Field] = map[string][]byte{}
		}
		c.byField[e.Field][e.Partner] = []byte(e.Matrice)
		c.entries = append(c.entries, e)
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	return c, nil
}
