package xlsx

import "strconv"

// maxStyles bounds the cell styles read (Excel allows 64,000), maxFormats
// the custom number formats (Excel allows a few hundred).
const (
	maxStyles  = 1 << 20
	maxFormats = 1 << 16
)

// readStyles reads styles.xml: the number format of each cell style
// (cellXfs), by index, as the conversion needs it.
func readStyles(x *xmlScanner) ([]numFormat, error) {
	custom := map[int]numFormat{}
	var styles []numFormat
	inXfs := false
	for {
		k, err := x.next()
		if err != nil {
			return nil, err
		}
		switch {
		case k == tokEOF:
			return styles, nil
		case x.is(tokStart, "numFmt"):
			id, err := strconv.Atoi(string(attrOr(x, "numFmtId")))
			code, err2 := x.attrText("formatCode")
			if err == nil && err2 == nil && len(custom) < maxFormats {
				custom[id] = classifyFormatCode(code)
			}
		case x.is(tokStart, "cellXfs"):
			inXfs = !x.empty
		case x.is(tokEnd, "cellXfs"):
			inXfs = false
		case inXfs && x.is(tokStart, "xf"):
			if len(styles) >= maxStyles {
				return styles, nil
			}
			id, err := strconv.Atoi(string(attrOr(x, "numFmtId")))
			f := numFormat{}
			if err == nil {
				var ok bool
				if f, ok = custom[id]; !ok {
					f = builtinFormat(id)
				}
			}
			styles = append(styles, f)
		}
	}
}

// classifyFormatCode is classifyFormat, with LibreOffice's name of the
// general format.
func classifyFormatCode(code string) numFormat {
	if code == "Standard" {
		return numFormat{}
	}
	return classifyFormat(code)
}

// attrOr returns an attribute's raw value, nil when absent.
func attrOr(x *xmlScanner, name string) []byte {
	v, _ := x.attr(name)
	return v
}
