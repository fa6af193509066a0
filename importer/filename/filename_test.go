package filename_test

import (
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/importer/filename"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    filename.Name
		problem string // "" when valid
		reason  string
	}{
		{name: "csv", in: "20261116-adie.csv", want: filename.Name{Year: 2026, Month: 11, Day: 16, Partner: "adie", Ext: ".csv"}},
		{name: "workbook", in: "20261116-adie.xlsx", want: filename.Name{Year: 2026, Month: 11, Day: 16, Partner: "adie", Ext: ".xlsx"}},
		{name: "directory ignored", in: "exports/2026/20240229-bge_idf.csv", want: filename.Name{Year: 2024, Month: 2, Day: 29, Partner: "bge_idf", Ext: ".csv"}},
		{name: "windows directory ignored", in: `C:\exports\20261116-a-1.xlsx`, want: filename.Name{Year: 2026, Month: 11, Day: 16, Partner: "a-1", Ext: ".xlsx"}},
		{name: "missing", in: "", problem: filename.Missing},
		{name: "directory only", in: "exports/", problem: filename.Missing},
		{name: "no extension", in: "20261116-adie", problem: filename.Extension, reason: "must end in .csv"},
		{name: "upper-case csv", in: "20261116-adie.CSV", problem: filename.Extension, reason: "in lower case"},
		{name: "upper-case xlsx", in: "20261116-adie.Xlsx", problem: filename.Extension, reason: "in lower case"},
		{name: "text", in: "20261116-adie.txt", problem: filename.Extension, reason: "not .txt"},
		{name: "xls", in: "20261116-adie.xls", problem: filename.Workbook, reason: "a .xls file"},
		{name: "xlsm", in: "20261116-adie.xlsm", problem: filename.Workbook, reason: "(.xlsx)"},
		{name: "xlsb", in: "20261116-adie.XLSB", problem: filename.Workbook, reason: "a .xlsb file"},
		{name: "ods", in: "20261116-adie.ods", problem: filename.Workbook, reason: "CSV UTF-8"},
		{name: "double extension", in: "20261116-adie.csv.xlsx", problem: filename.Partner},
		{name: "no dash", in: "20261116adie.csv", problem: filename.Date},
		{name: "short date", in: "2026116-adie.csv", problem: filename.Date},
		{name: "29 February of a common year", in: "20260229-adie.csv", problem: filename.Date, reason: "20260229 is not a valid date"},
		{name: "month 13", in: "20261316-adie.xlsx", problem: filename.Date},
		{name: "year 0", in: "00001116-adie.csv", problem: filename.Date},
		{name: "signs in the date", in: "+2026111-adie.csv", problem: filename.Date},
		{name: "upper-case partner", in: "20261116-ADIE.csv", problem: filename.Partner},
		{name: "partner of one letter", in: "20261116-a.csv", problem: filename.Partner},
		{name: "partner starting with a dash", in: "20261116--adie.csv", problem: filename.Partner},
		{name: "partner too long", in: "20261116-" + strings.Repeat("a", 64) + ".csv", problem: filename.Partner},
		{name: "accented partner", in: "20261116-adié.csv", problem: filename.Partner},
		{name: "a space", in: "20261116-ad ie.csv", problem: filename.Partner},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := filename.Parse(tt.in)
			if tt.problem == "" {
				require.NoError(t, err)
				assert.Equal(t, tt.want, got)
				base := tt.in[strings.LastIndexAny(tt.in, `/\`)+1:]
				assert.Equal(t, base, got.String(), "formats back")
				return
			}
			var fe *filename.Error
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.problem, fe.Problem)
			assert.ErrorIs(t, err, filename.ErrInvalid)
			assert.Contains(t, fe.Reason, tt.reason)
			assert.Contains(t, err.Error(), "AAAAMMDD-IDENTIFIANT.csv or .xlsx")
			assert.Zero(t, got)
		})
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		in, problem, shown string
	}{
		{in: "", problem: filename.Missing},
		{in: "../20261116-adie.csv", problem: filename.Path, shown: "../20261116-adie.csv"},
		{in: `..\20261116-adie.csv`, problem: filename.Path},
		{in: "/etc/20261116-adie.csv", problem: filename.Path},
		{in: "20261116-adie.csv\x00.xlsx", problem: filename.Path, shown: "20261116-adie.csv?.xlsx"},
		{in: "20261116-adie\n.csv", problem: filename.Path, shown: "20261116-adie?.csv"},
		{in: "20261116-adie.xls", problem: filename.Workbook},
	}
	for _, tt := range tests {
		_, err := filename.Check(tt.in)
		var fe *filename.Error
		require.ErrorAs(t, err, &fe, "%q", tt.in)
		assert.Equal(t, tt.problem, fe.Problem, "%q", tt.in)
		if tt.shown != "" {
			assert.Equal(t, tt.shown, fe.Name)
		}
	}
	n, err := filename.Check("20261116-adie.xlsx")
	require.NoError(t, err)
	assert.True(t, n.Workbook())
}

// The CSV and the workbook of one export are one export.
func TestExport(t *testing.T) {
	csv, err := filename.Parse("20261125-bge.csv")
	require.NoError(t, err)
	wb, err := filename.Parse("20261125-bge.xlsx")
	require.NoError(t, err)
	assert.Equal(t, "20261125-bge", csv.Export())
	assert.Equal(t, csv.Export(), wb.Export())
	assert.Equal(t, []string{"20261125-bge.csv", "20261125-bge.xlsx"}, wb.Names())
	assert.Equal(t, "20261125-bge-rejets.csv", wb.RejectsName())
	assert.False(t, csv.Workbook())
	assert.True(t, wb.Workbook())
	assert.Equal(t, "20261125-bge.csv", filename.Name{Year: 2026, Month: 11, Day: 25, Partner: "bge"}.String(), "CSV by default")
}

// ExportNames pairs a name with its twin, the name itself first; a name
// outside the nomenclature has no twin.
func TestExportNames(t *testing.T) {
	for _, tc := range []struct {
		name string
		want []string
	}{
		{"20261125-bge.csv", []string{"20261125-bge.csv", "20261125-bge.xlsx"}},
		{"20261125-bge.xlsx", []string{"20261125-bge.xlsx", "20261125-bge.csv"}},
		{"rapport.csv", []string{"rapport.csv"}},
		{"20261125-bge.CSV", []string{"20261125-bge.CSV"}},
		{"20261125-bge.xls", []string{"20261125-bge.xls"}},
		{"", []string{""}},
	} {
		assert.Equal(t, tc.want, filename.ExportNames(tc.name), tc.name)
	}
}

func TestValidDate(t *testing.T) {
	assert.True(t, filename.ValidDate(2024, 2, 29))
	assert.True(t, filename.ValidDate(2000, 2, 29))
	assert.False(t, filename.ValidDate(1900, 2, 29))
	assert.False(t, filename.ValidDate(2026, 4, 31))
	assert.True(t, filename.ValidDate(9999, 12, 31))
	assert.False(t, filename.ValidDate(10000, 1, 1))
	assert.False(t, filename.ValidDate(2026, 0, 1))
}

// The package is for partners' programs too: it must not pull in any
// module, only the standard library.
func TestStandardLibraryOnly(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", ".").Output()
	require.NoError(t, err)
	assert.Equal(t, []string{"github.com/entrepreneur-leader/eleader-go/importer/filename"}, strings.Fields(string(out)))
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"20261116-adie.csv", "20261116-adie.xlsx", "x/20240229-a_b.csv", "20261116-adie.XLS", "", "..", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		n, err := filename.Parse(name)
		if err != nil {
			var fe *filename.Error
			if !errors.As(err, &fe) || !errors.Is(err, filename.ErrInvalid) {
				t.Fatalf("%q: error %v is not a *filename.Error", name, err)
			}
			return
		}
		again, err := filename.Parse(n.String())
		if err != nil || again != n {
			t.Fatalf("%q → %q → %v, %v", name, n.String(), again, err)
		}
		if _, err := filename.Check(n.String()); err != nil {
			t.Fatalf("%q parses but Check refuses %q: %v", name, n.String(), err)
		}
	})
}

// CutBytes and Cut cut between characters, Cut marking the cut.
func TestCutBytes(t *testing.T) {
	assert.Equal(t, "abc", filename.CutBytes("abc", 3))
	assert.Equal(t, "ab", filename.CutBytes("abc", 2))
	assert.Equal(t, "é", filename.CutBytes("éé", 3), "never within a character")
	assert.Equal(t, "", filename.CutBytes("éé", 1))
	assert.Equal(t, "é…", filename.Cut("éé", 3))
	assert.Equal(t, "a?b", filename.Printable("a\x00b"))
	assert.Equal(t, "a?b", filename.Printable("a\xffb"))
}
