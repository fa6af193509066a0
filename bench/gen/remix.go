package gen

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"unicode/utf8"
)

// Remix rewrites a partner file as another partner's export of the same data
// might look: its columns in another order, a dossier's lines far apart,
// values padded with spaces, cells quoted that need not be, LF line ends,
// line breaks inside cells (Excel's Alt+Enter), stray control characters.
// Benchmarks and tests run it on a Generator's files so that nothing
// measured depends on the generator's column order or value mix: the
// verdicts change with it (lines moved apart change which of them
// conflicts, sub-versions may come before their main dossier), the work of
// judging them does not get easier.
//
// The zero Remix copies the records as they are (re-quoted as needed, CRLF).
// The same settings and input give the same output, byte for byte.
type Remix struct {
	// Seed seeds the randomness.
	Seed uint64
	// ShuffleColumns writes the columns in a random order (the same on
	// every line).
	ShuffleColumns bool
	// Spread shuffles the data lines within consecutive windows of Spread
	// lines (0 or 1: the lines keep their order). Memory grows with it.
	Spread int
	// Pad is the fraction of non-empty cells written with spaces (and, one
	// time in four, a no-break space) around their value, which the
	// validator trims.
	Pad float64
	// Quote is the fraction of cells quoted though they hold no separator,
	// quote or line end.
	Quote float64
	// LF ends lines with "\n" instead of "\r\n".
	LF bool
	// Breaks is the fraction of data cells holding a space whose first
	// space becomes a line break (quoted, "\n" or "\r\n" as LF says): a
	// record then spans several lines, a workbook's row one line of its
	// own.
	Breaks float64
	// Controls is the fraction of non-empty data cells given a control
	// character in their middle (U+0001, ESC, DEL or U+0085), which the
	// validator refuses.
	Controls float64
}

// MaxSpread bounds Remix.Spread.
const MaxSpread = 1 << 20

// Copy reads a ';'-separated file from r (a header, then records; quoted
// cells may hold ';', quotes and newlines) and writes its remix to w. It
// returns the number of data lines written. Errors are r's and w's, a
// record encoding/csv cannot read (even leniently), or a bad setting.
func (x Remix) Copy(w io.Writer, r io.Reader) (lines int, err error) {
	switch {
	case x.Spread < 0 || x.Spread > MaxSpread:
		return 0, fmt.Errorf("gen: Remix.Spread is %d: want 0 to %d", x.Spread, MaxSpread)
	case !(x.Pad >= 0 && x.Pad <= 1), !(x.Quote >= 0 && x.Quote <= 1),
		!(x.Breaks >= 0 && x.Breaks <= 1), !(x.Controls >= 0 && x.Controls <= 1):
		return 0, errors.New("gen: Remix.Pad, Quote, Breaks and Controls are fractions from 0 to 1")
	}
	rng := rand.New(rand.NewPCG(x.Seed, 0x72656d6978))
	cr := csv.NewReader(bufio.NewReaderSize(r, 256<<10))
	cr.Comma, cr.FieldsPerRecord, cr.LazyQuotes = ';', -1, true
	bw := bufio.NewWriterSize(w, 256<<10)

	header, err := cr.Read()
	if err == io.EOF {
		return 0, bw.Flush()
	}
	if err != nil {
		return 0, fmt.Errorf("gen: remix: %w", err)
	}
	order := make([]int, len(header))
	for i := range order {
		order[i] = i
	}
	if x.ShuffleColumns {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	}
	var line []byte
	write := func(rec []string, data bool) error {
		line = line[:0]
		// A short record (a cells fault) stays as short: its cells take
		// the first places of the new order.
		for k, i := range order[:min(len(order), len(rec))] {
			if k > 0 {
				line = append(line, ';')
			}
			c := ""
			if i < len(rec) {
				c = rec[i]
			}
			line = x.appendCell(line, c, data, rng)
		}
		// cells beyond the header (a cells fault) stay at the end
		for i := len(order); i < len(rec); i++ {
			line = append(line, ';')
			line = x.appendCell(line, rec[i], data, rng)
		}
		if x.LF {
			line = append(line, '\n')
		} else {
			line = append(line, '\r', '\n')
		}
		_, err := bw.Write(line)
		return err
	}
	if err := write(header, false); err != nil {
		return 0, err
	}

	window := max(x.Spread, 1)
	held := make([][]string, 0, min(window, 4096))
	flush := func() error {
		rng.Shuffle(len(held), func(i, j int) { held[i], held[j] = held[j], held[i] })
		for _, rec := range held {
			if err := write(rec, true); err != nil {
				return err
			}
			lines++
		}
		held = held[:0]
		return nil
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return lines, fmt.Errorf("gen: remix: %w", err)
		}
		held = append(held, rec)
		if len(held) == window {
			if err := flush(); err != nil {
				return lines, err
			}
		}
	}
	if err := flush(); err != nil {
		return lines, err
	}
	return lines, bw.Flush()
}

// controls are the control characters Remix.Controls puts in cells.
var controls = []string{"\x01", "\x1b", "\x7f", "\u0085"}

// appendCell appends a cell of a data line (data) or of the header, padded,
// broken, given a control character or quoted as x says.
func (x Remix) appendCell(b []byte, c string, data bool, rng *rand.Rand) []byte {
	if data && c != "" && x.Controls > 0 && rng.Float64() < x.Controls {
		k := len(c) / 2
		for k > 0 && !utf8.RuneStart(c[k]) {
			k--
		}
		c = c[:k] + controls[rng.IntN(len(controls))] + c[k:]
	}
	if data && x.Breaks > 0 && strings.IndexByte(c, ' ') > 0 && rng.Float64() < x.Breaks {
		br := "\r\n"
		if x.LF {
			br = "\n"
		}
		c = strings.Replace(c, " ", br, 1)
	}
	if data && c != "" && x.Pad > 0 && rng.Float64() < x.Pad {
		pad := " "
		if rng.IntN(4) == 0 {
			pad = "\u00a0"
		}
		c = pad + c + " "
	}
	quote := data && x.Quote > 0 && rng.Float64() < x.Quote
	for i := 0; i < len(c) && !quote; i++ {
		switch c[i] {
		case ';', '"', '\r', '\n':
			quote = true
		}
	}
	if !quote {
		return append(b, c...)
	}
	b = append(b, '"')
	for i := 0; i < len(c); i++ {
		if c[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, c[i])
	}
	return append(b, '"')
}
