package importer

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
)

// The conflict check's index keeps its entries in memory up to a bound
// (dossierIndex.limit); past it, the entries of the dossiers met longest
// ago move to a coldIndex: a file of entries sorted by fingerprint, with
// in memory only the first fingerprint of each block of the file and a
// Bloom filter of every fingerprint in it. A line of a new dossier, the
// usual case, is settled by the filter (a few percent of them read one
// block); a line of a dossier whose entry went cold reads one block. So
// memory stays flat whatever the number of dossiers: a file of 5 million
// lines has the same index in memory as one of 200,000.

const (
	coldEntry     = 16                // bytes of an entry in the file: fp, loc (uint32), tuple (uint64)
	coldBlock     = 4096 / coldEntry  // entries per block, the unit of a lookup
	coldBloomBits = 1 << 24           // 2 MiB, about 7 bits per entry at 2.5 million cold dossiers
	coldBloomMask = coldBloomBits - 1 //
	coldIOChunk   = 256 << 10         // bytes per read or write when merging
)

// coldIndex is the part of a dossierIndex that went to disk.
type coldIndex struct {
	dir    string
	file   *os.File // n entries, sorted by fp, each fp once
	n      int
	firsts []uint32 // the fp of the first entry of each block
	bloom  []uint64 // coldBloomBits bits, once anything is cold
	block  [coldBlock * coldEntry]byte
	// kept from one merge to the next
	r     *bufio.Reader
	w     *bufio.Writer
	moved []dossierEntry // dossierIndex.evict's
}

// bloomBits returns the three bits of fp in the Bloom filter.
func bloomBits(fp uint32) [3]uint32 {
	x := uint64(fp) | uint64(fp)<<32
	var b [3]uint32
	for i := range b {
		x ^= x >> 31
		x *= 0xbf58476d1ce4e5b9
		b[i] = uint32(x>>40) & coldBloomMask
	}
	return b
}

// get returns the cold entry of fp, if any.
func (c *coldIndex) get(fp uint32) (dossierEntry, bool, error) {
	if c.n == 0 {
		return dossierEntry{}, false, nil
	}
	for _, b := range bloomBits(fp) {
		if c.bloom[b/64]&(1<<(b%64)) == 0 {
			return dossierEntry{}, false, nil
		}
	}
	k := sort.Search(len(c.firsts), func(i int) bool { return c.firsts[i] > fp }) - 1
	if k < 0 {
		return dossierEntry{}, false, nil
	}
	size := min(coldBlock, c.n-k*coldBlock) * coldEntry
	buf := c.block[:size]
	if _, err := c.file.ReadAt(buf, int64(k)*coldBlock*coldEntry); err != nil {
		return dossierEntry{}, false, fmt.Errorf("conflict check: read temporary file: %w", err)
	}
	lo, hi := 0, size/coldEntry
	for lo < hi {
		m := (lo + hi) / 2
		switch efp := binary.LittleEndian.Uint32(buf[m*coldEntry:]); {
		case efp == fp:
			return decodeColdEntry(buf[m*coldEntry:]), true, nil
		case efp < fp:
			lo = m + 1
		default:
			hi = m
		}
	}
	return dossierEntry{}, false, nil
}

func decodeColdEntry(b []byte) dossierEntry {
	return dossierEntry{
		fp:    binary.LittleEndian.Uint32(b),
		loc:   binary.LittleEndian.Uint32(b[4:]),
		tuple: binary.LittleEndian.Uint64(b[8:]),
	}
}

func appendColdEntry(b []byte, e dossierEntry) []byte {
	b = binary.LittleEndian.AppendUint32(b, e.fp)
	b = binary.LittleEndian.AppendUint32(b, e.loc)
	return binary.LittleEndian.AppendUint64(b, e.tuple)
}

// add merges entries, sorted by fp, into the file: an entry replaces the
// cold one of its fp. The file is written anew, sequentially, beside the
// old one, which is then removed.
func (c *coldIndex) add(entries []dossierEntry) error {
	out, err := os.CreateTemp(c.dir, "eleader-index-*")
	if err != nil {
		return fmt.Errorf("conflict check: temporary file: %w", err)
	}
	os.Remove(out.Name()) // where the system allows it, the file vanishes at close, even after a crash
	fail := func(err error) error {
		out.Close()
		return fmt.Errorf("conflict check: temporary file: %w", err)
	}
	if c.bloom == nil {
		c.bloom = make([]uint64, coldBloomBits/64)
	}
	if c.w == nil {
		c.r, c.w = bufio.NewReaderSize(nil, coldIOChunk), bufio.NewWriterSize(nil, coldIOChunk)
	}
	w, r := c.w, c.r
	w.Reset(out)
	if c.file != nil {
		r.Reset(io.NewSectionReader(c.file, 0, int64(c.n)*coldEntry))
	}
	old, left := dossierEntry{}, c.n
	nextOld := func() (bool, error) {
		if left == 0 {
			return false, nil
		}
		b := c.block[:coldEntry] // not a local array: it would escape, once per entry
		if _, err := io.ReadFull(r, b); err != nil {
			return false, err
		}
		left--
		old = decodeColdEntry(b)
		return true, nil
	}
	haveOld, err := nextOld()
	if err != nil {
		return fail(err)
	}
	n, firsts := 0, c.firsts[:0]
	put := func(e dossierEntry) error {
		if n%coldBlock == 0 {
			firsts = append(firsts, e.fp)
		}
		n++
		_, err := w.Write(appendColdEntry(c.block[coldEntry:coldEntry], e))
		return err
	}
	for _, e := range entries {
		for haveOld && old.fp < e.fp {
			if err := put(old); err != nil {
				return fail(err)
			}
			if haveOld, err = nextOld(); err != nil {
				return fail(err)
			}
		}
		if haveOld && old.fp == e.fp { // e is newer
			if haveOld, err = nextOld(); err != nil {
				return fail(err)
			}
		}
		if err := put(e); err != nil {
			return fail(err)
		}
		for _, b := range bloomBits(e.fp) {
			c.bloom[b/64] |= 1 << (b % 64)
		}
	}
	for haveOld {
		if err := put(old); err != nil {
			return fail(err)
		}
		if haveOld, err = nextOld(); err != nil {
			return fail(err)
		}
	}
	if err := w.Flush(); err != nil {
		return fail(err)
	}
	c.closeFile()
	c.file, c.n, c.firsts = out, n, firsts
	return nil
}

func (c *coldIndex) closeFile() error {
	if c.file == nil {
		return nil
	}
	name := c.file.Name()
	err := c.file.Close()
	os.Remove(name)
	c.file = nil
	return err
}

// close releases the file and the filter.
func (c *coldIndex) close() error {
	c.bloom, c.firsts, c.n, c.r, c.w, c.moved = nil, nil, 0, nil, nil, nil
	return c.closeFile()
}

// evict moves to the cold index the entries of x met longest ago — those
// whose record was written first (their loc is lowest) — keeping about a
// quarter of them in memory. It rebuilds x in place: the entries it keeps
// go to the start of a buffer that the cold index keeps, those it moves to
// the end.
func (x *dossierIndex) evict(cold *coldIndex) error {
	if x.n == 0 {
		return errors.New("conflict check: nothing to evict")
	}
	lo, hi := ^uint32(0), uint32(0)
	for _, s := range x.slots {
		if s.fp != 0 {
			lo, hi = min(lo, s.loc), max(hi, s.loc)
		}
	}
	// Records are appended: their locations grow with time. Keep the
	// entries of the latest quarter of the span, or at least one.
	keepFrom := lo + (hi-lo)/4*3
	if keepFrom == lo {
		keepFrom = hi
	}
	if cap(cold.moved) < x.n {
		cold.moved = make([]dossierEntry, x.n)
	}
	buf := cold.moved[:x.n]
	k, o := 0, x.n
	for _, s := range x.slots {
		switch {
		case s.fp == 0:
		case s.loc >= keepFrom:
			buf[k] = s
			k++
		default:
			o--
			buf[o] = s
		}
	}
	keep, out := buf[:k], buf[o:]
	slices.SortFunc(out, func(a, b dossierEntry) int { return cmp.Compare(a.fp, b.fp) })
	if err := cold.add(out); err != nil {
		return err
	}
	clear(x.slots)
	x.n = 0
	for _, e := range keep {
		x.insert(e)
	}
	return nil
}
