package matrice

import (
	"regexp"
	"regexp/syntax"
	"unicode/utf8"
)

// pattern checks a field's Motif. Most motifs of a matrice are a sequence of
// ASCII character classes, each once, optional or repeated, such as
// ^Q[NP][0-9]{5}[0-9A-Z]$; those compile to a classSeq, which matches in a
// few nanoseconds per byte without allocating. Any other motif (alternation,
// non-ASCII text, case folding, more than 63 positions…) uses the regexp.
type pattern struct {
	re  *regexp.Regexp
	seq *classSeq
}

// compilePattern compiles a Motif, which the whole value must match.
func compilePattern(motif string) (pattern, error) {
	re, err := regexp.Compile(`^(?:` + motif + `)$`)
	if err != nil {
		return pattern{}, err
	}
	return pattern{re: re, seq: compileClassSeq(`^(?:` + motif + `)$`)}, nil
}

// match reports whether the whole of v matches.
func (p *pattern) match(v []byte) bool {
	if p.seq != nil {
		return p.seq.match(v)
	}
	return p.re.Match(v)
}

// classSeq is a regular expression of at most 63 positions, each an ASCII
// byte class that is required, optional (x?, x{0,n}) or repeated (x*, x+),
// anchored at both ends. It matches by simulating its automaton as a bit set
// (Glushkov's automaton, shift-and style): bit k of a state means "the first
// k positions are matched".
type classSeq struct {
	n     int         // positions
	class [256]uint64 // per byte: bit k when position k accepts it
	opt   uint64      // bit k: position k may be skipped
	rep   uint64      // bit k: position k may repeat
	fixed bool        // no optional nor repeated position: length n
}

// compileClassSeq compiles expr into a classSeq, or returns nil when expr is
// not such a sequence.
func compileClassSeq(expr string) *classSeq {
	re, err := syntax.Parse(expr, syntax.Perl) // the flags regexp.Compile uses
	if err != nil {
		return nil
	}
	var c seqCompiler
	if !c.add(re) || c.seq.n == 0 {
		return nil
	}
	c.seq.fixed = c.seq.opt == 0 && c.seq.rep == 0
	return &c.seq
}

// maxPositions leaves a bit for the state "every position matched".
const maxPositions = 63

// seqCompiler builds a classSeq from a parsed expression.
type seqCompiler struct {
	seq   classSeq
	ended bool // $ seen: no position may follow
}

// add appends the positions of re. Anchors may only come before the first
// position (^) or after the last ($), where, inside ^(?:…)$, they change
// nothing.
func (c *seqCompiler) add(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpBeginText:
		return c.seq.n == 0 && !c.ended
	case syntax.OpEndText:
		c.ended = true
		return true
	}
	if c.ended {
		return false
	}
	switch re.Op {
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			if !c.add(sub) {
				return false
			}
		}
		return true
	case syntax.OpCapture:
		return c.add(re.Sub[0])
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return false // folding may match non-ASCII runes (k and the Kelvin sign)
		}
		for _, r := range re.Rune {
			if !c.seq.position(literalSet(r), 1, 1) {
				return false
			}
		}
		return true
	case syntax.OpCharClass:
		return c.seq.position(classSet(re.Rune), 1, 1)
	case syntax.OpQuest, syntax.OpStar, syntax.OpPlus, syntax.OpRepeat:
		set, ok := atomSet(re.Sub[0])
		if !ok {
			return false
		}
		lo, hi := re.Min, re.Max
		switch re.Op {
		case syntax.OpQuest:
			lo, hi = 0, 1
		case syntax.OpStar:
			lo, hi = 0, -1
		case syntax.OpPlus:
			lo, hi = 1, -1
		}
		return c.seq.position(set, lo, hi)
	}
	return false
}

// byteSet is a set of ASCII bytes.
type byteSet [2]uint64

func (b *byteSet) add(c rune) { b[c>>6] |= 1 << (c & 63) }

func (b *byteSet) has(c byte) bool { return c < utf8.RuneSelf && b[c>>6]&(1<<(c&63)) != 0 }

// literalSet is the set of one literal rune; empty when it is not ASCII.
func literalSet(r rune) byteSet {
	var b byteSet
	if r >= 0 && r < utf8.RuneSelf {
		b.add(r)
	}
	return b
}

// classSet is the set of a character class given as rune ranges; empty
// when it holds a rune that is not ASCII (the class must then not compile).
func classSet(ranges []rune) byteSet {
	var b byteSet
	for i := 0; i+1 < len(ranges); i += 2 {
		lo, hi := ranges[i], ranges[i+1]
		if lo < 0 || hi >= utf8.RuneSelf {
			return byteSet{}
		}
		for c := lo; c <= hi; c++ {
			b.add(c)
		}
	}
	return b
}

// atomSet is the set of a one-rune expression: a literal or a class.
func atomSet(re *syntax.Regexp) (byteSet, bool) {
	switch {
	case re.Op == syntax.OpLiteral && len(re.Rune) == 1 && re.Flags&syntax.FoldCase == 0:
		return literalSet(re.Rune[0]), true
	case re.Op == syntax.OpCharClass:
		return classSet(re.Rune), true
	case re.Op == syntax.OpCapture:
		return atomSet(re.Sub[0])
	}
	return byteSet{}, false
}

// position appends lo required positions of set, then hi-lo optional ones,
// or one optional repeated position when hi < 0 (unbounded).
func (s *classSeq) position(set byteSet, lo, hi int) bool {
	if set == (byteSet{}) {
		return false // a non-ASCII rune: the regexp decides
	}
	count := hi
	if hi < 0 {
		count = lo + 1
	}
	if count < lo || s.n+count > maxPositions {
		return false
	}
	for k := range count {
		bit := uint64(1) << s.n
		for c := range utf8.RuneSelf {
			if set.has(byte(c)) {
				s.class[c] |= bit
			}
		}
		if k >= lo {
			s.opt |= bit
		}
		if hi < 0 && k == count-1 {
			s.rep |= bit
		}
		s.n++
	}
	return true
}

// match reports whether the whole of v matches the sequence.
func (s *classSeq) match(v []byte) bool {
	if s.fixed {
		if len(v) != s.n {
			return false
		}
		for k, c := range v {
			if s.class[c]&(1<<k) == 0 {
				return false
			}
		}
		return true
	}
	state := s.closure(1)
	for _, c := range v {
		m := s.class[c]
		state = s.closure((state&m)<<1 | state&(s.rep<<1)&(m<<1))
		if state == 0 {
			return false
		}
	}
	return state&(1<<s.n) != 0
}

// closure adds to state the states reached by skipping optional positions.
func (s *classSeq) closure(state uint64) uint64 {
	for s.opt != 0 {
		next := state | (state&s.opt)<<1
		if next == state {
			return state
		}
		state = next
	}
	return state
}
