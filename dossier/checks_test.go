package dossier_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// registry is a consolidated store in a map.
type registry struct {
	owners  map[string]string // number → owner
	created []*dossier.View
	lookups int   // calls to Owner and Versions
	err     error // returned by every method when set
}

var _ dossier.Registry = (*registry)(nil)

// newRegistry holds numbers with their owners.
func newRegistry(owners map[string]string) *registry {
	r := &registry{owners: map[string]string{}}
	for n, o := range owners {
		r.owners[n] = o
	}
	return r
}

func (r *registry) Owner(_ context.Context, number string) (string, bool, error) {
	r.lookups++
	if r.err != nil {
		return "", false, r.err
	}
	o, ok := r.owners[number]
	return o, ok, nil
}

func (r *registry) Versions(_ context.Context, main string) (int, bool, error) {
	r.lookups++
	if r.err != nil {
		return 0, false, r.err
	}
	highest := 0
	for s := range r.owners {
		n, err := dossier.ParseNumber(s)
		if err == nil && n.IsSub() && n.Main().String() == main && n.Version > highest {
			highest = n.Version
		}
	}
	_, exists := r.owners[main]
	return highest, exists, nil
}

func (r *registry) Create(_ context.Context, v *dossier.View) error {
	if r.err != nil {
		return r.err
	}
	n := v.Number.String()
	if _, dup := r.owners[n]; dup {
		return fmt.Errorf("dossier %s already exists", n)
	}
	r.owners[n] = v.Owner
	r.created = append(r.created, v)
	return nil
}

// createdNumbers lists the numbers created, in order.
func (r *registry) createdNumbers() []string {
	var out []string
	for _, v := range r.created {
		out = append(out, v.Number.String())
	}
	return out
}

// store is the consolidated store the checks meet: adie's dossiers, one of
// franceactive's with a sub-version, a history dossier, and a dossier whose
// sub-versions are all taken.
var store = map[string]string{
	"ADIE1":     "adie",
	"ADIE5":     "adie",
	"001-ADIE5": "adie",
	"FRAC9":     "franceactive",
	"001-FRAC9": "franceactive",
	"HIST42":    "",
	"ADIE8":     "adie",
	"999-ADIE8": "adie",
}

// checker is one file of adie (operator codes ADIE and ADI2) checked against
// a registry, line by line, as the importer drives a LineChecker.
type checker struct {
	reg *registry
	c   *dossier.NumberChecker
	row *matrice.Row
	key int
}

func newChecker(tb testing.TB, reg *registry, src dossier.Source, operators ...string) *checker {
	tb.Helper()
	m := matrice.Default()
	return &checker{
		reg: reg,
		c:   dossier.NewNumberChecker(context.Background(), dossier.NewLayout(m), reg, src, operators),
		row: m.NewRow(matrice.RowOptions{}),
		key: m.Key(),
	}
}

// check checks line n of the file and, when it has no failure, accepts it.
// It returns the line's failures as "code: message".
func (k *checker) check(tb testing.TB, n int, num, phase string) []string {
	tb.Helper()
	k.row.Reset()
	set := func(name, v string) {
		i, ok := k.row.Matrice().Lookup(name)
		require.True(tb, ok)
		k.row.Set(i, []byte(v))
	}
	set("NumeroDossier", num)
	set("Phase", phase)
	set("DateMaj", "10/11/2026")
	require.NoError(tb, k.c.CheckLine(n, k.row))
	var out []string
	for _, f := range k.row.Failures() {
		out = append(out, string(f.Check)+": "+k.row.Message(f))
	}
	if len(out) == 0 {
		require.NoError(tb, k.c.LineAccepted(n, k.row))
	}
	return out
}

// numberMsg is the message of a check on NumeroDossier (spec §3's form).
func numberMsg(check matrice.Check, value, detail string) string {
	return string(check) + ": Attribute 'NumeroDossier' with value '" + value + "' fails check for " + detail
}

// TestNumberChecker: spec §4, checks against the consolidated store, with
// the codes and messages of the README's "Checks against the store".
func TestNumberChecker(t *testing.T) {
	tests := []struct {
		name    string
		number  string
		phase   string
		check   matrice.Check // "" when the line passes
		detail  string
		created bool
	}{
		{name: "new main number, own operator code", number: "ADIE77", phase: "1", created: true},
		{name: "new main number, second operator code", number: "ADI2X", phase: "1", created: true},
		{name: "new main number on phase 2", number: "ADIE78", phase: "2", created: true},
		{name: "existing main number", number: "ADIE1", phase: "1"},
		{name: "another partner's main number, updated", number: "FRAC9", phase: "3"},
		{name: "new main number, another partner's operator code", number: "FRAC10", phase: "1",
			check: matrice.CheckOperator, detail: "operator code is one of 'ADIE', 'ADI2'"},
		{name: "new main number, operator code alike", number: "ADIF1", phase: "1",
			check: matrice.CheckOperator, detail: "operator code is one of 'ADIE', 'ADI2'"},
		{name: "new HIST number", number: "HIST43", phase: "1",
			check: matrice.CheckHIST, detail: "is an existing HIST dossier (HIST numbers are never created)"},
		{name: "existing HIST number, updated", number: "HIST42", phase: "1"},
		{name: "new sub-version of a HIST dossier", number: "001-HIST42", phase: "2", created: true},
		{name: "new sub-version on phase 1", number: "002-ADIE5", phase: "1",
			check: matrice.CheckSubversionPhase, detail: "is created on phase 2"},
		{name: "new sub-version on phase 3", number: "002-ADIE5", phase: "3",
			check: matrice.CheckSubversionPhase, detail: "is created on phase 2"},
		{name: "new sub-version, main missing", number: "001-ADIE404", phase: "2",
			check: matrice.CheckSubversionMain, detail: "has its main dossier 'ADIE404'"},
		{name: "new sub-version, the next one", number: "002-ADIE5", phase: "2", created: true},
		{name: "new sub-version, the first one", number: "001-ADIE1", phase: "2", created: true},
		{name: "new sub-version, a gap", number: "003-ADIE5", phase: "2",
			check: matrice.CheckSubversionNext, detail: "is the next sub-version '002-ADIE5'"},
		{name: "new sub-version, not the first", number: "002-ADIE1", phase: "2",
			check: matrice.CheckSubversionNext, detail: "is the next sub-version '001-ADIE1'"},
		{name: "000- on a dossier without sub-version", number: "000-ADIE1", phase: "2",
			check: matrice.CheckSubversionNext, detail: "is the next sub-version '001-ADIE1'"},
		{name: "000- after 001", number: "000-ADIE5", phase: "2",
			check: matrice.CheckSubversionNext, detail: "is the next sub-version '002-ADIE5'"},
		{name: "000- on phase 1", number: "000-ADIE5", phase: "1",
			check: matrice.CheckSubversionPhase, detail: "is created on phase 2"},
		{name: "000-, main missing", number: "000-ADIE404", phase: "2",
			check: matrice.CheckSubversionMain, detail: "has its main dossier 'ADIE404'"},
		{name: "another partner's sub-version", number: "001-FRAC9", phase: "2",
			check: matrice.CheckSubversionOwner, detail: "is a sub-version of the sending partner (it belongs to 'franceactive')"},
		{name: "another partner's sub-version on phase 1", number: "001-FRAC9", phase: "1",
			check: matrice.CheckSubversionOwner, detail: "is a sub-version of the sending partner (it belongs to 'franceactive')"},
		{name: "own sub-version, updated", number: "001-ADIE5", phase: "2"},
		{name: "a number the type check did not see", number: "adie1", phase: "1",
			check: matrice.CheckType, detail: "type is 'DOSSIER'"},
		{name: "new sub-version of another partner's main", number: "002-FRAC9", phase: "2", created: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := newRegistry(store)
			k := newChecker(t, reg, srcAdie, "ADIE", "ADI2")
			got := k.check(t, 7, tt.number, tt.phase)
			if tt.check == "" {
				assert.Empty(t, got)
			} else {
				assert.Equal(t, []string{numberMsg(tt.check, tt.number, tt.detail)}, got)
			}
			if !tt.created {
				assert.Empty(t, reg.createdNumbers(), "created")
				assert.Equal(t, 0, k.c.Created())
				return
			}
			require.Equal(t, []string{tt.number}, reg.createdNumbers())
			v := reg.created[0]
			assert.Equal(t, number(t, tt.number), v.Number)
			assert.Equal(t, "adie", v.Owner, "the sending partner owns what it creates")
			assert.Equal(t, prov(t, srcAdie, 7, "10/11/2026"), v.Created)
			assert.Empty(t, v.Fields, "a dossier is created empty")
			assert.Empty(t, v.Items)
			assert.Equal(t, 1, k.c.Created())
		})
	}
}

// TestNumberCheckerPastLastSubversion: a dossier whose 999 sub-versions are
// taken has no next one.
func TestNumberCheckerPastLastSubversion(t *testing.T) {
	reg := newRegistry(store)
	k := newChecker(t, reg, srcAdie, "ADIE")
	k.check(t, 2, "005-ADIE8", "2")
	fails := k.row.Failures()
	require.Len(t, fails, 1)
	assert.Equal(t, matrice.CheckSubversionNext, fails[0].Check)
	msg := k.row.Message(fails[0])
	assert.Contains(t, msg, "Attribute 'NumeroDossier' with value '005-ADIE8' fails check for is a free sub-version")
	assert.Contains(t, msg, "999")
	assert.NotContains(t, msg, "1000")
	assert.Empty(t, reg.created)
}

// TestNumberCheckerSameFile: spec §4, a sub-version's main dossier and the
// sub-versions before it may come from earlier lines of the same file.
func TestNumberCheckerSameFile(t *testing.T) {
	tests := []struct {
		name    string
		lines   [][2]string // number, phase
		want    [][]string  // failures per line
		created []string
	}{
		{
			name:    "001 then 002",
			lines:   [][2]string{{"001-ADIE1", "2"}, {"002-ADIE1", "2"}},
			want:    [][]string{nil, nil},
			created: []string{"001-ADIE1", "002-ADIE1"},
		},
		{
			name:    "002 then 003 after the store's 001",
			lines:   [][2]string{{"002-ADIE5", "2"}, {"003-ADIE5", "2"}},
			want:    [][]string{nil, nil},
			created: []string{"002-ADIE5", "003-ADIE5"},
		},
		{
			name:    "a main number, then its first sub-version",
			lines:   [][2]string{{"ADIE900", "1"}, {"001-ADIE900", "2"}},
			want:    [][]string{nil, nil},
			created: []string{"ADIE900", "001-ADIE900"},
		},
		{
			name:    "the same new number twice is created once",
			lines:   [][2]string{{"ADIE900", "1"}, {"ADIE900", "1"}, {"001-ADIE900", "2"}, {"001-ADIE900", "2"}},
			want:    [][]string{nil, nil, nil, nil},
			created: []string{"ADIE900", "001-ADIE900"},
		},
		{
			name:    "002 twice: the second is an update",
			lines:   [][2]string{{"002-ADIE5", "2"}, {"002-ADIE5", "2"}, {"004-ADIE5", "2"}},
			want:    [][]string{nil, nil, {numberMsg(matrice.CheckSubversionNext, "004-ADIE5", "is the next sub-version '003-ADIE5'")}},
			created: []string{"002-ADIE5"},
		},
		{
			name:  "a refused main number creates nothing",
			lines: [][2]string{{"FRAC900", "1"}, {"001-FRAC900", "2"}},
			want: [][]string{
				{numberMsg(matrice.CheckOperator, "FRAC900", "operator code is one of 'ADIE'")},
				{numberMsg(matrice.CheckSubversionMain, "001-FRAC900", "has its main dossier 'FRAC900'")},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := newRegistry(store)
			k := newChecker(t, reg, srcAdie, "ADIE")
			for i, l := range tt.lines {
				assert.Equal(t, tt.want[i], k.check(t, i+2, l[0], l[1]), "line %d, %s", i+2, l[0])
			}
			assert.Equal(t, tt.created, reg.createdNumbers())
			assert.Equal(t, len(tt.created), k.c.Created())
		})
	}
}

// TestNumberCheckerRejectedLine: a line checked but then rejected for
// another reason creates nothing; later lines do not see its number.
func TestNumberCheckerRejectedLine(t *testing.T) {
	reg := newRegistry(store)
	k := newChecker(t, reg, srcAdie, "ADIE")
	k.row.Reset()
	i, _ := k.row.Matrice().Lookup("Phase")
	k.row.Set(k.key, []byte("ADIE900"))
	k.row.Set(i, []byte("1"))
	require.NoError(t, k.c.CheckLine(2, k.row))
	require.Empty(t, k.row.Failures(), "the number itself is fine")
	// Another field fails: the importer rejects the line, LineAccepted is
	// not called.

	got := k.check(t, 3, "001-ADIE900", "2")
	assert.Equal(t, []string{numberMsg(matrice.CheckSubversionMain, "001-ADIE900", "has its main dossier 'ADIE900'")}, got)
	got = k.check(t, 4, "ADIE901", "1")
	assert.Empty(t, got)
	assert.Equal(t, []string{"ADIE901"}, reg.createdNumbers(), "only the accepted line's number")
	assert.Equal(t, 1, k.c.Created())
}

// TestNumberCheckerSkipsFailedNumbers: a line whose number already has an
// error (or none) is not checked, and creates nothing.
func TestNumberCheckerSkipsFailedNumbers(t *testing.T) {
	m := matrice.Default()
	tests := []struct {
		name  string
		setup func(*matrice.Row, int)
		want  []string
	}{
		{
			name: "type error",
			setup: func(r *matrice.Row, key int) {
				r.Set(key, []byte("FRAC10"))
				r.Fail(key, matrice.CheckType, "type is 'DOSSIER'")
			},
			want: []string{"type: Attribute 'NumeroDossier' with value 'FRAC10' fails check for type is 'DOSSIER'"},
		},
		{
			name: "rule subversion_phase of the matrice, said first",
			setup: func(r *matrice.Row, key int) {
				r.Set(key, []byte("002-FRAC9"))
				i, _ := m.Lookup("Phase")
				r.Set(i, []byte("1"))
				r.CheckRules()
			},
			want: []string{"rule: Attribute 'NumeroDossier' with value '002-FRAC9' fails check for rule 'subversion_phase'"},
		},
		{
			name:  "empty number",
			setup: func(r *matrice.Row, key int) {},
			want:  nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := newRegistry(store)
			k := newChecker(t, reg, srcAdie, "ADIE")
			k.row.Reset()
			tt.setup(k.row, k.key)
			require.NoError(t, k.c.CheckLine(2, k.row))
			var got []string
			for _, f := range k.row.Failures() {
				got = append(got, string(f.Check)+": "+k.row.Message(f))
			}
			assert.Equal(t, tt.want, got)
			assert.Equal(t, 0, reg.lookups, "the store is not asked")
			require.NoError(t, k.c.LineAccepted(2, k.row))
			assert.Empty(t, reg.created)
		})
	}
}

// TestNumberCheckerOtherPartner: the checks are the sending partner's.
func TestNumberCheckerOtherPartner(t *testing.T) {
	reg := newRegistry(store)
	k := newChecker(t, reg, srcFrac, "FRAC")
	assert.Empty(t, k.check(t, 2, "002-FRAC9", "2"), "its own dossier's next sub-version")
	assert.Empty(t, k.check(t, 3, "001-FRAC9", "2"), "its own sub-version")
	assert.Empty(t, k.check(t, 4, "FRAC10", "1"))
	assert.Equal(t, []string{numberMsg(matrice.CheckOperator, "ADIE77", "operator code is one of 'FRAC'")}, k.check(t, 5, "ADIE77", "1"))
	assert.Equal(t, []string{numberMsg(matrice.CheckSubversionOwner, "001-ADIE5", "is a sub-version of the sending partner (it belongs to 'adie')")},
		k.check(t, 6, "001-ADIE5", "2"))
	assert.Equal(t, []string{"002-FRAC9", "FRAC10"}, reg.createdNumbers())
	for _, v := range reg.created {
		assert.Equal(t, "franceactive", v.Owner)
		assert.Equal(t, srcFrac, v.Created.Source)
	}
	assert.Equal(t, 2, k.c.Created())
}

// TestNumberCheckerHistory: E#L's own history import is the only one that
// creates HIST dossiers (README, "eleader import --history").
func TestNumberCheckerHistory(t *testing.T) {
	reg := newRegistry(store)
	k := newChecker(t, reg, dossier.Source{Partner: "eleader", File: "20261116-eleader.csv", FileDate: matrice.NewDate(2026, 11, 16)}, "ADIE")
	k.c.History = true
	assert.Empty(t, k.check(t, 2, "HIST43", "1"))
	assert.Equal(t, []string{"HIST43"}, reg.createdNumbers())
}

// TestNumberCheckerNoOperators: a partner without operator codes creates no
// main number.
func TestNumberCheckerNoOperators(t *testing.T) {
	reg := newRegistry(store)
	k := newChecker(t, reg, srcAdie)
	got := k.check(t, 2, "ADIE77", "1")
	require.Len(t, got, 1)
	assert.Contains(t, got[0], "operator: Attribute 'NumeroDossier' with value 'ADIE77' fails check for operator code is one of")
	assert.Empty(t, reg.created)
}

// TestNumberCheckerStoreErrors: a fault of the store stops the file; it is
// not a line's verdict.
func TestNumberCheckerStoreErrors(t *testing.T) {
	boom := errors.New("disk on fire")
	tests := []struct {
		name, number, phase string
		accept              bool
	}{
		{"Owner", "ADIE77", "1", false},
		{"Versions", "000-ADIE5", "2", false},
		{"Create", "ADIE77", "1", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := newRegistry(store)
			k := newChecker(t, reg, srcAdie, "ADIE")
			k.row.Reset()
			i, _ := k.row.Matrice().Lookup("Phase")
			k.row.Set(k.key, []byte(tt.number))
			k.row.Set(i, []byte(tt.phase))
			if !tt.accept {
				reg.err = boom
				assert.ErrorIs(t, k.c.CheckLine(2, k.row), boom)
				assert.Empty(t, k.row.Failures(), "no line error for a store fault")
				return
			}
			require.NoError(t, k.c.CheckLine(2, k.row))
			reg.err = boom
			assert.ErrorIs(t, k.c.LineAccepted(2, k.row), boom)
			assert.Equal(t, 0, k.c.Created())
		})
	}
}

// bulkRegistry is a registry that answers numbers in bulk, counting calls.
type bulkRegistry struct {
	*registry
	bulk int
}

var _ dossier.BulkRegistry = (*bulkRegistry)(nil)

func (r *bulkRegistry) Owners(_ context.Context, numbers []string) (map[string]string, error) {
	r.bulk++
	if r.err != nil {
		return nil, r.err
	}
	out := map[string]string{}
	for _, n := range numbers {
		if o, ok := r.owners[n]; ok {
			out[n] = o
		}
	}
	return out, nil
}

// TestNumberCheckerPreparesInBulk: with a BulkRegistry, a batch's numbers
// are asked about at once and the verdicts are those of asking one by one,
// numbers created by an earlier line of the batch included.
func TestNumberCheckerPreparesInBulk(t *testing.T) {
	lines := [][2]string{ // number, phase
		{"ADIE1", "1"}, {"ADIE2", "1"}, {"ADIE2", "1"}, {"001-ADIE2", "2"}, {"001-ADIE2", "2"}, {"FRAC9", "1"},
		{"001-FRAC9", "2"}, {"002-FRAC9", "2"}, {"HIST42", "1"}, {"HIST43", "1"}, {"FRAC10", "1"}, {"ADI23", "1"},
		{"002-ADIE5", "2"}, {"004-ADIE5", "2"}, {"001-ADIE3", "2"}, {"ADIE3", "1"}, {"001-ADIE3", "2"},
	}
	run := func(reg dossier.Registry, bulk bool) ([]string, []string) {
		m := matrice.Default()
		c := dossier.NewNumberChecker(context.Background(), dossier.NewLayout(m), reg, srcAdie, []string{"ADIE", "ADI2"})
		out := checkInBatches(t, c, prefetchRows(m, lines), 6, bulk) // batches of 6 lines
		var created []string
		switch r := reg.(type) {
		case *registry:
			created = r.createdNumbers()
		case *bulkRegistry:
			created = r.createdNumbers()
		}
		return out, created
	}
	want, wantCreated := run(newRegistry(store), false)
	bulk := &bulkRegistry{registry: newRegistry(store)}
	got, gotCreated := run(bulk, true)
	assert.Equal(t, want, got)
	assert.Equal(t, wantCreated, gotCreated)
	assert.Equal(t, 3, bulk.bulk, "one bulk lookup per batch")
	one := newRegistry(store)
	run(one, false)
	assert.Less(t, bulk.lookups, one.lookups, "lookups one by one: %d with bulk, %d without", bulk.lookups, one.lookups)
}

// errLookup is what a lockedRegistry's failing lookup returns.
var errLookup = errors.New("store unreachable")

// lockedRegistry is a bulkRegistry safe for concurrent use, as Prefetch
// needs; failAt > 0 makes its failAt-th bulk lookup fail.
type lockedRegistry struct {
	mu sync.Mutex
	bulkRegistry
	failAt int
}

func (r *lockedRegistry) Owner(ctx context.Context, number string) (string, bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.registry.Owner(ctx, number)
}

func (r *lockedRegistry) Versions(ctx context.Context, main string) (int, bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.registry.Versions(ctx, main)
}

func (r *lockedRegistry) Create(ctx context.Context, v *dossier.View) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.registry.Create(ctx, v)
}

func (r *lockedRegistry) Owners(ctx context.Context, numbers []string) (map[string]string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.failAt > 0 && r.bulk+1 == r.failAt {
		r.bulk++
		return nil, errLookup
	}
	return r.bulkRegistry.Owners(ctx, numbers)
}

// checkInBatches checks rows as an import does, size lines at a time (the
// batch's numbers prepared first when prepare), the first row being line 2,
// and returns each refused line's messages as "LINE message".
func checkInBatches(tb testing.TB, c *dossier.NumberChecker, rows []*matrice.Row, size int, prepare bool) []string {
	tb.Helper()
	var out []string
	for start := 0; start < len(rows); start += size {
		batch := rows[start:min(start+size, len(rows))]
		if prepare {
			require.NoError(tb, c.PrepareLines(batch))
		}
		for k, row := range batch {
			n := start + k + 2
			require.NoError(tb, c.CheckLine(n, row))
			fails := row.Failures()
			for _, f := range fails {
				out = append(out, fmt.Sprintf("%d %s", n, row.Message(f)))
			}
			if len(fails) == 0 {
				require.NoError(tb, c.LineAccepted(n, row))
			}
		}
	}
	return out
}

// prefetchRows makes the rows of lines (number, phase), checked.
func prefetchRows(m *matrice.Matrice, lines [][2]string) []*matrice.Row {
	rows := make([]*matrice.Row, len(lines))
	for i, l := range lines {
		rows[i] = m.NewRow(matrice.RowOptions{})
		for name, v := range map[string]string{"NumeroDossier": l[0], "Phase": l[1], "DateMaj": "10/11/2026"} {
			k, _ := m.Lookup(name)
			rows[i].Set(k, []byte(v))
		}
		rows[i].CheckFields()
	}
	return rows
}

// TestNumberCheckerPrefetch: with Prefetch, PrepareLines returns before the
// registry answers and the lines' verdicts are those of asking one by one
// (numbers stored, new, created by an earlier line, repeated, sub-versions),
// the numbers asked about in several chunks; a failed lookup is the check's
// error; Close stops the lookups and later checks ask the registry.
func TestNumberCheckerPrefetch(t *testing.T) {
	var lines [][2]string
	for i := range 150 {
		n := "ADIE" + strconv.Itoa(1000+i)
		lines = append(lines, [2]string{n, "1"})
		switch i % 5 {
		case 1:
			lines = append(lines, [2]string{n, "1"}) // again
		case 2:
			lines = append(lines, [2]string{"001-" + n, "2"}) // its first sub-version
		case 3:
			lines = append(lines, [2]string{"ADIE" + strconv.Itoa(1200+i), "2"}) // phase 2, new: refused
		}
		if i%40 == 0 {
			lines = append(lines, [2]string{"ADIE1", "1"}, [2]string{"FRAC9", "1"}, [2]string{"002-FRAC9", "2"}, [2]string{"004-ADIE5", "2"})
		}
	}
	run := func(reg dossier.Registry, prefetch bool, batchLines int) ([]string, []string) {
		m := matrice.Default()
		c := dossier.NewNumberChecker(context.Background(), dossier.NewLayout(m), reg, srcAdie, []string{"ADIE", "ADI2"})
		c.Prefetch = prefetch
		defer c.Close()
		out := checkInBatches(t, c, prefetchRows(m, lines), batchLines, prefetch)
		return out, reg.(interface{ createdNumbers() []string }).createdNumbers()
	}
	want, wantCreated := run(newRegistry(store), false, len(lines))
	require.NotEmpty(t, want, "some lines refused")
	for _, batch := range []int{len(lines), 100, 33} {
		t.Run(strconv.Itoa(batch), func(t *testing.T) {
			reg := &lockedRegistry{bulkRegistry: bulkRegistry{registry: newRegistry(store)}}
			got, gotCreated := run(reg, true, batch)
			assert.Equal(t, want, got)
			assert.Equal(t, wantCreated, gotCreated)
			if batch >= 100 { // more numbers than a chunk
				assert.Greater(t, reg.bulk, (len(lines)+batch-1)/batch, "more than one chunk a batch")
			}
		})
	}

	t.Run("failure", func(t *testing.T) {
		m := matrice.Default()
		reg := &lockedRegistry{bulkRegistry: bulkRegistry{registry: newRegistry(store)}, failAt: 2}
		c := dossier.NewNumberChecker(context.Background(), dossier.NewLayout(m), reg, srcAdie, []string{"ADIE"})
		c.Prefetch = true
		defer c.Close()
		rows := prefetchRows(m, lines)
		require.NoError(t, c.PrepareLines(rows))
		var err error
		for i, row := range rows {
			if err = c.CheckLine(i+2, row); err != nil {
				break
			}
			if len(row.Failures()) == 0 {
				require.NoError(t, c.LineAccepted(i+2, row))
			}
		}
		assert.ErrorIs(t, err, errLookup, "the second chunk's lookup failed")
	})

	t.Run("close", func(t *testing.T) {
		m := matrice.Default()
		reg := &lockedRegistry{bulkRegistry: bulkRegistry{registry: newRegistry(store)}}
		c := dossier.NewNumberChecker(context.Background(), dossier.NewLayout(m), reg, srcAdie, []string{"ADIE"})
		c.Prefetch = true
		rows := prefetchRows(m, lines)
		require.NoError(t, c.PrepareLines(rows))
		c.Close()
		reg.mu.Lock()
		asked := reg.lookups
		reg.mu.Unlock()
		last := rows[len(rows)-1] // a number stored: ADIE1000-ADIE1149 are not
		require.NoError(t, c.CheckLine(len(rows)+1, last))
		reg.mu.Lock()
		defer reg.mu.Unlock()
		assert.Greater(t, reg.lookups, asked, "after Close the registry is asked")
	})
}
