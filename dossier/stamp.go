package dossier

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"

	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// Applied records the request whose application last changed a view, so
// that a store can tell, without reading the view, that applying that very
// request again would change nothing: applying a request twice changes
// nothing the second time (View.Apply), whatever happened before the first.
// A re-imported file thus costs a comparison per dossier, not a read, a
// merge and a write.
type Applied struct {
	// Request is the request's Hash.
	Request RequestHash
	// Disagreements counts the disagreements applying it again would meet:
	// those where the request's value lost.
	Disagreements int
}

// IsZero reports whether a is the zero Applied: no request known.
func (a Applied) IsZero() bool { return a == Applied{} }

// MarshalBinary encodes a for a store: the hash, then the count as a
// uvarint; the zero Applied is empty.
func (a Applied) MarshalBinary() ([]byte, error) {
	return a.appendBinary([]byte{}), nil
}

// appendBinary appends what MarshalBinary encodes.
func (a *Applied) appendBinary(b []byte) []byte {
	if a.IsZero() {
		return b
	}
	return binary.AppendUvarint(append(b, a.Request[:]...), uint64(a.Disagreements))
}

// UnmarshalBinary decodes what MarshalBinary encodes.
func (a *Applied) UnmarshalBinary(b []byte) error {
	if len(b) == 0 {
		*a = Applied{}
		return nil
	}
	n, k := binary.Uvarint(b[min(len(b), len(a.Request)):])
	if len(b) <= len(a.Request) || k <= 0 || k != len(b)-len(a.Request) || n > 1<<20 {
		return errors.New("dossier: corrupt applied request")
	}
	copy(a.Request[:], b)
	a.Disagreements = int(n)
	return nil
}

// AppliedOf returns what a view records (View.Applied) once r was applied
// to it, Apply having met the disagreements dis.
func AppliedOf(r *Request, dis []Disagreement) Applied {
	a := Applied{Request: r.Hash()}
	for _, d := range dis {
		if d.Kept != r.value(d.Group, d.Key, d.Field) {
			a.Disagreements++ // r's value lost: applying r again meets it again
		}
	}
	return a
}

// value returns what r brings to a DOSSIER field (group "") or to a field
// of one of its items.
func (r *Request) value(group matrice.Group, key, field string) Value {
	if group == "" {
		v, _ := r.Values().Get(field)
		return v
	}
	for i := range r.Items {
		if it := &r.Items[i]; it.Group == group && it.Key == key {
			v, _ := it.Values.Get(field)
			return v
		}
	}
	return Value{}
}

// RequestHash identifies a request: the first 16 bytes of the SHA-256 of its
// canonical encoding (number, source, line, fields by name, items in order
// with their values by name, every value with its provenance). Equal hashes
// mean equal requests.
type RequestHash [16]byte

// Hash returns the request's hash, computed once: the request must not
// change afterwards.
func (r *Request) Hash() RequestHash {
	if r.hashed {
		return r.hash
	}
	var scratch [4096]byte
	b := scratch[:0]
	b = appendNumber(b, r.Number)
	b = appendSource(b, r.Source)
	b = binary.AppendUvarint(b, uint64(r.Line))
	if l := r.layout; l != nil { // a Grouper's, in its compact form: the same bytes
		b = binary.AppendUvarint(b, uint64(len(r.slots)))
		for _, sl := range r.slots { // sorted by rank: by name
			b = appendStr(b, l.m.FieldName(l.fields[sl.rank]))
			b = appendStr(b, sl.value)
			b = binary.AppendUvarint(b, uint64(sl.line))
			b = binary.AppendUvarint(b, uint64(sl.date))
			b = append(b, 0) // the request's source
		}
	} else {
		b = binary.AppendUvarint(b, uint64(len(r.Fields)))
		for k := range r.Fields { // sorted by name
			f := &r.Fields[k]
			b = appendStr(b, f.Name)
			b = appendStr(b, f.Value.Value)
			b = r.appendProvenance(b, &f.Value.Provenance)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(r.Items)))
	for i := range r.Items {
		it := &r.Items[i]
		b = appendStr(b, string(it.Group))
		b = appendStr(b, it.Key)
		b = binary.AppendUvarint(b, uint64(len(it.Values)))
		for k := range it.Values { // sorted by name
			val := &it.Values[k]
			b = appendStr(b, val.Name)
			b = appendStr(b, val.Value.Value)
			b = r.appendProvenance(b, &val.Value.Provenance)
		}
	}
	sum := sha256.Sum256(b)
	copy(r.hash[:], sum[:])
	r.hashed = true
	return r.hash
}

// appendProvenance encodes p, its source only when it is not the request's.
func (r *Request) appendProvenance(b []byte, p *Provenance) []byte {
	b = binary.AppendUvarint(b, uint64(p.Line))
	b = binary.AppendUvarint(b, uint64(p.Date))
	if p.Source == r.Source {
		return append(b, 0)
	}
	return appendSource(append(b, 1), p.Source)
}

// appendNumber is appendStr(b, n.String()), without making the string.
func appendNumber(b []byte, n Number) []byte {
	switch v := n.Version; {
	case v == 0:
		b = binary.AppendUvarint(b, uint64(len(n.Oper)+len(n.Index)))
	case v > 0 && v <= MaxVersion:
		b = binary.AppendUvarint(b, uint64(4+len(n.Oper)+len(n.Index)))
		b = append(b, byte('0'+v/100), byte('0'+v/10%10), byte('0'+v%10), '-')
	default:
		return appendStr(b, n.String())
	}
	return append(append(b, n.Oper...), n.Index...)
}

func appendSource(b []byte, s Source) []byte {
	b = appendStr(b, s.Partner)
	b = appendStr(b, s.File)
	return binary.AppendUvarint(b, uint64(s.FileDate))
}
