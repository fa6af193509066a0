package gen

import (
	"strconv"

	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// slot is one open dossier: who the beneficiary is, where the dossier
// stands, and its DOSSIER values, repeated on each of its lines.
type slot struct {
	seq      int     // the dossier's index among the file's main numbers
	suffix   [6]byte // the end of its operator index, "-AHG-4U" style
	version  int     // 0 for a main number, else the sub-version
	planned  int     // lines it will have
	emitted  int     // lines written
	accepted int     // lines written without a fault
	phase    int
	creation int // 0 not said, 1 OUI, 2 NON

	// the beneficiary
	woman            bool
	first, last      int // in womenNames or menNames, surnames
	birthName        int // in surnames, or -1
	birth            int // day
	commune          int
	street, number   int
	extra, suffixAdr int
	mailDomain       int
	mailDigits       int // 0 for none
	phone            [20]byte
	phoneLen         int

	// the dossier's story, as days
	accueil, debut, fin, maj, created int
	activity                          int

	vals arena
}

// open starts a new main dossier in s.
func (r *run) open(s *slot) {
	r.seq++
	*s = slot{seq: r.seq, vals: s.vals}
	const letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
	s.suffix = [6]byte{'-', letters[r.rng.IntN(len(letters))], letters[r.rng.IntN(len(letters))], letters[r.rng.IntN(len(letters))], '-', byte('1' + r.rng.IntN(9))}
	s.planned = r.plannedLines()
	switch p := r.rng.IntN(100); {
	case p < 50:
		s.phase = 1
	case p < 85:
		s.phase = 2
	default:
		s.phase = 3
	}
	s.woman = r.rng.IntN(100) < 52
	if s.woman {
		s.first = r.rng.IntN(len(womenNames))
	} else {
		s.first = r.rng.IntN(len(menNames))
	}
	s.last = r.rng.IntN(len(surnames))
	s.birthName = -1
	if s.woman && r.rng.IntN(100) < 15 {
		s.birthName = r.rng.IntN(len(surnames))
	}
	s.commune = r.rng.IntN(len(communes))
	s.street, s.number = r.rng.IntN(len(streets)), 1+r.rng.IntN(180)
	s.extra = r.rng.IntN(len(addressExtras))
	s.suffixAdr = -1
	if r.rng.IntN(100) < 6 {
		s.suffixAdr = r.rng.IntN(len(addressSuffixes))
	}
	s.mailDomain = r.rng.IntN(len(emailDomains))
	if r.rng.IntN(100) < 30 {
		s.mailDigits = 1 + r.rng.IntN(99)
	}
	s.phoneLen = len(r.appendPhone(s.phone[:0]))

	// the story, backwards from the last update
	s.maj = r.file - r.rng.IntN(45)
	earliest := dayOf(20160101)
	span := min(1500, s.maj-30-earliest)
	s.accueil = s.maj - 30 - r.rng.IntN(max(span, 1))
	switch s.phase {
	case 1:
		s.debut = s.accueil + r.rng.IntN(30)
	case 2:
		s.debut = s.accueil + 30 + r.rng.IntN(400)
	default:
		s.debut = s.accueil + 200 + r.rng.IntN(700)
	}
	s.debut = min(s.debut, s.maj)
	age := 18 + r.rng.IntN(45)
	s.birth = s.debut - age*365 - r.rng.IntN(365)
	s.activity = r.rng.IntN(len(activities))
	s.created = s.debut + r.rng.IntN(s.maj-s.debut+1)
	r.story(s)
	r.build(s)
}

// story decides the phase end and the company of the dossier in s.
func (r *run) story(s *slot) {
	s.fin = 0
	if r.rng.IntN(100) < 30 {
		s.fin = s.debut + r.rng.IntN(s.maj-s.debut+1)
	}
	s.creation = 0
	switch s.phase {
	case 2:
		switch p := r.rng.IntN(100); {
		case p < 55:
			s.creation = 1
		case p < 80:
			s.creation = 2
		}
	case 3:
		s.creation = 1
	}
}

// plannedLines draws a dossier's number of lines: 1 to 4, mostly few.
func (r *run) plannedLines() int {
	switch p := r.rng.IntN(100); {
	case p < 40:
		return 1
	case p < 70:
		return 2
	case p < 90:
		return 3
	}
	return 4
}

// retire ends the dossier in s and opens the next one there: a
// sub-version of it, now and then, when it stands in phase 2 or 3 and has
// an accepted line (so that it exists when the sub-version comes).
func (r *run) retire(s *slot) {
	r.count(s)
	chance := 12
	if s.version > 0 {
		chance = 25
	}
	if s.accepted == 0 || s.phase < 2 || s.version >= 999 || r.rng.IntN(100) >= chance {
		r.open(s)
		return
	}
	// A sub-version: the same beneficiary, a new project in phase 2.
	s.version++
	s.planned = r.plannedLines()
	s.emitted, s.accepted = 0, 0
	s.phase = 2
	s.maj = r.file - r.rng.IntN(20)
	s.debut = min(s.maj, s.debut+60+r.rng.IntN(400))
	s.activity = r.rng.IntN(len(activities))
	s.created = s.debut + r.rng.IntN(s.maj-s.debut+1)
	r.story(s)
	r.build(s)
}

// count adds the dossier in s to the statistics, once it is done.
func (r *run) count(s *slot) {
	if s.emitted == 0 {
		return
	}
	r.stats.Dossiers++
	if s.version > 0 {
		r.stats.SubVersions++
	}
	if s.emitted > 1 {
		r.stats.MultiLine++
	}
	s.emitted = 0 // counted
}

// build writes the DOSSIER values of s: what the partner knows at this
// stage, then whatever the matrice requires (at import, and to close the
// phase when the dossier closes it).
func (r *run) build(s *slot) {
	f := &r.f
	a := &s.vals
	a.reset(r.n)
	pct := func(p int) bool { return r.rng.IntN(100) < p }
	for _, i := range []int{f.numero, f.phase, f.debut, f.maj, f.civilite, f.nom, f.prenom, f.naissance, f.cp, f.commune, f.qpv, f.accueil, f.rgpd} {
		r.produce(s, i)
	}
	optional := []struct {
		field, pct int
	}{
		{f.conseiller, 60}, {f.email, 55}, {f.tel, 70}, {f.adresse, 50}, {f.niveau, 60}, {f.situation, 65},
		{f.rsa, 50}, {f.rqth, 30}, {f.prescripteur, 60}, {f.projet, 40}, {f.secteur, 45},
	}
	for _, o := range optional {
		if pct(o.pct) {
			r.produce(s, o.field)
		}
	}
	if s.birthName >= 0 {
		r.produce(s, f.nomNaissance)
	}
	if string(a.get(f.qpv)) == "OUI" {
		r.produce(s, f.codeQPV)
	}
	if s.phase == 1 && pct(40) {
		r.produce(s, f.formeEnv)
	}
	if s.creation > 0 {
		r.produce(s, f.creation)
	}
	if s.creation == 1 {
		r.produce(s, f.dateCreation)
		r.produce(s, f.siret)
		r.produce(s, f.forme)
		for _, o := range []struct{ field, pct int }{{f.naf, 80}, {f.cpEntreprise, 70}, {f.emplois, 60}} {
			if pct(o.pct) {
				r.produce(s, o.field)
			}
		}
	}
	if s.phase == 3 {
		if pct(70) {
			r.produce(s, f.active)
		}
		if pct(60) {
			r.produce(s, f.ca)
		}
	}
	if s.fin > 0 {
		r.produce(s, f.fin)
		r.produce(s, f.motif)
	}
	// What the matrice requires and the story left out.
	value := a.get
	for range 4 {
		changed := false
		closing, closes := r.closing(value)
		for i := range r.n {
			if r.groups[i] != matrice.GroupDossier || a.has(i) {
				continue
			}
			if r.oblig[i].holds(value) || closes && r.close[closing][i].holds(value) {
				r.produce(s, i)
				changed = true
			}
		}
		if !changed {
			break
		}
	}
}

// produce writes the value of DOSSIER field i of s.
func (r *run) produce(s *slot, i int) {
	f := &r.f
	a := &s.vals
	start := a.mark()
	b := a.buf
	switch i {
	case f.numero:
		if s.version > 0 {
			b = append(b, byte('0'+s.version/100), byte('0'+s.version/10%10), byte('0'+s.version%10), '-')
		}
		b = append(b, r.oper...)
		b = strconv.AppendInt(b, int64(100000+s.seq), 10)
		b = append(b, s.suffix[:]...)
	case f.phase:
		b = strconv.AppendInt(b, int64(s.phase), 10)
	case f.debut:
		b = appendDate(b, s.debut)
	case f.fin:
		if s.fin == 0 {
			s.fin = s.maj
		}
		b = appendDate(b, s.fin)
	case f.motif:
		if r.rng.IntN(100) < 70 {
			b = append(b, "ABOUTI"...)
		} else {
			b = append(b, r.pick(i)...)
		}
	case f.maj:
		b = appendDate(b, s.maj)
	case f.conseiller:
		b = append(b, counsellors[(s.seq*7+s.commune)%len(counsellors)]...)
	case f.civilite:
		if s.woman {
			b = append(b, "MME"...)
		} else {
			b = append(b, 'M')
		}
	case f.nom:
		b = append(b, surnames[s.last]...)
	case f.prenom:
		b = append(b, s.firstName()...)
	case f.nomNaissance:
		b = append(b, surnames[max(s.birthName, 0)]...)
	case f.naissance:
		b = appendDate(b, s.birth)
	case f.email:
		b = appendFolded(b, s.firstName())
		b = append(b, '.')
		b = appendFolded(b, surnames[s.last])
		if s.mailDigits > 0 {
			b = strconv.AppendInt(b, int64(s.mailDigits), 10)
		}
		b = append(b, '@')
		b = append(b, emailDomains[s.mailDomain]...)
	case f.tel:
		b = append(b, s.phone[:s.phoneLen]...)
	case f.adresse:
		b = strconv.AppendInt(b, int64(s.number), 10)
		b = append(b, ' ')
		b = append(b, addressExtras[s.extra]...)
		b = append(b, streets[s.street]...)
		if s.suffixAdr >= 0 {
			b = append(b, ", "...)
			b = append(b, addressSuffixes[s.suffixAdr]...)
		}
	case f.cp:
		b = append(b, communes[s.commune].cp...)
	case f.commune:
		b = append(b, communes[s.commune].name...)
	case f.qpv:
		if (s.seq+s.commune)%5 < 2 {
			b = append(b, "OUI"...)
		} else {
			b = append(b, "NON"...)
		}
	case f.codeQPV:
		b = r.appendQPV(b, s)
	case f.niveau, f.situation, f.prescripteur, f.formeEnv, f.forme:
		b = append(b, r.pick(i)...)
	case f.rsa, f.rqth:
		if r.rng.IntN(100) < 30 {
			b = append(b, "OUI"...)
		} else {
			b = append(b, "NON"...)
		}
	case f.accueil:
		b = appendDate(b, s.accueil)
	case f.rgpd:
		b = append(b, "OUI"...)
	case f.projet:
		b = append(b, activities[s.activity].project...)
	case f.secteur:
		b = append(b, nafSection(activities[s.activity].naf)...)
	case f.creation:
		if s.creation == 1 || s.creation == 0 && s.phase == 3 {
			b = append(b, "OUI"...)
		} else {
			b = append(b, "NON"...)
		}
	case f.dateCreation:
		b = appendDate(b, s.created)
	case f.siret:
		b = r.appendSIRET(b)
	case f.naf:
		b = append(b, activities[s.activity].naf...)
	case f.cpEntreprise:
		if r.rng.IntN(100) < 70 {
			b = append(b, communes[s.commune].cp...)
		} else {
			b = append(b, communes[r.rng.IntN(len(communes))].cp...)
		}
	case f.emplois:
		b = strconv.AppendInt(b, int64(1+r.rng.IntN(4)), 10)
	case f.active:
		if r.rng.IntN(100) < 85 {
			b = append(b, "OUI"...)
		} else {
			b = append(b, "NON"...)
		}
	case f.ca:
		b = strconv.AppendInt(b, int64(8000+r.rng.IntN(150000)), 10)
		switch r.rng.IntN(3) {
		case 0:
			b = append(b, ',')
			b = r.appendDigits(b, 2)
		case 1:
			b = append(b, ".00"...)
		}
	default:
		// A field the generator has no story for: the matrice changed.
		panic("gen: no value for field " + r.m.FieldName(i))
	}
	a.buf = b
	a.done(i, start)
}

func (s *slot) firstName() string {
	if s.woman {
		return womenNames[s.first]
	}
	return menNames[s.first]
}

// appendQPV appends the code of a priority neighbourhood of the dossier's
// département: QN, the département on three digits, two digits, a letter.
func (r *run) appendQPV(b []byte, s *slot) []byte {
	cp := communes[s.commune].cp
	b = append(b, 'Q', 'N', '0', cp[0], cp[1])
	b = strconv.AppendInt(b, int64(10+(s.commune*7)%89), 10)
	return append(b, "MABCDEFGHJ"[s.commune%10])
}

// pick returns a value of ENUM field i, at random.
func (r *run) pick(i int) string {
	v := r.enum[i]
	return v[r.rng.IntN(len(v))]
}

// lineItems writes the items of the next line of s: an appointment, an
// event, a financing — or none — as a partner's export carries them, one
// of each at most per line.
func (r *run) lineItems(s *slot) {
	r.items.reset(r.n)
	p := r.rng.IntN(100)
	if s.emitted == 0 {
		switch {
		case p < 65:
			r.rdv(s, true)
		case p < 75:
			r.event(s)
		}
		return
	}
	switch {
	case s.phase == 1 && p < 60, s.phase > 1 && p < 45:
		r.rdv(s, false)
		if r.rng.IntN(100) < 10 {
			r.event(s)
		}
	case s.phase == 1, p < 65:
		r.event(s)
	default:
		r.financing(s)
	}
}

// itemDay draws an item's day: from the welcome (or two months before the
// phase started) to the last update.
func (r *run) itemDay(s *slot) int {
	from := max(s.accueil, s.debut-60)
	return from + r.rng.IntN(s.maj-from+1)
}

func (r *run) rdv(s *slot, first bool) {
	f, a := &r.f, &r.items
	a.date(f.dateRDV, r.itemDay(s))
	if first {
		a.str(f.typeRDV, "DIAGNOSTIC")
	} else {
		a.str(f.typeRDV, r.pick(f.typeRDV))
	}
	a.str(f.modalite, r.pick(f.modalite))
	if r.rng.IntN(100) < 80 {
		a.int(f.dureeRDV, 15*(1+r.rng.IntN(8)))
	}
}

func (r *run) event(s *slot) {
	f, a := &r.f, &r.items
	a.date(f.dateEv, r.itemDay(s))
	a.str(f.typeEv, r.pick(f.typeEv))
	a.str(f.intituleEv, events[r.rng.IntN(len(events))])
	if r.rng.IntN(100) < 70 {
		a.int(f.dureeEv, 30*(2+r.rng.IntN(14)))
	}
}

func (r *run) financing(s *slot) {
	f, a := &r.f, &r.items
	typ := r.pick(f.typeFin)
	r.finRefs++
	start := a.mark()
	switch typ {
	case "PRET_HONNEUR":
		a.buf = append(a.buf, "PH-"...)
	case "MICROCREDIT":
		a.buf = append(a.buf, "MC-"...)
	default:
		a.buf = append(a.buf, typ[:3]...)
		a.buf = append(a.buf, '-')
	}
	a.buf = strconv.AppendInt(a.buf, int64(dateOfDay(s.maj).Year()), 10)
	a.buf = append(a.buf, '-')
	a.buf = strconv.AppendInt(a.buf, int64(r.finRefs), 10)
	a.done(f.refFin, start)
	a.str(f.typeFin, typ)
	start = a.mark()
	a.buf = strconv.AppendInt(a.buf, int64(500*(1+r.rng.IntN(40))), 10)
	if r.rng.IntN(2) == 0 {
		a.buf = append(a.buf, ",00"...)
	}
	a.done(f.montant, start)
	a.date(f.dateFin, r.itemDay(s))
	fi := financers[r.rng.IntN(len(financers))]
	if r.rng.IntN(100) < 80 {
		a.str(f.organisme, fi.name)
	}
	a.str(f.reseau, fi.network)
}
