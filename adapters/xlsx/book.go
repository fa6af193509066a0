package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// ListSheet is the name of the template's own sheet of drop-down lists, for
// the lists too long to be written in a data validation (Excel allows 255
// characters there): hidden, never a sheet added to the template.
const ListSheet = "eleader_listes"

// book is what the conversion knows of a workbook before reading its first
// sheet: where its parts are, its date system, and the template's rules it
// breaks without being unreadable (an added sheet, a table …).
type book struct {
	a           *archive
	lim         Limits
	date1904    bool
	sheetName   string
	sheetPart   string
	stringsPart string
	stylesPart  string
	probs       []*problem
}

// rel is one relationship of a part.
type rel struct {
	id, kind, target string // kind: the last segment of its type URI
	external         bool
}

// maxProblems bounds the rules a workbook is said to break, beyond its
// cells'.
const maxProblems = 20

func (b *book) add(p *problem) {
	if len(b.probs) < maxProblems {
		b.probs = append(b.probs, p)
	}
}

// readXML reads a part with fn, its size bounded by max.
func (b *book) readXML(part string, max int64, fn func(x *xmlScanner) error) *problem {
	pr, prob := b.a.open(part, max)
	if prob != nil {
		return prob
	}
	defer pr.Close()
	return asProblem(fn(newXMLScannerSize(pr, b.lim.maxToken(), int64(pr.f.UncompressedSize64))), part)
}

// asProblem turns a reading error into a problem of the part.
func asProblem(err error, part string) *problem {
	var p *problem
	switch {
	case err == nil:
		return nil
	case errors.As(err, &p):
		return p
	case errors.Is(err, errTooManyStrings):
		return &problem{kind: probStrings}
	case errors.Is(err, errText):
		return &problem{kind: probCellTooLong}
	}
	return &problem{kind: probXML, part: part, detail: err.Error()}
}

// rels reads a part's relationships; a part without any has none.
func (b *book) rels(part string) ([]rel, *problem) {
	name := relsOf(part)
	if !b.a.has(name) {
		return nil, nil
	}
	var out []rel
	prob := b.readXML(name, b.lim.MaxPartBytes, func(x *xmlScanner) error {
		for {
			k, err := x.next()
			if err != nil || k == tokEOF {
				return err
			}
			if !x.is(tokStart, "Relationship") || len(out) >= b.lim.MaxEntries {
				continue
			}
			var r rel
			var err1, err2, err3 error
			r.id, err1 = x.attrText("Id")
			typ, err2 := x.attrText("Type")
			r.target, err3 = x.attrText("Target")
			if err := errors.Join(err1, err2, err3); err != nil {
				return err
			}
			mode, _ := x.attrText("TargetMode")
			r.kind = path.Base(typ)
			r.external = strings.EqualFold(mode, "External")
			out = append(out, r)
		}
	})
	return out, prob
}

// inspect opens a workbook and reads what comes before its first sheet's
// rows. A problem returned is fatal: the workbook cannot be read at all.
func inspect(r io.ReaderAt, size int64, lim Limits) (*book, *problem) {
	head := make([]byte, min(size, 512))
	if _, err := r.ReadAt(head, 0); err != nil && err != io.EOF {
		return nil, &problem{kind: probDamaged, detail: "it cannot be read"}
	}
	switch k := sniff(head); k {
	case 0:
	case probCFB:
		if cfbEncrypted(r, size) {
			return nil, &problem{kind: probProtected}
		}
		return nil, &problem{kind: k}
	case probNotWorkbook:
		return nil, &problem{kind: k, detail: "its first bytes are neither a ZIP nor text"}
	default:
		return nil, &problem{kind: k}
	}
	a, prob := openArchive(r, size, lim)
	if prob != nil {
		return nil, prob
	}
	b := &book{a: a, lim: lim}
	if kind := b.format(); kind != 0 {
		return nil, &problem{kind: kind, detail: "it holds no workbook part"}
	}
	main, prob := b.mainPart()
	if prob != nil {
		return nil, prob
	}
	if prob := b.workbook(main); prob != nil {
		return nil, prob
	}
	return b, nil
}

// format recognises ZIP files that are other formats than XLSX: an
// OpenDocument spreadsheet, a binary or macro-enabled workbook, a ZIP that
// is no workbook at all. It returns 0 for an XLSX workbook.
func (b *book) format() problemKind {
	if f := b.a.file("mimetype"); f != nil && f.UncompressedSize64 < 256 {
		if rc, err := f.Open(); err == nil {
			mt, _ := io.ReadAll(io.LimitReader(rc, 256))
			rc.Close()
			if bytes.Contains(mt, []byte("opendocument")) {
				return probODS
			}
		}
		return probNotWorkbook
	}
	switch {
	case b.a.has("xl/workbook.bin"):
		return probXLSB
	case b.a.has("xl/vbaProject.bin"):
		return probMacro
	case !b.a.has("[Content_Types].xml"):
		return probNotWorkbook
	}
	return 0
}

// mainPart finds the workbook part (_rels/.rels' officeDocument) and checks
// its content type.
func (b *book) mainPart() (string, *problem) {
	main := ""
	rels, prob := b.rels("")
	if prob != nil {
		return "", prob
	}
	for _, r := range rels {
		if r.kind == "officeDocument" && !r.external {
			main = resolve("", r.target)
			break
		}
	}
	if main == "" && b.a.has("xl/workbook.xml") {
		main = "xl/workbook.xml"
	}
	if main == "" || !b.a.has(main) {
		return "", &problem{kind: probNotWorkbook, detail: "it holds no workbook part"}
	}
	var contentType string
	prob = b.readXML("[Content_Types].xml", b.lim.MaxPartBytes, func(x *xmlScanner) error {
		for {
			k, err := x.next()
			if err != nil || k == tokEOF {
				return err
			}
			if x.is(tokStart, "Override") {
				name, _ := x.attrText("PartName")
				if strings.EqualFold(strings.TrimPrefix(name, "/"), main) {
					contentType, err = x.attrText("ContentType")
					return err
				}
			}
		}
	})
	if prob != nil {
		return "", prob
	}
	switch ct := strings.ToLower(contentType); {
	case strings.Contains(ct, "binary"):
		return "", &problem{kind: probXLSB}
	case strings.Contains(ct, "macroenabled"):
		return "", &problem{kind: probMacro}
	case strings.HasSuffix(main, ".bin"):
		return "", &problem{kind: probXLSB}
	case ct != "" && !strings.Contains(ct, "spreadsheetml"):
		return "", &problem{kind: probNotWorkbook, detail: "its main part is " + truncate(contentType, 80)}
	}
	return main, nil
}

// sheetEntry is a sheet of workbook.xml.
type sheetEntry struct{ name, state, rid string }

// workbook reads workbook.xml and its relationships: the date system, the
// protection, the sheets (the first one is read; any other is an added
// sheet, except the template's ListSheet), the external links and data
// connections, the parts of the shared strings and styles, then the first
// sheet's relationships (tables, pivot tables, queries).
func (b *book) workbook(main string) *problem {
	var sheets []sheetEntry
	prob := b.readXML(main, b.lim.MaxPartBytes, func(x *xmlScanner) error {
		for {
			k, err := x.next()
			if err != nil || k == tokEOF {
				return err
			}
			switch {
			case x.is(tokStart, "workbookPr"):
				v := attrOr(x, "date1904")
				b.date1904 = string(v) == "1" || string(v) == "true"
			case x.is(tokStart, "workbookProtection"):
				for _, a := range []string{"workbookPassword", "workbookHashValue", "revisionsPassword", "revisionsHashValue"} {
					if v, ok := x.attr(a); ok && len(v) > 0 {
						b.add(&problem{kind: probProtectedStructure})
						break
					}
				}
			case x.is(tokStart, "sheet"):
				if len(sheets) >= maxProblems+1 {
					continue
				}
				var s sheetEntry
				var err1, err2 error
				s.name, err1 = x.attrText("name")
				s.rid, err2 = x.attrText("id")
				if err := errors.Join(err1, err2); err != nil {
					return err
				}
				sheets = append(sheets, s)
			}
		}
	})
	if prob != nil {
		return prob
	}
	rels, prob := b.rels(main)
	if prob != nil {
		return prob
	}
	byID := make(map[string]rel, len(rels))
	for _, r := range rels {
		byID[r.id] = r
		switch r.kind {
		case "sharedStrings":
			b.stringsPart = resolve(main, r.target)
		case "styles":
			b.stylesPart = resolve(main, r.target)
		case "externalLink":
			b.add(&problem{kind: probExternal, name: b.externalTarget(resolve(main, r.target))})
		case "connections":
			b.add(&problem{kind: probExternal, name: b.connectionName(resolve(main, r.target))})
		}
	}
	if len(sheets) == 0 {
		return &problem{kind: probNoSheet}
	}
	first := sheets[0]
	r, ok := byID[first.rid]
	switch {
	case !ok || r.external:
		return &problem{kind: probDamaged, detail: fmt.Sprintf("the sheet %q has no part", truncate(first.name, 40))}
	case r.kind != "worksheet":
		return &problem{kind: probChartFirst, name: truncate(first.name, 80)}
	}
	b.sheetName, b.sheetPart = first.name, resolve(main, r.target)
	if !b.a.has(b.sheetPart) {
		return &problem{kind: probDamaged, detail: fmt.Sprintf("the sheet %q has no part", truncate(first.name, 40))}
	}
	for _, s := range sheets[1:] {
		if s.name != ListSheet {
			b.add(&problem{kind: probSheetAdded, name: truncate(s.name, 80)})
		}
	}
	return b.sheetRels()
}

// sheetRels reads the first sheet's relationships: a table, a pivot table
// or a query table breaks the template.
func (b *book) sheetRels() *problem {
	rels, prob := b.rels(b.sheetPart)
	if prob != nil {
		return prob
	}
	for _, r := range rels {
		if r.external {
			continue // a hyperlink to a site or an address is fine
		}
		part := resolve(b.sheetPart, r.target)
		switch r.kind {
		case "table":
			b.add(&problem{kind: probTable, name: b.partName(part, "table", "displayName", "name")})
		case "pivotTable":
			b.add(&problem{kind: probPivot, name: b.partName(part, "pivotTableDefinition", "name")})
		case "queryTable":
			b.add(&problem{kind: probExternal, name: b.partName(part, "queryTable", "name")})
		}
	}
	return nil
}

// partName returns the first of attrs found on the root element of a
// part (a table's name …), or the part's name.
func (b *book) partName(part, element string, attrs ...string) string {
	name := ""
	b.readXML(part, b.lim.MaxPartBytes, func(x *xmlScanner) error {
		for {
			k, err := x.next()
			if err != nil || k == tokEOF {
				return err
			}
			if x.is(tokStart, element) {
				for _, a := range attrs {
					if v, _ := x.attrText(a); v != "" {
						name = v
						return nil
					}
				}
				return nil
			}
		}
	})
	if name == "" {
		return path.Base(part)
	}
	return truncate(name, 80)
}

// externalTarget names the file an external link points to: the base name
// of its target.
func (b *book) externalTarget(part string) string {
	rels, _ := b.rels(part)
	for _, r := range rels {
		if r.external && r.target != "" {
			t := strings.ReplaceAll(r.target, `\`, "/")
			return "'" + truncate(path.Base(t), 80) + "'"
		}
	}
	return "'" + path.Base(part) + "'"
}

// connectionName names a workbook's first data connection.
func (b *book) connectionName(part string) string {
	return "'" + b.partName(part, "connection", "name") + "'"
}

// truncate shortens a name read from a workbook before it is shown.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
