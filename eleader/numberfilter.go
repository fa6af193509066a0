package eleader

import "hash/maphash"

// numberFilter is a Bloom filter of the dossier numbers an import created,
// for an import into an empty store: a number it does not hold was
// certainly not created, so it is not in the store, and the store need not
// be asked. It takes 2 MiB whatever the number of dossiers; with 3 bits a
// number, one number in twenty is a false positive past 2.5 million
// numbers, which costs a question to the store, never a wrong answer.
type numberFilter struct {
	seed maphash.Seed
	bits []uint64
}

// numberFilterBits is the size of a numberFilter, a power of two.
const numberFilterBits = 1 << 24

// mainMark prefixes a main number in a numberFilter: it records that the
// import created that main dossier or one of its sub-versions.
const mainMark = "\x00"

func newNumberFilter() *numberFilter {
	return &numberFilter{seed: maphash.MakeSeed(), bits: make([]uint64, numberFilterBits/64)}
}

// positions returns the three bits of s.
func (f *numberFilter) positions(s string) [3]uint32 {
	return f.positionsOf(maphash.String(f.seed, s))
}

// mainPositions returns the three bits of mainMark + main, without
// making that string.
func (f *numberFilter) mainPositions(main string) [3]uint32 {
	var buf [64]byte
	return f.positionsOf(maphash.Bytes(f.seed, append(append(buf[:0], mainMark...), main...)))
}

// positionsOf returns the three bits of a hash.
func (f *numberFilter) positionsOf(h uint64) [3]uint32 {
	h1, h2 := uint32(h), uint32(h>>32)|1
	return [3]uint32{h1 % numberFilterBits, (h1 + h2) % numberFilterBits, (h1 + 2*h2) % numberFilterBits}
}

func (f *numberFilter) add(s string) { f.set(f.positions(s)) }

// addMain adds mainMark + main.
func (f *numberFilter) addMain(main string) { f.set(f.mainPositions(main)) }

func (f *numberFilter) set(ps [3]uint32) {
	for _, p := range ps {
		f.bits[p/64] |= 1 << (p % 64)
	}
}

// has reports whether s may have been added: false means certainly not.
func (f *numberFilter) has(s string) bool { return f.isSet(f.positions(s)) }

// hasMain is has(mainMark + main).
func (f *numberFilter) hasMain(main string) bool { return f.isSet(f.mainPositions(main)) }

func (f *numberFilter) isSet(ps [3]uint32) bool {
	for _, p := range ps {
		if f.bits[p/64]&(1<<(p%64)) == 0 {
			return false
		}
	}
	return true
}
