package importer

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// manyLines writes a file of n data lines on the default matrice: dossiers
// of one to four lines, adjacent or not, quoted cells holding ';', quotes and
// newlines, blank lines, and about one line in ten with an error (types,
// obligations, conflicts, cells).
func manyLines(n int, seed uint64) string {
	r := rand.New(rand.NewPCG(seed, 1))
	header := defaultHeader()
	var lines []fields
	for d := 0; len(lines) < n; d++ {
		base := phase1()
		if d%3 == 1 {
			base = phase2()
		}
		base = base.with("NumeroDossier", fmt.Sprintf("ADIE%06d-X", d), "Nom", fmt.Sprintf("Dupont%d", d%97),
			"IntituleProjet", []string{"Épicerie fine", `Café "Le Coin"; bar`, "Atelier\nvélos", "Conseil"}[d%4])
		for k := r.IntN(4); k >= 0 && len(lines) < n; k-- {
			l := base.with("DateRDV", fmt.Sprintf("%02d/03/2026", 1+r.IntN(28)))
			switch r.IntN(40) {
			case 0:
				l = l.with("Civilite", "Mr")
			case 1:
				l = l.with("Prenom", "Autre") // a conflict with the dossier's first line
			case 2:
				l = l.with("CodePostal", "7501")
			case 3:
				l = l.with("DateMaj", "31/02/2026")
			}
			lines = append(lines, l)
		}
	}
	// Some dossiers come back far from their first lines.
	for i := 0; i < len(lines)/20; i++ {
		j, k := r.IntN(len(lines)), r.IntN(len(lines))
		lines[j], lines[k] = lines[k], lines[j]
	}
	var b strings.Builder
	b.WriteString(csvFile(header, lines...))
	b.WriteString(";;;\n\n")
	b.WriteString(strings.Join(header[:10], ";") + "\n") // too few cells
	return b.String()
}

// outcome is everything a validation gives, as text.
func outcome(tb testing.TB, v *Validator, in io.Reader) string {
	tb.Helper()
	var b strings.Builder
	rep, err := v.Validate(okName, in, func(l *Line) error {
		fmt.Fprintf(&b, "%d %d %v %q\n", l.Number, len(l.Cells), l.Accepted(), l.Dossier())
		for _, e := range l.Errors {
			fmt.Fprintf(&b, "  %s %s %q %s\n", e.Field, e.Check, e.Value, e.Message)
		}
		return nil
	})
	fmt.Fprintf(&b, "%v\n", err)
	if rep != nil {
		fmt.Fprintf(&b, "%s %d %d %d %d\n", rep.Status, rep.Lines, rep.Accepted, rep.Rejected, rep.Dossiers)
		if !rep.Stopped() {
			fmt.Fprintf(&b, "%d bytes\n", rep.Bytes) // else: as far as the file was read ahead
		}
		for _, e := range rep.FileErrors {
			fmt.Fprintf(&b, "file error %s %d %s\n", e.Code, e.Line, e.Message)
		}
		for _, c := range rep.Checks {
			fmt.Fprintf(&b, "%s %d\n", c.Check, c.Count)
		}
	}
	return b.String()
}

// TestWorkersGiveTheSameVerdicts: reading ahead and checking on other
// goroutines changes nothing, whatever the reads' sizes and the spilling of
// the conflict check.
func TestWorkersGiveTheSameVerdicts(t *testing.T) {
	text := manyLines(3000, 1)
	late := strings.Index(text, "\nADIE000900-X;")
	bad := text[:late] + "\nADIE\xe9" + text[late+5:] // bad UTF-8, far into the file
	for _, tt := range []struct {
		name  string
		text  string
		spill int
		chunk int
	}{
		{"whole reads", text, 0, 0},
		{"spilling conflict check", text, 4096, 0},
		{"reads of 7 bytes", text, 0, 7},
		{"bad encoding late", bad, 0, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			run := func(workers int) string {
				v := NewValidator(nil)
				v.Workers, v.SpillBytes, v.TempDir = workers, tt.spill, t.TempDir()
				var in io.Reader = strings.NewReader(tt.text)
				if tt.chunk > 0 {
					in = &chunkReader{b: []byte(tt.text), n: tt.chunk}
				}
				return outcome(t, v, in)
			}
			want := run(1)
			require.Contains(t, want, "conflict", "the file has every kind of line")
			for _, workers := range []int{2, 3, 8} {
				assert.Equal(t, want, run(workers), "%d workers", workers)
			}
		})
	}
}

// TestSmallFileStartsNoGoroutine: a file that fits one batch is read and
// checked on the caller's goroutine.
func TestSmallFileStartsNoGoroutine(t *testing.T) {
	v := NewValidator(nil)
	v.Workers = 4
	f := v.Open(okName, strings.NewReader(csvFile(defaultHeader(), phase1(), phase2())))
	defer f.Close()
	require.True(t, f.Next())
	assert.Nil(t, f.pipe)

	f = v.Open(okName, strings.NewReader(manyLines(2000, 2)))
	defer f.Close()
	require.True(t, f.Next())
	assert.NotNil(t, f.pipe, "a larger file is read ahead")
}

// lateReader counts the reads made once it is marked closed, and reads
// little at a time.
type lateReader struct {
	r      io.Reader
	closed atomic.Bool
	late   atomic.Int32
}

func (l *lateReader) Read(p []byte) (int, error) {
	if l.closed.Load() {
		l.late.Add(1)
	}
	return l.r.Read(p[:min(len(p), 512)])
}

// TestCloseStopsReadingAhead: once Close returns, the reader is no longer
// read, even when the file was read ahead and left half way.
func TestCloseStopsReadingAhead(t *testing.T) {
	in := &lateReader{r: strings.NewReader(manyLines(5000, 3))}
	v := NewValidator(nil)
	v.Workers = 2
	f := v.Open(okName, in)
	for range 300 {
		require.True(t, f.Next())
	}
	require.NotNil(t, f.pipe)
	require.NoError(t, f.Close())
	in.closed.Store(true)
	time.Sleep(20 * time.Millisecond)
	assert.Zero(t, in.late.Load(), "reads after Close")
	assert.False(t, f.Next())
}

// TestEachErrorStopsReadingAhead: an error from each stops the file read
// ahead, and Validate returns it.
func TestEachErrorStopsReadingAhead(t *testing.T) {
	stop := fmt.Errorf("enough")
	n := 0
	v := NewValidator(nil)
	v.Workers = 3
	_, err := v.Validate(okName, bytes.NewReader([]byte(manyLines(3000, 4))), func(*Line) error {
		if n++; n == 1000 {
			return stop
		}
		return nil
	})
	assert.ErrorIs(t, err, stop)
	assert.Equal(t, 1000, n)
}

// TestConflictCheckFingerprintCollisions: numbers sharing a fingerprint in
// the conflict check's index (forced here to a few bits) get the verdicts
// they get alone.
func TestConflictCheckFingerprintCollisions(t *testing.T) {
	text := manyLines(3000, 5)
	run := func(mask uint32, spill int) string {
		v := NewValidator(nil)
		v.Workers, v.SpillBytes, v.TempDir, v.fpMask = 1, spill, t.TempDir(), mask
		return outcome(t, v, strings.NewReader(text))
	}
	want := run(0, 0)
	for _, mask := range []uint32{1, 0xf, 0xff} {
		for _, spill := range []int{0, 2048} {
			assert.Equal(t, want, run(mask, spill), "fingerprints of mask %#x, spilling past %d bytes", mask, spill)
		}
	}
}

// TestDossierIndex compares the conflict check's index with a map, through
// growth and replacements.
func TestDossierIndex(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	var x dossierIndex
	want := map[uint32]dossierEntry{}
	for i := range 50_000 {
		fp := 1 + r.Uint32N(40_000) // replacements too
		e := dossierEntry{tuple: r.Uint64(), fp: fp, loc: uint32(i)}
		x.put(e)
		want[fp] = e
		q := 1 + r.Uint32N(80_000)
		got := x.get(q)
		w, ok := want[q]
		if ok != (got != nil) || ok && *got != w {
			t.Fatalf("get(%d) after %d puts: got %v, want %v, %v", q, i, got, w, ok)
		}
	}
	assert.Equal(t, len(want), x.n)
	for fp, w := range want {
		require.NotNil(t, x.get(fp))
		require.Equal(t, w, *x.get(fp))
	}
}

// TestDossierIndexGoesCold compares the conflict check's index, bounded in
// memory so that most entries go cold (to a sorted file and a Bloom
// filter), with a map, through evictions and replacements of cold entries.
func TestDossierIndexGoesCold(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 11))
	tbl := &dossierTable{cold: coldIndex{dir: t.TempDir()}}
	tbl.index.limit = minIndexSlots
	defer tbl.close()
	want := map[uint32]dossierEntry{}
	for i := range 30_000 {
		fp := 1 + r.Uint32N(20_000) // replacements too, of cold entries as well
		e := dossierEntry{tuple: r.Uint64(), fp: fp, loc: uint32(i)}
		require.NoError(t, tbl.putEntry(e))
		want[fp] = e
		q := 1 + r.Uint32N(40_000)
		got, ok, err := tbl.entry(q, i+2)
		require.NoError(t, err)
		w, wok := want[q]
		if ok != wok || ok && got != w {
			t.Fatalf("entry(%d) after %d puts: got %v %v, want %v %v", q, i, got, ok, w, wok)
		}
	}
	assert.LessOrEqual(t, len(tbl.index.slots), minIndexSlots, "the index in memory stays within its limit")
	assert.Greater(t, tbl.cold.n, 10_000, "most entries went cold")
	line := 1 << 30
	for fp, w := range want {
		line++
		got, ok, err := tbl.entry(fp, line)
		require.NoError(t, err)
		require.True(t, ok, "fp %d", fp)
		require.Equal(t, w, got)
	}
}

// TestRecordStoreSpillsSmall checks that a store spilling to its file
// allocates for what it holds, not half a megabyte at its first record
// (which made every execution of FuzzValidate, SpillBytes 64, zero 512 KiB),
// and that its records read back whole as the buffer grows and is flushed.
func TestRecordStoreSpillsSmall(t *testing.T) {
	s := &recordStore{limit: 0, dir: t.TempDir()}
	t.Cleanup(func() { _ = s.close() })
	put := func(v []byte) uint32 {
		t.Helper()
		b := s.buffer(len(v) + 3)
		b = append(b, 0, 0, 0, 0)
		b = append(b, v...)
		binary.LittleEndian.PutUint32(b, uint32(len(b)-4))
		for len(b)%4 != 0 {
			b = append(b, 0)
		}
		loc, err := s.commit(b)
		require.NoError(t, err)
		return loc
	}
	var locs []uint32
	var want [][]byte
	for i := range 3 {
		v := bytes.Repeat([]byte{byte('a' + i)}, 50+i)
		locs, want = append(locs, put(v)), append(want, v)
	}
	require.NotNil(t, s.file, "a store of limit 0 spills")
	assert.LessOrEqual(t, cap(s.pending), 8<<10, "three records of 50 bytes")
	for i := 0; s.flushed == 0 || i < 20000; i++ { // past two flushes
		v := []byte(strconv.Itoa(i) + strings.Repeat("x", i%97))
		locs, want = append(locs, put(v)), append(want, v)
	}
	assert.LessOrEqual(t, cap(s.pending), 2*spillChunk+4<<10)
	for i, loc := range locs {
		got, err := s.read(loc)
		require.NoError(t, err)
		require.Equal(t, string(want[i]), string(got), "record %d", i)
	}
}
