package eleader_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/adapters/dropdir"
	"github.com/entrepreneur-leader/eleader-go/adapters/xlsx"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// workbookOf writes lines on the default matrice's header as a workbook of
// text cells, then lets edit change it.
func workbookOf(tb testing.TB, lines []map[string]string, edit func(f *excelize.File)) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	header := defaultColumns()
	row := make([]any, len(header))
	for i, h := range header {
		row[i] = h
	}
	require.NoError(tb, f.SetSheetRow("Sheet1", "A1", &row))
	for r, l := range lines {
		cells := make([]any, len(header))
		for i, h := range header {
			cells[i] = l[h]
		}
		require.NoError(tb, f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", r+2), &cells))
	}
	if edit != nil {
		edit(f)
	}
	var buf bytes.Buffer
	require.NoError(tb, f.Write(&buf))
	return buf.Bytes()
}

// uploadEnv is a run environment whose service converts workbooks.
func uploadEnv(t *testing.T) (*runEnv, *eleader.Partner) {
	t.Helper()
	e := newRunEnv(t)
	e.svc.Workbooks = xlsx.Workbooks{}
	e.partner(t, "adie", []string{"ADIE"}, importer.ModePartial, eleader.Qualification)
	p, err := e.store.Partner(context.Background(), "adie")
	require.NoError(t, err)
	return e, p
}

// noTemporaryFiles checks that nothing is left of refused uploads.
func noTemporaryFiles(t *testing.T, e *runEnv) {
	t.Helper()
	for _, name := range e.files(t, "adie", dropdir.DepositDir) {
		assert.False(t, strings.HasPrefix(name, ".tmp-"), "left behind: %s", name)
	}
}

// The front door judges a file's file-level checks before it enters the
// deposits: a file with file errors is refused with EREJECTED and its
// errors, nothing kept; line errors are for the import.
func TestUploadVerdict(t *testing.T) {
	e, p := uploadEnv(t)
	ctx := context.Background()
	good := csvFile(dossierLine("ADIE100001", nil), dossierLine("ADIE100002", map[string]string{"SIRET": "abc"}))
	tests := []struct {
		name  string
		file  string
		body  []byte
		codes []importer.FileCheck
		en    string
		fr    string
	}{
		{"comma separator", "20261101-adie.csv", []byte(strings.ReplaceAll(good, ";", ",")), []importer.FileCheck{importer.CodeSeparator},
			"line 1: the header is separated by commas", "ligne 1 : l'en-tête est séparé par des virgules"},
		{"header", "20261101-adie.csv", []byte(strings.Replace(good, "SIRET", "Siret", 1)), []importer.FileCheck{importer.CodeHeader},
			"unknown column 'Siret' (did you mean 'SIRET'?)", "colonne inconnue : 'Siret' (vouliez-vous dire 'SIRET' ?)"},
		{"empty", "20261101-adie.csv", nil, []importer.FileCheck{importer.CodeEmpty}, "the file is empty", "le fichier est vide"},
		{"Windows-1252", "20261101-adie.csv", []byte(good + "ADIE1;\xe9\n"), []importer.FileCheck{importer.CodeEncoding}, "looks like Windows-1252", "Windows-1252"},
		{"unclosed quote", "20261101-adie.csv", []byte(good + "\"ADIE1\n"), []importer.FileCheck{importer.CodeSyntax}, "never closed", "jamais fermé"},
		{"a workbook with a formula", "20261101-adie.xlsx", workbookOf(t, []map[string]string{dossierLine("ADIE100001", nil)}, func(f *excelize.File) {
			require.NoError(t, f.SetCellFormula("Sheet1", "AO2", "1+1"))
		}), []importer.FileCheck{importer.CodeWorkbook}, "cell AO2 holds a formula", "la cellule AO2 contient une formule : saisissez la valeur"},
		{"a workbook with a wrong header", "20261101-adie.xlsx", workbookOf(t, nil, func(f *excelize.File) {
			require.NoError(t, f.SetCellStr("Sheet1", "I1", "NomDeFamille"))
		}), []importer.FileCheck{importer.CodeHeader}, "line 1: missing column 'Nom'; unknown column 'NomDeFamille'", "colonne manquante : 'Nom'"},
		{"a CSV named .xlsx", "20261101-adie.xlsx", []byte(good), []importer.FileCheck{importer.CodeWorkbook}, "the file is text, probably a CSV file", "sans doute un CSV"},
		{"a workbook named .csv", "20261101-adie.csv", workbookOf(t, nil, nil), []importer.FileCheck{importer.CodeEncoding}, "ZIP archive, probably an Excel workbook (.xlsx): send it named .xlsx", "envoyez-le avec l'extension .xlsx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.svc.Upload(ctx, p, tt.file, -1, bytes.NewReader(tt.body), 0)
			require.Error(t, err)
			assert.Equal(t, eleader.EREJECTED, eleader.ErrorCode(err))
			r, ok := eleader.AsRejection(err)
			require.True(t, ok)
			assert.Equal(t, tt.file, r.File)
			var codes []importer.FileCheck
			for _, fe := range r.Errors {
				codes = append(codes, fe.Code)
			}
			assert.Equal(t, tt.codes, codes)
			assert.Contains(t, r.Errors[0].Message, tt.en)
			assert.Contains(t, r.Errors[0].In(i18n.French), tt.fr)
			assert.Contains(t, err.Error(), tt.file+" is refused: ")
			assert.Empty(t, e.files(t, "adie", dropdir.DepositDir), "nothing kept")
		})
	}
	// Line errors are no reason to refuse: the file is deposited.
	dep, err := e.svc.Upload(ctx, p, "20261101-adie.csv", int64(len(good)), strings.NewReader(good), 0)
	require.NoError(t, err)
	assert.Equal(t, "20261101-adie.csv", dep.Name)
	// The name was free again after the refusals; the export is now used,
	// under both extensions.
	_, err = e.svc.Upload(ctx, p, "20261101-adie.xlsx", -1, bytes.NewReader(workbookOf(t, nil, nil)), 0)
	assert.Equal(t, eleader.ECONFLICT, eleader.ErrorCode(err))
	var used *eleader.UsedName
	require.ErrorAs(t, err, &used)
	assert.Equal(t, "20261101-adie.csv", used.Name)
	assert.Equal(t, eleader.FileWaiting, used.State)
	noTemporaryFiles(t, e)
	assert.Contains(t, e.logs.String(), `"msg":"file refused at deposit"`)
	assert.NotContains(t, e.logs.String(), "Dupont", "no personal data in the logs")
}

// A workbook is deposited as it is (the original), imported by its
// conversion, its lines numbered by row; its rejects come as CSV and as
// XLSX with the same rows; the ledger's SHA-256 is the workbook's.
func TestWorkbookImport(t *testing.T) {
	e, p := uploadEnv(t)
	ctx := context.Background()
	lines := []map[string]string{
		dossierLine("ADIE100001", map[string]string{"IntituleProjet": "Épicerie\nfine\nbio"}), // row 2, three lines of text
		dossierLine("ADIE100002", map[string]string{"SIRET": "abc"}),                          // row 3: rejected
		{}, // row 4: blank
		dossierLine("ADIE100003", map[string]string{"Civilite": "Mr"}), // row 5: rejected
	}
	data := workbookOf(t, lines, nil)
	dep, err := e.svc.Upload(ctx, p, "20261116-adie.xlsx", int64(len(data)), bytes.NewReader(data), 0)
	require.NoError(t, err)
	stored, err := os.ReadFile(filepath.Join(e.root, "adie", dropdir.DepositDir, "20261116-adie.xlsx"))
	require.NoError(t, err)
	assert.Equal(t, data, stored, "the original workbook is deposited")
	info, err := os.Stat(filepath.Join(e.root, "adie", dropdir.DepositDir, "20261116-adie.xlsx"))
	require.NoError(t, err)
	assert.Equal(t, fs.FileMode(0o600), info.Mode().Perm(), "personal data: 0600")

	rec := e.run(t, "adie")
	assert.Equal(t, 1, rec.Imported)
	assert.Equal(t, 3, rec.Lines)
	assert.Equal(t, 2, rec.Rejected)
	reports := e.reports(t, "adie")
	require.Len(t, reports, 1)
	r := reports[0]
	assert.Equal(t, "20261116-adie.xlsx", r.File)
	assert.Equal(t, []int{3, 5}, storedLines(t, e.store, &r), "rows, whatever the line breaks in cells")
	var lineOf []int
	for _, c := range r.Checks {
		for _, ex := range c.Examples {
			lineOf = append(lineOf, ex.Line)
		}
	}
	assert.ElementsMatch(t, []int{3, 5}, lineOf)
	assert.Contains(t, storedRejects(t, e.svc, &r), "ADIE100002")
	e.svc.Workbooks = xlsx.Workbooks{}
	twin, _, err := e.svc.PartnerRejects(context.Background(), "adie", r.ID, eleader.RejectsXLSX)
	require.NoError(t, err)
	defer twin.Close()
	f, err := excelize.OpenReader(twin)
	require.NoError(t, err)
	rows, err := f.GetRows(f.GetSheetList()[0])
	require.NoError(t, err)
	require.Len(t, rows, 3)
	assert.Equal(t, []string{"Ligne", "3", "5"}, []string{rows[0][0], rows[1][0], rows[2][0]})

	imports := e.imports(t, "adie")
	require.Len(t, imports, 1)
	assert.Equal(t, dep.SHA256, imports[0].SHA256, "the hash is the workbook's")
	kept, err := os.ReadFile(filepath.Join(e.root, "adie", dropdir.HistoryDir, "20261116-adie.xlsx"))
	require.NoError(t, err)
	assert.Equal(t, data, kept, "history keeps the original workbook")
}

// Import converts a workbook given as any reader (copied first), or as a
// file (read in place): the same verdict.
func TestImportWorkbookReaders(t *testing.T) {
	e, _ := uploadEnv(t)
	ctx := context.Background()
	data := workbookOf(t, []map[string]string{dossierLine("ADIE100001", nil), dossierLine("ADIE100002", map[string]string{"QPV": "oui"})}, nil)
	path := filepath.Join(t.TempDir(), "20261116-adie.xlsx")
	require.NoError(t, os.WriteFile(path, data, 0o600))
	file, err := os.Open(path)
	require.NoError(t, err)
	defer file.Close()
	var reps []*importer.Report
	var hashes []string
	for _, body := range []interface{ Read([]byte) (int, error) }{bytes.NewReader(data), file} {
		res, err := e.svc.Import(ctx, eleader.Import{Partner: "adie", Operators: []string{"ADIE"}, Name: "20261116-adie.xlsx", Body: body, Qualification: true})
		require.NoError(t, err)
		reps = append(reps, res.Report)
		hashes = append(hashes, res.Record.SHA256)
	}
	assert.Equal(t, reps[0].Lines, reps[1].Lines)
	assert.Equal(t, 2, reps[0].Lines)
	assert.Equal(t, 1, reps[0].Rejected)
	assert.Equal(t, hashes[0], hashes[1])

	// Without a converter, a workbook is a file error (and refused at
	// the front door).
	e.svc.Workbooks = nil
	res, err := e.svc.Import(ctx, eleader.Import{Partner: "adie", Operators: []string{"ADIE"}, Name: "20261117-adie.xlsx", Body: bytes.NewReader(data), Qualification: true})
	require.NoError(t, err)
	require.Len(t, res.Report.FileErrors, 1)
	assert.Equal(t, importer.CodeWorkbook, res.Report.FileErrors[0].Code)
	p, err := e.store.Partner(ctx, "adie")
	require.NoError(t, err)
	_, err = e.svc.Upload(ctx, p, "20261118-adie.xlsx", -1, bytes.NewReader(data), 0)
	assert.Equal(t, eleader.EUNSUPPORTED, eleader.ErrorCode(err))
}

// CheckFile gives the file errors of a file without depositing it: what
// issue 13's dry run builds on.
func TestCheckFile(t *testing.T) {
	e, _ := uploadEnv(t)
	data := []byte(csvFile(dossierLine("ADIE100001", map[string]string{"SIRET": "x"})))
	errs, err := e.svc.CheckFile(context.Background(), "adie", "20261116-adie.csv", bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	assert.Empty(t, errs, "line errors are not file errors")
	errs, err = e.svc.CheckFile(context.Background(), "adie", "20261116-frac.csv", bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	require.Len(t, errs, 1)
	assert.Equal(t, importer.CodeName, errs[0].Code)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = e.svc.CheckFile(ctx, "adie", "20261116-adie.csv", bytes.NewReader(data), int64(len(data)))
	assert.ErrorIs(t, err, context.Canceled)
}
