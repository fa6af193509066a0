package xlsx_test

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/adapters/xlsx"
)

// BenchmarkConvertSmall converts a small workbook written by LibreOffice:
// the cost of opening a workbook (a fuzz run's exec).
func BenchmarkConvertSmall(b *testing.B) {
	data := readTestdata(b, "libreoffice/20261117-demo.xlsx")
	b.ReportAllocs()
	for b.Loop() {
		if err := (xlsx.Workbooks{}).Convert(context.Background(), bytes.NewReader(data), int64(len(data)), nil, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkConvertRows converts 20,000 rows of 8 cells.
func BenchmarkConvertRows(b *testing.B) {
	var rows bytes.Buffer
	rows.WriteString(header())
	for i := range 20000 {
		r := itoa(i + 2)
		rows.WriteString(row(i+2, inl("A"+r, "ADIE"+r), num("B"+r, 1, "45424"), num("C"+r, 0, "75001"), num("D"+r, 0, "81234567800013"),
			num("E"+r, 0, "1500.5"), `<c r="F`+r+`" t="b"><v>1</v></c>`, inl("G"+r, "06 12 34 56 78"), inl("H"+r, "Épicerie fine")))
	}
	data := rawBook{data: []string{rows.String()}, xfs: []int{14}}.bytes(b)
	m := testMatrice(b)
	b.SetBytes(int64(rows.Len()))
	b.ReportAllocs()
	for b.Loop() {
		if err := (xlsx.Workbooks{}).Convert(context.Background(), bytes.NewReader(data), int64(len(data)), m, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
