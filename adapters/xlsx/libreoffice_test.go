package xlsx_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/adapters/xlsx"
	"github.com/entrepreneur-leader/eleader-go/bench/gen"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// frenchCSV is LibreOffice's CSV import filter as a French partner opens a
// file: ';', '"', UTF-8, from line 1, French locale, special numbers (dates)
// detected — so that dates and digits become typed cells.
const frenchCSV = "CSV:59,34,76,1,,1036,false,true"

// soffice returns LibreOffice's command, or skips the test; with
// ELEADER_REQUIRE_SOFFICE=1 (CI) its absence fails the test.
func soffice(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("ELEADER_REQUIRE_SOFFICE") == "1" {
		t.Fatal("LibreOffice (soffice) is required (ELEADER_REQUIRE_SOFFICE=1): apt-get install libreoffice-calc-nogui")
	}
	t.Skip("LibreOffice (soffice) not installed: apt-get install libreoffice-calc-nogui, or set ELEADER_REQUIRE_SOFFICE=1 to make this a failure")
	return ""
}

// libreOffice converts files to format (xlsx …) with LibreOffice, in a
// profile of its own, and returns the paths written.
func libreOffice(t *testing.T, format, filter string, files ...string) []string {
	t.Helper()
	bin := soffice(t)
	out := t.TempDir()
	args := []string{"-env:UserInstallation=file://" + filepath.Join(t.TempDir(), "profile"), "--headless", "--norestore"}
	if filter != "" {
		args = append(args, "--infilter="+filter)
	}
	args = append(args, "--convert-to", format, "--outdir", out)
	ctx, cancel := context.WithTimeout(context.Background(), 5*60e9)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append(args, files...)...)
	msg, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", msg)
	var paths []string
	for _, f := range files {
		p := filepath.Join(out, strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))+"."+format)
		_, err := os.Stat(p)
		require.NoError(t, err, "LibreOffice wrote no %s: %s", p, msg)
		paths = append(paths, p)
	}
	return paths
}

// verdict is a file's report and its lines' errors, record by record.
type verdict struct {
	rep     *importer.Report
	lines   []int      // each record's line (CSV) or row (workbook)
	errors  [][]string // each record's errors: "field check message"
	shortOf []bool     // a record with fewer cells than the header (CSV)
}

// judge validates a CSV file, or a workbook through its conversion.
func judge(t *testing.T, path string, m *matrice.Matrice) verdict {
	t.Helper()
	v := importer.NewValidator(m)
	v.Date = matrice.NewDate(2026, 11, 17)
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var r = any(f).(interface{ Read([]byte) (int, error) })
	if strings.HasSuffix(path, ".xlsx") {
		info, err := f.Stat()
		require.NoError(t, err)
		rc := xlsx.Workbooks{}.CSV(context.Background(), f, info.Size(), m)
		defer rc.Close()
		r = rc
		v.RowNumbers = true
	}
	var out verdict
	rep, err := v.Validate(filepath.Base(path), r, func(l *importer.Line) error {
		out.lines = append(out.lines, l.Number)
		var errs []string
		short := false
		for _, e := range l.Errors {
			errs = append(errs, e.Field+" "+string(e.Check)+" "+e.Message)
			short = short || (e.Check == matrice.CheckCells && len(l.Cells) < len(l.Header()))
		}
		out.errors = append(out.errors, errs)
		out.shortOf = append(out.shortOf, short)
		return nil
	})
	require.NoError(t, err)
	out.rep = rep
	return out
}

// sameVerdicts checks that a workbook's verdicts are its CSV's, record by
// record, but for a record shorter than the header, which a worksheet
// cannot hold (its cells are there, empty: field checks speak instead).
func sameVerdicts(t *testing.T, csv, wb verdict) {
	t.Helper()
	assert.Empty(t, wb.rep.FileErrors)
	require.Len(t, wb.errors, len(csv.errors), "records")
	short := 0
	for i := range csv.errors {
		if csv.shortOf[i] {
			short++
			continue
		}
		assert.Equal(t, csv.errors[i], wb.errors[i], "record %d (CSV line %d, row %d)", i+1, csv.lines[i], wb.lines[i])
	}
	if short == 0 {
		assert.Equal(t, csv.rep.Status, wb.rep.Status)
		assert.Equal(t, csv.rep.Accepted, wb.rep.Accepted)
		assert.Equal(t, csv.rep.Rejected, wb.rep.Rejected)
		assert.Equal(t, csv.rep.Dossiers, wb.rep.Dossiers)
	}
	assert.Equal(t, csv.rep.Lines, wb.rep.Lines)
}

// Workbooks LibreOffice Calc makes of partner files opened with French type
// detection (dates and digits become typed cells) give the CSV's verdicts;
// lines are rows.
func TestLibreOfficeWorkbooks(t *testing.T) {
	dir := t.TempDir()
	files := []string{filepath.Join(dir, "20261116-demo.csv"), filepath.Join(dir, "20261117-demo.csv")}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join("..", "..", "examples", "files", filepath.Base(f)))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(f, b, 0o600))
	}
	// A generated file without faults: quoted ';', quotes and line breaks,
	// every kind of value.
	g := gen.New()
	g.Lines, g.Faults, g.Seed = 300, 0, 11
	var buf bytes.Buffer
	_, err := g.Write(&buf)
	require.NoError(t, err)
	genPath := filepath.Join(dir, "20261116-gen.csv")
	require.NoError(t, os.WriteFile(genPath, buf.Bytes(), 0o600))
	files = append(files, genPath)

	books := libreOffice(t, "xlsx", frenchCSV, files...)
	m := matrice.Default()
	for i, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			csv, wb := judge(t, f, m), judge(t, books[i], m)
			sameVerdicts(t, csv, wb)
		})
	}
	// The generated file holds cells with line breaks: its rows are not
	// its CSV lines.
	csv, wb := judge(t, genPath, m), judge(t, books[2], m)
	assert.Equal(t, importer.StatusAccepted, wb.rep.Status)
	assert.Equal(t, 300, wb.rep.Lines)
	for i, row := range wb.lines {
		assert.Equal(t, i+2, row, "row numbers")
	}
	assert.Greater(t, csv.lines[len(csv.lines)-1], 301, "the CSV has quoted line breaks")
}

// The template, filled in and saved again by LibreOffice, still converts
// to the values typed: its hidden list sheet stays the template's own.
func TestLibreOfficeTemplate(t *testing.T) {
	var long []string
	for i := range 30 {
		long = append(long, "ORGANISME_NUMERO_"+strings.Repeat("X", i%5)+string(rune('A'+i%26)))
	}
	m, err := matrice.New([]matrice.Field{
		{Name: "Numero", Group: matrice.GroupDossier, Type: matrice.DOSSIER},
		{Name: "Organisme", Group: matrice.GroupDossier, Type: matrice.ENUM, Values: long},
		{Name: "Telephone", Group: matrice.GroupDossier, Type: matrice.TEL},
		{Name: "Debut", Group: matrice.GroupDossier, Type: matrice.DATE},
	})
	require.NoError(t, err)
	_, f := template(t, m)
	for c, v := range []string{"ADIE000001", long[7], "0612345678", "12/05/1990"} {
		cell, _ := excelize.CoordinatesToCellName(c+1, 2)
		require.NoError(t, f.SetCellStr(xlsx.TemplateSheet, cell, v))
	}
	path := filepath.Join(t.TempDir(), "20261116-demo.xlsx")
	require.NoError(t, f.SaveAs(path))
	saved := libreOffice(t, "xlsx", "", path)
	data, err := os.ReadFile(saved[0])
	require.NoError(t, err)
	out, fes := convert(t, xlsx.Workbooks{}, data, m)
	require.Empty(t, fes, "LibreOffice keeps the list sheet, hidden")
	assert.Equal(t, "Numero;Organisme;Telephone;Debut\r\nADIE000001;"+long[7]+";0612345678;12/05/1990\r\n", out)
}

// A formula and an added sheet survive LibreOffice's saving: still refused.
func TestLibreOfficeRules(t *testing.T) {
	f := filled(t)
	require.NoError(t, f.SetCellFormula("Dossiers", "E2", "1000+500.5"))
	_, err := f.NewSheet("Feuil2")
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "20261116-demo.xlsx")
	require.NoError(t, f.SaveAs(path))
	saved := libreOffice(t, "xlsx", "", path)
	data, err := os.ReadFile(saved[0])
	require.NoError(t, err)
	_, fes := convert(t, xlsx.Workbooks{}, data, testMatrice(t))
	assert.Equal(t, []string{
		"the sheet 'Feuil2' was added to the template: the workbook must hold the template's sheet only; move its rows into the first sheet, or delete it",
		"cell E2 holds a formula: type its value instead",
	}, messages(fes))
}
