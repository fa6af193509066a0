package importer

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// The texts of the file errors, each in English (FileError.Message: the
// command line, the JSON, the API's fileErrors) and in French
// (FileError.French: the web page, the emails), side by side so that a
// catalog can take them over. Line errors are the spec's (§3), English
// only.

// text is one message in both languages.
type text struct{ en, fr string }

// withLine prefixes a message with the line it is about.
func (t text) withLine(line int) text {
	if line <= 0 {
		return t
	}
	n := strconv.Itoa(line)
	return text{"line " + n + ": " + t.en, "ligne " + n + " : " + t.fr}
}

func msgName(nameErr error) text {
	var fe *FileNameError
	en := strings.TrimPrefix(nameErr.Error(), ErrFileName.Error()+": ")
	fr := "le nom du fichier ne suit pas la nomenclature AAAAMMJJ-IDENTIFIANT.csv (ou .xlsx pour un classeur)"
	if errors.As(nameErr, &fe) {
		switch fe.Problem {
		case NameExtension:
			fr += " : l'extension doit être .csv ou .xlsx, en minuscules"
		case NameWorkbook:
			fr += " : enregistrez le classeur au format « Classeur Excel (.xlsx) » ou en « CSV UTF-8 »"
		case NameDate:
			fr += " : il doit commencer par la date de l'export, AAAAMMJJ (une date qui existe), suivie d'un tiret"
		case NamePartner:
			fr += " : l'identifiant du partenaire compte 2 à 63 caractères parmi a-z, 0-9, _ et -"
		}
	}
	return text{en, fr}
}

func msgOtherPartner(file, named, sender string) text {
	return text{
		fmt.Sprintf("%q names partner %q, but the file is sent by %q", file, named, sender),
		fmt.Sprintf("le fichier %s est au nom du partenaire « %s », mais il est envoyé par « %s »", file, named, sender),
	}
}

var (
	msgUTF16 = text{
		"the file is UTF-16 (Excel's \"Unicode text\"): re-save it as CSV UTF-8 with ';' separators",
		"le fichier est en UTF-16 (« Texte Unicode » d'Excel) : enregistrez-le en « CSV UTF-8 (délimité par des points-virgules) »",
	}
	msgZip = text{
		"the file is a ZIP archive, probably an Excel workbook (.xlsx): send it named .xlsx, or save it as CSV UTF-8 with ';' separators",
		"le fichier est une archive ZIP, sans doute un classeur Excel (.xlsx) : envoyez-le avec l'extension .xlsx, ou enregistrez-le en « CSV UTF-8 (délimité par des points-virgules) »",
	}
	msgXLS = text{
		"the file is an old Excel workbook (.xls): save it as an Excel workbook (.xlsx) or as CSV UTF-8 with ';' separators",
		"le fichier est un ancien classeur Excel (.xls) : enregistrez-le comme « Classeur Excel (.xlsx) » ou en « CSV UTF-8 (délimité par des points-virgules) »",
	}
	msgNUL = text{
		"the file holds NUL bytes between its characters, so it looks like UTF-16: re-save it as CSV UTF-8 with ';' separators",
		"le fichier contient des octets nuls entre ses caractères, il semble en UTF-16 : enregistrez-le en « CSV UTF-8 (délimité par des points-virgules) »",
	}
	msgEmpty = text{
		"the file is empty: it needs a header line naming the matrice's columns, separated by ';'",
		"le fichier est vide : il lui faut une ligne d'en-tête nommant les colonnes de la matrice, séparées par des points-virgules",
	}
	msgUnclosed = text{
		"a quote opened in the cell starting this record is never closed",
		"un guillemet ouvert dans une cellule de cette ligne n'est jamais fermé",
	}
)

func msgTooLong(limit int) text {
	return text{
		"the record is longer than " + Size(int64(limit)) + ": a quote opened here is probably never closed",
		"la ligne dépasse " + SizeFR(int64(limit)) + " : un guillemet ouvert ici n'est sans doute jamais fermé",
	}
}

func msgBadUTF8(b byte, col int, cp1252 rune) text {
	en := fmt.Sprintf("not UTF-8: byte 0x%02X at character %d of the line", b, col)
	fr := fmt.Sprintf("le fichier n'est pas en UTF-8 : octet 0x%02X au caractère %d de la ligne", b, col)
	if cp1252 != 0 {
		return text{
			en + fmt.Sprintf(" is %s in Windows-1252; the file looks like Windows-1252: re-save it as CSV UTF-8", strconv.QuoteRune(cp1252)),
			fr + fmt.Sprintf(", « %c » en Windows-1252 ; le fichier semble encodé en Windows-1252 : enregistrez-le en « CSV UTF-8 »", cp1252),
		}
	}
	return text{en + "; re-save the file as CSV UTF-8", fr + " ; enregistrez le fichier en « CSV UTF-8 »"}
}

func msgSeparator(tabs bool) text {
	if tabs {
		return text{
			"the header is separated by tabs, not ';': save the file as CSV UTF-8 with ';' separators",
			"l'en-tête est séparé par des tabulations, pas par des points-virgules : enregistrez le fichier en « CSV UTF-8 (délimité par des points-virgules) »",
		}
	}
	return text{
		"the header is separated by commas (','), not ';': save the file as CSV UTF-8 with ';' separators",
		"l'en-tête est séparé par des virgules, pas par des points-virgules : enregistrez le fichier en « CSV UTF-8 (délimité par des points-virgules) »",
	}
}

// unknownColumn is a header name the matrice does not have, and the column
// it was probably meant to be ("" when none).
type unknownColumn struct{ name, meant string }

// msgHeader says what is wrong with a header: every missing, unknown,
// duplicate (name and columns) and unnamed (column number) column.
func msgHeader(missing []string, unknown []unknownColumn, dups [][3]string, blanks []string) text {
	var en, fr []string
	add := func(one, many, unFR, plFR string, list []string, listFR []string) {
		switch len(list) {
		case 0:
		case 1:
			en, fr = append(en, one+" "+list[0]), append(fr, unFR+" "+listFR[0])
		default:
			if len(list) > maxHeaderNames {
				more := len(list) - maxHeaderNames
				list = append(list[:maxHeaderNames:maxHeaderNames], fmt.Sprintf("and %d more", more))
				listFR = append(listFR[:maxHeaderNames:maxHeaderNames], fmt.Sprintf("et %d autres", more))
			}
			en, fr = append(en, many+" "+strings.Join(list, ", ")), append(fr, plFR+" "+strings.Join(listFR, ", "))
		}
	}
	quote := func(l []string) []string {
		out := make([]string, len(l))
		for i, s := range l {
			out[i] = "'" + s + "'"
		}
		return out
	}
	add("missing column", "missing columns", "colonne manquante :", "colonnes manquantes :", quote(missing), quote(missing))
	var un, unFR []string
	for _, u := range unknown {
		s, sFR := "'"+u.name+"'", "'"+u.name+"'"
		if u.meant != "" {
			s += " (did you mean '" + u.meant + "'?)"
			sFR += " (vouliez-vous dire '" + u.meant + "' ?)"
		}
		un, unFR = append(un, s), append(unFR, sFR)
	}
	add("unknown column", "unknown columns", "colonne inconnue :", "colonnes inconnues :", un, unFR)
	var du, duFR []string
	for _, d := range dups {
		du = append(du, fmt.Sprintf("'%s' (columns %s and %s)", d[0], d[1], d[2]))
		duFR = append(duFR, fmt.Sprintf("'%s' (colonnes %s et %s)", d[0], d[1], d[2]))
	}
	add("duplicate column", "duplicate columns", "colonne en double :", "colonnes en double :", du, duFR)
	add("no name for column", "no name for columns", "colonne sans nom :", "colonnes sans nom :", blanks, blanks)
	return text{
		strings.Join(en, "; ") + "; the header must hold exactly the matrice's columns, in any order (Erreurs is ignored)",
		strings.Join(fr, " ; ") + " ; l'en-tête doit reprendre exactement les colonnes de la matrice, dans n'importe quel ordre (la colonne Erreurs est ignorée)",
	}
}

func msgMode(rejected, lines int) text {
	return text{
		fmt.Sprintf("complete mode: %d of %d lines rejected, so the whole file is rejected and nothing is kept; correct the rejected lines and send the file again", rejected, lines),
		fmt.Sprintf("mode complet : %d lignes rejetées sur %d, donc le fichier entier est rejeté et rien n'est gardé ; corrigez les lignes rejetées et renvoyez le fichier", rejected, lines),
	}
}
