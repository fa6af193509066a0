package importer

import (
	"sync"
	"unicode/utf8"

	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// A file's lines are read and checked in batches. A batch owns the bytes its
// records alias (the input buffer, the scratch of unescaped text, the fields)
// and a Row per record, so that several batches can be in flight at once:
// one being read, some being checked, one being judged in file order by
// File.Next (the conflict check, the rules, the LineCheckers). With one
// worker, Next does all three in turn on one batch.
//
// Reading only finds where each record ends (scanBatch): a line without a
// quote ends at its line end, found by bytes.IndexByte; only a line holding
// a quote is parsed, as it may go on over several lines. The rest of the
// work on a record happens on the workers (checkBatch), on several batches
// at once: splitting it into cells, checking its UTF-8, dropping it when
// blank, then each field's own checks, which need no other line.

// A batch ends when its buffer is used up (the partial record left is copied
// to the next batch's buffer), or at maxBatchRecords records, which bounds
// its rows, the larger part of its memory, when lines are short. Small
// batches keep a batch's rows in the processor's caches from its check to
// its judgement: at 64 records the batches in flight hold about 1.6 MB
// (rows and cells), at 128 twice that, and validate spent 5–10 % more CPU
// time.
const (
	batchBuffer     = 32 << 10
	maxBatchRecords = 64
)

// batch is a run of consecutive records of a file.
type batch struct {
	buf     []byte   // the input the records alias
	fields  [][]byte // every record's fields, one after the other
	scratch []byte   // unescaped text some fields alias
	recs    []batchRecord
	rows    []*matrice.Row // rows[i] checks recs[i]; kept for reuse
	// err is the error that follows the records (the file is rejected, or
	// the reader failed); eof, that the input ends after them.
	err   error
	eof   bool
	split scanner       // splits the records: its fields and scratch are the batch's
	dvals []byte        // the records' DOSSIER values, encoded by the workers (rowHashes)
	ready chan struct{} // closed once the records are checked (pipelined)
}

// batchRecord is one record of a batch.
type batchRecord struct {
	line   int // the physical line where it starts, or its row (Validator.RowNumbers)
	raw    int // its bytes are batch.buf[raw:rawEnd], line end included
	rawEnd int
	quoted bool // it holds a quote: splitRecords parses it
	start  int  // its fields are batch.fields[start:end]
	end    int
	cellOK bool // its cells fit the header: the row holds its checked values
	hashes rowHashes
}

// cells returns the fields of record i.
func (b *batch) cells(i int) [][]byte {
	r := &b.recs[i]
	return b.fields[r.start:r.end:r.end]
}

// scanBatch reads the next records into b: up to maxBatchRecords, or as many
// as b's buffer holds, blank ones included. It only finds where each record
// ends: checkBatch splits them. The unread input moves to b's buffer first,
// so that the records of earlier batches stay untouched while they are
// checked and judged. It stops at the end of the input (b.eof) or at an
// error (b.err).
func (s *scanner) scanBatch(b *batch) {
	unread := s.buf[s.pos:s.end]
	if size := max(batchBuffer, len(unread)); cap(b.buf) < size {
		b.buf = make([]byte, size) // grows further as next's buffer does (fill)
	}
	b.buf = b.buf[:cap(b.buf)]
	s.end, s.pos, s.buf = copy(b.buf, unread), 0, b.buf
	b.recs, b.err, b.eof = b.recs[:0], nil, false
	for len(b.recs) < maxBatchRecords {
		if s.pos == s.end && s.eof {
			b.eof = true
			break
		}
		n, nl, quoted, status := s.bound(s.buf[s.pos:s.end], s.eof)
		if status == parsed {
			b.recs = append(b.recs, batchRecord{line: s.line, raw: s.pos, rawEnd: s.pos + n, quoted: quoted})
			s.pos += n
			s.line += s.lines(nl)
			continue
		}
		if status == unclosed {
			b.err = s.unclosedError()
			break
		}
		// Records alias the buffer: it may only move or grow while the
		// batch has none; otherwise the rest goes to the next batch.
		if err := s.fill(len(b.recs) == 0); err != nil {
			switch err {
			case errBufferFull:
			case errRecordTooLong:
				b.err = s.tooLongError()
			default:
				b.err = err
			}
			break
		}
	}
	b.buf = s.buf
}

// splitRecords splits b's records, of width cells usually, into cells and
// drops the blank ones. A record that is not UTF-8 ends the batch: it and
// the records after it are dropped, and its encoding error replaces b.err
// (which is later in the file); rows says its line is numbered by record
// (Validator.RowNumbers).
func (b *batch) splitRecords(width int, rows bool) {
	if len(b.recs) == 0 {
		return
	}
	if first, last := b.recs[0].raw, b.recs[len(b.recs)-1].rawEnd; !utf8.Valid(b.buf[first:last]) {
		for i, r := range b.recs {
			if raw := b.buf[r.raw:r.rawEnd]; !utf8.Valid(raw) {
				b.recs, b.err = b.recs[:i], encodingErrorAt(raw, r.line, rows)
				break
			}
		}
	}
	sp := &b.split
	sp.fields, sp.scratch = b.fields[:0], b.scratch[:0]
	if n := maxBatchRecords * (width + 1); cap(sp.fields) < n && len(b.recs)*width <= n {
		sp.fields = make([][]byte, 0, n) // cells of a batch of full lines, without growing
	}
	kept := b.recs[:0]
	for _, r := range b.recs {
		sp.fieldMark = len(sp.fields)
		if r.quoted {
			// The record is whole: split finds the same cells as on
			// the stream, and never needs more.
			mark := len(sp.scratch)
			if fields, scratch, ok := splitQuoted(sp.fields, sp.scratch, b.buf[r.raw:r.rawEnd]); ok {
				sp.fields, sp.scratch = fields, scratch
			} else {
				sp.fields, sp.scratch = sp.fields[:sp.fieldMark], sp.scratch[:mark]
				sp.split(b.buf[r.raw:r.rawEnd], true)
			}
		} else {
			sp.fields = splitPlain(sp.fields, b.buf[r.raw:r.rawEnd])
		}
		if blank(sp.fields[sp.fieldMark:]) {
			sp.fields = sp.fields[:sp.fieldMark]
			continue
		}
		r.start, r.end = sp.fieldMark, len(sp.fields)
		kept = append(kept, r)
	}
	b.recs, b.fields, b.scratch = kept, sp.fields, sp.scratch
}

// checkBatch splits b's records, then runs, on each record whose cells fit
// the header, the checks of each field on its own. It only reads f's
// settings, fixed once the header is read, so that workers may run it on
// several batches at once.
func (f *File) checkBatch(b *batch) {
	width := len(f.header)
	b.splitRecords(width, f.v.RowNumbers)
	b.dvals = b.dvals[:0]
	for i := range b.recs {
		r := &b.recs[i]
		cells := b.cells(i)
		r.cellOK = len(cells) >= width && emptyFrom(cells, width)
		if !r.cellOK {
			continue
		}
		for len(b.rows) <= i {
			b.rows = append(b.rows, f.proto.Clone())
		}
		row := b.rows[i]
		row.ResetLine(cells)
		row.CheckFields()
		b.dvals, r.hashes = f.table.rowHashes(row, b.dvals)
	}
}

// pipeline runs a file's reading and checking on goroutines of their own,
// ahead of File.Next: each worker takes a free batch, reads the next
// records into it (one worker at a time, under read, which keeps the
// batches in file order), then checks it; Next takes them in file order and
// gives them back once judged. While the batch it needs is not checked
// yet, Next reads and checks one itself rather than wait: with one worker
// on a second core, neither goroutine sleeps for long, and a batch costs
// one hand-off or none (a reader goroutine handing batches to workers,
// and those to Next, took three: 2,570 futex calls and 3,322 sleeps of
// the scheduler for 3,125 batches).
type pipeline struct {
	read    sync.Mutex  // held while a batch is read and queued in ordered
	done    bool        // under read: the last batch is read
	ordered chan *batch // batches read, in file order
	free    chan *batch // batches to fill
	stop    chan struct{}
	stopped sync.Once
	wg      sync.WaitGroup
}

// startPipeline starts reading the rest of the file, with workers checking,
// while Next judges the batch it has (which joins the others once judged).
func (f *File) startPipeline(workers int) {
	n := 3*workers + 2 // batches in flight: one read, one judged, the rest read ahead or checked
	if f.preparers() {
		n += prepareAhead - 1 // Next holds them before judging the first
	}
	p := &pipeline{
		ordered: make(chan *batch, n+1),
		free:    make(chan *batch, n+1),
		stop:    make(chan struct{}),
	}
	for range n {
		p.free <- &batch{}
	}
	// Every channel holds every batch: sends never block.
	p.wg.Add(workers)
	for range workers {
		go func() {
			defer p.wg.Done()
			for {
				var b *batch
				select {
				case b = <-p.free:
				case <-p.stop:
					return
				}
				p.read.Lock()
				if !f.fill(p, b) {
					p.read.Unlock()
					return
				}
			}
		}()
	}
	f.pipe = p
}

// fill reads the next records into b, queues it in p, and checks it; p.read is
// held when it is called, and released once b is queued. It returns false,
// b unused, when the last batch was read before or the pipeline is
// stopped.
func (f *File) fill(p *pipeline, b *batch) bool {
	select {
	case <-p.stop:
		p.done = true
	default:
	}
	if p.done {
		p.free <- b
		return false
	}
	f.sc.scanBatch(b)
	b.ready = make(chan struct{})
	p.done = b.eof || b.err != nil // read before checkBatch may set b.err
	p.ordered <- b
	p.read.Unlock()
	f.checkBatch(b)
	close(b.ready)
	return true
}

// help reads and checks a batch on Next's goroutine, if one is free and
// no worker is reading; it reports whether it did.
func (f *File) help() bool {
	p := f.pipe
	var b *batch
	select {
	case b = <-p.free:
	default:
		return false
	}
	if !p.read.TryLock() {
		p.free <- b
		return false
	}
	if !f.fill(p, b) {
		p.read.Unlock()
		return false
	}
	return true
}

// nextBatch returns the next batch to judge, read and checked; the batch
// judged before it is given back. The first batch is read on Next's
// goroutine: only a file that goes on beyond it starts the pipeline, so that
// small files start no goroutine.
func (f *File) nextBatch() *batch {
	p := f.pipe
	if p == nil {
		if f.cur == nil {
			f.cur = &batch{}
		}
		f.sc.scanBatch(f.cur)
		f.checkBatch(f.cur)
		if f.workers > 1 && !f.cur.eof && f.cur.err == nil {
			f.startPipeline(f.workers)
		}
		return f.cur
	}
	if f.cur != nil {
		p.free <- f.cur
	}
	if len(f.ahead) > 0 {
		b := f.ahead[0]
		f.ahead = f.ahead[1:]
		return b
	}
	return f.receive()
}

// receive takes the next batch of the pipeline, read and checked, reading
// and checking later ones while it waits.
func (f *File) receive() *batch {
	p := f.pipe
	var b *batch
	for b == nil {
		select {
		case b = <-p.ordered:
		default:
			if !f.help() {
				b = <-p.ordered
			}
		}
	}
	for {
		select {
		case <-b.ready:
			return b
		default:
			if !f.help() {
				<-b.ready
				return b
			}
		}
	}
}

// prepareAhead is how many batches the LinePreparers learn at once (512
// lines): a store answers a few hundred numbers in one question as fast as
// a hundred.
const prepareAhead = 512 / maxBatchRecords

// preparers reports whether a checker of f is a LinePreparer.
func (f *File) preparers() bool {
	for _, c := range f.checkers {
		if _, ok := c.(LinePreparer); ok {
			return true
		}
	}
	return false
}

// readAhead takes from the pipeline, when it runs, the batches after the
// current one that prepare learns with it.
func (f *File) readAhead() {
	if f.pipe == nil || len(f.ahead) > 0 {
		return
	}
	last := f.cur
	for len(f.ahead) < prepareAhead-1 && last.err == nil && !last.eof {
		last = f.receive()
		f.ahead = append(f.ahead, last)
	}
}

// stopPipeline stops the reader and the workers and waits for them: the
// reader is no longer read once it returns.
func (f *File) stopPipeline() {
	if p := f.pipe; p != nil {
		p.stopped.Do(func() { close(p.stop) })
		p.wg.Wait()
		f.pipe = nil
	}
}
