package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"strings"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

const partnersUsage = `usage: eleader partners COMMAND [flags]

  create --id ID [sheet flags]     record a connection sheet as a draft (BROUILLON)
  edit ID [sheet flags]            change a sheet (an active one becomes ENVOYEE_MAJ)
  submit ID                        send a draft for processing (→ ENVOYEE)
  delete ID                        delete a draft (BROUILLON), its history with it
  process [ID]                     activate the submitted sheets that are complete and valid
  deactivate ID                    stop a partner (→ DESACTIVEE)
  reactivate ID                    bring a deactivated partner back (→ ACTIVEE)
  list [filters]                   the sheets, by partner, status, environment, channel, qualification
  show ID                          a sheet, its status, certificate, token and history
  export [filters] [--output F]    the sheets as CSV (';', UTF-8)
  import FILE                      restore sheets from an export
  token rotate ID                  issue a new token (shown once), revoking the old one
  token revoke ID                  revoke the partner's token

Every command takes --db FILE and --format text|json; changes take --by NAME;
process, reactivate and token rotate take --outbox DIR (the emails to the partner's
people, as .eml when no SMTP server is set; their links need ELEADER_PUBLIC_URL).
Sheet flags: --name --operators A,B --channels api,web,sftp --mode partial|complete
--environment qualification|production --contact-name --contact-phone --contact-email
--recipients a@x,b@y --correspondances FILE --certificate FILE --comment TEXT
--ssh-key FILE.pub (repeatable; an authorized_keys file holds several) --remove-ssh-key SHA256:…
("depot", the former name of the channel sftp, is still accepted.)`

// runPartners runs "eleader partners …".
func runPartners(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, partnersUsage)
		return exitUsage
	}
	cmd, args := args[0], args[1:]
	if cmd == "token" {
		if len(args) == 0 || (args[0] != "rotate" && args[0] != "revoke") {
			return usageError(stderr, "usage: eleader partners token rotate|revoke ID")
		}
		cmd, args = "token "+args[0], args[1:]
	}
	pc := &partnersCmd{stdout: stdout, stderr: stderr}
	fs := newFlagSet("partners "+cmd, stderr, "partners "+cmd+" …\n\n"+partnersUsage)
	pc.register(fs)
	fs.StringVar(&pc.by, "by", currentUser(), "who makes the change, for the sheet's history")
	var run func([]string) int
	switch cmd {
	case "create", "edit":
		pc.sheetFlags(fs, cmd == "edit")
		if cmd == "create" {
			fs.StringVar(&pc.id, "id", "", "the partner's `identifier`, as its file names carry it")
			run = pc.create
		} else {
			run = pc.edit
		}
	case "submit", "delete", "process", "deactivate", "reactivate", "show", "token rotate", "token revoke":
		if cmd == "deactivate" || cmd == "reactivate" {
			fs.StringVar(&pc.comment, "comment", "", "why, for the history")
		}
		if cmd == "process" || cmd == "reactivate" || cmd == "token rotate" {
			fs.StringVar(&pc.outbox, "outbox", defaultOutbox, "where the emails to the partner's people are written as .eml when no SMTP server is set (ELEADER_SMTP_HOST …)")
		}
		run = map[string]func([]string) int{
			"submit": pc.submit, "delete": pc.delete, "process": pc.process, "deactivate": pc.deactivate, "reactivate": pc.reactivate,
			"show": pc.show, "token rotate": pc.rotate, "token revoke": pc.revoke,
		}[cmd]
	case "list", "export":
		fs.StringVar(&pc.filter.Partner, "partner", "", "identifiers containing this")
		fs.Func("status", "a sheet `status` (BROUILLON, ENVOYEE, ACTIVEE, DESACTIVEE, ENVOYEE_MAJ)", func(s string) error {
			pc.filter.Status = eleader.SheetStatus(strings.ToUpper(s))
			return oneOf("status", string(pc.filter.Status), "BROUILLON", "ENVOYEE", "ACTIVEE", "DESACTIVEE", "ENVOYEE_MAJ")
		})
		fs.Func("environment", "qualification or production", func(s string) error {
			pc.filter.Environment = eleader.Environment(s)
			return oneOf("environment", s, "qualification", "production")
		})
		fs.Func("channel", "api, web or sftp (depot: sftp's former name)", func(s string) error {
			c, err := eleader.ParseChannel(s)
			if err != nil {
				return fmt.Errorf("--channel must be api, web or sftp, not %q", s)
			}
			pc.filter.Channel = c
			return nil
		})
		fs.Func("qualified", "`yes`: the partners that passed a qualification; no: those that did not", func(s string) error {
			q := s == "yes"
			pc.filter.Qualified = &q
			return oneOf("qualified", s, "yes", "no")
		})
		if cmd == "export" {
			fs.StringVar(&pc.output, "output", "", "write to this `file` instead of standard output")
			run = pc.export
		} else {
			run = pc.list
		}
	case "import":
		run = pc.importSheets
	default:
		fmt.Fprintf(stderr, "eleader: unknown partners command %q\n\n%s\n", importer.CutName(cmd), partnersUsage)
		return exitUsage
	}
	pos, err := parseFlags(fs, args)
	if err != nil {
		return flagError(err)
	}
	ctx := context.Background()
	svc, done, code := pc.openWrite(ctx, stderr)
	if code != exitOK {
		return code
	}
	defer done()
	if pc.outbox != "" {
		mailer, err := newMailer(pc.outbox)
		if err != nil {
			return usageError(stderr, "%v", err)
		}
		svc.Outbox = &eleader.Outbox{Service: svc, Mailer: mailer, From: mailFrom()}
	}
	pc.svc, pc.ctx = svc, ctx
	return run(pos)
}

func currentUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "eleader"
}

// partnersCmd holds the flags and the service of a partners command.
type partnersCmd struct {
	stdout, stderr io.Writer
	svc            *eleader.Service
	ctx            context.Context
	storeFlags
	by             string
	id, comment    string
	output, outbox string
	filter         eleader.PartnerFilter
	set            map[string]string // sheet flags given
	addKeys        []string          // --ssh-key files
	removeKeys     []string          // --remove-ssh-key fingerprints
}

var sheetFlagNames = []struct{ name, help string }{
	{"name", "the organisation's `name`"},
	{"operators", "operator `codes`, comma-separated (four characters A-Z 0-9)"},
	{"channels", "`channels`, comma-separated: api, web, sftp (depot: sftp's former name)"},
	{"mode", "partial (bad lines skipped) or complete (one bad line rejects the file)"},
	{"environment", "qualification or production"},
	{"contact-name", "the technical contact's `name`"},
	{"contact-phone", "the technical contact's `phone`"},
	{"contact-email", "the technical contact's `email`"},
	{"recipients", "report `emails`, comma-separated (default: the contact's)"},
	{"correspondances", "the partner's correspondence table, a CSV `file` (Champ;ValeurPartenaire;ValeurMatrice)"},
	{"certificate", "the client certificate and its chain, a PEM or PKCS#7 (.p7b) `file`; \"-\" removes it"},
	{"comment", "a `comment` on the sheet"},
}

func (pc *partnersCmd) sheetFlags(fs *flag.FlagSet, edit bool) {
	pc.set = map[string]string{}
	for _, f := range sheetFlagNames {
		name := f.name
		fs.Func(name, f.help, func(s string) error { pc.set[name] = s; return nil })
	}
	fs.Func("ssh-key", "an SSH public key `file` (.pub, or authorized_keys: one key per line, no options) for SFTP; repeatable",
		func(s string) error { pc.addKeys = append(pc.addKeys, s); return nil })
	if edit {
		fs.Func("remove-ssh-key", "remove the SSH key of this `fingerprint` (SHA256:…, as partners show prints it); repeatable",
			func(s string) error { pc.removeKeys = append(pc.removeKeys, s); return nil })
	}
}

func splitComma(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// apply writes the sheet flags given into a sheet.
func (pc *partnersCmd) apply(sheet *eleader.ConnectionSheet) error {
	for name, v := range pc.set {
		switch name {
		case "name":
			sheet.Name = v
		case "operators":
			sheet.Operators = splitComma(v)
		case "channels":
			sheet.Channels = nil
			for _, c := range splitComma(v) {
				sheet.Channels = append(sheet.Channels, eleader.Channel(c))
			}
		case "mode":
			sheet.Mode = importer.Mode(v)
		case "environment":
			sheet.Environment = eleader.Environment(v)
		case "contact-name":
			sheet.Contact.Name = v
		case "contact-phone":
			sheet.Contact.Phone = v
		case "contact-email":
			sheet.Contact.Email = v
		case "recipients":
			sheet.ReportRecipients = splitComma(v)
		case "correspondances":
			c, err := matrice.LoadCorrespondencesFile(matrice.Default(), v)
			if err != nil {
				return fmt.Errorf("--correspondances %s:\n%v", v, err)
			}
			sheet.Correspondences = c.Entries()
		case "certificate":
			if v == "-" {
				sheet.Certificate = ""
				continue
			}
			b, err := os.ReadFile(v)
			if err != nil {
				return fmt.Errorf("--certificate: %v", err)
			}
			cert, err := eleader.ParseCertificate(b, time.Now())
			if err != nil {
				return fmt.Errorf("--certificate %s: %v", v, err)
			}
			sheet.Certificate = cert.PEM()
		case "comment":
			sheet.Comments = v
		}
	}
	for _, file := range pc.addKeys {
		b, err := os.ReadFile(file)
		if err != nil {
			return fmt.Errorf("--ssh-key: %v", err)
		}
		keys, err := eleader.ParseSSHKeys(string(b))
		if err != nil {
			return fmt.Errorf("--ssh-key %s: %v", file, err)
		}
		sheet.AddSSHKeys(keys...)
	}
	for _, fp := range pc.removeKeys {
		if err := sheet.RemoveSSHKey(fp); err != nil {
			return fmt.Errorf("--remove-ssh-key: %v", err)
		}
	}
	return nil
}

// fail prints an error and returns its exit code.
func (pc *partnersCmd) fail(err error) int { return serviceError(pc.stderr, err) }

func (pc *partnersCmd) oneID(pos []string, what string) (string, bool) {
	if len(pos) != 1 {
		usageError(pc.stderr, "usage: eleader partners %s ID", what)
		return "", false
	}
	return pos[0], true
}

func (pc *partnersCmd) create(pos []string) int {
	if len(pos) > 0 {
		return usageError(pc.stderr, "partners create takes flags only (the identifier is --id), not %q", pos[0])
	}
	sheet := eleader.ConnectionSheet{Partner: pc.id}
	if err := pc.apply(&sheet); err != nil {
		return usageError(pc.stderr, "%v", err)
	}
	p, todo, err := pc.svc.CreatePartner(pc.ctx, sheet, pc.by)
	if err != nil {
		return pc.fail(err)
	}
	return pc.printPartner(p, todo, "created as a draft (BROUILLON)")
}

func (pc *partnersCmd) edit(pos []string) int {
	id, ok := pc.oneID(pos, "edit")
	if !ok {
		return exitUsage
	}
	if len(pc.set)+len(pc.addKeys)+len(pc.removeKeys) == 0 {
		return usageError(pc.stderr, "partners edit: give at least one sheet flag")
	}
	p, todo, err := pc.svc.EditPartner(pc.ctx, id, pc.apply, pc.by, "")
	if err != nil {
		return pc.fail(err)
	}
	return pc.printPartner(p, todo, "edited: now "+string(p.Status))
}

func (pc *partnersCmd) submit(pos []string) int {
	id, ok := pc.oneID(pos, "submit")
	if !ok {
		return exitUsage
	}
	p, err := pc.svc.SubmitPartner(pc.ctx, id, pc.by)
	if err != nil {
		return pc.fail(err)
	}
	return pc.printPartner(p, nil, "submitted: ENVOYEE, waiting for processing")
}

func (pc *partnersCmd) delete(pos []string) int {
	id, ok := pc.oneID(pos, "delete")
	if !ok {
		return exitUsage
	}
	if err := pc.svc.DeletePartner(pc.ctx, id, pc.by); err != nil {
		return pc.fail(err)
	}
	if pc.format == "json" {
		printJSON(pc.stdout, map[string]any{"partner": id, "deleted": true})
	} else {
		fmt.Fprintf(pc.stdout, "%s: draft deleted, with its history (the deletion is recorded: eleader people actions --partner %s)\n", id, id)
	}
	return exitOK
}

func (pc *partnersCmd) process(pos []string) int {
	if len(pos) > 1 {
		return usageError(pc.stderr, "usage: eleader partners process [ID]")
	}
	id := ""
	if len(pos) == 1 {
		id = pos[0]
	}
	acts, err := pc.svc.ProcessPartners(pc.ctx, id, pc.by)
	if err != nil {
		return pc.fail(err)
	}
	return pc.printActivations(acts)
}

func (pc *partnersCmd) printActivations(acts []eleader.Activation) int {
	if pc.format == "json" {
		printJSON(pc.stdout, acts)
	} else {
		if len(acts) == 0 {
			fmt.Fprintln(pc.stdout, "no submitted sheet to process")
		}
		for _, a := range acts {
			switch {
			case a.Refused != "":
				fmt.Fprintf(pc.stdout, "%s: not activated (%s): %s\n", a.Partner, a.Status, a.Refused)
			case a.Token != "":
				fmt.Fprintf(pc.stdout, "%s: ACTIVEE; its token, shown this once:\n  %s\n", a.Partner, a.Token)
			case a.Reveal && a.Notified > 0:
				fmt.Fprintf(pc.stdout, "%s: ACTIVEE; its token waits to be revealed in the portal by its people with the right modification (%d emailed)\n", a.Partner, a.Notified)
			case a.Reveal:
				fmt.Fprintf(pc.stdout, "%s: ACTIVEE; its token waits to be revealed in the portal by its people with the right modification (no email sent: set ELEADER_PUBLIC_URL)\n", a.Partner)
			default:
				fmt.Fprintf(pc.stdout, "%s: ACTIVEE (its token is unchanged)\n", a.Partner)
			}
		}
	}
	for _, a := range acts {
		if a.Refused != "" {
			return exitRejected
		}
	}
	return exitOK
}

func (pc *partnersCmd) deactivate(pos []string) int {
	id, ok := pc.oneID(pos, "deactivate")
	if !ok {
		return exitUsage
	}
	p, err := pc.svc.DeactivatePartner(pc.ctx, id, pc.by, pc.comment)
	if err != nil {
		return pc.fail(err)
	}
	return pc.printPartner(p, nil, "deactivated: its token no longer works")
}

func (pc *partnersCmd) reactivate(pos []string) int {
	id, ok := pc.oneID(pos, "reactivate")
	if !ok {
		return exitUsage
	}
	a, err := pc.svc.ReactivatePartner(pc.ctx, id, pc.by, pc.comment)
	if err != nil {
		return pc.fail(err)
	}
	return pc.printActivations([]eleader.Activation{a})
}

func (pc *partnersCmd) rotate(pos []string) int {
	id, ok := pc.oneID(pos, "token rotate")
	if !ok {
		return exitUsage
	}
	tok, err := pc.svc.RotateToken(pc.ctx, id, pc.by)
	if err != nil {
		return pc.fail(err)
	}
	if pc.format == "json" {
		printJSON(pc.stdout, map[string]string{"partner": id, "token": tok})
	} else {
		fmt.Fprintf(pc.stdout, "%s: new token, shown this once (the old one is revoked):\n  %s\n", id, tok)
	}
	return exitOK
}

func (pc *partnersCmd) revoke(pos []string) int {
	id, ok := pc.oneID(pos, "token revoke")
	if !ok {
		return exitUsage
	}
	if err := pc.svc.RevokeToken(pc.ctx, id, pc.by); err != nil {
		return pc.fail(err)
	}
	if pc.format == "json" {
		printJSON(pc.stdout, map[string]any{"partner": id, "revoked": true})
	} else {
		fmt.Fprintf(pc.stdout, "%s: token revoked\n", id)
	}
	return exitOK
}

func (pc *partnersCmd) list(pos []string) int {
	if len(pos) > 0 {
		return usageError(pc.stderr, "partners list takes flags only, not %q", pos[0])
	}
	ps, err := pc.svc.Partners(pc.ctx, pc.filter)
	if err != nil {
		return pc.fail(err)
	}
	if pc.format == "json" {
		if ps == nil {
			ps = []*eleader.Partner{}
		}
		printJSON(pc.stdout, ps)
		return exitOK
	}
	if len(ps) == 0 {
		fmt.Fprintln(pc.stdout, "no partner")
	}
	for _, p := range ps {
		fmt.Fprintf(pc.stdout, "%-20s %-12s %-13s %-9s %-14s %s\n", p.ID(), p.Status, p.Sheet.Environment, p.Sheet.Mode,
			joinChannels(p.Sheet.Channels), strings.Join(p.Sheet.Operators, ","))
	}
	return exitOK
}

func joinChannels(cs []eleader.Channel) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = string(c)
	}
	return strings.Join(s, ",")
}

func (pc *partnersCmd) show(pos []string) int {
	id, ok := pc.oneID(pos, "show")
	if !ok {
		return exitUsage
	}
	p, err := pc.svc.Partner(pc.ctx, id)
	if err != nil {
		return pc.fail(err)
	}
	return pc.printPartner(p, nil, "")
}

// partnerView is what show prints in JSON: the partner, its certificate
// analysed, its history.
type partnerView struct {
	*eleader.Partner
	Certificate *eleader.CertificateInfo `json:"certificate"`
	// SSHKeyInfo describes the sheet's SSH keys, fingerprints included.
	SSHKeyInfo []eleader.SSHKey     `json:"sshKeyInfo"`
	History    []eleader.Transition `json:"history"`
	ToFix      eleader.SheetErrors  `json:"toFix"`
}

func (pc *partnersCmd) printPartner(p *eleader.Partner, todo eleader.SheetErrors, what string) int {
	hist, err := pc.svc.PartnerHistory(pc.ctx, p.ID())
	if err != nil {
		return pc.fail(err)
	}
	v := partnerView{Partner: p, History: hist, ToFix: todo, SSHKeyInfo: p.Sheet.SSHKeyInfos()}
	if v.ToFix == nil {
		v.ToFix = eleader.SheetErrors{}
	}
	if p.Sheet.Certificate != "" {
		if c, err := eleader.ParseCertificate([]byte(p.Sheet.Certificate), time.Now()); err == nil {
			info := c.Info()
			v.Certificate = &info
		}
	}
	if pc.format == "json" {
		printJSON(pc.stdout, v)
		return exitOK
	}
	w := pc.stdout
	if what != "" {
		fmt.Fprintf(w, "%s: %s\n\n", p.ID(), what)
	}
	s := p.Sheet
	qual := "not passed"
	if p.Qualified() {
		qual = "passed on " + p.QualifiedAt.Local().Format(time.DateTime)
	}
	fmt.Fprintf(w, "partner       %s (%s)\nstatus        %s\nenvironment   %s (qualification %s)\nmode          %s\nchannels      %s\noperators     %s\n",
		p.ID(), s.Name, p.Status, s.Environment, qual, s.Mode, joinChannels(s.Channels), strings.Join(s.Operators, ", "))
	fmt.Fprintf(w, "contact       %s, %s, %s\nreports to    %s\n", s.Contact.Name, s.Contact.Phone, s.Contact.Email, strings.Join(s.Recipients(), ", "))
	fmt.Fprintf(w, "correspondences %d\n", len(s.Correspondences))
	if c := v.Certificate; c != nil {
		fmt.Fprintf(w, "certificate   %s\n  issuer      %s\n  serial      %s\n  valid       %s to %s\n  key usage   %s; %s\n  sha256      %s\n",
			c.Subject, c.Issuer, c.Serial, c.NotBefore.Format(time.DateOnly), c.NotAfter.Format(time.DateOnly),
			strings.Join(c.KeyUsage, ", "), strings.Join(c.ExtKeyUsage, ", "), c.SHA256)
	} else if s.Certificate != "" {
		_, err := eleader.ParseCertificate([]byte(s.Certificate), time.Now())
		fmt.Fprintf(w, "certificate   refused now: %v\n", err)
	}
	switch {
	case len(v.SSHKeyInfo) > 0:
		fmt.Fprintln(w, "ssh keys      (SFTP logins)")
		for _, k := range v.SSHKeyInfo {
			if k.Type == "" {
				fmt.Fprintf(w, "  refused: %s\n", k.Comment)
				continue
			}
			fmt.Fprintf(w, "  %s  %s %d  %s\n", k.Fingerprint, k.Type, k.Bits, k.Comment)
		}
	case s.HasChannel(eleader.ChannelSFTP):
		fmt.Fprintf(w, "ssh keys      none: channel sftp, but no login possible yet (partners edit %s --ssh-key FILE.pub)\n", p.ID())
	}
	switch {
	case p.Reveal != nil:
		fmt.Fprintf(w, "token         waiting to be revealed in the portal (since %s)\n", p.Reveal.Since.Local().Format(time.DateTime))
	case p.Token == nil:
		fmt.Fprintln(w, "token         none (issued at activation)")
	case p.Token.Revoked:
		fmt.Fprintf(w, "token         %s, revoked\n", p.Token.ID)
	default:
		fmt.Fprintf(w, "token         %s, issued %s\n", p.Token.ID, p.Token.Issued.Local().Format(time.DateTime))
	}
	if s.Comments != "" {
		fmt.Fprintf(w, "comments      %s\n", s.Comments)
	}
	if len(todo) > 0 {
		fmt.Fprintln(w, "\nto fix before submitting:")
		for _, e := range todo {
			fmt.Fprintf(w, "  %s\n", e)
		}
	}
	fmt.Fprintln(w, "\nhistory:")
	for _, t := range hist {
		change := string(t.To)
		if t.From != "" && t.From != t.To {
			change = string(t.From) + " → " + string(t.To)
		}
		fmt.Fprintf(w, "  %s  %-26s %-12s %s\n", t.At.Local().Format(time.DateTime), change, t.By, t.Comment)
	}
	return exitOK
}

func (pc *partnersCmd) export(pos []string) int {
	if len(pos) > 0 {
		return usageError(pc.stderr, "partners export takes flags only, not %q", pos[0])
	}
	w := pc.stdout
	if pc.output != "" {
		// The sheets name people (contacts): the file is its owner's only.
		f, err := os.OpenFile(pc.output, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, eleader.PrivateFileMode)
		if err != nil {
			return usageError(pc.stderr, "%v", err)
		}
		defer f.Close()
		w = f
	}
	if err := pc.svc.ExportPartners(pc.ctx, w, pc.filter); err != nil {
		return pc.fail(err)
	}
	return exitOK
}

func (pc *partnersCmd) importSheets(pos []string) int {
	path, ok := pc.oneID(pos, "import FILE")
	if !ok {
		return exitUsage
	}
	f, err := os.Open(path)
	if err != nil {
		return usageError(pc.stderr, "%v", err)
	}
	defer f.Close()
	n, err := pc.svc.ImportPartners(pc.ctx, f, pc.by)
	if err != nil {
		return pc.fail(err)
	}
	if pc.format == "json" {
		printJSON(pc.stdout, map[string]int{"written": n})
	} else {
		fmt.Fprintf(pc.stdout, "%d partners written (tokens are not exported: rotate one for each active partner)\n", n)
	}
	return exitOK
}
