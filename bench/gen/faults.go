package gen

import (
	"bytes"
	"strconv"

	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// Kind is a kind of fault: the one check a faulty line fails.
type Kind int

// The kinds of fault, one per check a line can fail in the validator (and
// one per named rule of the default matrice).
const (
	FaultType            Kind = iota // a value not of its type: 75O11, 2025-03-14, Oui, an e-mail without @
	FaultRequired                    // a field required at import left empty
	FaultRequiredIf                  // a field required under a condition (SI:) left empty
	FaultRequiredClose               // a field required to close the phase left empty
	FaultLength                      // too short or too long: a 4-digit postcode
	FaultRange                       // out of bounds: DateMaj after the file's date, a duration of 0
	FaultPattern                     // not matching Motif: a CodeQPV QX…, a NAF code in lower case
	FaultEnum                        // not one of Valeurs: Mme, POLE_EMPLOI
	FaultLuhn                        // rule luhn: a SIRET with a wrong key
	FaultDateOrder                   // rule date_order: DateFinPhase before DateDebutPhase
	FaultMinAge                      // rule min_age: under 16 at DateDebutPhase
	FaultSubversionPhase             // rule subversion_phase: a sub-version number on phase 1 or 3
	FaultConflict                    // a DOSSIER value that disagrees with an earlier line of the dossier
	FaultCells                       // a cell missing, or a non-empty cell beyond the header
	numKinds
)

var kindInfo = [numKinds]struct {
	name  string
	check matrice.Check
	rule  string
}{
	FaultType:            {"type", matrice.CheckType, ""},
	FaultRequired:        {"required", matrice.CheckRequired, ""},
	FaultRequiredIf:      {"required_if", matrice.CheckRequiredIf, ""},
	FaultRequiredClose:   {"required_close", matrice.CheckRequiredClose, ""},
	FaultLength:          {"length", matrice.CheckLength, ""},
	FaultRange:           {"range", matrice.CheckRange, ""},
	FaultPattern:         {"pattern", matrice.CheckPattern, ""},
	FaultEnum:            {"enum", matrice.CheckEnum, ""},
	FaultLuhn:            {"rule luhn", matrice.CheckRule, "luhn"},
	FaultDateOrder:       {"rule date_order", matrice.CheckRule, "date_order"},
	FaultMinAge:          {"rule min_age", matrice.CheckRule, "min_age"},
	FaultSubversionPhase: {"rule subversion_phase", matrice.CheckRule, "subversion_phase"},
	FaultConflict:        {"conflict", matrice.CheckConflict, ""},
	FaultCells:           {"cells", matrice.CheckCells, ""},
}

// Kinds returns every kind of fault, in order.
func Kinds() []Kind {
	k := make([]Kind, numKinds)
	for i := range k {
		k[i] = Kind(i)
	}
	return k
}

// String names the kind: its check code, and the rule for a rule ("rule luhn").
func (k Kind) String() string {
	if k < 0 || k >= numKinds {
		return "Kind(" + strconv.Itoa(int(k)) + ")"
	}
	return kindInfo[k].name
}

// Check returns the code of the error a fault of this kind yields.
func (k Kind) Check() matrice.Check { return kindInfo[k].check }

// Rule returns the rule a fault of this kind breaks, "" when it is not a rule.
func (k Kind) Rule() string { return kindInfo[k].rule }

// fault puts one fault on the line being written and returns its kind: the
// least used kind so far that fits the line.
func (r *run) fault(s *slot) Kind {
	var order [numKinds]Kind
	for i := range order {
		order[i] = Kind(i)
	}
	for i := 1; i < len(order); i++ { // by use, then kind: stable insertion sort
		for j := i; j > 0 && r.used[order[j]] < r.used[order[j-1]]; j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	r.fb = r.fb[:0]
	for _, k := range order {
		if r.tryFault(s, k) {
			return k
		}
	}
	panic(errNoFault) // cells always fits
}

// candidates collects the mutations that fit the line, to draw one.
type candidates struct {
	n  int
	of [16]int
}

func (c *candidates) add(ok bool, id int) {
	if ok && c.n < len(c.of) {
		c.of[c.n] = id
		c.n++
	}
}

func (r *run) draw(c *candidates) (int, bool) {
	if c.n == 0 {
		return 0, false
	}
	return c.of[r.rng.IntN(c.n)], true
}

// set replaces the cell of field i with the fault buffer.
func (r *run) set(i int) { r.cells[i] = r.fb }

func (r *run) has(i int) bool { return len(r.cells[i]) > 0 }

// free reports whether a DOSSIER field of s may take another value on this
// line without disagreeing with an earlier accepted line of the dossier:
// none was accepted, or they left the field empty.
func (r *run) free(s *slot, i int) bool { return s.accepted == 0 || !s.vals.has(i) }

// tryFault puts a fault of kind k on the line if one fits, and reports it.
func (r *run) tryFault(s *slot, k Kind) bool {
	f := &r.f
	var c candidates
	switch k {
	case FaultType:
		c.add(true, f.cp)
		c.add(true, f.accueil)
		c.add(true, f.email)
		c.add(true, f.tel)
		c.add(true, f.rqth)
		c.add(true, f.numero)
		c.add(r.has(f.siret), f.siret)
		c.add(r.has(f.montant), f.montant)
		c.add(r.has(f.dureeRDV), f.dureeRDV)
		c.add(r.has(f.ca), f.ca)
		c.add(r.has(f.dateRDV), f.dateRDV)
		i, _ := r.draw(&c)
		r.typeFault(i)
		return true

	case FaultRequired:
		for _, i := range r.always {
			c.add(r.has(i), i)
		}
		i, ok := r.draw(&c)
		if ok {
			r.cells[i] = nil
		}
		return ok

	case FaultRequiredIf:
		for _, i := range r.ifImp {
			c.add(r.has(i) && r.oblig[i].holds(r.value), i)
		}
		if i, ok := r.draw(&c); ok {
			r.cells[i] = nil
			return true
		}
		// Nothing to leave out: a type of event (or appointment) without its
		// date, which it requires.
		switch {
		case !r.has(f.dateEv) && !r.has(f.typeEv) && !r.has(f.intituleEv):
			r.fb = append(r.fb, r.pick(f.typeEv)...)
			r.set(f.typeEv)
		case !r.has(f.dateRDV) && !r.has(f.typeRDV) && !r.has(f.modalite):
			r.fb = append(r.fb, r.pick(f.typeRDV)...)
			r.set(f.typeRDV)
		default:
			return false
		}
		return true

	case FaultRequiredClose:
		closing, closes := r.closing(r.value)
		if !closes {
			return false
		}
		for i := range r.n {
			context := i == f.phase || i == f.fin || i == f.creation
			c.add(!context && r.has(i) && !r.oblig[i].holds(r.value) && r.close[closing][i].holds(r.value), i)
		}
		i, ok := r.draw(&c)
		if ok {
			r.cells[i] = nil
		}
		return ok

	case FaultLength:
		c.add(true, f.cp)
		c.add(r.has(f.codeQPV), f.codeQPV)
		c.add(r.has(f.cpEntreprise), f.cpEntreprise)
		c.add(r.has(f.dureeRDV), f.dureeRDV)
		c.add(r.has(f.dureeEv), f.dureeEv)
		i, _ := r.draw(&c)
		switch i {
		case f.cp, f.cpEntreprise:
			if r.rng.IntN(2) == 0 {
				r.fb = append(r.fb, r.cells[i][:4]...) // 7501
			} else {
				r.fb = append(append(r.fb, '0'), r.cells[i]...) // 075011
			}
		case f.codeQPV:
			r.fb = append(r.fb, r.cells[i][:7]...)
		case f.dureeRDV:
			r.fb = append(r.fb, "1200"...)
		case f.dureeEv:
			r.fb = append(r.fb, "12000"...)
		}
		r.set(i)
		return true

	case FaultRange:
		c.add(true, f.maj)
		c.add(true, f.accueil)
		c.add(true, f.naissance)
		c.add(r.has(f.dureeRDV), f.dureeRDV)
		c.add(r.has(f.ca), f.ca)
		c.add(r.has(f.montant), f.montant)
		i, _ := r.draw(&c)
		switch i {
		case f.maj:
			r.fb = appendDate(r.fb, r.file+1+r.rng.IntN(20)) // after the file's date
		case f.accueil:
			r.fb = appendDate(r.fb, dayOf(20140101)+r.rng.IntN(365))
		case f.naissance:
			r.fb = appendDate(r.fb, dayOf(19100101)+r.rng.IntN(3000))
		case f.dureeRDV:
			r.fb = append(r.fb, '0')
		case f.ca, f.montant:
			r.fb = append(append(r.fb, '-'), r.cells[i]...)
		}
		r.set(i)
		return true

	case FaultPattern:
		c.add(true, f.codeQPV)
		c.add(r.has(f.naf), f.naf)
		c.add(r.has(f.refFin), f.refFin)
		i, _ := r.draw(&c)
		switch i {
		case f.codeQPV:
			if r.has(i) {
				r.fb = append(r.fb, r.cells[i]...)
			} else {
				r.fb = r.appendQPV(r.fb, s)
			}
			r.fb[1] = 'X' // QX…: neither QN nor QP
		case f.naf:
			r.fb = append(r.fb, r.cells[i]...)
			r.fb[len(r.fb)-1] += 'a' - 'A' // 47.91b
		case f.refFin:
			r.fb = append(r.fb, r.cells[i]...)
			for j, ch := range r.fb {
				if ch == '-' {
					r.fb[j] = '/' // PH/2026/118
				}
			}
		}
		r.set(i)
		return true

	case FaultEnum:
		wrong := []struct {
			field int
			value string
		}{
			{f.civilite, "Mme"}, {f.civilite, "Mr"}, {f.prescripteur, "POLE_EMPLOI"}, {f.situation, "CHOMEUR"},
			{f.typeRDV, "Suivi"}, {f.modalite, "VISIO"}, {f.forme, "SA"}, {f.motif, "TERMINE"}, {f.niveau, "BAC+2"},
		}
		for j, w := range wrong {
			c.add(w.field == f.civilite || r.has(w.field), j)
		}
		j, _ := r.draw(&c)
		r.fb = append(r.fb, wrong[j].value...)
		r.set(wrong[j].field)
		return true

	case FaultLuhn:
		if !r.free(s, f.siret) {
			return false
		}
		if r.has(f.siret) {
			r.fb = append(r.fb, r.cells[f.siret]...)
		} else {
			r.fb = r.appendSIRET(r.fb)
		}
		last := &r.fb[len(r.fb)-1]
		*last = '0' + (*last-'0'+1)%10 // one digit changed breaks the key
		r.set(f.siret)
		return true

	case FaultDateOrder:
		if _, closes := r.closing(r.value); !closes || !r.free(s, f.fin) {
			return false
		}
		r.fb = appendDate(r.fb, s.debut-1-r.rng.IntN(60))
		r.set(f.fin)
		return true

	case FaultMinAge:
		if !r.free(s, f.naissance) {
			return false
		}
		r.fb = appendDate(r.fb, s.debut-15*365-3-r.rng.IntN(300)) // 15 years and a half, or so
		r.set(f.naissance)
		return true

	case FaultSubversionPhase:
		if s.version > 0 || s.phase == 2 {
			return false
		}
		// A number of its own (900 and up are never issued), so that no
		// earlier line of it disagrees.
		v := 900 + r.rng.IntN(100)
		r.fb = append(r.fb, byte('0'+v/100), byte('0'+v/10%10), byte('0'+v%10), '-')
		r.fb = append(r.fb, r.cells[f.numero]...)
		r.set(f.numero)
		return true

	case FaultConflict:
		if s.accepted == 0 {
			return false
		}
		c.add(true, f.nom)
		c.add(true, f.prenom)
		c.add(true, f.maj)
		c.add(r.has(f.tel), f.tel)
		c.add(r.has(f.conseiller), f.conseiller)
		i, _ := r.draw(&c)
		switch i {
		case f.nom:
			r.fb = append(r.fb, bytes.ToUpper(r.cells[i])...) // DUPONT for Dupont
		case f.prenom:
			names := menNames
			if s.woman {
				names = womenNames
			}
			r.fb = append(r.fb, names[(s.first+1+r.rng.IntN(5))%len(names)]...)
		case f.maj:
			r.fb = appendDate(r.fb, s.maj-1-r.rng.IntN(30))
		case f.tel:
			r.fb = r.appendPhone(r.fb)
			if bytes.Equal(r.fb, r.cells[i]) {
				r.fb[len(r.fb)-1] = '0' + (r.fb[len(r.fb)-1]-'0'+1)%10
			}
		case f.conseiller:
			cur := string(r.cells[i])
			for _, name := range counsellors {
				if name != cur {
					r.fb = append(r.fb, name...)
					break
				}
			}
		}
		r.set(i)
		return true

	case FaultCells:
		if r.rng.IntN(2) == 0 {
			r.ncells = r.n - 1 // the last cell missing
		} else {
			r.ncells = r.n + 1 // a comment beyond the header
			r.extra = append(r.extra[:0], "à rappeler"...)
		}
		return true
	}
	return false
}

// typeFault puts a value that is not of its field's type in field i.
func (r *run) typeFault(i int) {
	f := &r.f
	cell := r.cells[i]
	switch i {
	case f.cp, f.siret:
		r.fb = append(r.fb, cell...)
		r.fb[1+r.rng.IntN(len(r.fb)-1)] = 'O' // a letter O for a zero
	case f.accueil, f.dateRDV:
		if r.rng.IntN(2) == 0 {
			// AAAA-MM-JJ, as a database exports it
			r.fb = append(r.fb, cell[6:10]...)
			r.fb = append(r.fb, '-')
			r.fb = append(r.fb, cell[3:5]...)
			r.fb = append(r.fb, '-')
			r.fb = append(r.fb, cell[0:2]...)
		} else {
			r.fb = append(r.fb, "31/04/"...) // no such day
			r.fb = append(r.fb, cell[6:10]...)
		}
	case f.email:
		r.fb = append(r.fb, "prenom.nom."...)
		r.fb = append(r.fb, emailDomains[r.rng.IntN(len(emailDomains))]...) // no @
	case f.tel:
		r.fb = append(r.fb, "06 12 34 56"...) // two digits short
	case f.rqth:
		r.fb = append(r.fb, "Oui"...)
	case f.numero:
		r.fb = append(r.fb, cell...)
		lowered := false
		for j := range r.fb {
			if 'A' <= r.fb[j] && r.fb[j] <= 'Z' {
				r.fb[j] += 'a' - 'A' // demo100042-…: the operator code in lower case
				lowered = lowered || j < versionLen(cell)+4
			}
		}
		if !lowered { // an operator code of digits only: a slash instead
			r.fb = append(r.fb, '/')
		}
	case f.montant, f.ca:
		r.fb = append(r.fb, "12 500"...) // a thousands separator
	case f.dureeRDV:
		r.fb = append(r.fb, "1h30"...)
	}
	r.set(i)
}

// versionLen is the length of a number's sub-version prefix ("001-"), or 0.
func versionLen(number []byte) int {
	if matrice.HasVersion(number) {
		return 4
	}
	return 0
}
