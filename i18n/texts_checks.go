package i18n

// checksTexts are the names of the checks, and the advice given for each:
// per check code (line, file and store checks alike), per rule of the
// standard set, per type. The command line, the emails and the web pages
// give the same advice (package importer's Hints chooses it).
var checksTexts = map[string]entry{
	// The checks, named for people.
	"check.type":             {en: "Value type", fr: "Type de valeur"},
	"check.required":         {en: "Required field", fr: "Champ obligatoire"},
	"check.required_if":      {en: "Field required under a condition", fr: "Champ obligatoire sous condition"},
	"check.required_close":   {en: "Field required to close the phase", fr: "Champ obligatoire pour clôturer la phase"},
	"check.length":           {en: "Length", fr: "Longueur"},
	"check.range":            {en: "Value out of bounds", fr: "Valeur hors bornes"},
	"check.pattern":          {en: "Pattern", fr: "Format"},
	"check.enum":             {en: "Value not allowed", fr: "Valeur non prévue"},
	"check.rule":             {en: "Consistency rule", fr: "Règle de cohérence"},
	"check.cells":            {en: "Number of cells", fr: "Nombre de cellules"},
	"check.conflict":         {en: "Contradictory values of one dossier", fr: "Valeurs contradictoires d'un même dossier"},
	"check.operator":         {en: "Operator code", fr: "Code opérateur"},
	"check.hist":             {en: "History dossier (HIST)", fr: "Dossier d'historique (HIST)"},
	"check.subversion_main":  {en: "Sub-version without its main dossier", fr: "Sous-version sans dossier principal"},
	"check.subversion_next":  {en: "Sub-version number", fr: "Numéro de sous-version"},
	"check.subversion_owner": {en: "Another partner's sub-version", fr: "Sous-version d'un autre partenaire"},
	"check.subversion_phase": {en: "Sub-version outside phase 2", fr: "Sous-version hors phase 2"},

	// Advice per check: line checks.
	"hint.type": {
		en: "each column has a type: dates are JJ/MM/AAAA, NUM is digits only, DEC is like 1234,56 (no thousands separator), BOOL is OUI or NON, TEL is 0XXXXXXXXX or +33XXXXXXXXX",
		fr: "chaque colonne a un type : les dates s'écrivent JJ/MM/AAAA, NUM ne contient que des chiffres, DEC s'écrit comme 1234,56 (sans séparateur de milliers), BOOL vaut OUI ou NON, TEL s'écrit 0XXXXXXXXX ou +33XXXXXXXXX",
	},
	"hint.required": {
		en: "fill the field: the matrice requires it at import",
		fr: "renseignez le champ : la matrice cadre l'exige à l'import",
	},
	"hint.required_if": {
		en: "fill the field, or empty the field it depends on: the matrice requires it when that field has (that) value",
		fr: "renseignez le champ, ou videz le champ dont il dépend : la matrice l'exige quand ce champ a (cette) valeur",
	},
	"hint.required_close": {
		en: "a line with DateFinPhase closes its phase: fill the fields the matrice requires to close it, or leave DateFinPhase empty",
		fr: "une ligne avec DateFinPhase clôture sa phase : renseignez les champs exigés pour la clôturer, ou laissez DateFinPhase vide",
	},
	"hint.length": {
		en: "lengths count characters, accents included as one",
		fr: "la longueur se compte en caractères, une lettre accentuée comptant pour un",
	},
	"hint.range": {
		en: "the value is outside the matrice's bounds; a date cannot be after the file's date",
		fr: "la valeur sort des bornes de la matrice ; une date ne peut pas dépasser la date du fichier",
	},
	"hint.pattern": {
		en: "the whole value must match the matrice's pattern",
		fr: "la valeur entière doit suivre le format indiqué par la matrice",
	},
	"hint.enum": {
		en: "use the matrice's codes, exact case, or send E#L a correspondence table for your own values",
		fr: "utilisez les codes de la matrice cadre, en respectant la casse, ou transmettez à E#L une table de correspondance pour vos propres valeurs",
	},
	"hint.rule": {
		en: "the value breaks a rule linking it to other fields of the line",
		fr: "la valeur contredit une règle qui la lie à d'autres champs de la ligne",
	},
	"hint.cells": {
		en: "the line has more or fewer cells than the header: a ';' inside a cell needs the cell in double quotes",
		fr: "la ligne n'a pas autant de cellules que l'en-tête : une cellule contenant un « ; » doit être entre guillemets",
	},
	"hint.conflict": {
		en: "every line of a dossier must carry the same dossier values (an empty value is fine): align this line on the earlier one",
		fr: "toutes les lignes d'un dossier doivent porter les mêmes valeurs de dossier (une valeur vide est acceptée) : alignez cette ligne sur la précédente",
	},
	// The checks against the consolidated store.
	"hint.operator": {
		en: "a new dossier's number starts with one of your operator codes (your connection sheet's); a number with another partner's code is that partner's dossier: search it (POST /api/v1/dossiers/search) rather than create it",
		fr: "le numéro d'un nouveau dossier commence par l'un de vos codes opérateur (ceux de votre fiche de connexion) ; un numéro portant le code d'un autre partenaire est un dossier de ce partenaire : recherchez-le (moteur de recherche, POST /api/v1/dossiers/search) plutôt que de le créer",
	},
	"hint.hist": {
		en: "HIST numbers come from E#L's history import only: update an existing one, never create one; give a new dossier a number with your operator code",
		fr: "les numéros HIST viennent uniquement de l'historique d'E#L : mettez à jour un dossier existant, n'en créez jamais ; donnez à un nouveau dossier un numéro portant votre code opérateur",
	},
	"hint.subversion_main": {
		en: "a sub-version (001-…) needs its main dossier: send the main dossier first, in this file or before; check its number with the search",
		fr: "une sous-version (001-…) suppose son dossier principal : envoyez d'abord le dossier principal, dans ce fichier ou avant ; vérifiez son numéro dans le moteur de recherche",
	},
	"hint.subversion_next": {
		en: "a new sub-version takes the next free number, the message names it (the search gives it too: nextSubversion)",
		fr: "une nouvelle sous-version prend le prochain numéro libre, que le message indique (le moteur de recherche le donne aussi : nextSubversion)",
	},
	"hint.subversion_owner": {
		en: "a sub-version is updated by the partner that created it only: ask that partner, or E#L",
		fr: "une sous-version n'est mise à jour que par le partenaire qui l'a créée : adressez-vous à ce partenaire, ou à E#L",
	},
	"hint.subversion_phase": {
		en: "sub-versions exist in phase 2 only",
		fr: "les sous-versions n'existent qu'en phase 2",
	},
	// File checks.
	"hint.name": {
		en: "name the file AAAAMMDD-IDENTIFIANT.csv (or .xlsx for a workbook), with the export's date and your identifier, e.g. 20261116-adie.csv",
		fr: "nommez le fichier AAAAMMJJ-IDENTIFIANT.csv (ou .xlsx pour un classeur), avec la date de l'export et votre identifiant, par exemple 20261116-adie.csv",
	},
	"hint.encoding": {
		en: "re-save the file as CSV UTF-8 (in Excel: File › Save as › \"CSV UTF-8 (comma delimited)\", then check the separator is ';')",
		fr: "enregistrez le fichier en CSV UTF-8 (dans Excel : Fichier › Enregistrer sous › « CSV UTF-8 (délimité par des virgules) », puis vérifiez que le séparateur est « ; »)",
	},
	"hint.separator": {
		en: "the separator is ';': in Excel with French settings, \"CSV UTF-8\" uses ';'; elsewhere set the list separator to ';'",
		fr: "le séparateur est « ; » : un Excel aux paramètres français l'utilise pour « CSV UTF-8 » ; ailleurs, choisissez « ; » comme séparateur de liste",
	},
	"hint.header": {
		en: "the first line names the matrice's columns exactly (letters, digits and _, case included), in any order; start from the template",
		fr: "la première ligne nomme exactement les colonnes de la matrice (lettres, chiffres et _, casse comprise), dans n'importe quel ordre ; partez du modèle",
	},
	"hint.empty": {
		en: "nothing was read: check that the export wrote its lines and that this is the right file (the template gives the header line)",
		fr: "rien n'a été lu : vérifiez que l'export a bien écrit ses lignes et que c'est le bon fichier (le modèle donne la ligne d'en-tête)",
	},
	"hint.syntax": {
		en: "a cell opening with a double quote must close it; a quote inside a quoted cell is written twice (\"\")",
		fr: "une cellule qui commence par un guillemet doit le refermer ; un guillemet dans une cellule entre guillemets s'écrit deux fois (\"\")",
	},
	"hint.mode": {
		en: "in complete mode one rejected line rejects the file: correct every rejected line, then send the whole file again",
		fr: "en mode complet, une ligne rejetée rejette le fichier : corrigez toutes les lignes rejetées, puis renvoyez le fichier entier",
	},
	"hint.workbook": {
		en: "a workbook holds the template's sheet and the dossiers' values only: no formula, no other sheet, no table, no link, no password; start from the template (eleader matrice template --xlsx)",
		fr: "un classeur ne contient que la feuille du modèle et les valeurs des dossiers : ni formule, ni autre feuille, ni tableau, ni lien, ni mot de passe ; partez du modèle (eleader matrice template --xlsx)",
	},

	// Advice per rule of the standard set.
	"hint.rule.luhn": {
		en: "luhn: a SIRET's last digit is a Luhn check digit; check the digits against the company's Kbis or INSEE notice",
		fr: "luhn : le dernier chiffre d'un SIRET est une clé de contrôle ; vérifiez ses 14 chiffres sur l'avis de situation INSEE ou le Kbis",
	},
	"hint.rule.date_order": {
		en: "date_order: a phase cannot end before it starts (DateFinPhase ≥ DateDebutPhase)",
		fr: "date_order : une phase ne peut pas finir avant de commencer (DateFinPhase ≥ DateDebutPhase)",
	},
	"hint.rule.min_age": {
		en: "min_age: the beneficiary is at least 16 at DateDebutPhase; check both dates",
		fr: "min_age : le bénéficiaire a au moins 16 ans à DateDebutPhase ; vérifiez les deux dates",
	},
	"hint.rule.subversion_phase": {
		en: "subversion_phase: a number starting with a version (001-) is a sub-version, only allowed on phase 2",
		fr: "subversion_phase : un numéro commençant par une version (001-) est une sous-version, réservée à la phase 2",
	},

	// Advice per type.
	"hint.type.num": {
		en: "NUM: digits only, no spaces, signs or decimals",
		fr: "NUM : des chiffres seulement, sans espace, signe ni décimale",
	},
	"hint.type.dec": {
		en: "DEC: a number like 1234,56 or -12.5: no thousands separator, no currency",
		fr: "DEC : un nombre comme 1234,56 ou -12.5 : sans séparateur de milliers ni devise",
	},
	"hint.type.date": {
		en: "DATE: dates are JJ/MM/AAAA, a real calendar date, e.g. 16/11/2026",
		fr: "DATE : les dates s'écrivent JJ/MM/AAAA et existent au calendrier, par exemple 16/11/2026",
	},
	"hint.type.bool": {
		en: "BOOL: OUI or NON, in capitals (or map your values with a correspondence table)",
		fr: "BOOL : OUI ou NON, en majuscules (ou faites correspondre vos valeurs par une table de correspondance)",
	},
	"hint.type.email": {
		en: "EMAIL: one @, a name before it, a domain with a dot after it, no spaces",
		fr: "EMAIL : un seul @, un nom avant, un domaine avec un point après, sans espace",
	},
	"hint.type.tel": {
		en: "TEL: 10 digits starting with 0, or +33 and 9 digits; spaces and dots are allowed",
		fr: "TEL : 10 chiffres commençant par 0, ou +33 et 9 chiffres ; les espaces et les points sont permis",
	},
	"hint.type.dossier": {
		en: "DOSSIER: {VERSION}{OPER}{INDEX}, e.g. ADIE100876-AHG-4U or 001-ADIE100876-AHG-4U: 4 capitals or digits, then letters, digits, + _ -",
		fr: "DOSSIER : {VERSION}{OPER}{INDEX}, par exemple ADIE100876-AHG-4U ou 001-ADIE100876-AHG-4U : 4 majuscules ou chiffres, puis lettres, chiffres, + _ -",
	},
}
