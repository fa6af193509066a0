package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// isTerminal reports whether w is a terminal (through the *stdio run gives
// commands as their stderr).
func isTerminal(w io.Writer) bool {
	if s, ok := w.(*stdio); ok {
		w = s.err
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progressBar draws "[#####-----]  48%  27.1/57.0 MB  7 s left" on a
// terminal, at most ten times a second: the one bar of run and import.
type progressBar struct {
	w        io.Writer
	start    time.Time // of the file being read
	last     time.Time // of the last drawing
	lastRead int64
	done     bool
	now      func() time.Time // nil: time.Now
}

func (p *progressBar) update(read, total int64) {
	now := time.Now()
	if p.now != nil {
		now = p.now()
	}
	if p.start.IsZero() || read < p.lastRead { // a new file
		p.start = now
	}
	p.lastRead = read
	if total <= 0 || (now.Sub(p.last) < 100*time.Millisecond && read < total) {
		return
	}
	p.last = now
	const width = 30
	n := int(float64(width) * float64(read) / float64(total))
	n = min(max(n, 0), width)
	left := ""
	if elapsed := now.Sub(p.start); read > 0 && read < total && elapsed >= time.Second {
		rest := time.Duration(float64(elapsed) * float64(total-read) / float64(read))
		left = langOf(p.w).Sprintf("cli.progress.left", rest.Round(time.Second))
	}
	fmt.Fprintf(p.w, "\r[%s%s] %3d%%  %.1f/%.1f MB%-12s", strings.Repeat("#", n), strings.Repeat("-", width-n),
		100*read/total, float64(read)/1e6, float64(total)/1e6, left)
	p.done = true
}

// end ends the bar's line, if it drew one.
func (p *progressBar) end() {
	if p.done {
		fmt.Fprintln(p.w)
	}
	p.done, p.start, p.lastRead = false, time.Time{}, 0
}

// progressReader reports, as it is read, how far a reader of a known size
// has gone.
type progressReader struct {
	r           io.Reader
	read, total int64
	update      func(read, total int64)
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.read += int64(n)
	p.update(p.read, p.total)
	return n, err
}
