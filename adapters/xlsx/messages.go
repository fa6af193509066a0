package xlsx

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/entrepreneur-leader/eleader-go/importer"
)

// The texts of the workbook errors (file error code workbook), each in
// English (the command line, the JSON) and in French (the web page, the
// emails), side by side so that a catalog can take them over.

// problemKind is one rule a workbook breaks.
type problemKind uint8

const (
	probNone problemKind = iota
	probEmpty
	probText
	probHTML
	probXML2003
	probCFB
	probODS
	probXLSB
	probMacro
	probNotWorkbook
	probDamaged
	probXML
	probProtected
	probProtectedSheet
	probProtectedStructure
	probTooManyParts
	probPartTooLarge
	probRatio
	probNoSheet
	probChartFirst
	probSheetAdded
	probTable
	probPivot
	probExternal
	probFormula
	probErrorValue
	probRowFar
	probRowOrder
	probCellOrder
	probColumnFar
	probSheetWide // a value beyond the columns a sheet read as it is may have
	probCellTooLong
	probCSVTooLarge
	probStrings
)

// problem is one broken rule, with what its message names: a part, a
// sheet, a table, a target, cells, a number.
type problem struct {
	kind   problemKind
	part   string
	name   string   // a sheet, a table, an external target
	cells  []string // the first cells at fault ("AO5", or "C7 (#N/A)")
	count  int      // how many cells in all
	n      int64
	row    int
	detail string // English only: for E#L, about a damaged file
}

func (p *problem) Error() string { return p.texts().en }

// maxPlaces is how many cells a message names before "and N more".
const maxPlaces = 10

// places lists cells for a message: "AO5", "AO5, AO6 and AO7",
// "AO5, …, AO14 and 990 more".
func places(cells []string, count int, and, more string) string {
	switch {
	case len(cells) == 1 && count <= 1:
		return cells[0]
	case count > len(cells):
		return strings.Join(cells, ", ") + " " + and + " " + strconv.Itoa(count-len(cells)) + " " + more
	}
	return strings.Join(cells[:len(cells)-1], ", ") + " " + and + " " + cells[len(cells)-1]
}

type texts struct{ en, fr string }

// texts returns the problem's message in English and in French.
func (p *problem) texts() texts {
	switch p.kind {
	case probEmpty:
		return texts{"the file is empty", "le fichier est vide"}
	case probText:
		return texts{
			"the file is text, probably a CSV file, named .xlsx: send it named .csv (AAAAMMDD-IDENTIFIANT.csv)",
			"le fichier est du texte, sans doute un CSV, nommé .xlsx : envoyez-le avec l'extension .csv (AAAAMMJJ-IDENTIFIANT.csv)",
		}
	case probHTML:
		return texts{
			"the file is a web page or an XML file named .xlsx, not an Excel workbook: open it in Excel and save it as Excel Workbook (.xlsx)",
			"le fichier est une page web ou un fichier XML nommé .xlsx, pas un classeur Excel : ouvrez-le dans Excel et enregistrez-le comme « Classeur Excel (.xlsx) »",
		}
	case probXML2003:
		return texts{
			"the file is an Excel 2003 XML spreadsheet named .xlsx: open it in Excel and save it as Excel Workbook (.xlsx)",
			"le fichier est une feuille de calcul XML 2003 nommée .xlsx : ouvrez-la dans Excel et enregistrez-la comme « Classeur Excel (.xlsx) »",
		}
	case probCFB:
		return texts{
			"the file is an old Excel 97-2003 workbook (.xls) named .xlsx: open it in Excel and save it as Excel Workbook (.xlsx)",
			"le fichier est un ancien classeur Excel 97-2003 (.xls) nommé .xlsx : ouvrez-le dans Excel et enregistrez-le comme « Classeur Excel (.xlsx) »",
		}
	case probODS:
		return texts{
			"the file is an OpenDocument spreadsheet (.ods) named .xlsx: in LibreOffice, save it as Excel 2007-365 (.xlsx)",
			"le fichier est un classeur OpenDocument (.ods) nommé .xlsx : dans LibreOffice, enregistrez-le au format « Excel 2007-365 (.xlsx) »",
		}
	case probXLSB:
		return texts{
			"the file is an Excel binary workbook (.xlsb) named .xlsx: save it as Excel Workbook (.xlsx)",
			"le fichier est un classeur binaire Excel (.xlsb) nommé .xlsx : enregistrez-le comme « Classeur Excel (.xlsx) »",
		}
	case probMacro:
		return texts{
			"the file is a macro-enabled workbook (.xlsm): save it as Excel Workbook (.xlsx), without macros",
			"le fichier est un classeur avec macros (.xlsm) : enregistrez-le comme « Classeur Excel (.xlsx) », sans macros",
		}
	case probNotWorkbook:
		return texts{
			"the file is not an Excel workbook (.xlsx) (" + p.detail + "): fill in the template (modele.xlsx) and save it as Excel Workbook (.xlsx), or send a CSV file",
			"le fichier n'est pas un classeur Excel (.xlsx) : remplissez le modèle (modele.xlsx) et enregistrez-le comme « Classeur Excel (.xlsx) », ou envoyez un fichier CSV",
		}
	case probDamaged, probXML:
		detail := p.detail
		if p.kind == probXML {
			detail = fmt.Sprintf("the part %q is not well-formed XML", p.part)
		}
		return texts{
			"the workbook is damaged (" + detail + "): open it in Excel or LibreOffice and save it again as Excel Workbook (.xlsx)",
			"le classeur est endommagé : ouvrez-le dans Excel ou LibreOffice et enregistrez-le de nouveau comme « Classeur Excel (.xlsx) »",
		}
	case probProtected:
		return texts{
			"the workbook is protected by a password: remove the password (File > Info > Protect Workbook > Encrypt with Password, emptied) and send it again",
			"le classeur est protégé par un mot de passe : retirez le mot de passe (Fichier > Informations > Protéger le classeur > Chiffrer avec mot de passe, à vider) et renvoyez-le",
		}
	case probProtectedStructure:
		return texts{
			"the workbook's structure is protected by a password: remove the protection (Review > Protect Workbook) and send it again",
			"la structure du classeur est protégée par un mot de passe : retirez la protection (Révision > Protéger le classeur) et renvoyez-le",
		}
	case probProtectedSheet:
		return texts{
			fmt.Sprintf("the sheet '%s' is protected by a password: remove the protection (Review > Unprotect Sheet) and send it again", p.name),
			fmt.Sprintf("la feuille « %s » est protégée par un mot de passe : ôtez la protection (Révision > Ôter la protection de la feuille) et renvoyez-la", p.name),
		}
	case probTooManyParts:
		return texts{
			fmt.Sprintf("the workbook holds %d parts, more than a workbook built on the template ever does: fill in the template again", p.n),
			fmt.Sprintf("le classeur contient %d parties, bien plus qu'un classeur bâti sur le modèle : remplissez de nouveau le modèle", p.n),
		}
	case probPartTooLarge:
		return texts{
			fmt.Sprintf("the workbook's part %q is larger than %s once unpacked, more than a workbook E#L accepts: split the file", p.part, importer.Size(p.n)),
			fmt.Sprintf("une partie du classeur (%s) dépasse %s une fois décompressée, plus qu'E#L n'accepte : découpez le fichier", p.part, importer.SizeFR(p.n)),
		}
	case probRatio:
		return texts{
			fmt.Sprintf("the workbook's part %q unpacks to more than %d times its packed size, which no real workbook does: the file is refused", p.part, p.n),
			fmt.Sprintf("une partie du classeur (%s) se décompresse à plus de %d fois sa taille, ce qu'aucun vrai classeur ne fait : le fichier est refusé", p.part, p.n),
		}
	case probNoSheet:
		return texts{
			"the workbook has no worksheet: fill in the template (modele.xlsx)",
			"le classeur n'a aucune feuille de calcul : remplissez le modèle (modele.xlsx)",
		}
	case probChartFirst:
		return texts{
			fmt.Sprintf("the first sheet, '%s', is not a worksheet (a chart?): the template's sheet must come first", p.name),
			fmt.Sprintf("la première feuille, « %s », n'est pas une feuille de calcul (un graphique ?) : la feuille du modèle doit venir en premier", p.name),
		}
	case probSheetAdded:
		return texts{
			fmt.Sprintf("the sheet '%s' was added to the template: the workbook must hold the template's sheet only; move its rows into the first sheet, or delete it", p.name),
			fmt.Sprintf("la feuille « %s » a été ajoutée au modèle : le classeur ne doit contenir que la feuille du modèle ; déplacez ses lignes dans la première feuille, ou supprimez-la", p.name),
		}
	case probTable:
		return texts{
			fmt.Sprintf("the sheet holds the table '%s': the template must not be turned into a table; convert it back to a range (Table Design > Convert to Range)", p.name),
			fmt.Sprintf("la feuille contient le tableau « %s » : le modèle ne doit pas être transformé en tableau ; reconvertissez-le en plage (Création de tableau > Convertir en plage)", p.name),
		}
	case probPivot:
		return texts{
			fmt.Sprintf("the sheet holds the pivot table '%s': the template's sheet holds the dossiers' values only; remove the pivot table", p.name),
			fmt.Sprintf("la feuille contient le tableau croisé dynamique « %s » : la feuille du modèle ne contient que les valeurs des dossiers ; supprimez-le", p.name),
		}
	case probExternal:
		return texts{
			fmt.Sprintf("the workbook refers to another file or source (%s): external links and references are not allowed; replace them with their values (Data > Edit Links > Break Link)", p.name),
			fmt.Sprintf("le classeur fait référence à un autre fichier ou à une autre source (%s) : les liaisons et références externes sont interdites ; remplacez-les par leurs valeurs (Données > Modifier les liens > Rompre la liaison)", p.name),
		}
	case probFormula:
		if p.count <= 1 {
			return texts{
				fmt.Sprintf("cell %s holds a formula: type its value instead", p.cells[0]),
				fmt.Sprintf("la cellule %s contient une formule : saisissez la valeur", p.cells[0]),
			}
		}
		return texts{
			fmt.Sprintf("cells %s hold formulas: type their values instead (copy them, then Paste Special > Values)", places(p.cells, p.count, "and", "more")),
			fmt.Sprintf("les cellules %s contiennent des formules : saisissez les valeurs (copiez-les, puis Collage spécial > Valeurs)", places(p.cells, p.count, "et", "autres")),
		}
	case probErrorValue:
		if p.count <= 1 {
			return texts{
				fmt.Sprintf("cell %s holds an error value: type the right value", p.cells[0]),
				fmt.Sprintf("la cellule %s contient une valeur d'erreur : saisissez la bonne valeur", p.cells[0]),
			}
		}
		return texts{
			fmt.Sprintf("cells %s hold error values: type the right values", places(p.cells, p.count, "and", "more")),
			fmt.Sprintf("les cellules %s contiennent des valeurs d'erreur : saisissez les bonnes valeurs", places(p.cells, p.count, "et", "autres")),
		}
	case probRowFar:
		return texts{
			fmt.Sprintf("the sheet has a row %d, beyond a worksheet's last row (%d): the workbook is damaged or was not made by a spreadsheet", p.row, maxRows),
			fmt.Sprintf("la feuille a une ligne %d, au-delà de la dernière ligne d'une feuille (%d) : le classeur est endommagé ou n'a pas été fait par un tableur", p.row, maxRows),
		}
	case probRowOrder:
		return texts{
			fmt.Sprintf("the sheet's row %d comes after row %d: the workbook is damaged or was not made by a spreadsheet", p.row, p.n),
			fmt.Sprintf("la ligne %d de la feuille vient après la ligne %d : le classeur est endommagé ou n'a pas été fait par un tableur", p.row, p.n),
		}
	case probCellOrder:
		return texts{
			fmt.Sprintf("cell %s is out of place in its row: the workbook is damaged or was not made by a spreadsheet", p.cells[0]),
			fmt.Sprintf("la cellule %s n'est pas à sa place dans sa ligne : le classeur est endommagé ou n'a pas été fait par un tableur", p.cells[0]),
		}
	case probColumnFar:
		return texts{
			fmt.Sprintf("cell %s holds a value beyond the template's columns (the matrice has %d): delete what lies right of the table", p.cells[0], p.n),
			fmt.Sprintf("la cellule %s contient une valeur au-delà des colonnes du modèle (la matrice en compte %d) : supprimez ce qui se trouve à droite du tableau", p.cells[0], p.n),
		}
	case probSheetWide:
		return texts{
			fmt.Sprintf("cell %s holds a value beyond column %d: delete what lies right of the table", p.cells[0], p.n),
			fmt.Sprintf("la cellule %s contient une valeur au-delà de la colonne %d : supprimez ce qui se trouve à droite du tableau", p.cells[0], p.n),
		}
	case probCellTooLong:
		if len(p.cells) == 0 {
			return texts{
				fmt.Sprintf("a text of the workbook holds more than %d characters, more than a cell can hold: the workbook is damaged", maxCellChars),
				fmt.Sprintf("un texte du classeur contient plus de %d caractères, plus qu'une cellule n'en contient : le classeur est endommagé", maxCellChars),
			}
		}
		return texts{
			fmt.Sprintf("cell %s holds more than %d characters, more than a cell can hold: the workbook is damaged", p.cells[0], maxCellChars),
			fmt.Sprintf("la cellule %s contient plus de %d caractères, plus qu'une cellule n'en contient : le classeur est endommagé", p.cells[0], maxCellChars),
		}
	case probCSVTooLarge:
		return texts{
			fmt.Sprintf("the workbook's data is larger than %s as CSV, the largest file E#L accepts: split it into several exports", importer.Size(p.n)),
			fmt.Sprintf("les données du classeur dépassent %s en CSV, la taille maximale d'un fichier chez E#L : découpez-les en plusieurs exports", importer.SizeFR(p.n)),
		}
	case probStrings:
		return texts{
			fmt.Sprintf("the workbook holds more than %d distinct texts, more than a workbook E#L accepts: split the file", p.n),
			fmt.Sprintf("le classeur contient plus de %d textes différents, plus qu'E#L n'accepte : découpez le fichier", p.n),
		}
	}
	return texts{"the workbook breaks the template's rules", "le classeur ne respecte pas les règles du modèle"}
}

// fileErrors turns problems into the importer's file errors, code workbook.
func fileErrors(probs []*problem) importer.FileErrors {
	out := make(importer.FileErrors, len(probs))
	for i, p := range probs {
		t := p.texts()
		out[i] = importer.NewFileError(importer.CodeWorkbook, 0, t.en, t.fr)
	}
	return out
}
