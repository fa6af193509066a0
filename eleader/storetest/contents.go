package storetest

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/bench/gen"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// Dump lists what a store holds after imports, one line per row, for
// Contents: every column of every dossier and disagreement (the item's group
// and key included; values that are bytes written in hex), and of every
// import its partner, file, SHA-256, status, consolidated, counts, file
// errors and qualification (not its ID and times). Each adapter reads its
// own tables; the order of the lines does not matter. DossierLine,
// DisagreementLine and ImportLine make the line of one row, read with scan
// (database/sql's or pgx's Rows.Scan): every adapter writes the same.
type Dump func(tb testing.TB) []string

// DossierLine is Dump's line of a row of dossiers: number, main, version,
// oper, owner, phase, name_key, birth_name_key, siret, view (the last five
// as bytes).
func DossierLine(scan func(dest ...any) error) (string, error) {
	var number, main, oper, owner string
	var version int64
	var phase, name, birth, siret, view []byte
	if err := scan(&number, &main, &version, &oper, &owner, &phase, &name, &birth, &siret, &view); err != nil {
		return "", err
	}
	return fmt.Sprintf("dossier %s %s %d %s %s %x %x %x %x %x", number, main, version, oper, owner, phase, name, birth, siret, view), nil
}

// DisagreementLine is Dump's line of a row of disagreements: number,
// item_group, item_key, field, kept_value, kept_partner, kept_file,
// kept_file_date, kept_line, kept_date, other_value, other_partner,
// other_file, other_file_date, other_line, other_date (item_key and the
// values as bytes).
func DisagreementLine(scan func(dest ...any) error) (string, error) {
	var number, group, field, kp, kf, kfd, kd, op, of, ofd, od string
	var key, kv, ov []byte
	var kl, ol int64
	if err := scan(&number, &group, &key, &field, &kv, &kp, &kf, &kfd, &kl, &kd, &ov, &op, &of, &ofd, &ol, &od); err != nil {
		return "", err
	}
	return fmt.Sprintf("disagreement %s %s %x %s %x %s %s %s %d %s %x %s %s %s %d %s", number, group, key, field, kv, kp, kf, kfd, kl, kd, ov, op, of, ofd, ol, od), nil
}

// ImportLine is Dump's line of a row of imports: partner, file, sha256,
// status, consolidated, lines, accepted, rejected, dossiers, created,
// updated, file_errors, qualification.
func ImportLine(scan func(dest ...any) error) (string, error) {
	var partner, file, sha, status, fileErrors string
	var consolidated, qualification bool
	var lines, accepted, rejected, dossiers, created, updated int64
	if err := scan(&partner, &file, &sha, &status, &consolidated, &lines, &accepted, &rejected, &dossiers, &created, &updated,
		&fileErrors, &qualification); err != nil {
		return "", err
	}
	return fmt.Sprintf("import %s %s %s %s %v %d %d %d %d %d %d %x %v", partner, file, sha, status, consolidated, lines, accepted, rejected, dossiers, created, updated,
		fileErrors, qualification), nil
}

// contentsGolden records the digest of the contents Contents builds. Set
// ELEADER_UPDATE_GOLDEN=1 to record it again, after a change that means to
// change what a store holds (a new storage format of views, say). To see
// what differs, set ELEADER_GOLDEN_ROWS to a file name: Contents writes
// there the rows it digests, one per line, sorted, to compare with those
// of another version of the code.
const contentsGolden = "testdata/contents.golden"

// contentsImport is one import of the sequence.
type contentsImport struct {
	partner, operator string // the partner and its operator code
	lines             int
	date              matrice.Date
	numbers           string     // the operator code of the file's numbers
	remix             *gen.Remix // nil: the generated file as it is
	mode              importer.Mode
	qualification     bool
}

// contentsImports creates dossiers, updates them the next day, lets another
// partner update them (disagreements, sub-versions it may not touch),
// imports a remix (other column order, a dossier's lines far apart, padded
// values), a file in complete mode (its rejected lines reject it whole: it
// consolidates nothing, its file error is recorded) and a qualification's
// (judged, not consolidated), then the first file twice again (the second
// time changes nothing).
var contentsImports = []contentsImport{
	{partner: "demo", operator: "DEMO", lines: 3000, date: 20261116, numbers: "DEMO"},
	{partner: "demo", operator: "DEMO", lines: 3000, date: 20261117, numbers: "DEMO"},
	{partner: "autre", operator: "AUTR", lines: 2000, date: 20261118, numbers: "DEMO"},
	{partner: "demo", operator: "DEMO", lines: 3000, date: 20261119, numbers: "DEMO",
		remix: &gen.Remix{Seed: 9, ShuffleColumns: true, Spread: 3000, Pad: 0.1, Quote: 0.1, LF: true}},
	{partner: "demo", operator: "DEMO", lines: 2000, date: 20261115, numbers: "DEMO", mode: importer.ModeComplete},
	{partner: "autre", operator: "AUTR", lines: 1000, date: 20261114, numbers: "DEMO", qualification: true},
	{partner: "demo", operator: "DEMO", lines: 3000, date: 20261116, numbers: "DEMO"},
	{partner: "demo", operator: "DEMO", lines: 3000, date: 20261116, numbers: "DEMO"},
}

// Contents imports a sequence of generated and remixed files into s, an
// empty store, then checks that what it holds — read by dump — and what
// each import reported are byte for byte those recorded: the same for
// every Store implementation, and unchanged by optimisations.
func Contents(t *testing.T, s eleader.Store, dump Dump) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	svc := &eleader.Service{Store: s, GroupBytes: 192 << 10, Now: func() time.Time { return now }}
	var lines []string
	for k, ci := range contentsImports {
		g := gen.New()
		g.Lines, g.Date, g.Partner, g.Operator, g.Seed = ci.lines, ci.date, ci.partner, ci.numbers, 1
		var b bytes.Buffer
		_, err := g.Write(&b)
		require.NoError(t, err)
		if ci.remix != nil {
			var out bytes.Buffer
			_, err := ci.remix.Copy(&out, &b)
			require.NoError(t, err)
			b = out
		}
		path := filepath.Join(dir, g.FileName())
		require.NoError(t, os.WriteFile(path, b.Bytes(), 0o600))
		f, err := os.Open(path)
		require.NoError(t, err)
		r, err := svc.Import(t.Context(), eleader.Import{Partner: ci.partner, Operators: []string{ci.operator}, Name: path, Body: f,
			Mode: ci.mode, Qualification: ci.qualification})
		f.Close()
		require.NoError(t, err, "import %d, %s", k, g.FileName())
		rep := r.Report
		if ci.mode == importer.ModeComplete {
			assert.NotEmpty(t, rep.FileErrors, "import %d: complete mode, lines rejected: the file is rejected whole", k)
		}
		if ci.mode == importer.ModeComplete || ci.qualification {
			assert.False(t, r.Record.Consolidated, "import %d consolidates nothing", k)
			assert.Zero(t, r.Items+r.Record.Created+r.Record.Updated, "import %d consolidates nothing", k)
		}
		lines = append(lines, fmt.Sprintf("result %d %s %s lines=%d accepted=%d rejected=%d dossiers=%d created=%d updated=%d items=%d disagreements=%d unchanged=%v file-errors=%d qualified=%v",
			k, g.FileName(), rep.Status, rep.Lines, rep.Accepted, rep.Rejected, rep.Dossiers,
			r.Record.Created, r.Record.Updated, r.Items, r.Disagreements, r.Unchanged, len(rep.FileErrors), r.Qualified))
	}
	require.Contains(t, lines[len(lines)-1], "unchanged=true", "the same file twice: the second import changes nothing")

	rows := dump(t)
	slices.Sort(rows)
	kinds := map[string]int{}
	for _, r := range rows {
		kind, _, _ := strings.Cut(r, " ")
		kinds[kind]++
	}
	if out := os.Getenv("ELEADER_GOLDEN_ROWS"); out != "" {
		require.NoError(t, os.WriteFile(out, []byte(strings.Join(rows, "\n")+"\n"), 0o600))
	}
	sum := sha256.Sum256([]byte(strings.Join(rows, "\n")))
	lines = append(lines, fmt.Sprintf("rows dossier=%d disagreement=%d import=%d", kinds["dossier"], kinds["disagreement"], kinds["import"]),
		fmt.Sprintf("contents sha256=%x", sum))
	text := strings.Join(lines, "\n") + "\n"

	_, self, _, _ := runtime.Caller(0)
	golden := filepath.Join(filepath.Dir(self), contentsGolden)
	if os.Getenv("ELEADER_UPDATE_GOLDEN") != "" {
		require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
		require.NoError(t, os.WriteFile(golden, []byte(text), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "set ELEADER_UPDATE_GOLDEN=1 to record it")
	assert.Equal(t, string(want), text, "the store's contents differ from those recorded in %s", golden)
	assert.Positive(t, kinds["disagreement"], "another partner's file met disagreements")
}
