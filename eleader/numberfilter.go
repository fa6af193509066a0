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
	h := maphash.String(f.seed, s)
	h1, h2 := uint32(h), uint32(h>>32)|1
	return [3]uint32{h1 % numberFilterBits, (h1 + h2) % numberFilterBits, (h1 + 2*h2) % numberFilterBits}
}

func (f *numberFilter) add(s string) {
	for _, p := range f.positions(s) {
		f.bits[p/64] |= 1 << (p % 64)
	}
}

// has reports whether s may have been added: false means certainly not.
func (f *numberFilter) has(s string) bool {
	for _, p := range f.positions(s) {
		if f.bits[p/64]&(1<<(p%64)) == 0 {
			return false
		}
	}
	return true
}
