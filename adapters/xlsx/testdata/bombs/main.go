// Command bombs writes the hostile workbooks of BENCHMARKS.md from a real
// workbook: its first sheet padded with 1.5 GB of spaces (a zip bomb of
// about 1.5 MB), padded with 1.5 GB of spaces and letters (packed 21
// times: under the ratio bound), and given a row 2,000,000,000.
//
//	go run ./adapters/xlsx/testdata/bombs adapters/xlsx/testdata/libreoffice/20261116-demo.xlsx /tmp
package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: bombs WORKBOOK.xlsx OUTDIR")
		os.Exit(2)
	}
	src, err := os.ReadFile(os.Args[1])
	check(err)
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	check(err)
	for _, kind := range []string{"bomb", "mixed", "farrow"} {
		path := filepath.Join(os.Args[2], "20261116-demo-"+kind+".xlsx")
		out, err := os.Create(path)
		check(err)
		zw := zip.NewWriter(out)
		zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
		for _, f := range zr.File {
			rc, err := f.Open()
			check(err)
			b, err := io.ReadAll(rc)
			check(err)
			w, err := zw.Create(f.Name)
			check(err)
			if f.Name != "xl/worksheets/sheet1.xml" {
				_, err = w.Write(b)
				check(err)
				continue
			}
			s := string(b)
			i := strings.Index(s, "<sheetData>") + len("<sheetData>")
			j := strings.Index(s, "</sheetData>")
			io.WriteString(w, s[:i])
			switch kind {
			case "farrow":
				io.WriteString(w, s[i:j]+`<row r="2000000000"><c r="A2000000000" t="inlineStr"><is><t>x</t></is></c></row>`)
			default:
				pad := bytes.Repeat([]byte{' '}, 1<<20)
				seed := uint32(1)
				for range 1500 {
					if kind == "mixed" {
						for k := 0; k < len(pad); k += 40 {
							seed = seed*1664525 + 1013904223
							pad[k] = byte('a' + seed>>24%26)
						}
					}
					_, err = w.Write(pad)
					check(err)
				}
				io.WriteString(w, s[i:j])
			}
			io.WriteString(w, s[j:])
		}
		check(zw.Close())
		check(out.Close())
		fmt.Println(path)
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
