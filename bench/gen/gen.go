package gen

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/entrepreneur-leader/eleader-go/importer/filename"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// Defaults of a Generator, as New sets them.
const (
	DefaultLines   = 1000
	DefaultFaults  = 0.03
	DefaultSeed    = 1
	DefaultPartner = "demo"
	// DefaultDate is the file's date, 16 November 2026 (the example files').
	DefaultDate matrice.Date = 20261116
)

// MinDate is the earliest file date a Generator accepts: its dossiers start
// in 2016 at the earliest, after the matrice's lower bound of dates
// (01/01/2015).
const MinDate matrice.Date = 20170101

// Generator writes partner files. Set its fields, then call Write or
// WriteFile; a Generator may write several files, one at a time or
// concurrently (it is not changed by writing).
type Generator struct {
	// Lines is the number of data lines (the header excluded). New sets
	// DefaultLines.
	Lines int
	// Faults is the fraction of faulty lines, from 0 to 1: exactly
	// round(Lines × Faults) lines carry one fault each. New sets DefaultFaults.
	Faults float64
	// Seed seeds the randomness: the same settings and seed give the same
	// bytes. New sets DefaultSeed.
	Seed uint64
	// Partner is the partner identifier of the file name,
	// [a-z0-9][a-z0-9_-]{1,62}. New sets DefaultPartner.
	Partner string
	// Operator is the operator code of the dossier numbers: four characters
	// A-Z or 0-9, not HIST. Empty means DefaultOperator(Partner).
	Operator string
	// Date is the file's date, in its name and the latest date of its
	// values; at least MinDate. New sets DefaultDate.
	Date matrice.Date
}

// New returns a Generator with the default settings.
func New() *Generator {
	return &Generator{Lines: DefaultLines, Faults: DefaultFaults, Seed: DefaultSeed, Partner: DefaultPartner, Date: DefaultDate}
}

// DefaultOperator derives an operator code from a partner identifier: its
// first four letters and digits in upper case, padded with X ("demo" →
// "DEMO", "bge" → "BGEX", "france-active" → "FRAN"). HIST, reserved to
// history imports, becomes HISX.
func DefaultOperator(partner string) string {
	var b [4]byte
	n := 0
	for i := 0; i < len(partner) && n < 4; i++ {
		c := partner[i]
		switch {
		case 'a' <= c && c <= 'z':
			b[n] = c - 'a' + 'A'
		case 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			b[n] = c
		default:
			continue
		}
		n++
	}
	for ; n < 4; n++ {
		b[n] = 'X'
	}
	if string(b[:]) == "HIST" {
		b[3] = 'X'
	}
	return string(b[:])
}

// operator returns the operator code in force.
func (g *Generator) operator() string {
	if g.Operator == "" {
		return DefaultOperator(g.Partner)
	}
	return g.Operator
}

// FileName returns the name of the file, AAAAMMJJ-PARTNER.csv.
func (g *Generator) FileName() string {
	d := g.Date
	return fmt.Sprintf("%04d%02d%02d-%s.csv", d.Year(), d.Month(), d.Day(), g.Partner)
}

// Check reports the first setting that is out of range, naming it.
func (g *Generator) Check() error {
	switch {
	case g.Lines < 0:
		return fmt.Errorf("gen: Lines is %d: want 0 or more", g.Lines)
	case math.IsNaN(g.Faults) || g.Faults < 0 || g.Faults > 1:
		return fmt.Errorf("gen: Faults is %v: want a fraction from 0 to 1", g.Faults)
	case !filename.ValidPartner(g.Partner):
		return fmt.Errorf("gen: Partner %q is not a partner identifier (2 to 63 characters: a-z, 0-9, _ and -, starting with a letter or a digit)", g.Partner)
	case !validOperator(g.operator()):
		return fmt.Errorf("gen: Operator %q is not an operator code (four characters A-Z or 0-9, not HIST)", g.Operator)
	case !matrice.ValidDate(g.Date.Year(), g.Date.Month(), g.Date.Day()) || g.Date < MinDate:
		return fmt.Errorf("gen: Date %d is not a date from %s on", int32(g.Date), MinDate)
	}
	return nil
}

func validOperator(code string) bool {
	if len(code) != 4 || code == "HIST" {
		return false
	}
	for i := 0; i < 4; i++ {
		if c := code[i]; !('A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// Stats describes a written file.
type Stats struct {
	// Lines is the number of data lines; Faulty of them carry a fault.
	Lines, Faulty int
	// ByKind counts the faulty lines per fault kind, indexed by Kind.
	ByKind []int
	// Dossiers counts the distinct dossier numbers written (sub-versions
	// included, numbers changed by a fault excluded); SubVersions counts the
	// sub-versions among them; MultiLine the dossiers of 2 lines or more.
	Dossiers, SubVersions, MultiLine int
	// Closing counts the lines that close their phase.
	Closing int
	// Quoted counts the quoted cells; Multiline those holding a newline.
	Quoted, Multiline int
	// Bytes is the size of the file.
	Bytes int64
}

// WriteFile writes the file at path, atomically: a temporary file in the
// same directory, renamed at the end, so that path is never half written.
func (g *Generator) WriteFile(path string) (Stats, error) {
	if err := g.Check(); err != nil {
		return Stats{}, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".gen-*.csv")
	if err != nil {
		return Stats{}, fmt.Errorf("gen: %w", err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing left to remove
	st, err := g.Write(tmp)
	if cerr := tmp.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("gen: write %s: %w", path, cerr)
	}
	if err != nil {
		return Stats{}, err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return Stats{}, fmt.Errorf("gen: %w", err)
	}
	return st, nil
}

// Write writes the file to w. The error is a bad setting (see Check) or
// w's error.
func (g *Generator) Write(w io.Writer) (Stats, error) {
	if err := g.Check(); err != nil {
		return Stats{}, err
	}
	r, err := newRun(g, w)
	if err != nil {
		return Stats{}, err
	}
	return r.write()
}

// window is how many dossiers are open at once: their lines are
// interleaved, as in an export sorted by date.
const window = 6

// run is the state of one file being written.
type run struct {
	g    *Generator
	m    *matrice.Matrice
	f    fieldIndex
	rng  *rand.Rand
	w    *bufio.Writer
	oper string
	file int // the file's date, as a day number

	n      int // number of fields
	groups []matrice.Group
	oblig  []obligation
	close  [4][]obligation
	enum   [][]string // ENUM values per field
	always []int      // fields required at import (OUI)
	ifImp  []int      // fields required at import under a condition (SI:)

	slots     [window]slot
	seq       int // dossier numbers issued
	finRefs   int // financing references issued
	items     arena
	cells     [][]byte
	ncells    int
	extra     []byte
	fb        []byte // the faulty value of the line
	line      []byte
	used      [numKinds]int
	faultLeft int
	stats     Stats
}

func newRun(g *Generator, w io.Writer) (*run, error) {
	m := matrice.Default()
	r := &run{
		g: g, m: m, w: bufio.NewWriterSize(w, 256<<10), oper: g.operator(), file: dayOf(g.Date),
		rng: rand.New(rand.NewPCG(g.Seed, 0x656c6561646572)), n: m.Len(),
	}
	if err := r.f.resolve(m); err != nil {
		return nil, err
	}
	r.groups = make([]matrice.Group, r.n)
	r.oblig = make([]obligation, r.n)
	r.enum = make([][]string, r.n)
	for k := range r.close {
		r.close[k] = make([]obligation, r.n)
	}
	for i := range r.n {
		f := m.Field(i)
		r.groups[i] = f.Group
		var err error
		if r.oblig[i], err = parseObligation(m, f.Import); err != nil {
			return nil, err
		}
		for k := range r.close {
			if r.close[k][i], err = parseObligation(m, f.Close[k]); err != nil {
				return nil, err
			}
		}
		switch r.oblig[i].kind {
		case always:
			r.always = append(r.always, i)
		case ifSet, ifEquals:
			r.ifImp = append(r.ifImp, i)
		}
		if f.Type == matrice.ENUM {
			r.enum[i] = f.Values
		}
	}
	if err := r.checkEnums(); err != nil {
		return nil, err
	}
	r.cells = make([][]byte, r.n+1)
	r.stats.ByKind = make([]int, numKinds)
	r.stats.Lines = g.Lines
	r.faultLeft = int(math.Round(float64(g.Lines) * g.Faults))
	return r, nil
}

// fieldIndex holds the index of each field of the default matrice.
type fieldIndex struct {
	numero, phase, debut, fin, motif, maj, conseiller, civilite, nom, prenom, nomNaissance, naissance,
	email, tel, adresse, cp, commune, qpv, codeQPV, niveau, situation, rsa, rqth, prescripteur, accueil,
	rgpd, projet, secteur, formeEnv, creation, dateCreation, siret, forme, naf, cpEntreprise, emplois,
	active, ca, refFin, typeFin, montant, dateFin, organisme, reseau, dateRDV, typeRDV, modalite, dureeRDV,
	dateEv, typeEv, intituleEv, dureeEv int
}

func (x *fieldIndex) resolve(m *matrice.Matrice) error {
	names := []struct {
		name string
		at   *int
	}{
		{"NumeroDossier", &x.numero}, {matrice.FieldPhase, &x.phase}, {"DateDebutPhase", &x.debut},
		{matrice.FieldDateFinPhase, &x.fin}, {"MotifFinPhase", &x.motif}, {"DateMaj", &x.maj},
		{"Conseiller", &x.conseiller}, {"Civilite", &x.civilite}, {"Nom", &x.nom}, {"Prenom", &x.prenom},
		{"NomNaissance", &x.nomNaissance}, {"DateNaissance", &x.naissance}, {"Email", &x.email},
		{"Telephone", &x.tel}, {"Adresse", &x.adresse}, {"CodePostal", &x.cp}, {"Commune", &x.commune},
		{"QPV", &x.qpv}, {"CodeQPV", &x.codeQPV}, {"NiveauFormation", &x.niveau}, {"SituationEntree", &x.situation},
		{"BeneficiaireRSA", &x.rsa}, {"RQTH", &x.rqth}, {"Prescripteur", &x.prescripteur}, {"DateAccueil", &x.accueil},
		{"ConsentementRGPD", &x.rgpd}, {"IntituleProjet", &x.projet}, {"SecteurActivite", &x.secteur},
		{"FormeJuridiqueEnvisagee", &x.formeEnv}, {matrice.FieldCreationEntreprise, &x.creation},
		{"DateCreation", &x.dateCreation}, {"SIRET", &x.siret}, {"FormeJuridique", &x.forme}, {"CodeNAF", &x.naf},
		{"CodePostalEntreprise", &x.cpEntreprise}, {"EmploisCrees", &x.emplois}, {"EntrepriseActive", &x.active},
		{"ChiffreAffaires", &x.ca}, {"ReferenceFinancement", &x.refFin}, {"TypeFinancement", &x.typeFin},
		{"MontantFinancement", &x.montant}, {"DateFinancement", &x.dateFin}, {"OrganismeFinanceur", &x.organisme},
		{"ReseauFinancement", &x.reseau}, {"DateRDV", &x.dateRDV}, {"TypeRDV", &x.typeRDV}, {"ModaliteRDV", &x.modalite},
		{"DureeRDV", &x.dureeRDV}, {"DateEvenement", &x.dateEv}, {"TypeEvenement", &x.typeEv},
		{"IntituleEvenement", &x.intituleEv}, {"DureeEvenement", &x.dureeEv},
	}
	var missing []string
	for _, n := range names {
		i, ok := m.Lookup(n.name)
		if !ok {
			missing = append(missing, n.name)
		}
		*n.at = i
	}
	if len(missing) > 0 {
		return fmt.Errorf("gen: the matrice has no field %s", strings.Join(missing, ", "))
	}
	return nil
}

// checkEnums checks that the values the generator writes by name are values
// of the matrice, so that a change of the matrice is caught at once.
func (r *run) checkEnums() error {
	want := map[int][]string{r.f.reseau: nil, r.f.typeRDV: {"DIAGNOSTIC"}, r.f.motif: {"ABOUTI"}}
	for _, fi := range financers {
		want[r.f.reseau] = append(want[r.f.reseau], fi.network)
	}
	for _, a := range activities {
		want[r.f.secteur] = append(want[r.f.secteur], nafSection(a.naf))
	}
	for i, values := range want {
		for _, v := range values {
			found := false
			for _, e := range r.enum[i] {
				found = found || e == v
			}
			if !found {
				return fmt.Errorf("gen: %q is not a value of %s", v, r.m.FieldName(i))
			}
		}
	}
	return nil
}

// obligation is a parsed ObligatoireImport or Cloture* cell.
type obligation struct {
	kind  obligationKind
	field int
	value string
}

type obligationKind uint8

const (
	never obligationKind = iota
	always
	ifSet
	ifEquals
)

func parseObligation(m *matrice.Matrice, o matrice.Obligation) (obligation, error) {
	s := strings.TrimSpace(string(o))
	switch s {
	case "", string(matrice.Optional):
		return obligation{}, nil
	case string(matrice.Required):
		return obligation{kind: always}, nil
	}
	rest, ok := strings.CutPrefix(s, "SI:")
	if !ok {
		return obligation{}, fmt.Errorf("gen: obligation %q", s)
	}
	name, value, eq := strings.Cut(rest, "=")
	i, ok := m.Lookup(strings.TrimSpace(name))
	if !ok {
		return obligation{}, fmt.Errorf("gen: obligation %q names an unknown field", s)
	}
	if eq {
		return obligation{kind: ifEquals, field: i, value: strings.TrimSpace(value)}, nil
	}
	return obligation{kind: ifSet, field: i}, nil
}

// holds reports whether o requires a value, value giving each field's.
func (o obligation) holds(value func(int) []byte) bool {
	switch o.kind {
	case always:
		return true
	case ifSet:
		return len(value(o.field)) > 0
	case ifEquals:
		return string(value(o.field)) == o.value
	}
	return false
}

// closing returns the closing obligations in force, as the matrice's Row
// decides them: DateFinPhase set, then the phase (and CreationEntreprise).
func (r *run) closing(value func(int) []byte) (matrice.Closing, bool) {
	if len(value(r.f.fin)) == 0 {
		return 0, false
	}
	switch string(value(r.f.phase)) {
	case "1":
		return matrice.ClosePhase1, true
	case "2":
		if string(value(r.f.creation)) == "OUI" {
			return matrice.ClosePhase2, true
		}
		return matrice.ClosePhase2SansCreation, true
	case "3":
		return matrice.ClosePhase3, true
	}
	return 0, false
}

// arena holds values for the fields of a matrice: offsets into one buffer,
// so that appending never invalidates a value.
type arena struct {
	buf []byte
	off [][2]int32
}

func (a *arena) reset(n int) {
	a.buf = a.buf[:0]
	if cap(a.off) < n {
		a.off = make([][2]int32, n)
	}
	a.off = a.off[:n]
	clear(a.off)
}

func (a *arena) mark() int { return len(a.buf) }

func (a *arena) done(i, start int) { a.off[i] = [2]int32{int32(start), int32(len(a.buf))} }

func (a *arena) str(i int, s string) {
	start := len(a.buf)
	a.buf = append(a.buf, s...)
	a.done(i, start)
}

func (a *arena) date(i, day int) {
	start := len(a.buf)
	a.buf = appendDate(a.buf, day)
	a.done(i, start)
}

func (a *arena) int(i, n int) {
	start := len(a.buf)
	a.buf = strconv.AppendInt(a.buf, int64(n), 10)
	a.done(i, start)
}

func (a *arena) get(i int) []byte { o := a.off[i]; return a.buf[o[0]:o[1]] }

func (a *arena) has(i int) bool { return a.off[i][1] > a.off[i][0] }

// write writes the header and the lines.
func (r *run) write() (Stats, error) {
	b := r.line[:0]
	for i := range r.n {
		if i > 0 {
			b = append(b, ';')
		}
		b = append(b, r.m.FieldName(i)...)
	}
	b = append(b, '\r', '\n')
	if err := r.emit(b); err != nil {
		return Stats{}, err
	}
	for k := range r.slots {
		r.open(&r.slots[k])
	}
	for i := range r.g.Lines {
		s := &r.slots[r.rng.IntN(window)]
		faulty := r.faultLeft > 0 && r.rng.IntN(r.g.Lines-i) < r.faultLeft
		if err := r.writeLine(s, faulty); err != nil {
			return Stats{}, err
		}
		if s.emitted == s.planned {
			r.retire(s)
		}
	}
	if err := r.w.Flush(); err != nil {
		return Stats{}, fmt.Errorf("gen: %w", err)
	}
	for k := range r.slots {
		r.count(&r.slots[k])
	}
	return r.stats, nil
}

func (r *run) emit(b []byte) error {
	r.line = b
	n, err := r.w.Write(b)
	r.stats.Bytes += int64(n)
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	return nil
}

// value returns the cell of field i of the line being written.
func (r *run) value(i int) []byte { return r.cells[i] }

// writeLine writes one line of dossier s.
func (r *run) writeLine(s *slot, faulty bool) error {
	r.lineItems(s)
	for i := range r.n {
		if r.groups[i] == matrice.GroupDossier {
			r.cells[i] = s.vals.get(i)
		} else {
			r.cells[i] = r.items.get(i)
		}
	}
	r.ncells = r.n
	if faulty {
		k := r.fault(s)
		r.used[k]++
		r.stats.ByKind[k]++
		r.stats.Faulty++
		r.faultLeft--
	}
	if _, closes := r.closing(r.value); closes {
		r.stats.Closing++
	}
	s.emitted++
	if !faulty {
		s.accepted++
	}

	b := r.line[:0]
	for j := range r.ncells {
		if j > 0 {
			b = append(b, ';')
		}
		c := r.extra
		if j < r.n {
			c = r.cells[j]
		}
		b = r.appendCell(b, c)
	}
	b = append(b, '\r', '\n')
	return r.emit(b)
}

// appendCell appends a cell, quoted when it holds a separator, a quote or a
// line end.
func (r *run) appendCell(b, c []byte) []byte {
	quote, nl := false, false
	for _, ch := range c {
		switch ch {
		case ';', '"', '\r':
			quote = true
		case '\n':
			quote, nl = true, true
		}
	}
	if !quote {
		return append(b, c...)
	}
	r.stats.Quoted++
	if nl {
		r.stats.Multiline++
	}
	b = append(b, '"')
	for _, ch := range c {
		if ch == '"' {
			b = append(b, '"')
		}
		b = append(b, ch)
	}
	return append(b, '"')
}

// errNoFault is a programming error: every line fits some fault.
var errNoFault = errors.New("gen: no fault fits the line")
