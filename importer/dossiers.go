package importer

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"io"
	"os"

	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// DefaultSpillBytes is how many bytes of dossier values a file's conflict
// check keeps in memory before it moves the rest to a temporary file.
const DefaultSpillBytes = 16 << 20

// dossierTable is the memory of the conflict check: for each distinct dossier
// number among a file's accepted lines, the first non-empty value of each
// DOSSIER field and the line it came from. It keeps one small entry per
// dossier in memory (a hash of the values and where they are stored); the
// values themselves are in a record store that spills to a temporary file, so
// memory stays flat whatever the number of lines.
type dossierTable struct {
	fields []int // the DOSSIER fields, in matrice order
	keyPos int   // position of the dossier number in fields
	seed   maphash.Seed
	index  map[uint64]dossierEntry // by hash of the number
	extra  map[string]dossierEntry // numbers whose hash is another's
	store  recordStore
	enc    []byte // scratch for encoding and hashing

	// the record decoded by the last lookup
	recValues [][]byte
	recLines  []int
	recOf     int // the line it was decoded for, or 0
	recKey    entryRef
}

type dossierEntry struct {
	tuple uint64 // hash of the values below
	off   int64
	size  int32
}

type entryRef struct {
	hash    uint64
	inExtra bool
	found   bool
}

func newDossierTable(m *matrice.Matrice, spill int, tempDir string) *dossierTable {
	t := &dossierTable{keyPos: -1, seed: maphash.MakeSeed(), index: map[uint64]dossierEntry{}}
	for i := range m.Len() {
		if m.FieldGroup(i) != matrice.GroupDossier {
			continue
		}
		if i == m.Key() {
			t.keyPos = len(t.fields)
		}
		t.fields = append(t.fields, i)
	}
	t.store = recordStore{limit: spill, dir: tempDir}
	t.recValues = make([][]byte, len(t.fields))
	t.recLines = make([]int, len(t.fields))
	return t
}

// count returns the number of distinct dossiers.
func (t *dossierTable) count() int { return len(t.index) + len(t.extra) }

// close releases the temporary file.
func (t *dossierTable) close() error { return t.store.close() }

// tuple hashes the row's values of the DOSSIER fields.
func (t *dossierTable) tuple(row *matrice.Row) uint64 {
	b := t.enc[:0]
	for _, f := range t.fields {
		v := row.Value(f)
		b = binary.AppendUvarint(b, uint64(len(v)))
		b = append(b, v...)
	}
	t.enc = b
	return maphash.Bytes(t.seed, b)
}

func (t *dossierTable) tupleOfRecord() uint64 {
	b := t.enc[:0]
	for _, v := range t.recValues {
		b = binary.AppendUvarint(b, uint64(len(v)))
		b = append(b, v...)
	}
	t.enc = b
	return maphash.Bytes(t.seed, b)
}

// lookup finds the dossier of number key and decodes its record.
func (t *dossierTable) lookup(key []byte, line int) (entryRef, error) {
	h := maphash.Bytes(t.seed, key)
	e, ok := t.index[h]
	if !ok {
		return entryRef{hash: h}, nil
	}
	if err := t.decode(e, line); err != nil {
		return entryRef{}, err
	}
	if string(t.recValues[t.keyPos]) == string(key) {
		return entryRef{hash: h, found: true}, nil
	}
	t.recOf = 0
	if e, ok = t.extra[string(key)]; !ok {
		return entryRef{hash: h, inExtra: true}, nil
	}
	return entryRef{hash: h, inExtra: true, found: true}, t.decode(e, line)
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
	h := maphash.Bytes(t.seed, key)
	e, ok := t.index[h]
	if !ok || e.tuple == t.tuple(row) {
		return nil // a new dossier, or the same values as known
	}
	ref, err := t.lookup(key, line)
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
	tuple := t.tuple(row)
	h := maphash.Bytes(t.seed, key)
	if e, ok := t.index[h]; ok && e.tuple == tuple {
		return nil
	}
	ref := t.recKey // check already looked this dossier up
	if t.recOf != line {
		var err error
		if ref, err = t.lookup(key, line); err != nil {
			return err
		}
	}
	if !ref.found {
		for k, f := range t.fields {
			t.recValues[k] = row.Value(f)
			t.recLines[k] = line
		}
		return t.put(ref, string(key), tuple)
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
	return t.put(ref, string(key), t.tupleOfRecord())
}

// put stores the decoded record under ref.
func (t *dossierTable) put(ref entryRef, key string, tuple uint64) error {
	b := t.enc[:0]
	for k, v := range t.recValues {
		if len(v) == 0 {
			b = binary.AppendUvarint(b, 0)
			continue
		}
		b = binary.AppendUvarint(b, uint64(t.recLines[k]))
		b = binary.AppendUvarint(b, uint64(len(v)))
		b = append(b, v...)
	}
	t.enc = b
	off, err := t.store.write(b)
	if err != nil {
		return err
	}
	e := dossierEntry{tuple: tuple, off: off, size: int32(len(b))}
	if ref.inExtra {
		if t.extra == nil {
			t.extra = map[string]dossierEntry{}
		}
		t.extra[key] = e
	} else {
		t.index[ref.hash] = e
	}
	t.recOf = 0
	return nil
}

// decode reads the record of e into recValues and recLines.
func (t *dossierTable) decode(e dossierEntry, line int) error {
	b, err := t.store.read(e.off, int(e.size))
	if err != nil {
		return err
	}
	for k := range t.recValues {
		ln, n := binary.Uvarint(b)
		if n <= 0 {
			return errCorruptRecord
		}
		b = b[n:]
		if ln == 0 {
			t.recValues[k], t.recLines[k] = nil, 0
			continue
		}
		size, n := binary.Uvarint(b)
		if n <= 0 || uint64(len(b)-n) < size {
			return errCorruptRecord
		}
		t.recValues[k] = b[n : n+int(size)]
		t.recLines[k] = int(ln)
		b = b[n+int(size):]
	}
	t.recOf = line
	return nil
}

var errCorruptRecord = fmt.Errorf("conflict check: corrupt dossier record")

// recordStore is an append-only store of byte records: in memory, in chunks
// (so growing never copies), up to limit bytes, then in a temporary file.
// Records read back alias a buffer valid until the next write or read.
type recordStore struct {
	limit   int
	dir     string
	chunks  [][]byte
	used    int // bytes in chunks
	file    *os.File
	flushed int64  // bytes written to file
	pending []byte // bytes not yet written to file
	readBuf []byte
}

const (
	storeChunk = 1 << 20
	spillChunk = 256 << 10
)

// write appends a record and returns where it is: offsets ≥ 0 are in memory
// (chunk index × storeChunk + offset), negative ones in the file.
func (s *recordStore) write(b []byte) (int64, error) {
	if s.used+len(b) <= s.limit && len(b) <= storeChunk {
		n := len(s.chunks)
		if n == 0 || len(s.chunks[n-1])+len(b) > storeChunk {
			s.chunks = append(s.chunks, make([]byte, 0, storeChunk))
			n++
		}
		c := s.chunks[n-1]
		off := int64(n-1)*storeChunk + int64(len(c))
		s.chunks[n-1] = append(c, b...)
		s.used += len(b)
		return off, nil
	}
	if s.file == nil {
		f, err := os.CreateTemp(s.dir, "eleader-dossiers-*")
		if err != nil {
			return 0, fmt.Errorf("conflict check: temporary file: %w", err)
		}
		os.Remove(f.Name()) // where the system allows it, the file vanishes at close, even after a crash
		s.file = f
	}
	off := s.flushed + int64(len(s.pending))
	s.pending = append(s.pending, b...)
	if len(s.pending) >= spillChunk {
		if _, err := s.file.Write(s.pending); err != nil {
			return 0, fmt.Errorf("conflict check: write temporary file: %w", err)
		}
		s.flushed += int64(len(s.pending))
		s.pending = s.pending[:0]
	}
	return -off - 1, nil
}

func (s *recordStore) read(off int64, size int) ([]byte, error) {
	if off >= 0 {
		c, o := off/storeChunk, off%storeChunk
		return s.chunks[c][o : o+int64(size)], nil
	}
	off = -off - 1
	if off >= s.flushed {
		p := off - s.flushed
		return s.pending[p : p+int64(size)], nil
	}
	if cap(s.readBuf) < size {
		s.readBuf = make([]byte, size)
	}
	b := s.readBuf[:size]
	if _, err := s.file.ReadAt(b, off); err != nil && err != io.EOF {
		return nil, fmt.Errorf("conflict check: read temporary file: %w", err)
	}
	return b, nil
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
