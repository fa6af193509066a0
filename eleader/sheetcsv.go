package eleader

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"
	"time"

	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
	"github.com/gocarina/gocsv"
)

// sheetRow is a partner as the sheets export writes it: one line per
// partner, ';'-separated UTF-8, lists joined by '|', correspondence tables
// as JSON, the certificate as PEM. Tokens are never exported.
type sheetRow struct {
	Partenaire      string `csv:"Partenaire"`
	Nom             string `csv:"Nom"`
	Operateurs      string `csv:"Operateurs"`
	Canaux          string `csv:"Canaux"`
	Mode            string `csv:"Mode"`
	Environnement   string `csv:"Environnement"`
	Statut          string `csv:"Statut"`
	Qualification   string `csv:"Qualification"`
	ContactNom      string `csv:"ContactNom"`
	ContactTel      string `csv:"ContactTelephone"`
	ContactEmail    string `csv:"ContactEmail"`
	Destinataires   string `csv:"Destinataires"`
	Correspondances string `csv:"Correspondances"`
	Certificat      string `csv:"Certificat"`
	ClesSSH         string `csv:"ClesSSH"` // one key per line
	Commentaires    string `csv:"Commentaires"`
	Cree            string `csv:"Cree"`
	MisAJour        string `csv:"MisAJour"`
}

func joinList[S ~string](l []S) string {
	parts := make([]string, len(l))
	for i, x := range l {
		parts[i] = string(x)
	}
	return strings.Join(parts, "|")
}

func splitList[S ~string](s string) []S {
	var out []S
	for _, x := range strings.Split(s, "|") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, S(x))
		}
	}
	return out
}

// ExportPartners writes the partners f selects — those the person acting,
// if any, may consult — as CSV (';', UTF-8), through gocsv with a writer of
// our own.
func (s *Service) ExportPartners(ctx context.Context, w io.Writer, f PartnerFilter) error {
	partners, err := s.Partners(ctx, f)
	if err != nil {
		return err
	}
	return writePartners(w, partners)
}

// writePartners writes partners as ExportPartners does.
func writePartners(w io.Writer, partners []*Partner) error {
	rows := make([]sheetRow, 0, len(partners))
	for _, p := range partners {
		corr := ""
		if len(p.Sheet.Correspondences) > 0 {
			b, err := json.Marshal(p.Sheet.Correspondences)
			if err != nil {
				return err
			}
			corr = string(b)
		}
		rows = append(rows, sheetRow{
			Partenaire: p.ID(), Nom: p.Sheet.Name, Operateurs: joinList(p.Sheet.Operators), Canaux: joinList(p.Sheet.Channels),
			Mode: string(p.Sheet.Mode), Environnement: string(p.Sheet.Environment), Statut: string(p.Status),
			Qualification: timeText(p.QualifiedAt), ContactNom: p.Sheet.Contact.Name, ContactTel: p.Sheet.Contact.Phone,
			ContactEmail: p.Sheet.Contact.Email, Destinataires: joinList(p.Sheet.ReportRecipients), Correspondances: corr,
			Certificat: p.Sheet.Certificate, ClesSSH: strings.Join(p.Sheet.SSHKeys, "\n"), Commentaires: p.Sheet.Comments, Cree: timeText(p.Created), MisAJour: timeText(p.Updated),
		})
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	if len(rows) == 0 {
		// gocsv writes no header for no rows: write it, so the file says what it is.
		if err := cw.Write(sheetColumns()); err != nil {
			return err
		}
		cw.Flush()
		return cw.Error()
	}
	return gocsv.MarshalCSV(rows, gocsv.NewSafeCSVWriter(cw))
}

func sheetColumns() []string {
	t := reflect.TypeFor[sheetRow]()
	cols := make([]string, t.NumField())
	for i := range cols {
		cols[i] = t.Field(i).Tag.Get("csv")
	}
	return cols
}

// timeText writes a time exactly (RFC 3339 with nanoseconds, UTC), so that
// an export reads back equal.
func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func parseTimeText(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return t, fmt.Errorf("%s: %q is not a time AAAA-MM-JJTHH:MM:SS[.fraction]Z", field, importer.CutName(s))
	}
	return t, nil
}

// ImportPartners reads an export of ExportPartners back: each partner is
// created with the status and qualification of the file, or, when it
// exists and differs, changed as E#L would change it through the
// transition table, with a history entry saying so:
//   - an active sheet whose content changed becomes ENVOYEE_MAJ (its token
//     stops until processed: the activation checks then run), whatever
//     status the file gives, unless the file deactivates it;
//   - any other change of status must be one the table allows, and a sheet
//     the file makes ACTIVEE must pass the activation checks (a valid
//     sheet; production needs a passed qualification);
//   - the qualification of a partner the store has is the store's: a file
//     never gives one.
//
// Tokens are not exported: a partner created this way has none (rotate one
// for each active partner); a partner replaced keeps its own. It returns
// how many partners it wrote. The whole file is checked before anything
// is written; errors name the record.
func (s *Service) ImportPartners(ctx context.Context, r io.Reader, who string) (int, error) {
	if err := mayOperate(ctx); err != nil {
		return 0, err
	}
	who = actor(ctx, who)
	parsed, owner, err := parsePartners(r, s.matrice())
	if err != nil {
		return 0, err
	}
	// Codes and certificates held in the store by partners the file does
	// not replace stay theirs: a clash refuses the file before anything is
	// written.
	inFile := map[string]bool{}
	for _, p := range parsed {
		inFile[p.ID()] = true
	}
	stored, err := s.Store.Partners(ctx, PartnerFilter{})
	if err != nil {
		return 0, err
	}
	certs := map[string]string{} // the partner's certificate → partner
	for _, sp := range stored {
		if inFile[sp.ID()] {
			continue
		}
		for _, code := range sp.Sheet.Operators {
			if p, clash := owner[code]; clash {
				return 0, Errorf(ECONFLICT, "partners file: operator code %s of %s is already %s's", code, p, sp.ID())
			}
		}
		if leaf := leafOf(sp.Sheet.Certificate); leaf != nil {
			certs[string(leaf.Raw)] = sp.ID()
		}
	}
	for i, p := range parsed {
		if leaf := leafOf(p.Sheet.Certificate); leaf != nil {
			if other, clash := certs[string(leaf.Raw)]; clash {
				return 0, recordError(ECONFLICT, i, p.ID(), fmt.Errorf("Certificat: the client certificate %s is already on the connection sheet of %s: a certificate authenticates one partner only", name(leaf), other))
			}
			certs[string(leaf.Raw)] = p.ID()
		}
	}

	// What each record becomes, decided for all before anything is written.
	type write struct {
		p       *Partner
		from    SheetStatus
		comment string
	}
	var writes []write
	for i, p := range parsed {
		cur, err := s.Store.Partner(ctx, p.ID())
		switch {
		case ErrorCode(err) == ENOTFOUND:
			p.Version = 0
			if p.Status == StatusActive {
				if why := s.activationBlockAt(p, certificateTime(p.Sheet.Certificate)); why != "" {
					return 0, recordError(EINVALID, i, p.ID(), fmt.Errorf("Statut: %s needs the activation checks to pass: %s (restore it as %s, then process it)", StatusActive, why, StatusSent))
				}
			}
			writes = append(writes, write{p: p, comment: "restored from a partners export"})
			continue
		case err != nil:
			return 0, err
		}
		p.QualifiedAt = cur.QualifiedAt // the store's: a file never gives a qualification
		if samePartner(cur, p) {
			continue
		}
		to, comment, err := importedStatus(cur, p)
		if err != nil {
			return 0, recordError(ECONFLICT, i, p.ID(), err)
		}
		if to == StatusActive && cur.Status != StatusActive {
			if why := s.activationBlockAt(p, certificateTime(p.Sheet.Certificate)); why != "" {
				return 0, recordError(ECONFLICT, i, p.ID(), fmt.Errorf("Statut: the sheet would go from %s to %s without the activation checks passing: %s (give it the status %s, then process it)", cur.Status, StatusActive, why, cur.Status))
			}
		}
		p.Status, p.Version, p.Created = to, cur.Version, cur.Created
		writes = append(writes, write{p: p, from: cur.Status, comment: comment})
	}

	n := 0
	for _, w := range writes {
		p := w.p
		now := s.now()
		if p.Created.IsZero() {
			p.Created = now
		}
		p.Updated = now
		t := &Transition{At: now, By: by(who), From: w.from, To: p.Status, Comment: w.comment}
		if err := s.Store.SavePartner(ctx, PartnerUpdate{Partner: p, Transition: t}); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// MaxPartnersFileBytes bounds a partners file (ImportPartners): thousands
// of partners, certificates included, take a few MB.
const MaxPartnersFileBytes = 64 << 20

// parsePartners reads a partners file whole and checks it, without the
// store: each partner's sheet, one record per partner, no operator code
// twice. It returns the partners and the owner of each operator code.
// Its errors are *Error EINVALID naming the record.
func parsePartners(r io.Reader, m *matrice.Matrice) ([]*Partner, map[string]string, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxPartnersFileBytes+1))
	if err != nil {
		return nil, nil, err
	}
	if len(data) > MaxPartnersFileBytes {
		return nil, nil, Errorf(EINVALID, "partners file: larger than %d MiB: not an export of eleader partners export", MaxPartnersFileBytes>>20)
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // a spreadsheet's UTF-8 BOM (the portal's export has one)
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = ';'
	var rows []sheetRow
	if err := gocsv.UnmarshalCSV(cr, &rows); err != nil {
		return nil, nil, Errorf(EINVALID, "partners file: %s", importer.Cut(importer.Printable(err.Error()), 1024))
	}
	parsed := make([]*Partner, len(rows))
	owner := map[string]string{} // operator code → partner, as the file leaves them
	record := map[string]int{}   // partner → its record
	for i, row := range rows {
		p, err := row.partner(m)
		if err != nil {
			return nil, nil, recordError(EINVALID, i, row.Partenaire, err)
		}
		if first, dup := record[p.ID()]; dup {
			return nil, nil, Errorf(EINVALID, "partners file: partner %s has two records, %d and %d: an export has one per partner", p.ID(), first, i+1)
		}
		record[p.ID()] = i + 1
		parsed[i] = p
		for _, code := range p.Sheet.Operators {
			if other, dup := owner[code]; dup {
				return nil, nil, Errorf(EINVALID, "partners file: operator code %s is both %s's and %s's", importer.CutName(code), other, p.ID())
			}
			owner[code] = p.ID()
		}
	}
	return parsed, owner, nil
}

// recordError names the record of a partners file an error is about.
func recordError(code string, i int, partner string, err error) error {
	line := i + 2 // an approximation when cells hold newlines (certificates): the partner is named too
	return Errorf(code, "partners file, record %d (line %d and after, partner %q): %s", i+1, line,
		importer.CutName(partner), importer.Cut(importer.Printable(err.Error()), 4096))
}

// importedStatus is the status a stored partner cur takes when a partners
// file replaces it with p, through the transition table, and the history's
// comment; an error when the table forbids it.
func importedStatus(cur, p *Partner) (SheetStatus, string, error) {
	const restored = "restored from a partners export"
	changed := !sameSheet(cur.Sheet, p.Sheet)
	from, to := cur.Status, p.Status
	if changed && from == StatusActive {
		// An active sheet edited: ENVOYEE_MAJ, waiting for processing;
		// the file may deactivate it at once.
		if to == StatusDeactivated {
			return StatusDeactivated, restored + ": edited, then deactivated", nil
		}
		if to != StatusActive && to != StatusSentUpdate {
			return "", "", fmt.Errorf("Statut: the sheet is %s in the store: it cannot go to %s (an edit makes it %s)", from, to, StatusSentUpdate)
		}
		return StatusSentUpdate, restored + ": the active sheet changed, its token stops until it is processed", nil
	}
	if changed && !CanMove(from, from) {
		return "", "", fmt.Errorf("the sheet is %s in the store and cannot be edited in that status", from)
	}
	if to != from && !CanMove(from, to) {
		return "", "", fmt.Errorf("Statut: the sheet is %s in the store: it cannot go to %s (allowed from %s: %s)", from, to, from, statusList(targets(from, RoleEL)))
	}
	return to, restored, nil
}

// sameSheet compares two sheets as an export carries them.
func sameSheet(a, b ConnectionSheet) bool {
	ea, _ := json.Marshal(a)
	eb, _ := json.Marshal(b)
	return string(ea) == string(eb)
}

// samePartner compares what an export carries.
func samePartner(a, b *Partner) bool {
	return sameSheet(a.Sheet, b.Sheet) && a.Status == b.Status && a.QualifiedAt.Equal(b.QualifiedAt)
}

// partner converts an export line back, checking it.
func (row sheetRow) partner(m *matrice.Matrice) (*Partner, error) {
	p := &Partner{Status: SheetStatus(row.Statut)}
	p.Sheet = ConnectionSheet{
		Partner: row.Partenaire, Name: row.Nom, Operators: splitList[string](row.Operateurs), Channels: splitList[Channel](row.Canaux),
		Mode: importer.Mode(row.Mode), Environment: Environment(row.Environnement),
		Contact:          Contact{Name: row.ContactNom, Phone: row.ContactTel, Email: row.ContactEmail},
		ReportRecipients: splitList[string](row.Destinataires), Certificate: row.Certificat, Comments: row.Commentaires,
	}
	for _, line := range strings.Split(row.ClesSSH, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			p.Sheet.SSHKeys = append(p.Sheet.SSHKeys, line)
		}
	}
	if row.Correspondances != "" {
		if err := json.Unmarshal([]byte(row.Correspondances), &p.Sheet.Correspondences); err != nil {
			return nil, fmt.Errorf("Correspondances: %v", err)
		}
	}
	if _, ok := transitions[p.Status]; !ok {
		return nil, fmt.Errorf("Statut: %q is not a status (want %s)", importer.CutName(row.Statut), statusList(Statuses))
	}
	p.Sheet.normalize()
	if !importer.ValidPartner(p.Sheet.Partner) {
		return nil, fmt.Errorf("Partenaire: %q is not an identifier", importer.CutName(row.Partenaire))
	}
	if strings.Contains(p.Sheet.Certificate, "PRIVATE KEY") {
		return nil, fmt.Errorf("Certificat: holds a private key")
	}
	if p.Status != StatusDraft {
		// A certificate that expired since the export is still restored: the
		// next processing says so. Everything else must hold.
		if errs := sheetErrors(p.Sheet.Validate(m, certificateTime(p.Sheet.Certificate))); len(errs) > 0 {
			return nil, errs
		}
	}
	var err error
	if p.QualifiedAt, err = parseTimeText("Qualification", row.Qualification); err != nil {
		return nil, err
	}
	if p.Created, err = parseTimeText("Cree", row.Cree); err != nil {
		return nil, err
	}
	return p, nil
}

// certificateTime returns a time at which a certificate is valid (its
// middle), so that restoring a sheet does not depend on the date.
func certificateTime(pemText string) time.Time {
	now := time.Now()
	if pemText == "" {
		return now
	}
	certs, _, err := readCertificates([]byte(pemText))
	if err != nil || len(certs) == 0 {
		return now
	}
	leaf := certs[0]
	return leaf.NotBefore.Add(leaf.NotAfter.Sub(leaf.NotBefore) / 2)
}
