package eleader_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"html"
	"io"
	"log"
	"math/big"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"
	"github.com/entrepreneur-leader/eleader-go/adapters/smtp"
	"github.com/entrepreneur-leader/eleader-go/adapters/sqlite"
	"github.com/entrepreneur-leader/eleader-go/adapters/xlsx"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// ---- a real SMTP server on loopback (emersion/go-smtp) ----

type mailReceived struct {
	From string
	To   []string
	Data []byte
}

type mailServerOptions struct {
	Mode           string // "starttls" (default), "tls" or "none"
	User, Password string // required when User is set (AUTH PLAIN)
	Addr           string // "" means 127.0.0.1:0
}

type mailServer struct {
	Host      string
	Port      int
	ClientTLS *tls.Config // trusts the server's self-signed certificate
	srv       *gosmtp.Server
	mu        sync.Mutex
	msgs      []mailReceived
}

func startMailServer(tb testing.TB, o mailServerOptions) *mailServer {
	tb.Helper()
	if o.Mode == "" {
		o.Mode = "starttls"
	}
	if o.Addr == "" {
		o.Addr = "127.0.0.1:0"
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(tb, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "smtp test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(tb, err)
	cert, err := x509.ParseCertificate(der)
	require.NoError(tb, err)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	serverTLS := &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}, MinVersion: tls.VersionTLS12}

	ms := &mailServer{ClientTLS: &tls.Config{RootCAs: pool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}}
	ms.srv = gosmtp.NewServer(gosmtp.BackendFunc(func(*gosmtp.Conn) (gosmtp.Session, error) {
		return &mailSession{ms: ms, user: o.User, password: o.Password}, nil
	}))
	ms.srv.Domain = "localhost"
	ms.srv.ErrorLog = log.New(io.Discard, "", 0)
	ms.srv.ReadTimeout, ms.srv.WriteTimeout = 10*time.Second, 10*time.Second
	l, err := net.Listen("tcp", o.Addr)
	require.NoError(tb, err)
	switch o.Mode {
	case "starttls":
		ms.srv.TLSConfig = serverTLS
	case "tls":
		l = tls.NewListener(l, serverTLS)
	case "none":
		ms.srv.AllowInsecureAuth = true
	}
	a := l.Addr().(*net.TCPAddr)
	ms.Host, ms.Port = a.IP.String(), a.Port
	done := make(chan struct{})
	go func() {
		defer close(done)
		ms.srv.Serve(l)
	}()
	tb.Cleanup(func() {
		ms.srv.Close()
		l.Close() // in case Serve has not registered it yet
		<-done
	})
	return ms
}

func (ms *mailServer) Messages() []mailReceived {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return append([]mailReceived(nil), ms.msgs...)
}

// client is an smtp.Client of this server.
func (ms *mailServer) client(tb testing.TB, mode, user, password string) *smtp.Client {
	tb.Helper()
	c, err := smtp.New(smtp.Config{Host: ms.Host, Port: ms.Port, TLS: mode, Username: user, Password: password,
		TLSConfig: ms.ClientTLS, Timeout: 10 * time.Second})
	require.NoError(tb, err)
	return c
}

type mailSession struct {
	ms             *mailServer
	user, password string
	authed         bool
	from           string
	to             []string
}

func (s *mailSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *mailSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, username, password string) error {
		if username != s.user || password != s.password {
			return &gosmtp.SMTPError{Code: 535, EnhancedCode: gosmtp.EnhancedCode{5, 7, 8}, Message: "Authentication credentials invalid"}
		}
		s.authed = true
		return nil
	}), nil
}

func (s *mailSession) Mail(from string, _ *gosmtp.MailOptions) error {
	if s.user != "" && !s.authed {
		return gosmtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *mailSession) Rcpt(to string, _ *gosmtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *mailSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.ms.mu.Lock()
	s.ms.msgs = append(s.ms.msgs, mailReceived{From: s.from, To: s.to, Data: b})
	s.ms.mu.Unlock()
	return nil
}

func (s *mailSession) Reset()        { s.from, s.to = "", nil }
func (s *mailSession) Logout() error { return nil }

// freeMailAddr is a loopback address where nobody listens.
func freeMailAddr(tb testing.TB) (string, int) {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(tb, err)
	a := l.Addr().(*net.TCPAddr)
	require.NoError(tb, l.Close())
	return a.IP.String(), a.Port
}

// ---- decoding messages (net/mail, mime/multipart) ----

type mailParsed struct {
	Header      mail.Header
	Subject     string
	Text, HTML  string
	Attachments []mailAttachment
}

type mailAttachment struct {
	Name, ContentType string
	Data              []byte
}

func parseMail(tb testing.TB, raw []byte) mailParsed {
	tb.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	require.NoError(tb, err)
	p := mailParsed{Header: m.Header}
	p.Subject, err = (&mime.WordDecoder{}).DecodeHeader(m.Header.Get("Subject"))
	require.NoError(tb, err)
	walkMailPart(tb, &p, m.Header.Get("Content-Type"), m.Header.Get("Content-Transfer-Encoding"), m.Header.Get("Content-Disposition"), m.Body)
	p.Text = strings.ReplaceAll(p.Text, "\r\n", "\n")
	return p
}

func walkMailPart(tb testing.TB, p *mailParsed, ctype, cte, disp string, body io.Reader) {
	tb.Helper()
	mt, params, err := mime.ParseMediaType(ctype)
	require.NoError(tb, err, "Content-Type %q", ctype)
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			part, err := mr.NextPart() // decodes quoted-printable
			if errors.Is(err, io.EOF) {
				return
			}
			require.NoError(tb, err)
			walkMailPart(tb, p, part.Header.Get("Content-Type"), part.Header.Get("Content-Transfer-Encoding"), part.Header.Get("Content-Disposition"), part)
		}
	}
	data, err := io.ReadAll(body)
	require.NoError(tb, err)
	if strings.EqualFold(cte, "base64") {
		data, err = base64.StdEncoding.DecodeString(strings.NewReplacer("\r", "", "\n", "").Replace(string(data)))
		require.NoError(tb, err)
	}
	dt, dp, _ := mime.ParseMediaType(disp)
	if dt == "attachment" || dp["filename"] != "" {
		p.Attachments = append(p.Attachments, mailAttachment{Name: dp["filename"], ContentType: mt, Data: data})
		return
	}
	switch mt {
	case "text/plain":
		p.Text = string(data)
	case "text/html":
		p.HTML = string(data)
	}
}

// firstSentence is the sentence after "Bonjour,".
func firstSentence(tb testing.TB, text string) string {
	tb.Helper()
	rest, ok := strings.CutPrefix(text, "Bonjour,\n\n")
	require.True(tb, ok, "the text starts with Bonjour: %q", text)
	first, _, _ := strings.Cut(rest, "\n")
	return first
}

// ---- the service ----

// setClock moves the run environment's clock.
func (e *runEnv) advance(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.clock = e.clock.Add(d)
}

// peek reads the clock without moving it.
func (e *runEnv) peek() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.clock
}

func (e *runEnv) outbox(m eleader.Mailer) *eleader.Outbox {
	o := &eleader.Outbox{Service: e.svc, Mailer: m, Workbooks: xlsx.Workbooks{}}
	e.svc.Outbox = o
	return o
}

func (e *runEnv) report(tb testing.TB, partner string) eleader.Report {
	tb.Helper()
	reps := e.reports(tb, partner)
	require.Len(tb, reps, 1)
	r, err := e.store.Report(context.Background(), reps[0].ID)
	require.NoError(tb, err)
	return r
}

// hostileFile has two rejected lines (2 and 4) whose cells start with =, +,
// - and @, and one good line.
func hostileFile() string {
	return csvFile(
		dossierLine("ADIE000001", map[string]string{"Civilite": "Mr", "Nom": "=HYPERLINK(A1)", "Commune": "+33", "Adresse": "-x", "Conseiller": "@me"}),
		dossierLine("ADIE000002", nil),
		dossierLine("ADIE000003", map[string]string{"Civilite": "<i>Mr</i>", "Adresse": "@SUM(A1)", "Conseiller": "-2+3"}),
	)
}

// rejectsOf is the rejects file the importer writes for body, and the lines
// of its records.
func rejectsOf(tb testing.TB, name, body string) ([]byte, []int) {
	tb.Helper()
	var out bytes.Buffer
	var rw *importer.RejectsWriter
	var lines []int
	_, err := importer.NewValidator(nil).Validate(name, strings.NewReader(body), func(l *importer.Line) error {
		if l.Accepted() {
			return nil
		}
		if rw == nil {
			rw = importer.NewRejectsWriter(&out, l.Header())
		}
		lines = append(lines, l.Number)
		return rw.Write(l)
	})
	require.NoError(tb, err)
	require.NotNil(tb, rw, "some lines are rejected")
	require.NoError(tb, rw.Flush())
	return out.Bytes(), lines
}

const rptUser, rptPassword = "eleader", "mot-de-passe"

func TestReportEmail(t *testing.T) {
	e := newRunEnv(t)
	ctx := context.Background()
	e.partner(t, "adie", []string{"ADIE"}, importer.ModePartial, eleader.Production)
	ms := startMailServer(t, mailServerOptions{User: rptUser, Password: rptPassword})
	e.outbox(ms.client(t, smtp.StartTLS, rptUser, rptPassword))
	body := hostileFile()
	e.deposit(t, "adie", "20261116-adie.csv", body)
	e.run(t, "")

	msgs := ms.Messages()
	require.Len(t, msgs, 1, "one message")
	r := e.report(t, "adie")
	assert.Equal(t, eleader.ReportSent, r.State)
	assert.Zero(t, r.Attempts)
	assert.False(t, r.Sent.IsZero())
	assert.Empty(t, r.LastError)

	got := msgs[0]
	assert.Equal(t, "noreply@entrepreneur-leader.example", got.From)
	assert.Equal(t, []string{"rapports@adie.example"}, got.To)
	p := parseMail(t, got.Data)

	t.Run("headers", func(t *testing.T) {
		assert.Equal(t, "E#L – 20261116-adie.csv : 2 lignes rejetées sur 3", p.Subject)
		from, err := mail.ParseAddress(p.Header.Get("From"))
		require.NoError(t, err)
		assert.Equal(t, "noreply@entrepreneur-leader.example", from.Address)
		to, err := p.Header.AddressList("To")
		require.NoError(t, err)
		require.Len(t, to, 1)
		assert.Equal(t, "rapports@adie.example", to[0].Address)
		assert.Equal(t, "<rapport-"+strconv.FormatInt(r.ID, 10)+".adie@entrepreneur-leader.example>", p.Header.Get("Message-ID"))
		assert.Equal(t, r.MessageID, p.Header.Get("Message-ID"), "the sent mark keeps the Message-ID")
		d, err := p.Header.Date()
		require.NoError(t, err)
		assert.True(t, d.Equal(r.Created.Truncate(time.Second)), "Date: got %v want %v", d, r.Created)
		assert.Equal(t, "fr", p.Header.Get("Content-Language"))
	})

	t.Run("text and HTML", func(t *testing.T) {
		assert.Equal(t, "Le fichier 20261116-adie.csv a été traité : 2 lignes sont rejetées sur 3.", firstSentence(t, p.Text))
		assert.Contains(t, p.Text, "La ligne acceptée a été intégrée à E#L.")
		assert.Contains(t, p.Text, "Valeur non prévue (enum) : 2 erreurs")
		assert.Contains(t, p.Text, "ligne 2, Civilite : Attribute 'Civilite' with value 'Mr'")
		assert.Contains(t, p.Text, "ligne 4, Civilite : Attribute 'Civilite' with value '<i>Mr</i>'", "plain text, not escaped")
		assert.Contains(t, p.Text, "Conseil : utilisez les codes de la matrice cadre")
		assert.Contains(t, p.Text, "En pièces jointes")
		assert.Contains(t, p.Text, "Cordialement,")
		assert.Contains(t, p.HTML, `<html lang="fr">`)
		assert.Contains(t, p.HTML, "<strong>Le fichier 20261116-adie.csv a été traité : 2 lignes sont rejetées sur 3.</strong>")
		assert.Contains(t, p.HTML, "&lt;i&gt;Mr&lt;/i&gt;", "values are escaped")
		assert.NotContains(t, p.HTML, "<i>Mr</i>")
	})

	wantCSV, wantLines := rejectsOf(t, "20261116-adie.csv", body)
	require.Equal(t, []int{2, 4}, wantLines)
	require.Len(t, p.Attachments, 2)

	t.Run("rejects CSV", func(t *testing.T) {
		a := p.Attachments[0]
		assert.Equal(t, "20261116-adie-rejets.csv", a.Name)
		assert.Equal(t, "text/csv", a.ContentType)
		assert.Equal(t, string(wantCSV), string(a.Data), "byte for byte the importer's rejects")
		assert.Equal(t, storedRejects(t, e.svc, &r), string(a.Data))
		assert.True(t, bytes.HasPrefix(a.Data, []byte("\xEF\xBB\xBF")))
	})

	t.Run("XLSX twin", func(t *testing.T) {
		a := p.Attachments[1]
		assert.Equal(t, "20261116-adie-rejets.xlsx", a.Name)
		assert.Equal(t, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", a.ContentType)
		checkRejectsXLSX(t, a.Data, wantLines, map[[2]string]string{
			{"2", "Nom"}: "=HYPERLINK(A1)", {"2", "Commune"}: "+33", {"2", "Adresse"}: "-x", {"2", "Conseiller"}: "@me",
			{"4", "Civilite"}: "<i>Mr</i>", {"4", "Adresse"}: "@SUM(A1)", {"4", "Conseiller"}: "-2+3",
		})
		// Excel shows filter buttons from the sheet's <autoFilter>; the
		// defined name _xlnm._FilterDatabase alone shows none.
		assert.True(t, strings.Contains(firstSheetXML(t, a.Data), "<autoFilter "), "an autofilter on the sheet: no <autoFilter> in xl/worksheets/sheet1.xml")
	})

	// Nothing more: the sent mark.
	ds, err := e.svc.Outbox.Deliver(ctx)
	require.NoError(t, err)
	assert.Empty(t, ds)
	e.run(t, "")
	assert.Len(t, ms.Messages(), 1, "never sent twice")
}

// checkRejectsXLSX opens a rejects workbook with excelize: a frozen header,
// an autofilter, Ligne and Erreurs columns, every cell text, sensible widths.
// cells maps {Ligne, column} to the text it must show.
func checkRejectsXLSX(t *testing.T, data []byte, lines []int, cells map[[2]string]string) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	require.NoError(t, err)
	defer f.Close()
	sheet := f.GetSheetList()[0]
	rows, err := f.GetRows(sheet)
	require.NoError(t, err)
	require.Len(t, rows, len(lines)+1)
	header := rows[0]
	assert.Equal(t, "Ligne", header[0])
	assert.Equal(t, "Erreurs", header[len(header)-1])
	col := map[string]int{}
	for i, h := range header {
		col[h] = i + 1
	}
	for i, l := range lines {
		assert.Equal(t, strconv.Itoa(l), rows[i+1][0], "the physical line")
		assert.NotEmpty(t, rows[i+1][len(header)-1], "the errors")
	}
	row := map[string]int{}
	for i := 1; i < len(rows); i++ {
		row[rows[i][0]] = i + 1
	}
	for k, want := range cells {
		c, ok := col[k[1]]
		require.True(t, ok, "column %s", k[1])
		ax, err := excelize.CoordinatesToCellName(c, row[k[0]])
		require.NoError(t, err)
		v, err := f.GetCellValue(sheet, ax)
		require.NoError(t, err)
		assert.Equal(t, want, v, "%s (line %s, %s)", ax, k[0], k[1])
		formula, err := f.GetCellFormula(sheet, ax)
		require.NoError(t, err)
		assert.Empty(t, formula, "%s is no formula", ax)
		typ, err := f.GetCellType(sheet, ax)
		require.NoError(t, err)
		assert.Contains(t, []excelize.CellType{excelize.CellTypeInlineString, excelize.CellTypeSharedString}, typ, "%s is a string", ax)
	}
	panes, err := f.GetPanes(sheet)
	require.NoError(t, err)
	assert.True(t, panes.Freeze && panes.YSplit == 1, "frozen first row: %+v", panes)
	sheetXML := firstSheetXML(t, data)
	assert.False(t, strings.Contains(sheetXML, "<f>") || strings.Contains(sheetXML, "<f "), "no formula anywhere")

	for i := range header {
		name, err := excelize.ColumnNumberToName(i + 1)
		require.NoError(t, err)
		w, err := f.GetColWidth(sheet, name)
		require.NoError(t, err)
		assert.True(t, w >= 6 && w <= 80, "column %s (%s) width %v", name, header[i], w)
	}
}

// firstSheetXML is the XML of a workbook's first sheet, as written.
func firstSheetXML(tb testing.TB, data []byte) string {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(tb, err)
	for _, zf := range zr.File {
		if zf.Name == "xl/worksheets/sheet1.xml" {
			rc, err := zf.Open()
			require.NoError(tb, err)
			defer rc.Close()
			b, err := io.ReadAll(rc)
			require.NoError(tb, err)
			return string(b)
		}
	}
	tb.Fatal("no xl/worksheets/sheet1.xml")
	return ""
}

func TestReportFirstSentence(t *testing.T) {
	good := dossierLine("BGEE000001", nil)
	tests := []struct {
		name        string
		partner     string
		ops         []string
		mode        importer.Mode
		env         eleader.Environment
		body        string
		subject     string
		first       []string // what the first sentence says
		attachments int
		then        string // a later sentence
		// direct imports the file as eleader import does: a run's front
		// door sets a file with file errors aside, never imports it.
		direct bool
	}{
		{
			name: "complete mode: one bad line rejects the file", partner: "bge", ops: []string{"BGEE"}, mode: importer.ModeComplete, env: eleader.Production,
			body:    csvFile(good, dossierLine("BGEE000002", map[string]string{"Nom": ""})),
			subject: "E#L – 20261116-bge.csv : fichier rejeté, 1 ligne rejetée sur 2",
			first:   []string{"Le fichier 20261116-bge.csv est rejeté en entier", "mode complet", "1 ligne est rejetée sur 2"},
			// the rejected line, its CSV and XLSX
			attachments: 2, then: "Rien n'a été intégré à E#L.",
		},
		{
			name: "Windows-1252: a file error", partner: "bge", ops: []string{"BGEE"}, mode: importer.ModePartial, env: eleader.Production,
			body:    strings.ReplaceAll(csvFile(good), "é", "\xe9"),
			subject: "E#L – 20261116-bge.csv : fichier rejeté",
			first:   []string{"Le fichier 20261116-bge.csv est rejeté en entier", "il n'est pas encodé en UTF-8"},
			then:    "Aucune ligne n'a été lue",
			direct:  true,
		},
		{
			name: "qualification", partner: "bge", ops: []string{"BGEE"}, mode: importer.ModePartial, env: eleader.Qualification,
			body:    csvFile(good, dossierLine("BGEE000002", map[string]string{"Civilite": "Mr"})),
			subject: "E#L (qualification) – 20261116-bge.csv : 1 ligne rejetée sur 2",
			first:   []string{"Le fichier 20261116-bge.csv a été traité : 1 ligne est rejetée sur 2."},
			// nothing consolidated in qualification
			attachments: 2, then: "Environnement de qualification : rien n'est intégré à E#L.",
		},
		{
			name: "every line accepted", partner: "bge", ops: []string{"BGEE"}, mode: importer.ModePartial, env: eleader.Production,
			body:    csvFile(good, dossierLine("BGEE000002", nil)),
			subject: "E#L – 20261116-bge.csv : 2 lignes acceptées",
			first:   []string{"Le fichier 20261116-bge.csv a été traité : ses 2 lignes sont acceptées."},
			then:    "Les 2 lignes acceptées ont été intégrées à E#L (2 dossiers).",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newRunEnv(t)
			e.partner(t, tt.partner, tt.ops, tt.mode, tt.env)
			ms := startMailServer(t, mailServerOptions{Mode: "tls", User: rptUser, Password: rptPassword})
			e.outbox(ms.client(t, smtp.TLS, rptUser, rptPassword))
			if tt.direct {
				_, err := e.svc.ImportReported(context.Background(), eleader.Import{Partner: tt.partner, Name: "20261116-" + tt.partner + ".csv", Body: strings.NewReader(tt.body)})
				require.NoError(t, err)
			} else {
				e.deposit(t, tt.partner, "20261116-"+tt.partner+".csv", tt.body)
			}
			e.run(t, "") // imports the deposit, delivers the report
			msgs := ms.Messages()
			require.Len(t, msgs, 1)
			p := parseMail(t, msgs[0].Data)
			assert.Equal(t, tt.subject, p.Subject)
			first := firstSentence(t, p.Text)
			assert.True(t, strings.HasPrefix(first, tt.first[0]), "got %q, want it to start with %q", first, tt.first[0])
			for _, w := range tt.first[1:] {
				assert.Contains(t, first, w, "the first sentence says why")
			}
			assert.Contains(t, p.HTML, "<strong>"+html.EscapeString(first)+"</strong>")
			assert.Contains(t, p.Text, tt.then)
			assert.Len(t, p.Attachments, tt.attachments)
			if tt.attachments == 0 {
				assert.NotContains(t, p.Text, "pièces jointes")
			} else {
				want, _ := rejectsOf(t, "20261116-"+tt.partner+".csv", tt.body)
				assert.Equal(t, string(want), string(p.Attachments[0].Data))
			}
		})
	}
}

// mailerFunc is a Mailer of a function.
type mailerFunc func(ctx context.Context, m *eleader.Message) error

func (f mailerFunc) Send(ctx context.Context, m *eleader.Message) error { return f(ctx, m) }

func TestReportPersistedBeforeSending(t *testing.T) {
	e := newRunEnv(t)
	e.partner(t, "adie", []string{"ADIE"}, importer.ModePartial, eleader.Production)
	calls := 0
	e.outbox(mailerFunc(func(ctx context.Context, m *eleader.Message) error {
		calls++
		reps, err := e.store.Reports(ctx, "adie", 0)
		require.NoError(t, err)
		require.Len(t, reps, 1, "the report is in the store before any attempt")
		assert.Equal(t, eleader.ReportPending, reps[0].State)
		assert.NotZero(t, reps[0].RejectsBytes)
		return errors.New("the server is on strike")
	}))
	e.deposit(t, "adie", "20261116-adie.csv", hostileFile())
	e.run(t, "")
	assert.Equal(t, 1, calls)
	r := e.report(t, "adie")
	assert.Equal(t, eleader.ReportPending, r.State)
	assert.Equal(t, "the server is on strike", r.LastError)
}

func TestReportServerDownThenUp(t *testing.T) {
	e := newRunEnv(t)
	ctx := context.Background()
	e.partner(t, "adie", []string{"ADIE"}, importer.ModePartial, eleader.Production)
	host, port := freeMailAddr(t)
	c, err := smtp.New(smtp.Config{Host: host, Port: port, TLS: smtp.NoTLS, Timeout: 5 * time.Second})
	require.NoError(t, err)
	o := e.outbox(c)
	e.deposit(t, "adie", "20261116-adie.csv", hostileFile())
	e.run(t, "")

	r := e.report(t, "adie")
	assert.Equal(t, eleader.ReportPending, r.State, "kept")
	assert.Equal(t, 1, r.Attempts)
	assert.True(t, r.NextAttempt.After(e.peek()), "the next attempt is in the future: %v", r.NextAttempt)
	assert.Contains(t, r.LastError, host)
	assert.NotZero(t, r.RejectsBytes)

	ds, err := o.Deliver(ctx)
	require.NoError(t, err)
	assert.Empty(t, ds, "not due yet")

	ms := startMailServer(t, mailServerOptions{Mode: "none", Addr: net.JoinHostPort(host, strconv.Itoa(port))})
	e.advance(r.NextAttempt.Sub(e.peek()) + time.Second)
	ds, err = o.Deliver(ctx)
	require.NoError(t, err)
	require.Len(t, ds, 1)
	assert.Equal(t, eleader.Delivery{Report: r.ID, Partner: "adie", File: "20261116-adie.csv", State: eleader.ReportSent}, ds[0])
	require.Len(t, ms.Messages(), 1, "it arrives once the server is back")
	r = e.report(t, "adie")
	assert.Equal(t, eleader.ReportSent, r.State)
	assert.Equal(t, 1, r.Attempts)
	assert.Empty(t, r.LastError)
	assert.Equal(t, r.MessageID, parseMail(t, ms.Messages()[0].Data).Header.Get("Message-ID"))

	e.advance(24 * time.Hour)
	ds, err = o.Deliver(ctx)
	require.NoError(t, err)
	assert.Empty(t, ds)
	e.run(t, "")
	assert.Len(t, ms.Messages(), 1, "exactly once")
}

func TestReportDeliveredAfterRestart(t *testing.T) {
	e := newRunEnv(t)
	ctx := context.Background()
	e.partner(t, "adie", []string{"ADIE"}, importer.ModePartial, eleader.Production)
	host, port := freeMailAddr(t)
	c, err := smtp.New(smtp.Config{Host: host, Port: port, TLS: smtp.NoTLS, Timeout: 5 * time.Second})
	require.NoError(t, err)
	e.outbox(c)
	e.deposit(t, "adie", "20261116-adie.csv", hostileFile())
	e.run(t, "")
	first := e.report(t, "adie")
	require.Equal(t, eleader.ReportPending, first.State)
	require.NoError(t, e.store.Close(), "the process stops")

	// A new process on the same store file.
	store, err := sqlite.Open(ctx, filepath.Join(filepath.Dir(e.root), "e.db"))
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	ms := startMailServer(t, mailServerOptions{Mode: "none", Addr: net.JoinHostPort(host, strconv.Itoa(port))})
	e.advance(3 * time.Hour)
	svc := &eleader.Service{Store: store, Now: e.now}
	o := &eleader.Outbox{Service: svc, Mailer: c, Workbooks: xlsx.Workbooks{}}
	ds, err := o.Deliver(ctx)
	require.NoError(t, err)
	require.Len(t, ds, 1)
	assert.Equal(t, eleader.ReportSent, ds[0].State)
	msgs := ms.Messages()
	require.Len(t, msgs, 1)
	p := parseMail(t, msgs[0].Data)
	assert.Equal(t, "E#L – 20261116-adie.csv : 2 lignes rejetées sur 3", p.Subject)
	require.Len(t, p.Attachments, 2)
	assert.Equal(t, storedRejects(t, svc, &first), string(p.Attachments[0].Data))
	r, err := store.Report(ctx, first.ID)
	require.NoError(t, err)
	assert.Equal(t, eleader.ReportSent, r.State)
	ds, err = o.Deliver(ctx)
	require.NoError(t, err)
	assert.Empty(t, ds)
}

func TestReportAuthRefusedThenGiveUp(t *testing.T) {
	e := newRunEnv(t)
	ctx := context.Background()
	e.partner(t, "adie", []string{"ADIE"}, importer.ModePartial, eleader.Production)
	e.deposit(t, "adie", "20261116-adie.csv", hostileFile())
	e.run(t, "") // no outbox yet: the report waits
	ms := startMailServer(t, mailServerOptions{User: rptUser, Password: rptPassword})
	o := e.outbox(ms.client(t, smtp.StartTLS, rptUser, "not-the-password"))
	o.GiveUp = 30 * time.Minute

	ds, err := o.Deliver(ctx)
	require.NoError(t, err, "a refused report does not stop the outbox")
	require.Len(t, ds, 1)
	assert.Equal(t, eleader.ReportPending, ds[0].State)
	assert.Contains(t, strings.ToLower(ds[0].Error), "auth", "the error names authentication: %s", ds[0].Error)
	assert.Empty(t, ms.Messages(), "nothing received")
	r := e.report(t, "adie")
	assert.Equal(t, eleader.ReportPending, r.State, "kept")
	assert.Equal(t, 1, r.Attempts)
	assert.Equal(t, ds[0].Error, r.LastError)
	assert.NotZero(t, r.RejectsBytes)

	// Past GiveUp: failed, and still there for E#L.
	e.advance(time.Hour)
	ds, err = o.Deliver(ctx)
	require.NoError(t, err)
	require.Len(t, ds, 1)
	assert.Equal(t, eleader.ReportFailed, ds[0].State)
	r = e.report(t, "adie")
	assert.Equal(t, eleader.ReportFailed, r.State)
	assert.Equal(t, 2, r.Attempts)
	assert.Contains(t, strings.ToLower(r.LastError), "auth")
	all, err := e.store.Reports(ctx, "", 0)
	require.NoError(t, err)
	require.Len(t, all, 1, "listed")
	assert.Equal(t, eleader.ReportFailed, all[0].State)

	e.advance(24 * time.Hour)
	ds, err = o.Deliver(ctx)
	require.NoError(t, err)
	assert.Empty(t, ds, "no more attempts")
	assert.Empty(t, ms.Messages())

	// E#L resends it by hand once the password is fixed.
	require.NoError(t, e.store.Requeue(ctx, r.ID, e.peek()))
	o.Mailer = ms.client(t, smtp.StartTLS, rptUser, rptPassword)
	ds, err = o.Deliver(ctx)
	require.NoError(t, err)
	require.Len(t, ds, 1)
	assert.Equal(t, eleader.ReportSent, ds[0].State)
	assert.Len(t, ms.Messages(), 1)
}

func TestReportBackoff(t *testing.T) {
	e := newRunEnv(t)
	ctx := context.Background()
	e.partner(t, "adie", []string{"ADIE"}, importer.ModePartial, eleader.Production)
	e.deposit(t, "adie", "20261116-adie.csv", hostileFile())
	e.run(t, "")
	o := e.outbox(mailerFunc(func(context.Context, *eleader.Message) error { return errors.New("down") }))
	o.RetryBase, o.RetryMax = time.Minute, 10*time.Minute
	id := e.report(t, "adie").ID

	var prev time.Duration
	for n := 1; n <= 8; n++ {
		nominal := min(time.Minute<<(n-1), 10*time.Minute)
		before := e.peek()
		ds, err := o.Deliver(ctx)
		require.NoError(t, err)
		require.Len(t, ds, 1, "attempt %d is due", n)
		after := e.peek()
		r, err := e.store.Report(ctx, id)
		require.NoError(t, err)
		require.Equal(t, n, r.Attempts)
		require.Equal(t, eleader.ReportPending, r.State)
		slack := after.Sub(before) // Deliver read the clock in between
		lo, hi := r.NextAttempt.Sub(after), r.NextAttempt.Sub(before)
		assert.GreaterOrEqual(t, lo, time.Duration(0.8*float64(nominal))-slack, "attempt %d: delay ≥ 80 %% of %v", n, nominal)
		assert.LessOrEqual(t, hi, time.Duration(1.2*float64(nominal))+slack, "attempt %d: delay ≤ 120 %% of %v", n, nominal)
		if n > 1 && nominal < 10*time.Minute {
			assert.Greater(t, lo, prev, "attempt %d waits longer than the one before", n)
		}
		prev = hi
		// not due before its time
		e.advance(r.NextAttempt.Sub(e.peek()) - 3*time.Second)
		ds, err = o.Deliver(ctx)
		require.NoError(t, err)
		require.Empty(t, ds, "attempt %d: not due before %v", n+1, r.NextAttempt)
		e.advance(r.NextAttempt.Sub(e.peek()))
	}
}

func TestReportFolder(t *testing.T) {
	e := newRunEnv(t)
	ctx := context.Background()
	e.partner(t, "adie", []string{"ADIE"}, importer.ModePartial, eleader.Production)
	dir := filepath.Join(t.TempDir(), "outbox")
	o := e.outbox(&smtp.Folder{Dir: dir})
	body := hostileFile()
	e.deposit(t, "adie", "20261116-adie.csv", body)
	e.run(t, "")

	r := e.report(t, "adie")
	assert.Equal(t, eleader.ReportSent, r.State)
	name := smtp.FileName(r.MessageID)
	assert.Equal(t, "rapport-"+strconv.FormatInt(r.ID, 10)+".adie@entrepreneur-leader.example.eml", name)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1)
	assert.Equal(t, name, entries[0].Name())

	require.NoError(t, e.store.Requeue(ctx, r.ID, e.peek()))
	ds, err := o.Deliver(ctx)
	require.NoError(t, err)
	require.Len(t, ds, 1)
	assert.Equal(t, eleader.ReportSent, ds[0].State)
	entries, err = os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1, "the same file, rewritten")
	assert.Equal(t, name, entries[0].Name())

	raw, err := os.ReadFile(filepath.Join(dir, name))
	require.NoError(t, err)
	p := parseMail(t, raw)
	assert.Equal(t, r.MessageID, p.Header.Get("Message-ID"))
	assert.Equal(t, "E#L – 20261116-adie.csv : 2 lignes rejetées sur 3", p.Subject)
	assert.Equal(t, "fr", p.Header.Get("Content-Language"))
	require.Len(t, p.Attachments, 2)
	want, lines := rejectsOf(t, "20261116-adie.csv", body)
	assert.Equal(t, "20261116-adie-rejets.csv", p.Attachments[0].Name)
	assert.Equal(t, string(want), string(p.Attachments[0].Data))
	assert.Equal(t, "20261116-adie-rejets.xlsx", p.Attachments[1].Name)
	checkRejectsXLSX(t, p.Attachments[1].Data, lines, map[[2]string]string{{"4", "Conseiller"}: "-2+3"})
}

// TestReportResentSameMessageID: a report sent again carries the same
// Message-ID, so that mail software shows one message.
func TestReportResentSameMessageID(t *testing.T) {
	e := newRunEnv(t)
	ctx := context.Background()
	e.partner(t, "adie", []string{"ADIE"}, importer.ModePartial, eleader.Production)
	ms := startMailServer(t, mailServerOptions{Mode: "none"})
	o := e.outbox(ms.client(t, smtp.NoTLS, "", ""))
	e.deposit(t, "adie", "20261116-adie.csv", hostileFile())
	e.run(t, "")
	r := e.report(t, "adie")
	require.NoError(t, e.store.Requeue(ctx, r.ID, e.peek()))
	_, err := o.Deliver(ctx)
	require.NoError(t, err)
	msgs := ms.Messages()
	require.Len(t, msgs, 2)
	assert.Equal(t, parseMail(t, msgs[0].Data).Header.Get("Message-ID"), parseMail(t, msgs[1].Data).Header.Get("Message-ID"))
}

// TestReportOneFailureDoesNotStopOthers: a report refused by the Mailer is
// recorded and the next one is still sent.
func TestReportOneFailureDoesNotStopOthers(t *testing.T) {
	e := newRunEnv(t)
	ctx := context.Background()
	e.partner(t, "adie", []string{"ADIE"}, importer.ModePartial, eleader.Production)
	e.partner(t, "bge", []string{"BGEE"}, importer.ModePartial, eleader.Production)
	e.deposit(t, "adie", "20261116-adie.csv", hostileFile())
	e.deposit(t, "bge", "20261116-bge.csv", csvFile(dossierLine("BGEE000001", nil)))
	e.run(t, "")
	ms := startMailServer(t, mailServerOptions{Mode: "none"})
	srvClient := ms.client(t, smtp.NoTLS, "", "")
	o := e.outbox(mailerFunc(func(ctx context.Context, m *eleader.Message) error {
		if strings.Contains(m.Subject, "adie") {
			return errors.New("mailbox full")
		}
		return srvClient.Send(ctx, m)
	}))
	ds, err := o.Deliver(ctx)
	require.NoError(t, err)
	require.Len(t, ds, 2)
	states := map[string]string{}
	for _, d := range ds {
		states[d.Partner] = d.State
	}
	assert.Equal(t, map[string]string{"adie": eleader.ReportPending, "bge": eleader.ReportSent}, states)
	assert.Len(t, ms.Messages(), 1)
}

// Two processes delivering from one store (instances sharing a database)
// send each report once: it is claimed before it is sent.
func TestReportTwoInstancesSendOnce(t *testing.T) {
	e := newRunEnv(t)
	ctx := context.Background()
	e.partner(t, "adie", []string{"ADIE"}, importer.ModePartial, eleader.Production)
	e.partner(t, "frac", []string{"FRAC"}, importer.ModePartial, eleader.Production)
	e.deposit(t, "adie", "20261116-adie.csv", hostileFile())
	e.deposit(t, "frac", "20261116-frac.csv", csvFile(dossierLine("FRAC000001", nil)))
	e.run(t, "") // no outbox yet: the reports wait

	// A second instance: its own connection to the same database.
	other, err := sqlite.Open(ctx, e.store.Path())
	require.NoError(t, err)
	defer other.Close()
	svc2 := &eleader.Service{Store: other, Deposits: e.dirs, Now: e.now}

	var mu sync.Mutex
	sent := map[string]int{}
	slow := mailerFunc(func(ctx context.Context, m *eleader.Message) error {
		time.Sleep(150 * time.Millisecond) // both instances see the report due
		mu.Lock()
		sent[m.MessageID]++
		mu.Unlock()
		return nil
	})
	outboxes := []*eleader.Outbox{
		{Service: e.svc, Mailer: slow},
		{Service: svc2, Mailer: slow},
	}
	var wg sync.WaitGroup
	for _, o := range outboxes {
		for range 3 {
			wg.Go(func() {
				_, err := o.Deliver(ctx)
				assert.NoError(t, err)
			})
		}
	}
	wg.Wait()
	assert.Len(t, sent, 2, "both reports sent")
	for id, n := range sent {
		assert.Equal(t, 1, n, "%s sent %d times", id, n)
	}
	for _, p := range []string{"adie", "frac"} {
		assert.Equal(t, eleader.ReportSent, e.report(t, p).State)
	}
}
