package xlsx_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/adapters/xlsx"
	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// filled returns an excelize workbook holding the test matrice's header and
// one valid row, in the sheet "Dossiers", for a test to break.
func filled(t *testing.T) *excelize.File {
	t.Helper()
	f := excelize.NewFile()
	require.NoError(t, f.SetSheetName("Sheet1", "Dossiers"))
	require.NoError(t, f.SetSheetRow("Dossiers", "A1", &[]any{"Numero", "Date", "CodePostal", "SIRET", "Montant", "QPV", "Telephone", "Note"}))
	require.NoError(t, f.SetSheetRow("Dossiers", "A2", &[]any{"ADIE1", "12/05/2024", "75001", "81234567800013", "1500,5", "OUI", "0612345678", "x"}))
	return f
}

func save(t *testing.T, f *excelize.File, opts ...excelize.Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf, opts...))
	return buf.Bytes()
}

// Each rule of the template is a workbook error naming the place, in
// English and in French.
func TestTemplateRules(t *testing.T) {
	tests := []struct {
		name   string
		data   func(t *testing.T) []byte
		en, fr []string
	}{
		{"formula", func(t *testing.T) []byte {
			f := filled(t)
			require.NoError(t, f.SetCellFormula("Dossiers", "E2", "1000+500.5"))
			return save(t, f)
		}, []string{"cell E2 holds a formula: type its value instead"}, []string{"la cellule E2 contient une formule : saisissez la valeur"}},
		{"formulas", func(t *testing.T) []byte {
			f := filled(t)
			for r := 2; r <= 14; r++ {
				require.NoError(t, f.SetCellFormula("Dossiers", fmt.Sprintf("H%d", r), "A2&\"x\""))
			}
			return save(t, f)
		}, []string{"cells H2, H3, H4, H5, H6, H7, H8, H9, H10, H11 and 3 more hold formulas: type their values instead (copy them, then Paste Special > Values)"},
			[]string{"les cellules H2, H3, H4, H5, H6, H7, H8, H9, H10, H11 et 3 autres contiennent des formules : saisissez les valeurs (copiez-les, puis Collage spécial > Valeurs)"}},
		{"error value", func(t *testing.T) []byte {
			return rawBook{data: []string{header() + row(2, inl("A2", "X"), `<c r="E2" t="e"><v>#DIV/0!</v></c>`, `<c r="H2" t="e"><v>#N/A</v></c>`)}}.bytes(t)
		}, []string{"cells E2 (#DIV/0!) and H2 (#N/A) hold error values: type the right values"},
			[]string{"les cellules E2 (#DIV/0!) et H2 (#N/A) contiennent des valeurs d'erreur : saisissez les bonnes valeurs"}},
		{"boolean formulas other than TRUE() and FALSE(), or disagreeing with their value", func(t *testing.T) []byte {
			return rawBook{data: []string{header() + row(2, inl("A2", "X"),
				`<c r="B2" t="b"><f>TRUE()</f><v>0</v></c>`,
				`<c r="C2" t="b"><f>FALSE()</f><v>1</v></c>`,
				`<c r="D2" t="b"><f>AND(TRUE(),TRUE())</f><v>1</v></c>`,
				`<c r="E2" t="b"><f>TRUE()+0</f><v>1</v></c>`,
				`<c r="F2" t="b"><f t="shared" si="0"/><v>1</v></c>`,
				`<c r="G2"><f>TRUE()</f><v>1</v></c>`,
				`<c r="H2" t="b"><f>TRUE()</f></c>`,
				`<c r="I2" t="b"><f>`+strings.Repeat(" ", 40)+`TRUE()</f><v>1</v></c>`,
			)}}.bytes(t)
		}, []string{"cells B2, C2, D2, E2, F2, G2, H2 and I2 hold formulas: type their values instead (copy them, then Paste Special > Values)"}, nil},
		{"formula giving an error", func(t *testing.T) []byte {
			return rawBook{data: []string{header() + row(2, inl("A2", "X"), `<c r="E2" t="e"><f>1/0</f><v>#DIV/0!</v></c>`)}}.bytes(t)
		}, []string{"cell E2 holds a formula: type its value instead", "cell E2 (#DIV/0!) holds an error value: type the right value"}, nil},
		{"added sheet", func(t *testing.T) []byte {
			f := filled(t)
			_, err := f.NewSheet("Feuil2")
			require.NoError(t, err)
			require.NoError(t, f.SetCellStr("Feuil2", "A1", "notes"))
			return save(t, f)
		}, []string{"the sheet 'Feuil2' was added to the template: the workbook must hold the template's sheet only; move its rows into the first sheet, or delete it"},
			[]string{"la feuille « Feuil2 » a été ajoutée au modèle : le classeur ne doit contenir que la feuille du modèle ; déplacez ses lignes dans la première feuille, ou supprimez-la"}},
		{"hidden added sheets", func(t *testing.T) []byte {
			f := filled(t)
			for _, s := range []string{"Calculs", "Brouillon"} {
				_, err := f.NewSheet(s)
				require.NoError(t, err)
			}
			require.NoError(t, f.SetSheetVisible("Calculs", false, true))
			return save(t, f)
		}, []string{
			"the sheet 'Calculs' was added to the template: the workbook must hold the template's sheet only; move its rows into the first sheet, or delete it",
			"the sheet 'Brouillon' was added to the template: the workbook must hold the template's sheet only; move its rows into the first sheet, or delete it",
		}, nil},
		{"table", func(t *testing.T) []byte {
			f := filled(t)
			require.NoError(t, f.AddTable("Dossiers", &excelize.Table{Range: "A1:H2", Name: "Tableau1"}))
			return save(t, f)
		}, []string{"the sheet holds the table 'Tableau1': the template must not be turned into a table; convert it back to a range (Table Design > Convert to Range)"},
			[]string{"la feuille contient le tableau « Tableau1 » : le modèle ne doit pas être transformé en tableau ; reconvertissez-le en plage (Création de tableau > Convertir en plage)"}},
		{"pivot table", func(t *testing.T) []byte {
			return rawBook{
				data:     []string{header()},
				sheetRel: []string{`<Relationship Id="rP" Type="` + relNS + `/pivotTable" Target="../pivotTables/pivotTable1.xml"/>`},
				parts:    map[string]string{"xl/pivotTables/pivotTable1.xml": `<pivotTableDefinition xmlns="` + mainNS + `" name="TableauCroisé1"/>`},
			}.bytes(t)
		}, []string{"the sheet holds the pivot table 'TableauCroisé1': the template's sheet holds the dossiers' values only; remove the pivot table"}, nil},
		{"external link", func(t *testing.T) []byte {
			return rawBook{
				data: []string{header()},
				rels: []string{`<Relationship Id="rE" Type="` + relNS + `/externalLink" Target="externalLinks/externalLink1.xml"/>`},
				parts: map[string]string{
					"xl/externalLinks/externalLink1.xml":            `<externalLink xmlns="` + mainNS + `"><externalBook r:id="rId1" xmlns:r="` + relNS + `"/></externalLink>`,
					"xl/externalLinks/_rels/externalLink1.xml.rels": `<Relationships xmlns="` + pkgRelsNS + `"><Relationship Id="rId1" Type="` + relNS + `/externalLinkPath" Target="file:///C:/Users/claire/Documents/Budget%202026.xlsx" TargetMode="External"/></Relationships>`,
				},
			}.bytes(t)
		}, []string{"the workbook refers to another file or source ('Budget%202026.xlsx'): external links and references are not allowed; replace them with their values (Data > Edit Links > Break Link)"},
			[]string{"le classeur fait référence à un autre fichier ou à une autre source ('Budget%202026.xlsx') : les liaisons et références externes sont interdites ; remplacez-les par leurs valeurs (Données > Modifier les liens > Rompre la liaison)"}},
		{"data connection", func(t *testing.T) []byte {
			return rawBook{
				data:  []string{header()},
				rels:  []string{`<Relationship Id="rC" Type="` + relNS + `/connections" Target="connections.xml"/>`},
				parts: map[string]string{"xl/connections.xml": `<connections xmlns="` + mainNS + `"><connection id="1" name="Requête - Dossiers" type="5"/></connections>`},
			}.bytes(t)
		}, []string{"the workbook refers to another file or source ('Requête - Dossiers'): external links and references are not allowed; replace them with their values (Data > Edit Links > Break Link)"}, nil},
		{"encrypted with a password", func(t *testing.T) []byte {
			return save(t, filled(t), excelize.Options{Password: "secret"})
		}, []string{"the workbook is protected by a password: remove the password (File > Info > Protect Workbook > Encrypt with Password, emptied) and send it again"},
			[]string{"le classeur est protégé par un mot de passe : retirez le mot de passe (Fichier > Informations > Protéger le classeur > Chiffrer avec mot de passe, à vider) et renvoyez-le"}},
		{"sheet protected by a password", func(t *testing.T) []byte {
			f := filled(t)
			require.NoError(t, f.ProtectSheet("Dossiers", &excelize.SheetProtectionOptions{Password: "secret", AlgorithmName: "SHA-512"}))
			return save(t, f)
		}, []string{"the sheet 'Dossiers' is protected by a password: remove the protection (Review > Unprotect Sheet) and send it again"}, nil},
		{"structure protected by a password", func(t *testing.T) []byte {
			f := filled(t)
			require.NoError(t, f.ProtectWorkbook(&excelize.WorkbookProtectionOptions{Password: "secret", LockStructure: true}))
			return save(t, f)
		}, []string{"the workbook's structure is protected by a password: remove the protection (Review > Protect Workbook) and send it again"}, nil},
		{"chart first", func(t *testing.T) []byte {
			return rawBook{
				data:  []string{header()},
				rels:  []string{`<Relationship Id="rS9" Type="` + relNS + `/chartsheet" Target="chartsheets/sheet1.xml"/>`},
				parts: map[string]string{"xl/chartsheets/sheet1.xml": `<chartsheet xmlns="` + mainNS + `"/>`},
				// the chart is listed first
				wbExtra: "",
			}.withFirstSheet(`<sheet name="Graphique1" sheetId="9" r:id="rS9"/>`).bytes(t)
		}, []string{"the first sheet, 'Graphique1', is not a worksheet (a chart?): the template's sheet must come first"}, nil},
		{"no sheet", func(t *testing.T) []byte {
			return zipParts(t, map[string]string{
				"[Content_Types].xml":        `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`,
				"_rels/.rels":                `<Relationships xmlns="` + pkgRelsNS + `"><Relationship Id="rId1" Type="` + relNS + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
				"xl/workbook.xml":            `<workbook xmlns="` + mainNS + `"><sheets/></workbook>`,
				"xl/_rels/workbook.xml.rels": `<Relationships xmlns="` + pkgRelsNS + `"/>`,
			})
		}, []string{"the workbook has no worksheet: fill in the template (modele.xlsx)"}, nil},
		{"several rules at once", func(t *testing.T) []byte {
			f := filled(t)
			_, err := f.NewSheet("Feuil2")
			require.NoError(t, err)
			require.NoError(t, f.AddTable("Dossiers", &excelize.Table{Range: "A1:H2", Name: "Dossiers_2026"}))
			require.NoError(t, f.SetCellFormula("Dossiers", "B2", "TODAY()"))
			return save(t, f)
		}, []string{
			"the sheet 'Feuil2' was added to the template: the workbook must hold the template's sheet only; move its rows into the first sheet, or delete it",
			"the sheet holds the table 'Dossiers_2026': the template must not be turned into a table; convert it back to a range (Table Design > Convert to Range)",
			"cell B2 holds a formula: type its value instead",
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, fes := convert(t, xlsx.Workbooks{}, tt.data(t), testMatrice(t))
			require.NotEmpty(t, fes, "refused")
			assert.Equal(t, tt.en, messages(fes))
			if tt.fr != nil {
				assert.Equal(t, tt.fr, french(fes))
			}
			assert.Empty(t, out, "no CSV from a refused workbook")
		})
	}
}

// withFirstSheet puts a sheet before the others in workbook.xml.
func (b rawBook) withFirstSheet(sheet string) rawBook {
	b.wbExtra = "</workbook>" // replaced below
	b.parts = cloneParts(b.parts)
	b.parts["xl/workbook.xml"] = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="` + mainNS + `" xmlns:r="` + relNS + `"><sheets>` + sheet + `<sheet name="Dossiers" sheetId="1" r:id="rS1"/></sheets></workbook>`
	b.wbExtra = ""
	return b
}

func cloneParts(p map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range p {
		out[k] = v
	}
	return out
}

// What is not a workbook, or not XLSX, is named, with what to do.
func TestNotXLSX(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		en   string
		fr   string
	}{
		{"empty", nil, "the file is empty", "le fichier est vide"},
		{"CSV named .xlsx", []byte("NumeroDossier;Nom\r\nADIE1;Dupont\r\n"),
			"the file is text, probably a CSV file, named .xlsx: send it named .csv (AAAAMMDD-IDENTIFIANT.csv)",
			"le fichier est du texte, sans doute un CSV, nommé .xlsx : envoyez-le avec l'extension .csv (AAAAMMJJ-IDENTIFIANT.csv)"},
		{"Windows-1252 CSV named .xlsx", []byte("Nom;Pr\xe9nom\r\nD\xe9j\xe0;\xc9lise\r\n"), "the file is text, probably a CSV file, named .xlsx: send it named .csv (AAAAMMDD-IDENTIFIANT.csv)", ""},
		{"HTML named .xlsx", []byte("<html><body><table><tr><td>x</td></tr></table></body></html>"), "the file is a web page or an XML file named .xlsx, not an Excel workbook: open it in Excel and save it as Excel Workbook (.xlsx)", ""},
		{"Excel 2003 XML", []byte(`<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>`), "the file is an Excel 2003 XML spreadsheet named .xlsx: open it in Excel and save it as Excel Workbook (.xlsx)", ""},
		{"binary", []byte{0x00, 0x01, 0x02, 0xFF, 0xFE, 0x00, 0x7F}, "the file is not an Excel workbook (.xlsx) (its first bytes are neither a ZIP nor text): fill in the template (modele.xlsx) and save it as Excel Workbook (.xlsx), or send a CSV file", ""},
		{"a ZIP of something else", zipParts(t, map[string]string{"photo.jpg": "x"}), "the file is not an Excel workbook (.xlsx) (it holds no workbook part): fill in the template (modele.xlsx) and save it as Excel Workbook (.xlsx), or send a CSV file", ""},
		{"OpenDocument", zipParts(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"}),
			"the file is an OpenDocument spreadsheet (.ods) named .xlsx: in LibreOffice, save it as Excel 2007-365 (.xlsx)",
			"le fichier est un classeur OpenDocument (.ods) nommé .xlsx : dans LibreOffice, enregistrez-le au format « Excel 2007-365 (.xlsx) »"},
		{"binary workbook", zipParts(t, map[string]string{"[Content_Types].xml": "<Types/>", "xl/workbook.bin": "x"}), "the file is an Excel binary workbook (.xlsb) named .xlsx: save it as Excel Workbook (.xlsx)", ""},
		{"macro-enabled", rawBook{data: []string{header()}, ctMain: "application/vnd.ms-excel.sheet.macroEnabled.main+xml"}.bytes(t), "the file is a macro-enabled workbook (.xlsm): save it as Excel Workbook (.xlsx), without macros", ""},
		{"macros", rawBook{data: []string{header()}, parts: map[string]string{"xl/vbaProject.bin": "x"}}.bytes(t), "the file is a macro-enabled workbook (.xlsm): save it as Excel Workbook (.xlsx), without macros", ""},
		{"old .xls", readTestdata(t, "libreoffice/20261116-demo.xls"), "the file is an old Excel 97-2003 workbook (.xls) named .xlsx: open it in Excel and save it as Excel Workbook (.xlsx)", ""},
		{"LibreOffice .ods", readTestdata(t, "libreoffice/20261116-demo.ods"), "the file is an OpenDocument spreadsheet (.ods) named .xlsx: in LibreOffice, save it as Excel 2007-365 (.xlsx)", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, fes := convert(t, xlsx.Workbooks{}, tt.data, testMatrice(t))
			require.Len(t, fes, 1)
			assert.Equal(t, tt.en, fes[0].Message)
			if tt.fr != "" {
				assert.Equal(t, tt.fr, fes[0].In(i18n.French))
			}
			assert.Empty(t, out)
		})
	}
}

// The template's own list sheet is no added sheet.
func TestListSheetIsTheTemplates(t *testing.T) {
	data := rawBook{sheets: []string{"Dossiers", xlsx.ListSheet}, data: []string{header() + row(2, inl("A2", "X"))}}.bytes(t)
	out, fes := convert(t, xlsx.Workbooks{}, data, testMatrice(t))
	require.Empty(t, fes)
	assert.Equal(t, csvHeader+"X;;;;;;;\r\n", out)
}
