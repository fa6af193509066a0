package importer

import (
	"bytes"
	"hash/maphash"
	"strings"
	"testing"
)

// FuzzValidate feeds anything to the front door: it must never panic, and
// every error must be positioned — a line error on a line of the file, a
// file error on its line when it has one.
func FuzzValidate(f *testing.F) {
	header := strings.Join(defaultHeader(), ";")
	f.Add([]byte(csvFile(defaultHeader(), phase1(), phase2())))
	f.Add([]byte(header + "\nADIE1;1\n\n\"a;\nb\";x\n"))
	f.Add([]byte("\xEF\xBB\xBF" + header + ";Erreurs;;\r\n" + strings.Repeat(";", 60) + "\r\n"))
	f.Add([]byte(header + "\n\xE9\n"))
	f.Add([]byte("a,b,c\n1,2,3\n"))
	f.Add([]byte("\"unclosed"))
	f.Add([]byte{})
	dir := f.TempDir()
	seed := maphash.MakeSeed()
	f.Fuzz(func(t *testing.T, in []byte) {
		physical := bytes.Count(in, []byte{'\n'}) + 1
		v := NewValidator(nil)
		v.SpillBytes = 64
		v.TempDir = dir
		v.MaxRecordBytes = 4096
		v.hashSeed = &seed
		var lines int
		rep, err := v.Validate(okName, bytes.NewReader(in), func(l *Line) error {
			lines++
			if l.Number < 2 || l.Number > physical {
				t.Fatalf("line %d outside the file (1–%d)", l.Number, physical)
			}
			for _, e := range l.Errors {
				if e.Line != l.Number || e.Check == "" || e.Message == "" || e.File != okName {
					t.Fatalf("badly positioned error %+v on line %d", e, l.Number)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("a bytes.Reader never fails: %v", err)
		}
		for _, e := range rep.FileErrors {
			if e.Code == "" || e.Message == "" || e.Line < 0 || e.Line > physical {
				t.Fatalf("badly positioned file error %+v", e)
			}
		}
		if rep.Lines != rep.Accepted+rep.Rejected {
			t.Fatalf("lines %d ≠ accepted %d + rejected %d", rep.Lines, rep.Accepted, rep.Rejected)
		}
		if !rep.Stopped() && rep.Lines != lines {
			t.Fatalf("report counts %d lines, %d seen", rep.Lines, lines)
		}
		if rep.Stopped() && (rep.Lines != 0 || rep.Status != StatusRejected) {
			t.Fatalf("a stopped file counts %d lines with status %s", rep.Lines, rep.Status)
		}
		if rep.Dossiers > rep.Accepted {
			t.Fatalf("%d dossiers from %d accepted lines", rep.Dossiers, rep.Accepted)
		}
	})
}
