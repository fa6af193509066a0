package eleader

import (
	"archive/zip"
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// How a report's email carries its rejects.
const (
	mailAttached = iota + 1 // as they are
	mailZipped              // in one ZIP archive
	mailLinked              // not at all: the first lines, and the report's page
)

// mailExcerptLines is how many rejected lines an email without the
// rejects file quotes; mailExcerptCut bounds each one's errors, in bytes,
// and mailExcerptRead what is read of the rejects for them.
const (
	mailExcerptLines = 20
	mailExcerptCut   = 300
	mailExcerptRead  = 1 << 20
)

// zipSlack is what a ZIP archive adds to its entries' bytes, and more: a
// local header, a data descriptor and a central directory entry for each
// of two entries, and the end record.
const zipSlack = 1024

// The media types of the rejects' attachments.
const (
	typeCSV  = "text/csv; charset=utf-8"
	typeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	typeZIP  = "application/zip"
)

// rejectsMail is how a report's email carries its rejects, for its text.
type rejectsMail struct {
	how   int
	xlsx  bool   // the XLSX twin is attached (as it is, or in the archive)
	twin  bool   // the service makes the twin (Workbooks, not too many lines)
	zip   string // the archive's name
	limit int64  // MaxAttachBytes, as applied (negative: nothing is attached)
	// excerpt are the first rejected lines, when nothing is attached.
	excerpt []RejectExcerpt
}

// RejectExcerpt is a rejected line quoted in an email: its physical line
// in the partner's file and its errors (the Erreurs cell, cut).
type RejectExcerpt struct {
	Line   int
	Errors string
}

// attachRejects attaches r's rejects to m as MaxAttachBytes allows, and
// says how. The files it makes are m's to close.
func (o *Outbox) attachRejects(ctx context.Context, r *Report, m *Message) (rejectsMail, error) {
	s := o.Service
	limit := o.MaxAttachBytes
	if limit == 0 {
		limit = DefaultMaxAttachBytes
	}
	limit = min(limit, MaxAttachBytes)
	rm := rejectsMail{limit: limit}
	csvName, xlsxName := rejectsName(r.File, r.ID, ".csv"), rejectsName(r.File, r.ID, ".xlsx")
	wantXLSX := HasRejectsXLSX(o.Workbooks, r.Rejected)
	rm.twin = wantXLSX
	var csvFile, xlsxFile *os.File
	var xlsxSize int64
	keep := func(f *os.File) *os.File {
		m.closers = append(m.closers, f)
		return f
	}
	buildXLSX := func(cap int64) error {
		f, n, err := o.xlsxWithin(ctx, r, cap)
		if f != nil {
			xlsxFile, xlsxSize = keep(f), n
		}
		return err
	}
	if limit > 0 && r.RejectsBytes <= limit {
		f, err := o.copyRejects(ctx, r)
		if err != nil {
			return rm, err
		}
		csvFile = keep(f)
		if wantXLSX {
			if err := buildXLSX(limit); err != nil {
				return rm, err
			}
		}
		if !wantXLSX || (xlsxFile != nil && r.RejectsBytes+xlsxSize <= limit) {
			m.Attachments = append(m.Attachments, Attachment{Name: csvName, ContentType: typeCSV, Content: csvFile, Size: r.RejectsBytes})
			if xlsxFile != nil {
				m.Attachments = append(m.Attachments, Attachment{Name: xlsxName, ContentType: typeXLSX, Content: xlsxFile, Size: xlsxSize})
			}
			rm.how, rm.xlsx = mailAttached, xlsxFile != nil
			return rm, nil
		}
	}
	if limit > 0 {
		rm.zip = strings.TrimSuffix(csvName, ".csv") + ".zip"
		a, withXLSX, ok, err := o.zipRejects(ctx, r, m, limit, csvFile, func(room int64) (*os.File, int64, error) {
			if !wantXLSX {
				return nil, 0, nil
			}
			if xlsxFile == nil && csvFile == nil { // not tried yet
				if err := buildXLSX(room); err != nil {
					return nil, 0, err
				}
			}
			if xlsxFile == nil || xlsxSize > room {
				return nil, 0, nil
			}
			return xlsxFile, xlsxSize, nil
		})
		if err != nil {
			return rm, err
		}
		if ok {
			m.Attachments = append(m.Attachments, a)
			rm.how, rm.xlsx = mailZipped, withXLSX
			return rm, nil
		}
	}
	ex, err := s.rejectsExcerpt(ctx, r, mailExcerptLines)
	if err != nil {
		return rm, err
	}
	rm.how, rm.excerpt = mailLinked, ex
	return rm, nil
}

// copyRejects copies r's rejects file from the store into a temporary
// file, at its start.
func (o *Outbox) copyRejects(ctx context.Context, r *Report) (*os.File, error) {
	rc, err := o.Service.OpenRejects(ctx, r)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	f, err := tempPart()
	if err != nil {
		return nil, err
	}
	if _, err := io.Copy(f, contextReader{ctx, rc}); err != nil {
		f.Close()
		return nil, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// xlsxWithin writes the XLSX twin of r's rejects into a temporary file,
// at its start, with its size; nil when it is larger than cap bytes (its
// writing stops there).
func (o *Outbox) xlsxWithin(ctx context.Context, r *Report, cap int64) (*os.File, int64, error) {
	f, err := tempPart()
	if err != nil {
		return nil, 0, err
	}
	cw := &capWriter{w: f, cap: cap}
	bw := bufio.NewWriterSize(cw, 64<<10)
	err = o.Service.writeXLSX(ctx, o.Workbooks, r, bw)
	if err == nil {
		err = bw.Flush()
	}
	if cw.over {
		f.Close()
		return nil, 0, nil
	}
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, cw.n, nil
}

// zipRejects writes r's rejects file (from csvFile when it is not nil,
// else from the store) into a ZIP archive of at most limit bytes, with the
// XLSX twin that xlsx gives when it fits in the room left (stored: it is
// compressed already). It reports false when the rejects file alone does
// not fit; the archive is m's to close.
func (o *Outbox) zipRejects(ctx context.Context, r *Report, m *Message, limit int64, csvFile *os.File,
	xlsx func(room int64) (*os.File, int64, error)) (a Attachment, withXLSX, ok bool, err error) {
	var src io.Reader = csvFile
	if csvFile == nil {
		rc, err := o.Service.OpenRejects(ctx, r)
		if err != nil {
			return a, false, false, err
		}
		defer rc.Close()
		src = contextReader{ctx, rc}
	} else if _, err := csvFile.Seek(0, io.SeekStart); err != nil {
		return a, false, false, err
	}
	f, err := tempPart()
	if err != nil {
		return a, false, false, err
	}
	cw := &capWriter{w: f, cap: limit}
	zw := zip.NewWriter(cw)
	csvName, xlsxName := rejectsName(r.File, r.ID, ".csv"), rejectsName(r.File, r.ID, ".xlsx")
	w, err := zw.CreateHeader(&zip.FileHeader{Name: csvName, Method: zip.Deflate, Modified: r.Created})
	if err == nil {
		_, err = io.Copy(w, src)
	}
	if err == nil {
		err = zw.Flush()
	}
	if cw.over {
		f.Close()
		return a, false, false, nil
	}
	if err != nil {
		f.Close()
		return a, false, false, err
	}
	x, _, err := xlsx(limit - cw.n - zipSlack)
	if err != nil {
		f.Close()
		return a, false, false, err
	}
	if x != nil {
		if _, err := x.Seek(0, io.SeekStart); err != nil {
			f.Close()
			return a, false, false, err
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: xlsxName, Method: zip.Store, Modified: r.Created})
		if err == nil {
			_, err = io.Copy(w, x)
		}
		if err != nil && !cw.over {
			f.Close()
			return a, false, false, err
		}
		withXLSX = true
	}
	err = zw.Close()
	if cw.over {
		f.Close()
		return a, false, false, nil
	}
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		f.Close()
		return a, false, false, err
	}
	m.closers = append(m.closers, f)
	name := strings.TrimSuffix(csvName, ".csv") + ".zip"
	return Attachment{Name: name, ContentType: typeZIP, Content: f, Size: cw.n}, withXLSX, true, nil
}

// errOverCap is a capWriter's error past its cap.
var errOverCap = errors.New("more than the room left in the email")

// capWriter writes at most cap bytes to w, then fails (and says so).
type capWriter struct {
	w    io.Writer
	cap  int64
	n    int64
	over bool
}

func (c *capWriter) Write(p []byte) (int, error) {
	if c.over || c.n+int64(len(p)) > c.cap {
		c.over = true
		return 0, errOverCap
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// writeXLSX writes the XLSX twin of r's rejects with wb, reading the
// rejects and their lines from the store as streams.
func (s *Service) writeXLSX(ctx context.Context, wb Workbooks, r *Report, w io.Writer) error {
	rc, lines, err := s.openRejectsAndLines(ctx, r)
	if err != nil {
		return err
	}
	defer rc.Close()
	defer lines.Close()
	return wb.RejectsXLSX(contextReader{ctx, rc}, lines, w)
}

// rejectsExcerpt returns r's first n rejected lines, each with its
// physical line and its errors (cut at mailExcerptCut bytes), read
// from at most mailExcerptRead bytes of the rejects file.
func (s *Service) rejectsExcerpt(ctx context.Context, r *Report, n int) ([]RejectExcerpt, error) {
	rc, lines, err := s.openRejectsAndLines(ctx, r)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	defer lines.Close()
	br := bufio.NewReader(io.LimitReader(rc, mailExcerptRead))
	if b, _ := br.Peek(3); string(b) == "\xEF\xBB\xBF" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.Comma, cr.FieldsPerRecord, cr.LazyQuotes, cr.ReuseRecord = ';', -1, true, true
	header, err := cr.Read()
	if err != nil {
		return nil, nil // nothing readable within the bound: no excerpt
	}
	col := len(header) - 1
	for i, h := range header {
		if h == matrice.ErrorsColumn {
			col = i
			break
		}
	}
	numbers := bufio.NewScanner(io.LimitReader(lines, 64<<10))
	var out []RejectExcerpt
	for len(out) < n {
		rec, err := cr.Read()
		if err != nil {
			break // the end, or the bound: the excerpt stops there
		}
		e := RejectExcerpt{}
		if numbers.Scan() {
			e.Line, _ = strconv.Atoi(numbers.Text())
		}
		if col >= 0 && col < len(rec) {
			e.Errors = importer.Cut(strings.Join(strings.Fields(rec[col]), " "), mailExcerptCut)
		}
		out = append(out, e)
	}
	return out, nil
}
