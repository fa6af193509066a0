package importer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"

	"github.com/entrepreneur-leader/eleader-go/wire"
)

// DefaultErrorLogBytes is how much of an ErrorLog stays in memory before it
// moves to a temporary file, written and read back sequentially.
const DefaultErrorLogBytes = 1 << 20

// ErrorLog keeps a file's line errors, in order, for a report that lists them
// all (the JSON of spec §9, the rejects of an email). It holds them as JSON,
// in memory up to a limit, then in a temporary file, so that a file where
// every line fails cannot exhaust memory. It is not safe for concurrent use.
type ErrorLog struct {
	// TempDir is where the temporary file goes; "" means os.TempDir().
	TempDir string
	// MemoryBytes is how much stays in memory. Zero means DefaultErrorLogBytes.
	MemoryBytes int

	mem  bytes.Buffer
	file *os.File
	w    *bufio.Writer
	n    int
	enc  *json.Encoder
	line bytes.Buffer
}

// Add appends the errors of a line.
func (l *ErrorLog) Add(errs ...*LineError) error {
	if l.enc == nil {
		l.enc = json.NewEncoder(&l.line)
		l.enc.SetEscapeHTML(false)
	}
	for _, e := range errs {
		l.line.Reset()
		if err := l.enc.Encode(e); err != nil {
			return err
		}
		if err := l.write(l.line.Bytes()); err != nil {
			return err
		}
		l.n++
	}
	return nil
}

func (l *ErrorLog) write(b []byte) error {
	limit := l.MemoryBytes
	if limit <= 0 {
		limit = DefaultErrorLogBytes
	}
	if l.file == nil && l.mem.Len()+len(b) <= limit {
		l.mem.Write(b)
		return nil
	}
	if l.file == nil {
		f, err := os.CreateTemp(l.TempDir, "eleader-errors-*")
		if err != nil {
			return fmt.Errorf("error log: %w", err)
		}
		os.Remove(f.Name()) // where the system allows it, gone even after a crash
		l.file, l.w = f, bufio.NewWriterSize(f, 256<<10)
	}
	_, err := l.w.Write(b)
	return err
}

// Len returns the number of errors.
func (l *ErrorLog) Len() int { return l.n }

// Reset forgets every error (a file error rejected the lines).
func (l *ErrorLog) Reset() error {
	l.mem.Reset()
	l.n = 0
	return l.closeFile()
}

// Each calls fn for each error, in order.
func (l *ErrorLog) Each(fn func(*LineError) error) error {
	return l.lines(func(b []byte) error {
		var e LineError
		if err := json.Unmarshal(b, &e); err != nil {
			return err
		}
		return fn(&e)
	})
}

// lines calls fn with each error's JSON, without its newline.
func (l *ErrorLog) lines(fn func([]byte) error) error {
	scan := func(r io.Reader) error {
		s := bufio.NewScanner(r)
		s.Buffer(make([]byte, 0, 64<<10), 4*DefaultMaxRecordBytes)
		for s.Scan() {
			if err := fn(s.Bytes()); err != nil {
				return err
			}
		}
		return s.Err()
	}
	if err := scan(bytes.NewReader(l.mem.Bytes())); err != nil {
		return err
	}
	if l.file == nil {
		return nil
	}
	if err := l.w.Flush(); err != nil {
		return err
	}
	return scan(io.NewSectionReader(l.file, 0, 1<<62))
}

// Close releases the temporary file.
func (l *ErrorLog) Close() error { return l.closeFile() }

func (l *ErrorLog) closeFile() error {
	if l.file == nil {
		return nil
	}
	name := l.file.Name()
	err := l.file.Close()
	os.Remove(name)
	l.file, l.w = nil, nil
	return err
}

// WriteJSON writes the report as one line of JSON, the spec's form (§9):
//
//	{"file","partner","date","status","lines","accepted","rejected","dossiers","fileErrors":[{"code","message"}],"errors":[{"line","dossier","field","value","check","message"}]}
//
// errs holds the line errors (nil writes an empty list). extra, if not nil,
// adds keys after those of the spec (eleader import adds "import").
func WriteJSON(w io.Writer, rep *Report, errs *ErrorLog, extra map[string]any) error {
	head := wire.Head{File: rep.File, Partner: rep.Partner, Status: string(rep.Status), Lines: rep.Lines,
		Accepted: rep.Accepted, Rejected: rep.Rejected, Dossiers: rep.Dossiers, FileErrors: make([]wire.FileError, len(rep.FileErrors))}
	if !rep.Date.IsZero() {
		head.Date = rep.Date.ISO()
	}
	for i, e := range rep.FileErrors {
		head.FileErrors[i] = e.Wire()
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(head); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	b := bytes.TrimRight(buf.Bytes(), "\n")
	bw.Write(b[:len(b)-1]) // without the closing brace
	bw.WriteString(`,"errors":[`)
	if errs != nil {
		first := true
		err := errs.lines(func(e []byte) error {
			if !first {
				bw.WriteByte(',')
			}
			first = false
			_, err := bw.Write(e)
			return err
		})
		if err != nil {
			return err
		}
	}
	bw.WriteString("]")
	for _, k := range slices.Sorted(maps.Keys(extra)) {
		buf.Reset()
		if err := enc.Encode(extra[k]); err != nil {
			return err
		}
		key, _ := json.Marshal(k)
		bw.WriteByte(',')
		bw.Write(key)
		bw.WriteByte(':')
		bw.Write(bytes.TrimRight(buf.Bytes(), "\n"))
	}
	bw.WriteString("}\n")
	return bw.Flush()
}
