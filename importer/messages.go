package importer

import (
	"errors"
	"strings"

	"github.com/entrepreneur-leader/eleader-go/i18n"
)

// The texts of the file errors are entries of the catalog (package i18n,
// keys file.*), each in English (FileError.Message: the command line's
// JSON, the API's fileErrors) and in French (the web page, the emails, the
// command line in French). Line errors are the spec's (§3), in English
// in every language.

// withLine prefixes a message with the line it is about.
func withLine(t i18n.Text, line int) i18n.Text {
	if line <= 0 {
		return t
	}
	return i18n.T("file.line", line, t)
}

// msgName says what is wrong with a file's name: the reason of a
// *FileNameError, which names its entry of the catalog.
func msgName(nameErr error) i18n.Text {
	var fe *FileNameError
	if !errors.As(nameErr, &fe) {
		return i18n.Plain(strings.TrimPrefix(nameErr.Error(), ErrFileName.Error()+": "))
	}
	reason := i18n.Plain(fe.Reason)
	switch {
	case fe.Key != "" && fe.Arg != "":
		reason = i18n.T(fe.Key, fe.Arg)
	case fe.Key != "":
		reason = i18n.T(fe.Key)
	}
	return i18n.T("filename.invalid", CutName(fe.Name), reason)
}

func msgOtherPartner(file, named, sender string) i18n.Text {
	return i18n.T("file.other_partner", file, named, sender)
}

var (
	msgUTF16    = i18n.T("file.utf16")
	msgZip      = i18n.T("file.zip_archive")
	msgXLS      = i18n.T("file.xls")
	msgNUL      = i18n.T("file.nul")
	msgEmpty    = i18n.T("file.empty")
	msgUnclosed = i18n.T("file.unclosed")
)

func msgTooLong(limit int) i18n.Text { return i18n.T("file.too_long", i18n.Size(limit)) }

func msgBadUTF8(b byte, col int, cp1252 rune) i18n.Text {
	if cp1252 != 0 {
		return i18n.T("file.not_utf8_cp1252", b, col, cp1252)
	}
	return i18n.T("file.not_utf8", b, col)
}

func msgSeparator(tabs bool) i18n.Text {
	if tabs {
		return i18n.T("file.separator_tabs")
	}
	return i18n.T("file.separator_commas")
}

// unknownColumn is a header name the matrice does not have, and the column
// it was probably meant to be ("" when none).
type unknownColumn struct{ name, meant string }

// msgHeader says what is wrong with a header: every missing, unknown,
// duplicate (name and columns) and unnamed (column number) column.
func msgHeader(missing []string, unknown []unknownColumn, dups [][3]string, blanks []string) i18n.Text {
	var parts []any
	add := func(key string, list []any) {
		if len(list) == 0 {
			return
		}
		n := len(list)
		if n > maxHeaderNames {
			list = append(list[:maxHeaderNames:maxHeaderNames], i18n.T("file.header.more", n-maxHeaderNames))
		}
		parts = append(parts, i18n.T(key, n, i18n.Join("sep.comma", list...)))
	}
	quote := func(l []string) []any {
		out := make([]any, len(l))
		for i, s := range l {
			out[i] = "'" + s + "'"
		}
		return out
	}
	add("file.header.missing", quote(missing))
	var un []any
	for _, u := range unknown {
		if u.meant != "" {
			un = append(un, i18n.T("file.header.meant", u.name, u.meant))
		} else {
			un = append(un, "'"+u.name+"'")
		}
	}
	add("file.header.unknown", un)
	var du []any
	for _, d := range dups {
		du = append(du, i18n.T("file.header.columns", d[0], d[1], d[2]))
	}
	add("file.header.duplicate", du)
	bl := make([]any, len(blanks))
	for i, b := range blanks {
		bl[i] = b
	}
	add("file.header.blank", bl)
	return i18n.T("file.header", i18n.Join("sep.semicolon", parts...))
}

func msgMode(rejected, lines int) i18n.Text {
	return i18n.T("file.mode", rejected, lines)
}

// english renders a text in English, the language of FileError.Message.
func english(t i18n.Text) string { return i18n.English.Text(t) }
