package i18n

// filesTexts are the texts about partners' files: the reasons a name is
// refused (package importer/filename), the file errors (packages importer
// and adapters/xlsx, and the service's own about workbooks), the labels of
// the checks, and the advice given per check, per rule and per type. A file
// error's English is its message in the JSON (a contract: the same bytes
// as before the catalog).
var filesTexts = map[string]entry{
	// Separators of the lists Join builds.
	"sep.semicolon": {en: "; ", fr: " ; "},
	"sep.comma":     {en: ", ", fr: ", "},
	"sep.space":     {en: " ", fr: " "},

	// File names (importer/filename).
	"filename.invalid": {
		en: "%q is not AAAAMMDD-IDENTIFIANT.csv or .xlsx (for example 20261116-adie.csv): %s",
		fr: "le nom « %s » ne suit pas la nomenclature AAAAMMJJ-IDENTIFIANT.csv, ou .xlsx pour un classeur (par exemple 20261116-adie.csv) : %s",
	},
	"filename.missing": {en: "the name is missing", fr: "le nom manque"},
	"filename.no_extension": {
		en: "the name must end in .csv (or .xlsx for a workbook)",
		fr: "le nom doit finir par .csv (ou .xlsx pour un classeur)",
	},
	"filename.extension_case": {
		en: "the extension must be .csv or .xlsx, in lower case",
		fr: "l'extension doit être .csv ou .xlsx, en minuscules",
	},
	"filename.spreadsheet": {
		en: "a %s file is not accepted: save the workbook as an Excel workbook (.xlsx) or as CSV UTF-8 (';' separators)",
		fr: "un fichier %s n'est pas accepté : enregistrez le classeur au format « Classeur Excel (.xlsx) » ou en « CSV UTF-8 (délimité par des points-virgules) »",
	},
	"filename.extension": {
		en: "the extension must be .csv or .xlsx, not %s",
		fr: "l'extension doit être .csv ou .xlsx, pas %s",
	},
	"filename.date": {
		en: "it must start with the export's date, AAAAMMDD, then a dash",
		fr: "il doit commencer par la date de l'export, AAAAMMJJ, suivie d'un tiret",
	},
	"filename.bad_date": {
		en: "%s is not a valid date AAAAMMDD",
		fr: "%s n'est pas une date AAAAMMJJ qui existe",
	},
	"filename.partner": {
		en: "the identifier %q must be 2 to 63 characters: lower-case letters, digits, _ and -, starting with a letter or a digit",
		fr: "l'identifiant « %s » doit compter 2 à 63 caractères parmi a-z, 0-9, _ et -, et commencer par une lettre ou un chiffre",
	},
	"filename.directory": {
		en: "the name contains a directory: send the file's name only",
		fr: "le nom contient un répertoire : envoyez le nom du fichier seul",
	},
	"filename.control": {
		en: "the name contains a control character",
		fr: "le nom contient un caractère de contrôle",
	},

	// File errors (importer).
	"file.line": {en: "line %d: %s", fr: "ligne %d : %s"},
	"file.other_partner": {
		en: "%q names partner %q, but the file is sent by %q",
		fr: "le fichier %s est au nom du partenaire « %s », mais il est envoyé par « %s »",
	},
	"file.utf16": {
		en: "the file is UTF-16 (Excel's \"Unicode text\"): re-save it as CSV UTF-8 with ';' separators",
		fr: "le fichier est en UTF-16 (« Texte Unicode » d'Excel) : enregistrez-le en « CSV UTF-8 (délimité par des points-virgules) »",
	},
	"file.zip_archive": {
		en: "the file is a ZIP archive, probably an Excel workbook (.xlsx): send it named .xlsx, or save it as CSV UTF-8 with ';' separators",
		fr: "le fichier est une archive ZIP, sans doute un classeur Excel (.xlsx) : envoyez-le avec l'extension .xlsx, ou enregistrez-le en « CSV UTF-8 (délimité par des points-virgules) »",
	},
	"file.xls": {
		en: "the file is an old Excel workbook (.xls): save it as an Excel workbook (.xlsx) or as CSV UTF-8 with ';' separators",
		fr: "le fichier est un ancien classeur Excel (.xls) : enregistrez-le comme « Classeur Excel (.xlsx) » ou en « CSV UTF-8 (délimité par des points-virgules) »",
	},
	"file.nul": {
		en: "the file holds NUL bytes between its characters, so it looks like UTF-16: re-save it as CSV UTF-8 with ';' separators",
		fr: "le fichier contient des octets nuls entre ses caractères, il semble en UTF-16 : enregistrez-le en « CSV UTF-8 (délimité par des points-virgules) »",
	},
	"file.empty": {
		en: "the file is empty: it needs a header line naming the matrice's columns, separated by ';'",
		fr: "le fichier est vide : il lui faut une ligne d'en-tête nommant les colonnes de la matrice, séparées par des points-virgules",
	},
	"file.unclosed": {
		en: "a quote opened in the cell starting this record is never closed",
		fr: "un guillemet ouvert dans une cellule de cette ligne n'est jamais fermé",
	},
	"file.too_long": {
		en: "the record is longer than %s: a quote opened here is probably never closed",
		fr: "la ligne dépasse %s : un guillemet ouvert ici n'est sans doute jamais fermé",
	},
	"file.not_utf8": {
		en: "not UTF-8: byte 0x%02X at character %d of the line; re-save the file as CSV UTF-8",
		fr: "le fichier n'est pas en UTF-8 : octet 0x%02X au caractère %d de la ligne ; enregistrez le fichier en « CSV UTF-8 »",
	},
	"file.not_utf8_cp1252": {
		en: "not UTF-8: byte 0x%02X at character %d of the line is %q in Windows-1252; the file looks like Windows-1252: re-save it as CSV UTF-8",
		fr: "le fichier n'est pas en UTF-8 : octet 0x%02X au caractère %d de la ligne, « %c » en Windows-1252 ; le fichier semble encodé en Windows-1252 : enregistrez-le en « CSV UTF-8 »",
	},
	"file.separator_tabs": {
		en: "the header is separated by tabs, not ';': save the file as CSV UTF-8 with ';' separators",
		fr: "l'en-tête est séparé par des tabulations, pas par des points-virgules : enregistrez le fichier en « CSV UTF-8 (délimité par des points-virgules) »",
	},
	"file.separator_commas": {
		en: "the header is separated by commas (','), not ';': save the file as CSV UTF-8 with ';' separators",
		fr: "l'en-tête est séparé par des virgules, pas par des points-virgules : enregistrez le fichier en « CSV UTF-8 (délimité par des points-virgules) »",
	},
	"file.header": {
		en: "%s; the header must hold exactly the matrice's columns, in any order (Erreurs is ignored)",
		fr: "%s ; l'en-tête doit reprendre exactement les colonnes de la matrice, dans n'importe quel ordre (la colonne Erreurs est ignorée)",
	},
	"file.header.missing": {
		en: "missing column %[2]s", enMany: "missing columns %[2]s",
		fr: "colonne manquante : %[2]s", frMany: "colonnes manquantes : %[2]s",
	},
	"file.header.unknown": {
		en: "unknown column %[2]s", enMany: "unknown columns %[2]s",
		fr: "colonne inconnue : %[2]s", frMany: "colonnes inconnues : %[2]s",
	},
	"file.header.duplicate": {
		en: "duplicate column %[2]s", enMany: "duplicate columns %[2]s",
		fr: "colonne en double : %[2]s", frMany: "colonnes en double : %[2]s",
	},
	"file.header.blank": {
		en: "no name for column %[2]s", enMany: "no name for columns %[2]s",
		fr: "colonne sans nom : %[2]s", frMany: "colonnes sans nom : %[2]s",
	},
	"file.header.meant":   {en: "'%s' (did you mean '%s'?)", fr: "'%s' (vouliez-vous dire '%s' ?)"},
	"file.header.columns": {en: "'%s' (columns %s and %s)", fr: "'%s' (colonnes %s et %s)"},
	"file.header.more":    {en: "and %d more", fr: "et %d autres"},
	"file.mode": {
		en:     "complete mode: %d of %d lines rejected, so the whole file is rejected and nothing is kept; correct the rejected lines and send the file again",
		fr:     "mode complet : %d ligne rejetée sur %d, donc le fichier entier est rejeté et rien n'est gardé ; corrigez la ligne rejetée et renvoyez le fichier",
		frMany: "mode complet : %d lignes rejetées sur %d, donc le fichier entier est rejeté et rien n'est gardé ; corrigez les lignes rejetées et renvoyez le fichier",
	},
	// Workbook errors (adapters/xlsx, and the service's own): file error
	// code workbook.
	"workbook.empty": {en: "the file is empty", fr: "le fichier est vide"},
	"workbook.text": {
		en: "the file is text, probably a CSV file, named .xlsx: send it named .csv (AAAAMMDD-IDENTIFIANT.csv)",
		fr: "le fichier est du texte, sans doute un CSV, nommé .xlsx : envoyez-le avec l'extension .csv (AAAAMMJJ-IDENTIFIANT.csv)",
	},
	"workbook.web_page": {
		en: "the file is a web page or an XML file named .xlsx, not an Excel workbook: open it in Excel and save it as Excel Workbook (.xlsx)",
		fr: "le fichier est une page web ou un fichier XML nommé .xlsx, pas un classeur Excel : ouvrez-le dans Excel et enregistrez-le comme « Classeur Excel (.xlsx) »",
	},
	"workbook.xml2003": {
		en: "the file is an Excel 2003 XML spreadsheet named .xlsx: open it in Excel and save it as Excel Workbook (.xlsx)",
		fr: "le fichier est une feuille de calcul XML 2003 nommée .xlsx : ouvrez-la dans Excel et enregistrez-la comme « Classeur Excel (.xlsx) »",
	},
	"workbook.cfb": {
		en: "the file is an old Excel 97-2003 workbook (.xls) named .xlsx: open it in Excel and save it as Excel Workbook (.xlsx)",
		fr: "le fichier est un ancien classeur Excel 97-2003 (.xls) nommé .xlsx : ouvrez-le dans Excel et enregistrez-le comme « Classeur Excel (.xlsx) »",
	},
	"workbook.ods": {
		en: "the file is an OpenDocument spreadsheet (.ods) named .xlsx: in LibreOffice, save it as Excel 2007-365 (.xlsx)",
		fr: "le fichier est un classeur OpenDocument (.ods) nommé .xlsx : dans LibreOffice, enregistrez-le au format « Excel 2007-365 (.xlsx) »",
	},
	"workbook.xlsb": {
		en: "the file is an Excel binary workbook (.xlsb) named .xlsx: save it as Excel Workbook (.xlsx)",
		fr: "le fichier est un classeur binaire Excel (.xlsb) nommé .xlsx : enregistrez-le comme « Classeur Excel (.xlsx) »",
	},
	"workbook.macro": {
		en: "the file is a macro-enabled workbook (.xlsm): save it as Excel Workbook (.xlsx), without macros",
		fr: "le fichier est un classeur avec macros (.xlsm) : enregistrez-le comme « Classeur Excel (.xlsx) », sans macros",
	},
	"workbook.not_workbook": {
		en: "the file is not an Excel workbook (.xlsx) (%s): fill in the template (modele.xlsx) and save it as Excel Workbook (.xlsx), or send a CSV file",
		fr: "le fichier n'est pas un classeur Excel (.xlsx) (%s) : remplissez le modèle (modele.xlsx) et enregistrez-le comme « Classeur Excel (.xlsx) », ou envoyez un fichier CSV",
	},
	"workbook.damaged": {
		en: "the workbook is damaged (%s): open it in Excel or LibreOffice and save it again as Excel Workbook (.xlsx)",
		fr: "le classeur est endommagé (%s) : ouvrez-le dans Excel ou LibreOffice et enregistrez-le de nouveau comme « Classeur Excel (.xlsx) »",
	},
	"workbook.part_not_xml": {en: "the part %q is not well-formed XML", fr: "la partie %q n'est pas du XML bien formé"},
	"workbook.protected": {
		en: "the workbook is protected by a password: remove the password (File > Info > Protect Workbook > Encrypt with Password, emptied) and send it again",
		fr: "le classeur est protégé par un mot de passe : retirez le mot de passe (Fichier > Informations > Protéger le classeur > Chiffrer avec mot de passe, à vider) et renvoyez-le",
	},
	"workbook.protected_structure": {
		en: "the workbook's structure is protected by a password: remove the protection (Review > Protect Workbook) and send it again",
		fr: "la structure du classeur est protégée par un mot de passe : retirez la protection (Révision > Protéger le classeur) et renvoyez-le",
	},
	"workbook.protected_sheet": {
		en: "the sheet '%s' is protected by a password: remove the protection (Review > Unprotect Sheet) and send it again",
		fr: "la feuille « %s » est protégée par un mot de passe : ôtez la protection (Révision > Ôter la protection de la feuille) et renvoyez-la",
	},
	"workbook.too_many_parts": {
		en: "the workbook holds %d parts, more than a workbook built on the template ever does: fill in the template again",
		fr: "le classeur contient %d parties, bien plus qu'un classeur bâti sur le modèle : remplissez de nouveau le modèle",
	},
	"workbook.part_too_large": {
		en: "the workbook's part %q is larger than %s once unpacked, more than a workbook E#L accepts: split the file",
		fr: "une partie du classeur (%s) dépasse %s une fois décompressée, plus qu'E#L n'accepte : découpez le fichier",
	},
	"workbook.ratio": {
		en: "the workbook's part %q unpacks to more than %d times its packed size, which no real workbook does: the file is refused",
		fr: "une partie du classeur (%s) se décompresse à plus de %d fois sa taille, ce qu'aucun vrai classeur ne fait : le fichier est refusé",
	},
	"workbook.no_sheet": {
		en: "the workbook has no worksheet: fill in the template (modele.xlsx)",
		fr: "le classeur n'a aucune feuille de calcul : remplissez le modèle (modele.xlsx)",
	},
	"workbook.chart_first": {
		en: "the first sheet, '%s', is not a worksheet (a chart?): the template's sheet must come first",
		fr: "la première feuille, « %s », n'est pas une feuille de calcul (un graphique ?) : la feuille du modèle doit venir en premier",
	},
	"workbook.sheet_added": {
		en: "the sheet '%s' was added to the template: the workbook must hold the template's sheet only; move its rows into the first sheet, or delete it",
		fr: "la feuille « %s » a été ajoutée au modèle : le classeur ne doit contenir que la feuille du modèle ; déplacez ses lignes dans la première feuille, ou supprimez-la",
	},
	"workbook.table": {
		en: "the sheet holds the table '%s': the template must not be turned into a table; convert it back to a range (Table Design > Convert to Range)",
		fr: "la feuille contient le tableau « %s » : le modèle ne doit pas être transformé en tableau ; reconvertissez-le en plage (Création de tableau > Convertir en plage)",
	},
	"workbook.pivot": {
		en: "the sheet holds the pivot table '%s': the template's sheet holds the dossiers' values only; remove the pivot table",
		fr: "la feuille contient le tableau croisé dynamique « %s » : la feuille du modèle ne contient que les valeurs des dossiers ; supprimez-le",
	},
	"workbook.external": {
		en: "the workbook refers to another file or source (%s): external links and references are not allowed; replace them with their values (Data > Edit Links > Break Link)",
		fr: "le classeur fait référence à un autre fichier ou à une autre source (%s) : les liaisons et références externes sont interdites ; remplacez-les par leurs valeurs (Données > Modifier les liens > Rompre la liaison)",
	},
	"workbook.formula": {
		en: "cell %s holds a formula: type its value instead",
		fr: "la cellule %s contient une formule : saisissez la valeur",
	},
	"workbook.formulas": {
		en: "cells %s hold formulas: type their values instead (copy them, then Paste Special > Values)",
		fr: "les cellules %s contiennent des formules : saisissez les valeurs (copiez-les, puis Collage spécial > Valeurs)",
	},
	"workbook.error_value": {
		en: "cell %s holds an error value: type the right value",
		fr: "la cellule %s contient une valeur d'erreur : saisissez la bonne valeur",
	},
	"workbook.error_values": {
		en: "cells %s hold error values: type the right values",
		fr: "les cellules %s contiennent des valeurs d'erreur : saisissez les bonnes valeurs",
	},
	"workbook.places":      {en: "%s and %s", fr: "%s et %s"},
	"workbook.places_more": {en: "%s and %d more", fr: "%s et %d autres"},
	"workbook.row_far": {
		en: "the sheet has a row %d, beyond a worksheet's last row (%d): the workbook is damaged or was not made by a spreadsheet",
		fr: "la feuille a une ligne %d, au-delà de la dernière ligne d'une feuille (%d) : le classeur est endommagé ou n'a pas été fait par un tableur",
	},
	"workbook.row_order": {
		en: "the sheet's row %d comes after row %d: the workbook is damaged or was not made by a spreadsheet",
		fr: "la ligne %d de la feuille vient après la ligne %d : le classeur est endommagé ou n'a pas été fait par un tableur",
	},
	"workbook.cell_order": {
		en: "cell %s is out of place in its row: the workbook is damaged or was not made by a spreadsheet",
		fr: "la cellule %s n'est pas à sa place dans sa ligne : le classeur est endommagé ou n'a pas été fait par un tableur",
	},
	"workbook.column_far": {
		en: "cell %s holds a value beyond the template's columns (the matrice has %d): delete what lies right of the table",
		fr: "la cellule %s contient une valeur au-delà des colonnes du modèle (la matrice en compte %d) : supprimez ce qui se trouve à droite du tableau",
	},
	"workbook.sheet_wide": {
		en: "cell %s holds a value beyond column %d: delete what lies right of the table",
		fr: "la cellule %s contient une valeur au-delà de la colonne %d : supprimez ce qui se trouve à droite du tableau",
	},
	"workbook.matrice_too_large": {
		en: "the workbook is larger than %d MiB: a matrice is a few dozen rows",
		fr: "le classeur dépasse %d Mio : une matrice compte quelques dizaines de lignes",
	},
	"workbook.matrice_row_far": {
		en: "the sheet has a row %d, beyond %d: a matrice is a few dozen rows",
		fr: "la feuille a une ligne %d, au-delà de %d : une matrice compte quelques dizaines de lignes",
	},
	"workbook.matrice_cells": {
		en: "the sheet has more than %d cells with a value: a matrice is a few dozen rows",
		fr: "la feuille a plus de %d cellules remplies : une matrice compte quelques dizaines de lignes",
	},
	"workbook.text_too_long": {
		en: "a text of the workbook holds more than %d characters, more than a cell can hold: the workbook is damaged",
		fr: "un texte du classeur contient plus de %d caractères, plus qu'une cellule n'en contient : le classeur est endommagé",
	},
	"workbook.cell_too_long": {
		en: "cell %s holds more than %d characters, more than a cell can hold: the workbook is damaged",
		fr: "la cellule %s contient plus de %d caractères, plus qu'une cellule n'en contient : le classeur est endommagé",
	},
	"workbook.csv_too_large": {
		en: "the workbook's data is larger than %s as CSV, the largest file E#L accepts: split it into several exports",
		fr: "les données du classeur dépassent %s en CSV, la taille maximale d'un fichier chez E#L : découpez-les en plusieurs exports",
	},
	"workbook.strings": {
		en: "the workbook holds more than %d distinct texts, more than a workbook E#L accepts: split the file",
		fr: "le classeur contient plus de %d textes différents, plus qu'E#L n'accepte : découpez le fichier",
	},
	"workbook.broken": {
		en: "the workbook breaks the template's rules",
		fr: "le classeur ne respecte pas les règles du modèle",
	},
	"workbook.not_converted": {
		en: "this E#L service does not convert workbooks: send the file as CSV UTF-8 with ';' separators",
		fr: "ce service E#L ne convertit pas les classeurs : envoyez le fichier en CSV UTF-8 séparé par des points-virgules",
	},
	"workbook.spool": {en: "the workbook is larger than %s", fr: "le classeur dépasse %s"},

	// The input messages of the Excel template (adapters/xlsx): French, the partners' language.
	"template.type": {
		en: "Type: %s",
		fr: "Type : %s",
	},
	"template.text": {
		en: "text",
		fr: "texte",
	},
	"template.num": {
		en: "whole number, digits only",
		fr: "nombre entier, chiffres seuls",
	},
	"template.dec": {
		en: "decimal number (comma or point, no space)",
		fr: "nombre décimal (virgule ou point, sans espace)",
	},
	"template.date": {
		en: "date JJ/MM/AAAA",
		fr: "date JJ/MM/AAAA",
	},
	"template.bool": {
		en: "OUI or NON",
		fr: "OUI ou NON",
	},
	"template.enum": {
		en: "a value of the list",
		fr: "une valeur de la liste",
	},
	"template.email": {
		en: "email address",
		fr: "adresse e-mail",
	},
	"template.tel": {
		en: "phone, 0X XX XX XX XX or +33 X XX XX XX XX",
		fr: "téléphone, 0X XX XX XX XX ou +33 X XX XX XX XX",
	},
	"template.dossier": {
		en: "dossier number {VERSION}{OPER}{INDEX}, e.g. ADIE100876-AHG-4U",
		fr: "numéro de dossier {VERSION}{OPER}{INDEX}, ex. ADIE100876-AHG-4U",
	},
	"template.length": {
		en: " (%d characters)",
		fr: " (%d caractères)",
	},
	"template.max_length": {
		en: " (%d characters at most)",
		fr: " (%d caractères au plus)",
	},
	"template.required": {
		en: ". Required.",
		fr: ". Obligatoire.",
	},
}
