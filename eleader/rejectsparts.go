package eleader

import (
	"bufio"
	"compress/flate"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/entrepreneur-leader/eleader-go/importer"
)

// A report's rejects are kept by the store in parts, each a stream of bytes
// in chunks (ImportTx.AddRejects, Store.Rejects), never whole in memory:
// the rejects file, and the physical line of each of its records in the
// partner's file (for the XLSX twin's Ligne column). The service writes
// them deflated (RFC 1951: a rejects file is mostly repeated messages, ten
// times smaller deflated); the reports of stores older than migration 0011
// keep them as they were, in the raw parts.
const (
	// RejectsPartCSV is the rejects file, deflated.
	RejectsPartCSV = "csv.deflate"
	// RejectsPartLines is the physical line of each record of the rejects
	// file, in decimal, one per line ('\n'), deflated.
	RejectsPartLines = "lines.deflate"
	// RejectsPartCSVRaw and RejectsPartLinesRaw are the same, not
	// deflated: the reports written before migration 0011.
	RejectsPartCSVRaw   = "csv"
	RejectsPartLinesRaw = "lines"
)

// RejectsChunk is the most a store reads of a part of the rejects at once,
// and keeps in one chunk: 1 MiB. (The blobs of stores older than migration
// 0011 were cut in chunks of 8 MiB: a reader holds one chunk at a time.)
const RejectsChunk = 1 << 20

// rejectsLevel is how hard rejects are deflated: they are written while a
// file is imported, so fast.
const rejectsLevel = flate.BestSpeed

// reportBuilder gathers an import's rejected lines into the parts of its
// report's rejects, deflated into temporary files (0600, their names
// removed at once) so that memory stays flat whatever the file.
type reportBuilder struct {
	csv, lines   *os.File
	csvZ, linesZ *flate.Writer
	csvN         countWriter // the rejects file's bytes, before deflating
	linesW       *bufio.Writer
	rw           *importer.RejectsWriter
	num          []byte
	err          error
}

// countWriter counts the bytes written to w.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// tempPart returns a temporary file for a part of the rejects, its name
// already removed where the system allows it (gone even after a crash).
func tempPart() (*os.File, error) {
	f, err := os.CreateTemp("", "eleader-rejets-*")
	if err != nil {
		return nil, err
	}
	os.Remove(f.Name())
	return f, nil
}

func (b *reportBuilder) line(l *importer.Line) error {
	if l.Accepted() || b.err != nil {
		return b.err
	}
	if b.rw == nil {
		b.err = b.open(l.Header())
		if b.err != nil {
			return b.err
		}
	}
	if b.err = b.rw.Write(l); b.err != nil {
		return b.err
	}
	b.num = strconv.AppendInt(b.num[:0], int64(l.Number), 10)
	b.num = append(b.num, '\n')
	_, b.err = b.linesW.Write(b.num)
	return b.err
}

// open starts the parts, at the first rejected line.
func (b *reportBuilder) open(header []string) error {
	var err error
	if b.csv, err = tempPart(); err != nil {
		return err
	}
	if b.lines, err = tempPart(); err != nil {
		return err
	}
	b.csvZ, _ = flate.NewWriter(b.csv, rejectsLevel) // a valid level: no error
	b.linesZ, _ = flate.NewWriter(b.lines, rejectsLevel)
	b.csvN.w = b.csvZ
	b.linesW = bufio.NewWriter(b.linesZ)
	b.rw = importer.NewRejectsWriter(&b.csvN, header)
	return nil
}

// finish ends the parts, ready to be stored, and returns the size of the
// rejects file.
func (b *reportBuilder) finish() (int64, error) {
	if b.err != nil {
		return 0, b.err
	}
	for _, step := range []func() error{b.rw.Flush, b.csvZ.Close, b.linesW.Flush, b.linesZ.Close} {
		if err := step(); err != nil {
			b.err = err
			return 0, err
		}
	}
	return b.csvN.n, nil
}

// store writes the finished parts into the report id, in tx.
func (b *reportBuilder) store(ctx context.Context, tx ImportTx, id int64) error {
	for _, p := range []struct {
		name string
		f    *os.File
	}{{RejectsPartCSV, b.csv}, {RejectsPartLines, b.lines}} {
		if _, err := p.f.Seek(0, io.SeekStart); err != nil {
			return err
		}
		if err := tx.AddRejects(ctx, id, p.name, bufio.NewReaderSize(p.f, RejectsChunk)); err != nil {
			return err
		}
	}
	return nil
}

func (b *reportBuilder) close() {
	for _, f := range []*os.File{b.csv, b.lines} {
		if f != nil {
			f.Close()
		}
	}
}

// openPart opens a part of a report's rejects: the deflated one, or, for a
// report of an older store, the raw one.
func (s *Service) openPart(ctx context.Context, report int64, part, raw string) (io.ReadCloser, error) {
	rc, err := s.Store.Rejects(ctx, report, part)
	if ErrorCode(err) == ENOTFOUND {
		return s.Store.Rejects(ctx, report, raw)
	}
	if err != nil {
		return nil, err
	}
	return &inflater{r: flate.NewReader(bufio.NewReaderSize(rc, 64<<10)), under: rc}, nil
}

// inflater reads a deflated part.
type inflater struct {
	r     io.ReadCloser
	under io.Closer
}

func (z *inflater) Read(p []byte) (int, error) {
	n, err := z.r.Read(p)
	if err != nil && err != io.EOF {
		err = fmt.Errorf("rejects: %w", err)
	}
	return n, err
}

func (z *inflater) Close() error {
	z.r.Close()
	return z.under.Close()
}

// OpenRejects opens the rejects file of report r (its importer's CSV, byte
// for byte), read from the store as a stream; a report without rejected
// lines, or purged, is ENOTFOUND.
func (s *Service) OpenRejects(ctx context.Context, r *Report) (io.ReadCloser, error) {
	if r.RejectsBytes == 0 {
		return nil, s.noRejects(r)
	}
	return s.openPart(ctx, r.ID, RejectsPartCSV, RejectsPartCSVRaw)
}

// openRejectLines opens the physical lines of a report's rejected records
// (RejectsPartLines, inflated).
func (s *Service) openRejectLines(ctx context.Context, r *Report) (io.ReadCloser, error) {
	return s.openPart(ctx, r.ID, RejectsPartLines, RejectsPartLinesRaw)
}

// openRejectsAndLines opens both streams the twin and the email's excerpt
// read side by side: the rejects file (OpenRejects) and the line of each
// record (openRejectLines); both closed on an error.
func (s *Service) openRejectsAndLines(ctx context.Context, r *Report) (rejects, lines io.ReadCloser, err error) {
	if rejects, err = s.OpenRejects(ctx, r); err != nil {
		return nil, nil, err
	}
	if lines, err = s.openRejectLines(ctx, r); err != nil {
		rejects.Close()
		return nil, nil, err
	}
	return rejects, lines, nil
}

// noRejects is the ENOTFOUND of a report that has no rejects to read.
func (s *Service) noRejects(r *Report) error {
	if !r.Purged.IsZero() {
		return &Error{Code: ENOTFOUND, Err: ErrRejectsPurged,
			Message: fmt.Sprintf("the rejected lines of report %d were purged on %s (retention)", r.ID, r.Purged.Format("2006-01-02"))}
	}
	return &Error{Code: ENOTFOUND, Err: ErrNoRejects, Message: fmt.Sprintf("report %d has no rejected lines", r.ID)}
}

// WriteChunks reads body to its end in chunks of at most RejectsChunk
// bytes and gives each to write, numbered from 0, through one buffer: a
// store's AddRejects. An empty body still gives one empty chunk, so that
// the part exists.
func WriteChunks(body io.Reader, write func(seq int, chunk []byte) error) error {
	buf := make([]byte, RejectsChunk)
	for seq := 0; ; seq++ {
		n, err := io.ReadFull(body, buf)
		if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
			return err
		}
		if n > 0 || seq == 0 {
			if werr := write(seq, buf[:n]); werr != nil {
				return werr
			}
		}
		if err != nil {
			return nil
		}
	}
}

// ChunksReader reads the chunks 0 to count-1 of a part, one at a time, each
// asked of read when the one before is consumed: a store's Rejects. read
// fails when a chunk is gone (purged meanwhile).
func ChunksReader(ctx context.Context, count int, read func(ctx context.Context, seq int) ([]byte, error)) io.ReadCloser {
	return &chunksReader{ctx: ctx, count: count, read: read}
}

type chunksReader struct {
	ctx   context.Context
	count int
	read  func(ctx context.Context, seq int) ([]byte, error)
	seq   int
	buf   []byte
	err   error
}

func (c *chunksReader) Read(p []byte) (int, error) {
	for len(c.buf) == 0 && c.err == nil {
		if c.seq >= c.count {
			c.err = io.EOF
			break
		}
		c.buf, c.err = c.read(c.ctx, c.seq)
		c.seq++
	}
	if len(c.buf) > 0 {
		n := copy(p, c.buf)
		c.buf = c.buf[n:]
		return n, nil
	}
	return 0, c.err
}

func (c *chunksReader) Close() error {
	c.buf, c.err = nil, errors.New("read after close")
	return nil
}
