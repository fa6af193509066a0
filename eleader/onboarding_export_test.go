package eleader_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var exportColumns = []string{"Partenaire", "Nom", "Operateurs", "Canaux", "Mode", "Environnement", "Statut", "Qualification",
	"ContactNom", "ContactTelephone", "ContactEmail", "Destinataires", "Correspondances", "Certificat", "ClesSSH", "Commentaires", "Cree", "MisAJour"}

// populate gives e partners in every status, with correspondences, a
// certificate, multi-line comments and accents. It returns the tokens of
// the partners that have one.
func populate(tb testing.TB, e *onbEnv) map[string]string {
	tb.Helper()
	ctx := context.Background()
	k := newCertKit(tb)
	tokens := map[string]string{}

	// demo: qualified, then active in production.
	demo := onbSheet("demo", "ADIE", "FRAC")
	demo.Name = "Démo — Île-de-France"
	demo.ReportRecipients = []string{"rapports@demo.example", "chef.projet@demo.example"}
	demo.Comments = "Raccordement suivi par Hélène.\nDeuxième ligne ; avec \"guillemets\"\n\ttroisième, indentée"
	tokens["demo"] = e.mustActivate(tb, demo)
	res, err := e.importExample(tb, "demo", "20261116-demo.csv")
	require.NoError(tb, err)
	require.True(tb, res.Qualified)
	_, _, err = e.svc.EditPartner(ctx, "demo", func(s *eleader.ConnectionSheet) error { s.Environment = eleader.Production; return nil }, "alice", "")
	require.NoError(tb, err)
	acts, err := e.svc.ProcessPartners(ctx, "demo", "bob")
	require.NoError(tb, err)
	require.Equal(tb, sA, acts[0].Status, acts[0].Refused)

	// bge: submitted, complete mode, correspondences.
	bge := onbSheet("bge", "BGE1")
	bge.Mode = importer.ModeComplete
	bge.Channels = []eleader.Channel{eleader.ChannelDepot}
	bge.Correspondences = []matrice.Correspondence{
		{Field: "Civilite", Partner: "Monsieur", Matrice: "M"},
		{Field: "Civilite", Partner: "Madame", Matrice: "MME"},
		{Field: "QPV", Partner: "oui", Matrice: "OUI"},
	}
	bge.Comments = "Table « civilité » fournie par la BGE;\nà revoir en 2027."
	e.mustCreate(tb, bge)
	_, err = e.svc.SubmitPartner(ctx, "bge", "alice")
	require.NoError(tb, err)

	// initiative-idf: a certificate, deactivated.
	ini := onbSheet("initiative-idf", "INIT")
	ini.Certificate = k.chainPEM()
	tokens["initiative-idf"] = e.mustActivate(tb, ini)
	_, err = e.svc.DeactivatePartner(ctx, "initiative-idf", "carol", "")
	require.NoError(tb, err)

	// reseau-x: active, then edited.
	tokens["reseau-x"] = e.mustActivate(tb, onbSheet("reseau-x", "RSX1"))
	_, _, err = e.svc.EditPartner(ctx, "reseau-x", func(s *eleader.ConnectionSheet) error { s.Name = "Réseau X — Essonne"; return nil }, "alice", "")
	require.NoError(tb, err)

	// adie-paris: a complete draft; fa: an incomplete one.
	e.mustCreate(tb, onbSheet("adie-paris", "ADIP"))
	fa := onbSheet("fa", "FAC1")
	fa.Contact.Email, fa.Channels = "", nil
	fa.Comments = "Brouillon incomplet : l'e-mail arrive."
	_, todo, err := e.svc.CreatePartner(ctx, fa, "alice")
	require.NoError(tb, err)
	require.NotEmpty(tb, todo)
	return tokens
}

func exportAll(tb testing.TB, svc *eleader.Service) []byte {
	tb.Helper()
	var b bytes.Buffer
	require.NoError(tb, svc.ExportPartners(context.Background(), &b, eleader.PartnerFilter{}))
	return b.Bytes()
}

func partnersByID(tb testing.TB, svc *eleader.Service) map[string]*eleader.Partner {
	tb.Helper()
	ps, err := svc.Partners(context.Background(), eleader.PartnerFilter{})
	require.NoError(tb, err)
	out := map[string]*eleader.Partner{}
	for _, p := range ps {
		out[p.ID()] = p
	}
	return out
}

func TestOnboardingExportRoundTrip(t *testing.T) {
	ctx := context.Background()
	src := newOnboarding(t, onbStart)
	tokens := populate(t, src)
	export := exportAll(t, src.svc)
	orig := partnersByID(t, src.svc)
	require.Len(t, orig, 6)
	statuses := map[eleader.SheetStatus]bool{}
	for _, p := range orig {
		statuses[p.Status] = true
	}
	require.Len(t, statuses, 5, "the store holds every status")

	dst := newOnboarding(t, onbStart.Add(48*time.Hour))
	n, err := dst.svc.ImportPartners(ctx, bytes.NewReader(export), "restore")
	require.NoError(t, err)
	assert.Equal(t, 6, n)
	got := partnersByID(t, dst.svc)
	require.Len(t, got, len(orig))
	for id, want := range orig {
		g := got[id]
		require.NotNil(t, g, id)
		assert.Equal(t, want.Sheet, g.Sheet, "%s: sheet", id)
		assert.Equal(t, want.Status, g.Status, "%s: status", id)
		assert.True(t, want.QualifiedAt.Equal(g.QualifiedAt), "%s: qualified at %v, want %v", id, g.QualifiedAt, want.QualifiedAt)
		assert.True(t, want.Created.Equal(g.Created), "%s: created %v, want %v", id, g.Created, want.Created)
		assert.Nil(t, g.Token, "%s: tokens are not exported", id)
		hist, err := dst.svc.PartnerHistory(ctx, id)
		require.NoError(t, err)
		require.Len(t, hist, 1)
		assert.Equal(t, "restore", hist[0].By)
		assert.Equal(t, want.Status, hist[0].To)
	}
	assert.True(t, got["demo"].Qualified())
	assert.Equal(t, eleader.Production, got["demo"].Sheet.Environment)

	// Exported again, the fresh store gives the same file but for the
	// update times.
	again := exportAll(t, dst.svc)
	assert.Equal(t, withoutColumn(t, export, "MisAJour"), withoutColumn(t, again, "MisAJour"))

	// Re-imports write nothing: into the fresh store, and into the first.
	n, err = dst.svc.ImportPartners(ctx, bytes.NewReader(export), "restore")
	require.NoError(t, err)
	assert.Equal(t, 0, n)
	n, err = src.svc.ImportPartners(ctx, bytes.NewReader(export), "restore")
	require.NoError(t, err)
	assert.Equal(t, 0, n)
	assert.Equal(t, orig, partnersByID(t, src.svc), "the first store is unchanged")
	_, err = src.svc.Authenticate(ctx, tokens["demo"])
	assert.NoError(t, err, "re-importing the same sheets revokes no token")

	// The old tokens do not work in the fresh store; a rotation gives one.
	_, err = dst.svc.Authenticate(ctx, tokens["demo"])
	asError(t, err, eleader.EUNAUTHORIZED)
	tok, err := dst.svc.RotateToken(ctx, "demo", "restore")
	require.NoError(t, err)
	p, err := dst.svc.Authenticate(ctx, tok)
	require.NoError(t, err)
	assert.Equal(t, "demo", p.ID())
}

// withoutColumn returns the CSV records of data without one column.
func withoutColumn(tb testing.TB, data []byte, col string) [][]string {
	tb.Helper()
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = ';'
	recs, err := r.ReadAll()
	require.NoError(tb, err)
	i := -1
	for j, c := range recs[0] {
		if c == col {
			i = j
		}
	}
	require.GreaterOrEqual(tb, i, 0, "no column %s", col)
	for k, rec := range recs {
		recs[k] = append(rec[:i:i], rec[i+1:]...)
	}
	return recs
}

func TestOnboardingExportFormat(t *testing.T) {
	ctx := context.Background()
	e := newOnboarding(t, onbStart)
	tokens := populate(t, e)
	export := exportAll(t, e.svc)

	require.True(t, utf8.Valid(export), "the export is UTF-8")
	assert.Contains(t, string(export), "Démo — Île-de-France", "accents are written as UTF-8")
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(export, []byte("\uFEFF"))))
	r.Comma = ';'
	recs, err := r.ReadAll()
	require.NoError(t, err, "encoding/csv reads the export")
	require.Len(t, recs, 7, "a header and one line per partner")
	assert.Equal(t, exportColumns, recs[0])
	rows := map[string]map[string]string{}
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, c := range recs[0] {
			row[c] = rec[i]
		}
		rows[row["Partenaire"]] = row
	}
	demo := rows["demo"]
	require.NotNil(t, demo)
	assert.Equal(t, "ACTIVEE", demo["Statut"])
	assert.Equal(t, "ADIE|FRAC", demo["Operateurs"])
	assert.Equal(t, "production", demo["Environnement"])
	assert.NotEmpty(t, demo["Qualification"])
	assert.Contains(t, demo["Commentaires"], "\nDeuxième ligne ; avec \"guillemets\"\n")
	assert.Equal(t, "ENVOYEE", rows["bge"]["Statut"])
	assert.Contains(t, rows["bge"]["Correspondances"], "Monsieur")
	assert.Equal(t, "DESACTIVEE", rows["initiative-idf"]["Statut"])
	assert.True(t, strings.HasPrefix(rows["initiative-idf"]["Certificat"], "-----BEGIN CERTIFICATE-----"))
	assert.Equal(t, "ENVOYEE_MAJ", rows["reseau-x"]["Statut"])
	assert.Equal(t, "BROUILLON", rows["fa"]["Statut"])
	for id, tok := range tokens {
		assert.NotContains(t, string(export), tok[len("elt_")+12+1:], "the export holds %s's token", id)
	}

	// A filtered export; an empty one still has its header.
	var b bytes.Buffer
	require.NoError(t, e.svc.ExportPartners(ctx, &b, eleader.PartnerFilter{Status: sD}))
	r = csv.NewReader(&b)
	r.Comma = ';'
	recs, err = r.ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 3)
	assert.Equal(t, "adie-paris", recs[1][0])
	assert.Equal(t, "fa", recs[2][0])
	b.Reset()
	require.NoError(t, e.svc.ExportPartners(ctx, &b, eleader.PartnerFilter{Partner: "nobody"}))
	r = csv.NewReader(&b)
	r.Comma = ';'
	recs, err = r.ReadAll()
	require.NoError(t, err)
	assert.Equal(t, [][]string{exportColumns}, recs)
}

func TestOnboardingImportPartnersRefused(t *testing.T) {
	ctx := context.Background()
	header := strings.Join(exportColumns, ";") + "\n"
	line := func(id, status, email string) string {
		return id + ";Nom;ABCD;api;partial;qualification;" + status + ";;Jeanne;01 23 45 67 89;" + email + ";;;;;;;\n"
	}
	tests := []struct {
		name, data, want string
	}{
		{"unknown status", header + line("adie", "PUBLIEE", "a@b.example"), "PUBLIEE"},
		{"bad identifier", header + line("Adie", "ENVOYEE", "a@b.example"), "Partenaire"},
		{"invalid submitted sheet", header + line("adie", "ENVOYEE", "nope"), "contact.email"},
		{"second record bad", header + line("adie", "ENVOYEE", "a@b.example") + line("bge", "ACTIVEE", ""), "record 2"},
		{"not CSV", "\"", "partners file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newOnboarding(t, onbStart)
			n, err := e.svc.ImportPartners(ctx, strings.NewReader(tt.data), "restore")
			assert.Contains(t, asError(t, err, eleader.EINVALID).Message, tt.want)
			assert.Equal(t, 0, n)
			ps, err := e.svc.Partners(ctx, eleader.PartnerFilter{})
			require.NoError(t, err)
			assert.Empty(t, ps, "the whole file is checked before anything is written")
		})
	}
	e := newOnboarding(t, onbStart)
	n, err := e.svc.ImportPartners(ctx, strings.NewReader(header+line("adie", "BROUILLON", "")), "restore")
	require.NoError(t, err, "an incomplete draft is restored")
	assert.Equal(t, 1, n)
}

// TestOnboardingExportRoundTripRealClock is the round trip with the
// default clock, whose times have fractions of a second: the qualification
// date must survive, and re-importing the export into the same store must
// write nothing (which would revoke every token).
func TestOnboardingExportRoundTripRealClock(t *testing.T) {
	ctx := context.Background()
	e := newOnboarding(t, onbStart.Add(123456789*time.Nanosecond))
	tok := e.mustActivate(t, onbSheet("demo", "ADIE", "FRAC"))
	res, err := e.importExample(t, "demo", "20261116-demo.csv")
	require.NoError(t, err)
	require.True(t, res.Qualified)
	orig, err := e.svc.Partner(ctx, "demo")
	require.NoError(t, err)
	require.NotZero(t, orig.QualifiedAt.Nanosecond(), "the clock has fractions of a second, as time.Now does")
	export := exportAll(t, e.svc)

	n, err := e.svc.ImportPartners(ctx, bytes.NewReader(export), "restore")
	require.NoError(t, err)
	assert.Equal(t, 0, n, "re-importing the export into the same store writes nothing")
	_, err = e.svc.Authenticate(ctx, tok)
	assert.NoError(t, err, "re-importing the same sheets revokes no token")

	dst := newOnboarding(t, onbStart)
	_, err = dst.svc.ImportPartners(ctx, bytes.NewReader(export), "restore")
	require.NoError(t, err)
	got, err := dst.svc.Partner(ctx, "demo")
	require.NoError(t, err)
	assert.True(t, orig.QualifiedAt.Equal(got.QualifiedAt), "qualified at %v, want %v", got.QualifiedAt, orig.QualifiedAt)
}

// TestOnboardingExportRoundTripCRLF: comments typed in a web form come with
// CRLF line ends; the sheet keeps them as LF (CSV readers fold CRLF inside a
// cell), so that an export reads back unchanged.
func TestOnboardingExportRoundTripCRLF(t *testing.T) {
	ctx := context.Background()
	e := newOnboarding(t, onbStart)
	s := onbSheet("adie", "ADIE")
	s.Comments = "première ligne\r\ndeuxième ligne"
	e.mustCreate(t, s)
	export := exportAll(t, e.svc)
	n, err := e.svc.ImportPartners(ctx, bytes.NewReader(export), "restore")
	require.NoError(t, err)
	assert.Equal(t, 0, n, "re-importing the export into the same store writes nothing")
	p, err := e.svc.Partner(ctx, "adie")
	require.NoError(t, err)
	assert.Equal(t, "première ligne\ndeuxième ligne", p.Sheet.Comments)
}

// TestOnboardingImportPartnersAtomic: ImportPartners promises to check the
// whole file before writing anything; an operator code held by another
// partner of the store, or twice in the file, is such a problem.
func TestOnboardingImportPartnersAtomic(t *testing.T) {
	ctx := context.Background()
	header := strings.Join(exportColumns, ";") + "\n"
	line := func(id, code string) string {
		return id + ";Nom;" + code + ";api;partial;qualification;ENVOYEE;;Jeanne;01 23 45 67 89;tech@" + id + ".example;;;;;;;\n"
	}
	for _, tt := range []struct{ name, data, code string }{
		{"code of a partner of the store", header + line("aaa", "AAAA") + line("bge", "ADIE"), "ADIE"},
		{"code twice in the file", header + line("aaa", "AAAA") + line("bge", "AAAA"), "AAAA"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newOnboarding(t, onbStart)
			e.mustCreate(t, onbSheet("adie", "ADIE"))
			n, err := e.svc.ImportPartners(ctx, strings.NewReader(tt.data), "restore")
			require.Error(t, err)
			assert.Contains(t, []string{eleader.ECONFLICT, eleader.EINVALID}, eleader.ErrorCode(err))
			assert.Contains(t, err.Error(), tt.code)
			assert.Equal(t, 0, n)
			_, err = e.svc.Partner(ctx, "aaa")
			assert.Equal(t, eleader.ENOTFOUND, eleader.ErrorCode(err), "a partner was written before the problem was found")
		})
	}
}

// setCells returns a partners export with the cells of partner id's record
// changed: column → value.
func setCells(tb testing.TB, data []byte, id string, cells map[string]string) []byte {
	tb.Helper()
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = ';'
	recs, err := r.ReadAll()
	require.NoError(tb, err)
	found := false
	for _, rec := range recs[1:] {
		if rec[0] != id {
			continue
		}
		found = true
		for col, v := range cells {
			i := -1
			for j, c := range recs[0] {
				if c == col {
					i = j
				}
			}
			require.GreaterOrEqual(tb, i, 0, "no column %s", col)
			rec[i] = v
		}
	}
	require.True(tb, found, "no record of %s", id)
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Comma = ';'
	require.NoError(tb, w.WriteAll(recs))
	return b.Bytes()
}

// TestOnboardingImportThroughTheTable is issue 14 §5's hole: partners
// import overwrote an active sheet in place, and could move it to
// production without a passed qualification. An import now changes a
// stored partner as E#L would, through the transition table and the
// activation checks.
func TestOnboardingImportThroughTheTable(t *testing.T) {
	ctx := context.Background()
	fresh := func(t *testing.T) (*onbEnv, string, []byte) {
		e := newOnboarding(t, onbStart)
		tok := e.mustActivate(t, onbSheet("demo", "ADIE", "FRAC"))
		e.reach(t, "xx", "XXXX", sX)
		return e, tok, exportAll(t, e.svc)
	}
	t.Run("an active sheet changed waits for processing", func(t *testing.T) {
		e, tok, export := fresh(t)
		n, err := e.svc.ImportPartners(ctx, bytes.NewReader(setCells(t, export, "demo", map[string]string{"Nom": "Démo renommée"})), "restore")
		require.NoError(t, err)
		assert.Equal(t, 1, n)
		p, err := e.svc.Partner(ctx, "demo")
		require.NoError(t, err)
		assert.Equal(t, sU, p.Status, "not overwritten in place")
		assert.Equal(t, "Démo renommée", p.Sheet.Name)
		_, err = e.svc.Authenticate(ctx, tok)
		assert.ErrorIs(t, err, eleader.ErrSheetInactive, "its token stops until processed")
		hist, err := e.svc.PartnerHistory(ctx, "demo")
		require.NoError(t, err)
		last := hist[len(hist)-1]
		assert.Equal(t, sA, last.From)
		assert.Equal(t, sU, last.To)
		assert.Contains(t, last.Comment, "its token stops until it is processed")
		acts, err := e.svc.ProcessPartners(ctx, "demo", "bob")
		require.NoError(t, err)
		assert.Equal(t, sA, acts[0].Status, acts[0].Refused)
		_, err = e.svc.Authenticate(ctx, tok)
		assert.NoError(t, err, "the same token works again")
	})
	t.Run("production needs the store's qualification", func(t *testing.T) {
		e, _, export := fresh(t)
		data := setCells(t, export, "demo", map[string]string{"Environnement": "production", "Qualification": "2026-11-01T00:00:00Z"})
		_, err := e.svc.ImportPartners(ctx, bytes.NewReader(data), "restore")
		require.NoError(t, err)
		p, err := e.svc.Partner(ctx, "demo")
		require.NoError(t, err)
		assert.Equal(t, sU, p.Status)
		assert.False(t, p.Qualified(), "a file never gives a qualification to a partner the store has")
		acts, err := e.svc.ProcessPartners(ctx, "demo", "bob")
		require.NoError(t, err)
		assert.Equal(t, sU, acts[0].Status)
		assert.Contains(t, acts[0].Refused, "qualification")
	})
	t.Run("an edited then deactivated sheet", func(t *testing.T) {
		e, _, export := fresh(t)
		_, err := e.svc.ImportPartners(ctx, bytes.NewReader(setCells(t, export, "demo", map[string]string{"Nom": "Autre", "Statut": "DESACTIVEE"})), "restore")
		require.NoError(t, err)
		assert.Equal(t, sX, e.status(t, "demo"))
	})
	refused := []struct {
		name, id string
		cells    map[string]string
		code     string
		want     string
	}{
		{"back to draft", "demo", map[string]string{"Statut": "BROUILLON"}, eleader.ECONFLICT, "cannot go to BROUILLON"},
		{"changed active sheet to draft", "demo", map[string]string{"Nom": "X", "Statut": "BROUILLON"}, eleader.ECONFLICT, "an edit makes it ENVOYEE_MAJ"},
		{"reactivated in production without qualification", "xx", map[string]string{"Environnement": "production", "Statut": "ACTIVEE"},
			eleader.ECONFLICT, "without the activation checks passing: production needs a successful qualification import first"},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			e, _, export := fresh(t)
			before := partnersByID(t, e.svc)
			n, err := e.svc.ImportPartners(ctx, bytes.NewReader(setCells(t, export, tt.id, tt.cells)), "restore")
			m := asError(t, err, tt.code).Message
			assert.Contains(t, m, tt.want)
			assert.Contains(t, m, `partner "`+tt.id+`"`)
			assert.Equal(t, 0, n)
			assert.Equal(t, before, partnersByID(t, e.svc), "nothing written")
		})
	}
	t.Run("a new active production partner needs a qualification", func(t *testing.T) {
		_, _, export := fresh(t)
		dst := newOnboarding(t, onbStart)
		_, err := dst.svc.ImportPartners(ctx, bytes.NewReader(setCells(t, export, "demo", map[string]string{"Environnement": "production"})), "restore")
		assert.Contains(t, asError(t, err, eleader.EINVALID).Message, "production needs a successful qualification import first")
		assert.Empty(t, partnersByID(t, dst.svc))
		_, err = dst.svc.ImportPartners(ctx, bytes.NewReader(setCells(t, export, "demo", map[string]string{"Environnement": "production", "Qualification": "2026-11-01T00:00:00Z"})), "restore")
		require.NoError(t, err, "restored into a new store with its qualification")
		assert.Equal(t, sA, dst.status(t, "demo"))
	})
	t.Run("a certificate on two sheets", func(t *testing.T) {
		k := newCertKit(t)
		e := newOnboarding(t, onbStart)
		a := onbSheet("adie", "ADIE")
		a.Certificate = k.chainPEM()
		e.mustCreate(t, a)
		e.mustCreate(t, onbSheet("bge", "BGE1"))
		export := exportAll(t, e.svc)
		dst := newOnboarding(t, onbStart)
		e2 := asError(t, func() error {
			_, err := dst.svc.ImportPartners(ctx, bytes.NewReader(setCells(t, export, "bge", map[string]string{"Certificat": k.chainPEM()})), "restore")
			return err
		}(), eleader.ECONFLICT)
		assert.Contains(t, e2.Message, "already on the connection sheet of adie")
		assert.Empty(t, partnersByID(t, dst.svc))
		// Into the first store: bge takes adie's certificate.
		_, err := e.svc.ImportPartners(ctx, bytes.NewReader(setCells(t, export, "bge", map[string]string{"Certificat": k.chainPEM()})), "restore")
		assert.Contains(t, asError(t, err, eleader.ECONFLICT).Message, "adie")
	})
}
