package importer

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"os"

	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// DefaultSpillBytes is how much memory a file's conflict check keeps for
// its dossiers before it moves the rest to temporary files: a quarter for
// the index of the dossiers (16 bytes each), as much to move its entries,
// half for their values. Values are
// written to the file in large blocks and read back only for the few lines
// that disagree with, or add to, an earlier line of their dossier far
// behind; the index entries of the dossiers met longest ago go to a sorted
// file, with a 2 MiB Bloom filter in memory (see coldIndex). A small memory
// share costs little time.
const DefaultSpillBytes = 4 << 20

// dossierTable is the memory of the conflict check: for each distinct dossier
// number among a file's accepted lines, the first non-empty value of each
// DOSSIER field and the line it came from. It keeps one small entry per
// dossier in memory (a hash of the values and where they are stored); the
// values themselves are in a record store that spills to a temporary file, so
// memory stays flat whatever the number of lines.
//
// Most lines repeat their dossier's values: comparing the hash of a line's
// values with the entry's (its tuple) settles them without reading the
// record back. A record is read only for a line that disagrees or brings
// new values.
type dossierTable struct {
	fields []int // the DOSSIER fields, in matrice order
	keyPos int   // position of the dossier number in fields
	seed   maphash.Seed
	fpMask uint32                  // all ones; tests narrow it to force fingerprint collisions
	index  dossierIndex            // by the number's fingerprint, in memory
	cold   coldIndex               // the entries index evicted
	n      int                     // distinct dossiers
	extra  map[string]dossierEntry // numbers whose fingerprint is another's
	store  recordStore
	enc    []byte // scratch for hashing a line's values

	// the hashes of the line being judged, computed once for check and
	// accept: the number's and, when known, the values'
	curLine     int
	curFP       uint32
	curTuple    uint64
	curHasTuple bool
	curEnc      []byte // the values as tuple encodes them, when given (nil: not known)

	// the last cold lookup: its line, fingerprint and outcome (putEntry
	// forgets it)
	coldLine  int
	coldFP    uint32
	coldEntry dossierEntry
	coldFound bool

	// the record decoded by the last lookup
	recValues [][]byte
	recLines  []int
	recOf     int // the line it was decoded for, or 0
	recKey    entryRef
}

// dossierEntry is where a dossier's record is, and the hash of its values:
// 16 bytes, as a file may have millions of dossiers.
type dossierEntry struct {
	tuple uint64 // hash of the values: see appendValues
	fp    uint32 // the number's fingerprint (see fingerprint); 0: a free slot
	loc   uint32 // where the record is in the store
}

type entryRef struct {
	fp      uint32
	inExtra bool
	found   bool
}

func newDossierTable(m *matrice.Matrice, spill int, tempDir string) *dossierTable {
	t := &dossierTable{keyPos: -1, seed: maphash.MakeSeed(), fpMask: ^uint32(0)}
	for i := range m.Len() {
		if m.FieldGroup(i) != matrice.GroupDossier {
			continue
		}
		if i == m.Key() {
			t.keyPos = len(t.fields)
		}
		t.fields = append(t.fields, i)
	}
	// A quarter of spill for the index in memory (a power of two of
	// slots), as much for its evictions, half for the values.
	slots := minIndexSlots
	for slots*2*16 <= spill/4 {
		slots *= 2
	}
	t.index.limit = slots
	t.cold.dir = tempDir
	t.store = recordStore{limit: spill / 2, dir: tempDir}
	t.recValues = make([][]byte, len(t.fields))
	t.recLines = make([]int, len(t.fields))
	return t
}

// count returns the number of distinct dossiers.
func (t *dossierTable) count() int { return t.n }

// close releases the temporary files.
func (t *dossierTable) close() error {
	err := t.cold.close()
	if serr := t.store.close(); err == nil {
		err = serr
	}
	return err
}

// entry returns the entry of fingerprint fp, in memory or cold, for the
// line being judged: check and accept ask for the same, and a cold lookup
// may read the disk.
func (t *dossierTable) entry(fp uint32, line int) (dossierEntry, bool, error) {
	if e := t.index.get(fp); e != nil {
		return *e, true, nil
	}
	if t.coldLine == line && t.coldFP == fp {
		return t.coldEntry, t.coldFound, nil
	}
	e, ok, err := t.cold.get(fp)
	if err == nil {
		t.coldLine, t.coldFP, t.coldEntry, t.coldFound = line, fp, e, ok
	}
	return e, ok, err
}

// putEntry adds or replaces the entry of e.fp, in memory: when the index
// is full, the entries of the dossiers met longest ago go cold first.
func (t *dossierTable) putEntry(e dossierEntry) error {
	t.coldLine = 0
	if t.index.full() && t.index.get(e.fp) == nil {
		if err := t.index.evict(&t.cold); err != nil {
			return err
		}
	}
	t.index.put(e)
	return nil
}

// fingerprint hashes a dossier number to 32 bits, never 0 (a free slot of
// dossierIndex). Two numbers of a file may share one: the second goes to
// the table's extra map, as lookup finds by reading the record back.
func (t *dossierTable) fingerprint(key []byte) uint32 {
	if fp := uint32(maphash.Bytes(t.seed, key)) & t.fpMask; fp != 0 {
		return fp
	}
	return 1
}

// appendValue appends a value as a record holds it and its tuple hashes
// it: its length (uvarint) and its bytes. An empty value is its zero
// length alone, a short one's length its one byte, without AppendUvarint's
// loop.
func appendValue(b, v []byte) []byte {
	switch {
	case len(v) == 0:
		return append(b, 0)
	case len(v) < 0x80:
		b = append(b, byte(len(v)))
	default:
		b = binary.AppendUvarint(b, uint64(len(v)))
	}
	return append(b, v...)
}

// appendValues appends the values of a record, as its tuple hashes them.
func appendValues(b []byte, values [][]byte) []byte {
	for _, v := range values {
		b = appendValue(b, v)
	}
	return b
}

// tuple hashes the row's values of the DOSSIER fields.
func (t *dossierTable) tuple(row *matrice.Row) uint64 {
	b := t.enc[:0]
	for _, f := range t.fields {
		b = appendValue(b, row.Value(f))
	}
	t.enc = b
	return maphash.Bytes(t.seed, b)
}

// rowHashes are what the conflict check hashes of a row, computed by the
// workers (dossierTable.rowHashes) so that File.Next, which judges lines
// one after the other, only compares them.
type rowHashes struct {
	ok         bool   // the row has a dossier number
	fp         uint32 // its fingerprint
	tuple      uint64 // the hash of its DOSSIER values (tuple)
	start, end int    // the values as tuple encodes them: batch.dvals[start:end]
}

// rowHashes appends to enc the row's DOSSIER values as tuple encodes them
// and returns the row's hashes. It reads only what is fixed once the table
// is made (the fields, the seed, fpMask): workers call it on several
// batches at once, each with its own enc.
func (t *dossierTable) rowHashes(row *matrice.Row, enc []byte) ([]byte, rowHashes) {
	if t.keyPos < 0 {
		return enc, rowHashes{}
	}
	key := row.Value(t.fields[t.keyPos])
	if len(key) == 0 {
		return enc, rowHashes{}
	}
	start := len(enc)
	for _, f := range t.fields {
		enc = appendValue(enc, row.Value(f))
	}
	return enc, rowHashes{ok: true, fp: t.fingerprint(key), tuple: maphash.Bytes(t.seed, enc[start:]), start: start, end: len(enc)}
}

// given makes h, with enc its encoded values, the hashes of the line being
// judged: check and accept then hash nothing.
func (t *dossierTable) given(line int, h rowHashes, enc []byte) {
	if !h.ok {
		return
	}
	t.curLine, t.curFP, t.curTuple, t.curHasTuple, t.curEnc = line, h.fp, h.tuple, true, enc
}

// hashes returns the fingerprint of the row's number and, when withTuple,
// the hash of its DOSSIER values, computing each once per line.
func (t *dossierTable) hashes(row *matrice.Row, line int, key []byte, withTuple bool) (fp uint32, tuple uint64) {
	if t.curLine != line {
		t.curLine, t.curFP, t.curHasTuple, t.curEnc = line, t.fingerprint(key), false, nil
	}
	if withTuple && !t.curHasTuple {
		t.curTuple, t.curHasTuple = t.tuple(row), true
	}
	return t.curFP, t.curTuple
}

// lookup finds the dossier of number key and decodes its record.
func (t *dossierTable) lookup(key []byte, h uint32, line int) (entryRef, error) {
	e, ok, err := t.entry(h, line)
	if err != nil || !ok {
		return entryRef{fp: h}, err
	}
	if err := t.decode(e.loc, line); err != nil {
		return entryRef{}, err
	}
	if string(t.recValues[t.keyPos]) == string(key) {
		return entryRef{fp: h, found: true}, nil
	}
	t.recOf = 0
	x, ok := t.extra[string(key)]
	if !ok {
		return entryRef{fp: h, inExtra: true}, nil
	}
	return entryRef{fp: h, inExtra: true, found: true}, t.decode(x.loc, line)
}

// check reports, through fail, each DOSSIER field of the row that disagrees
// with an earlier accepted line of its dossier. Fields with an error, empty
// fields and lines without a valid number are not compared.
func (t *dossierTable) check(row *matrice.Row, line int, fail func(field, earlierLine int, earlier []byte)) error {
	t.recOf = 0
	if t.keyPos < 0 {
		return nil
	}
	keyField := t.fields[t.keyPos]
	key := row.Value(keyField)
	if len(key) == 0 || row.Failed(keyField) {
		return nil
	}
	h, _ := t.hashes(row, line, key, false)
	e, ok, err := t.entry(h, line)
	if err != nil || !ok {
		return err // a new dossier
	}
	if _, tuple := t.hashes(row, line, key, true); e.tuple == tuple {
		return nil // the same values as known
	}
	ref, err := t.lookup(key, h, line)
	if err != nil || !ref.found {
		return err
	}
	t.recKey = ref
	for k, f := range t.fields {
		v := row.Value(f)
		if k == t.keyPos || len(v) == 0 || row.Failed(f) {
			continue
		}
		if known := t.recValues[k]; len(known) > 0 && string(known) != string(v) {
			fail(f, t.recLines[k], known)
		}
	}
	return nil
}

// accept records an accepted line: a new dossier, or values filling empty
// fields of a known one.
func (t *dossierTable) accept(row *matrice.Row, line int) error {
	if t.keyPos < 0 {
		return nil
	}
	key := row.Value(t.fields[t.keyPos])
	if len(key) == 0 {
		return nil
	}
	h, _ := t.hashes(row, line, key, false)
	e, ok, err := t.entry(h, line)
	if err != nil {
		return err
	}
	if !ok {
		// A new dossier, the usual case: its record is written straight
		// from the row, its tuple hashed from the record (or, given, the
		// row's values encoded and hashed by a worker).
		t.n++
		if t.curEnc != nil {
			return t.putNew(h, line)
		}
		for k, f := range t.fields {
			t.recValues[k] = row.Value(f)
			t.recLines[k] = line
		}
		return t.put(entryRef{fp: h}, key)
	}
	if _, tuple := t.hashes(row, line, key, true); e.tuple == tuple {
		return nil
	}
	ref := t.recKey // check already looked this dossier up
	if t.recOf != line {
		var err error
		if ref, err = t.lookup(key, h, line); err != nil {
			return err
		}
	}
	if !ref.found {
		for k, f := range t.fields {
			t.recValues[k] = row.Value(f)
			t.recLines[k] = line
		}
		t.n++ // a number sharing its fingerprint with another's
		return t.put(ref, key)
	}
	changed := false
	for k, f := range t.fields {
		if v := row.Value(f); len(t.recValues[k]) == 0 && len(v) > 0 {
			t.recValues[k] = v
			t.recLines[k] = line
			changed = true
		}
	}
	if !changed {
		return nil
	}
	return t.put(ref, key)
}

// put stores the decoded record (recValues, recLines) under ref. The record
// is encoded straight into the store:
//
//	record  size uint32 (little endian, of what follows), values, lines
//	values  per field: uvarint(len), bytes (len 0: empty); the tuple hashes these
//	lines   uvarint(first), then per value from another line:
//	        uvarint(field+1), uvarint(line); then uvarint(0)
//
// where first is the line most values come from: the line that created the
// dossier.
func (t *dossierTable) put(ref entryRef, key []byte) error {
	first, size := 0, 4+2*binary.MaxVarintLen64 // an upper bound of the record's size
	for k, v := range t.recValues {
		size += 3*binary.MaxVarintLen64 + len(v)
		if len(v) > 0 && (first == 0 || t.recLines[k] < first) {
			first = t.recLines[k]
		}
	}
	b := t.store.buffer(size + 3)
	b = append(b, 0, 0, 0, 0)
	b = appendValues(b, t.recValues)
	tuple := maphash.Bytes(t.seed, b[4:])
	b = binary.AppendUvarint(b, uint64(first))
	for k, v := range t.recValues {
		if len(v) > 0 && t.recLines[k] != first {
			b = binary.AppendUvarint(b, uint64(k+1))
			b = binary.AppendUvarint(b, uint64(t.recLines[k]))
		}
	}
	loc, err := t.commitRecord(b)
	if err != nil {
		return err
	}
	e := dossierEntry{fp: ref.fp, tuple: tuple, loc: loc}
	if ref.inExtra {
		if t.extra == nil {
			t.extra = map[string]dossierEntry{}
		}
		t.extra[string(key)] = e
	} else if err := t.putEntry(e); err != nil {
		return err
	}
	t.recOf = 0
	return nil
}

// putNew stores the record of a new dossier whose values all come from
// line, given encoded (curEnc) and hashed (curTuple): put's record, without
// encoding or hashing the values again.
func (t *dossierTable) putNew(fp uint32, line int) error {
	size := 4 + len(t.curEnc) + binary.MaxVarintLen64 + 1
	b := t.store.buffer(size + 3)
	b = append(b, 0, 0, 0, 0)
	b = append(b, t.curEnc...)
	b = binary.AppendUvarint(b, uint64(line))
	loc, err := t.commitRecord(b)
	if err != nil {
		return err
	}
	t.recOf = 0
	return t.putEntry(dossierEntry{fp: fp, tuple: t.curTuple, loc: loc})
}

// commitRecord ends the record b — its length in its first 4 bytes, its
// list of other lines ended by a 0, padded so that the next record starts
// at a multiple of 4 (see recordStore) — and stores it.
func (t *dossierTable) commitRecord(b []byte) (uint32, error) {
	b = append(b, 0)
	binary.LittleEndian.PutUint32(b, uint32(len(b)-4))
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return t.store.commit(b)
}

// decode reads the record at loc into recValues and recLines.
func (t *dossierTable) decode(loc uint32, line int) error {
	b, err := t.store.read(loc)
	if err != nil {
		return err
	}
	for k := range t.recValues {
		size, n := binary.Uvarint(b)
		if n <= 0 || uint64(len(b)-n) < size {
			return errCorruptRecord
		}
		t.recValues[k] = b[n : n+int(size)]
		b = b[n+int(size):]
	}
	first, n := binary.Uvarint(b)
	if n <= 0 {
		return errCorruptRecord
	}
	b = b[n:]
	for k, v := range t.recValues {
		t.recLines[k] = 0
		if len(v) > 0 {
			t.recLines[k] = int(first)
		}
	}
	for {
		k, n := binary.Uvarint(b)
		if n <= 0 || k > uint64(len(t.recLines)) {
			return errCorruptRecord
		}
		b = b[n:]
		if k == 0 {
			break
		}
		ln, n := binary.Uvarint(b)
		if n <= 0 {
			return errCorruptRecord
		}
		b = b[n:]
		t.recLines[k-1] = int(ln)
	}
	t.recOf = line
	return nil
}

var errCorruptRecord = fmt.Errorf("conflict check: corrupt dossier record")

// dossierIndex maps dossier numbers' fingerprints to their entries: an
// open-addressing table with Robin Hood linear probing, which keeps probes
// short up to seven eighths full. A fingerprint is a hash already: its low
// bits give its home slot, without the hashing a map would add. Entries are
// 16 bytes, with no pointer for the garbage collector to scan.
type dossierIndex struct {
	slots []dossierEntry // a power of two of them
	n     int
	limit int // the most slots; 0: no bound
}

// minIndexSlots is the fewest slots of a dossierIndex.
const minIndexSlots = 1024

// full reports whether another entry would need more slots than limit.
func (x *dossierIndex) full() bool {
	return x.limit > 0 && len(x.slots) >= x.limit && 8*(x.n+1) > 7*len(x.slots)
}

// get returns the entry of fingerprint fp, or nil.
func (x *dossierIndex) get(fp uint32) *dossierEntry {
	if len(x.slots) == 0 {
		return nil
	}
	mask := uint32(len(x.slots) - 1)
	for i, dist := fp&mask, uint32(0); ; i, dist = (i+1)&mask, dist+1 {
		s := &x.slots[i]
		switch {
		case s.fp == fp:
			return s
		case s.fp == 0 || (i-s.fp)&mask < dist:
			return nil // Robin Hood: fp would sit before an entry nearer home
		}
	}
}

// put adds or replaces the entry of e.fp.
func (x *dossierIndex) put(e dossierEntry) {
	if s := x.get(e.fp); s != nil {
		*s = e
		return
	}
	if 8*(x.n+1) > 7*len(x.slots) {
		old := x.slots
		x.slots = make([]dossierEntry, max(minIndexSlots, 2*len(old)))
		x.n = 0
		for _, o := range old {
			if o.fp != 0 {
				x.insert(o)
			}
		}
	}
	x.insert(e)
}

// insert adds an entry whose fingerprint is not in the table: each entry
// met that is nearer its home than e is to its own gives its slot to e and
// moves on in its place.
func (x *dossierIndex) insert(e dossierEntry) {
	mask := uint32(len(x.slots) - 1)
	for i, dist := e.fp&mask, uint32(0); ; i, dist = (i+1)&mask, dist+1 {
		s := &x.slots[i]
		if s.fp == 0 {
			*s = e
			x.n++
			return
		}
		if d := (i - s.fp) & mask; d < dist {
			*s, e = e, *s
			dist = d
		}
	}
}

// recordStore is an append-only store of byte records, each prefixed by
// its size (uint32, little endian) and padded to a multiple of 4 bytes: in
// memory, in chunks (so growing never copies), up to limit bytes, then in a
// temporary file. A record's location counts 4 bytes from the start of the
// store, whose first memSpan bytes are the chunks' and the rest the file's:
// a uint32 reaches 16 GiB. Records read back alias a buffer valid until the
// next write or read.
type recordStore struct {
	limit   int
	dir     string
	chunks  [][]byte
	used    int // bytes in chunks
	file    *os.File
	flushed int64  // bytes written to file
	pending []byte // bytes not yet written to file
	readBuf []byte
	err     error // of creating the file
}

const (
	storeChunk = 1 << 20
	spillChunk = 256 << 10
	maxStore   = 4 << 32 // bytes a uint32 location reaches: 16 GiB
)

// memSpan is the part of the store's locations that are in memory.
func (s *recordStore) memSpan() int64 {
	return int64(max(s.limit, 1)+storeChunk-1) / storeChunk * storeChunk
}

// buffer returns an empty slice with room for a record of up to n bytes:
// append the record to it, then commit it. Nothing already stored moves.
func (s *recordStore) buffer(n int) []byte {
	if s.file == nil && s.used+n <= s.limit && n <= storeChunk {
		k := len(s.chunks)
		fits := k > 0 && cap(s.chunks[k-1])-len(s.chunks[k-1]) >= n
		if !fits && int64(k+1)*storeChunk <= s.memSpan() {
			s.chunks = append(s.chunks, make([]byte, 0, storeChunk))
			k, fits = k+1, true
		}
		if fits {
			c := s.chunks[k-1]
			return c[len(c):len(c)]
		}
	}
	if s.file == nil && s.err == nil {
		f, err := os.CreateTemp(s.dir, "eleader-dossiers-*")
		if err != nil {
			s.err = fmt.Errorf("conflict check: temporary file: %w", err)
		} else {
			os.Remove(f.Name()) // where the system allows it, the file vanishes at close, even after a crash
			s.file = f
		}
	}
	if cap(s.pending)-len(s.pending) < n {
		// doubling from a page up to two spill chunks: a file that spills
		// a few records does not pay for zeroing half a megabyte
		p := make([]byte, len(s.pending), max(len(s.pending)+n, min(2*cap(s.pending), 2*spillChunk), 4<<10))
		copy(p, s.pending)
		s.pending = p // records decoded from the old array stay valid
	}
	return s.pending[len(s.pending):len(s.pending)]
}

// commit stores the record b, appended to the slice buffer returned, and
// returns its location.
func (s *recordStore) commit(b []byte) (uint32, error) {
	if s.err != nil {
		return 0, s.err
	}
	if s.file == nil {
		k := len(s.chunks) - 1
		c := s.chunks[k]
		off := int64(k)*storeChunk + int64(len(c))
		s.chunks[k] = c[:len(c)+len(b)]
		s.used += len(b)
		return uint32(off / 4), nil
	}
	off := s.memSpan() + s.flushed + int64(len(s.pending))
	if off+int64(len(b)) > maxStore {
		return 0, errors.New("conflict check: more than 16 GiB of dossier values")
	}
	s.pending = s.pending[:len(s.pending)+len(b)]
	if len(s.pending) >= spillChunk {
		if _, err := s.file.Write(s.pending); err != nil {
			return 0, fmt.Errorf("conflict check: write temporary file: %w", err)
		}
		s.flushed += int64(len(s.pending))
		s.pending = s.pending[:0]
	}
	return uint32(off / 4), nil
}

// read returns the record at loc, without its size.
func (s *recordStore) read(loc uint32) ([]byte, error) {
	off, span := int64(loc)*4, s.memSpan()
	if off < span {
		c, o := off/storeChunk, off%storeChunk
		if c >= int64(len(s.chunks)) {
			return nil, errCorruptRecord
		}
		return sized(s.chunks[c][o:])
	}
	off -= span
	if off >= s.flushed {
		return sized(s.pending[off-s.flushed:])
	}
	var head [4]byte
	if _, err := s.file.ReadAt(head[:], off); err != nil {
		return nil, fmt.Errorf("conflict check: read temporary file: %w", err)
	}
	size := int(binary.LittleEndian.Uint32(head[:]))
	if cap(s.readBuf) < size {
		s.readBuf = make([]byte, size)
	}
	b := s.readBuf[:size]
	if _, err := s.file.ReadAt(b, off+4); err != nil && err != io.EOF {
		return nil, fmt.Errorf("conflict check: read temporary file: %w", err)
	}
	return b, nil
}

// sized returns the record at the start of b, without its size.
func sized(b []byte) ([]byte, error) {
	if len(b) < 4 {
		return nil, errCorruptRecord
	}
	size := int(binary.LittleEndian.Uint32(b))
	if size > len(b)-4 {
		return nil, errCorruptRecord
	}
	return b[4 : 4+size], nil
}

func (s *recordStore) close() error {
	s.chunks, s.pending = nil, nil
	if s.file == nil {
		return nil
	}
	name := s.file.Name()
	err := s.file.Close()
	os.Remove(name)
	s.file = nil
	return err
}
