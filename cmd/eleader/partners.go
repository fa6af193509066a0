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
	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// runPartners runs "eleader partners …".
func runPartners(args []string, stdout, stderr io.Writer) int {
	l := langOf(stderr)
	if len(args) == 0 {
		groupUsage(stderr, l, "partners")
		return exitUsage
	}
	cmd, args := args[0], args[1:]
	if cmd == "token" {
		if len(args) == 0 || (args[0] != "rotate" && args[0] != "revoke") {
			return usageError(stderr, "cli.help.usage", "partners token rotate|revoke ID")
		}
		cmd, args = "token "+args[0], args[1:]
	}
	pc := &partnersCmd{stdout: stdout, stderr: stderr, lang: l}
	fs := newFlagSet("partners "+cmd, stderr, "partners "+cmd+" …", "cli.partners.about")
	pc.register(fs)
	fs.StringVar(&pc.by, "by", currentUser(), l.Sprintf("cli.flag.by_sheet"))
	var run func([]string) int
	switch cmd {
	case "create", "edit":
		pc.sheetFlags(fs, cmd == "edit")
		if cmd == "create" {
			fs.StringVar(&pc.id, "id", "", l.Sprintf("cli.flag.id"))
			run = pc.create
		} else {
			run = pc.edit
		}
	case "submit", "delete", "process", "deactivate", "reactivate", "show", "token rotate", "token revoke":
		if cmd == "deactivate" || cmd == "reactivate" {
			fs.StringVar(&pc.comment, "comment", "", l.Sprintf("cli.flag.comment_why"))
		}
		if cmd == "process" || cmd == "reactivate" || cmd == "token rotate" {
			fs.StringVar(&pc.outbox, "outbox", defaultOutbox, l.Sprintf("cli.flag.outbox_people"))
		}
		run = map[string]func([]string) int{
			"submit": pc.submit, "delete": pc.delete, "process": pc.process, "deactivate": pc.deactivate, "reactivate": pc.reactivate,
			"show": pc.show, "token rotate": pc.rotate, "token revoke": pc.revoke,
		}[cmd]
	case "list", "export":
		fs.StringVar(&pc.filter.Partner, "partner", "", l.Sprintf("cli.flag.filter_partner"))
		fs.Func("status", l.Sprintf("cli.flag.filter_status"), func(s string) error {
			pc.filter.Status = eleader.SheetStatus(strings.ToUpper(s))
			return oneOf("status", string(pc.filter.Status), "BROUILLON", "ENVOYEE", "ACTIVEE", "DESACTIVEE", "ENVOYEE_MAJ")
		})
		fs.Func("environment", l.Sprintf("cli.flag.environment"), func(s string) error {
			pc.filter.Environment = eleader.Environment(s)
			return oneOf("environment", s, "qualification", "production")
		})
		fs.Func("channel", l.Sprintf("cli.flag.filter_channel"), func(s string) error {
			c, err := eleader.ParseChannel(s)
			if err != nil {
				return oneOf("channel", s, "api", "web", "sftp")
			}
			pc.filter.Channel = c
			return nil
		})
		fs.Func("qualified", l.Sprintf("cli.flag.qualified"), func(s string) error {
			q := s == "yes"
			pc.filter.Qualified = &q
			return oneOf("qualified", s, "yes", "no")
		})
		if cmd == "export" {
			fs.StringVar(&pc.output, "output", "", l.Sprintf("cli.flag.output"))
			run = pc.export
		} else {
			run = pc.list
		}
	case "import":
		run = pc.importSheets
	default:
		fmt.Fprintf(stderr, "eleader: %s\n\n", l.Sprintf("cli.unknown_subcommand", "partners", importer.CutName(cmd)))
		groupUsage(stderr, l, "partners")
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
			return usageErr(stderr, err)
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
	lang           i18n.Lang
}

var sheetFlagNames = []struct{ name, help string }{
	{"name", "cli.flag.sheet_name"},
	{"operators", "cli.flag.sheet_operators"},
	{"channels", "cli.flag.sheet_channels"},
	{"mode", "cli.flag.sheet_mode"},
	{"environment", "cli.flag.environment"},
	{"contact-name", "cli.flag.sheet_contact_name"},
	{"contact-phone", "cli.flag.sheet_contact_phone"},
	{"contact-email", "cli.flag.sheet_contact_email"},
	{"recipients", "cli.flag.sheet_recipients"},
	{"correspondances", "cli.flag.sheet_correspondances"},
	{"certificate", "cli.flag.sheet_certificate"},
	{"comment", "cli.flag.sheet_comment"},
}

func (pc *partnersCmd) sheetFlags(fs *flag.FlagSet, edit bool) {
	pc.set = map[string]string{}
	for _, f := range sheetFlagNames {
		name := f.name
		fs.Func(name, pc.lang.Sprintf(f.help), func(s string) error { pc.set[name] = s; return nil })
	}
	fs.Func("ssh-key", pc.lang.Sprintf("cli.flag.ssh_key"),
		func(s string) error { pc.addKeys = append(pc.addKeys, s); return nil })
	if edit {
		fs.Func("remove-ssh-key", pc.lang.Sprintf("cli.flag.remove_ssh_key"),
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
		usageError(pc.stderr, "cli.help.usage", "partners "+what+" ID")
		return "", false
	}
	return pos[0], true
}

func (pc *partnersCmd) create(pos []string) int {
	if len(pos) > 0 {
		return usageError(pc.stderr, "cli.partners.create_flags", pos[0])
	}
	sheet := eleader.ConnectionSheet{Partner: pc.id}
	if err := pc.apply(&sheet); err != nil {
		return usageErr(pc.stderr, err)
	}
	p, todo, err := pc.svc.CreatePartner(pc.ctx, sheet, pc.by)
	if err != nil {
		return pc.fail(err)
	}
	return pc.printPartner(p, todo, pc.lang.Sprintf("cli.partners.created"))
}

func (pc *partnersCmd) edit(pos []string) int {
	id, ok := pc.oneID(pos, "edit")
	if !ok {
		return exitUsage
	}
	if len(pc.set)+len(pc.addKeys)+len(pc.removeKeys) == 0 {
		return usageError(pc.stderr, "cli.partners.edit_none")
	}
	p, todo, err := pc.svc.EditPartner(pc.ctx, id, pc.apply, pc.by, "")
	if err != nil {
		return pc.fail(err)
	}
	return pc.printPartner(p, todo, pc.lang.Sprintf("cli.partners.edited", p.Status))
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
	return pc.printPartner(p, nil, pc.lang.Sprintf("cli.partners.submitted"))
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
		fmt.Fprintln(pc.stdout, pc.lang.Sprintf("cli.partners.deleted", id, id))
	}
	return exitOK
}

func (pc *partnersCmd) process(pos []string) int {
	if len(pos) > 1 {
		return usageError(pc.stderr, "cli.help.usage", "partners process [ID]")
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
		l := pc.lang
		if len(acts) == 0 {
			fmt.Fprintln(pc.stdout, l.Sprintf("cli.partners.none_to_process"))
		}
		for _, a := range acts {
			switch {
			case a.Refused != "":
				fmt.Fprintln(pc.stdout, l.Sprintf("cli.partners.not_activated", a.Partner, a.Status, a.Refused))
			case a.Token != "":
				fmt.Fprintln(pc.stdout, l.Sprintf("cli.partners.activated_token", a.Partner, a.Token))
			case a.Reveal && a.Notified > 0:
				fmt.Fprintln(pc.stdout, l.Sprintf("cli.partners.activated_reveal", a.Notified, a.Partner))
			case a.Reveal:
				fmt.Fprintln(pc.stdout, l.Sprintf("cli.partners.activated_no_email", a.Partner))
			default:
				fmt.Fprintln(pc.stdout, l.Sprintf("cli.partners.activated", a.Partner))
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
	return pc.printPartner(p, nil, pc.lang.Sprintf("cli.partners.deactivated"))
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
		fmt.Fprintln(pc.stdout, pc.lang.Sprintf("cli.partners.rotated", id, tok))
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
		fmt.Fprintln(pc.stdout, pc.lang.Sprintf("cli.partners.revoked", id))
	}
	return exitOK
}

func (pc *partnersCmd) list(pos []string) int {
	if len(pos) > 0 {
		return usageError(pc.stderr, "cli.flags_only", "partners list", pos[0])
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
		fmt.Fprintln(pc.stdout, pc.lang.Sprintf("cli.partners.none"))
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
	w, l := pc.stdout, pc.lang
	if what != "" {
		fmt.Fprintf(w, "%s\n\n", l.Sprintf("cli.colon", p.ID(), what))
	}
	s := p.Sheet
	qual := l.Sprintf("cli.partners.qual_not")
	if p.Qualified() {
		qual = l.Sprintf("cli.partners.qual_passed", p.QualifiedAt.Local().Format(time.DateTime))
	}
	fmt.Fprintln(w, l.Sprintf("cli.partners.card",
		p.ID(), s.Name, p.Status, s.Environment, qual, s.Mode, joinChannels(s.Channels), strings.Join(s.Operators, ", ")))
	fmt.Fprintln(w, l.Sprintf("cli.partners.card_contact", s.Contact.Name, s.Contact.Phone, s.Contact.Email, strings.Join(s.Recipients(), ", "), len(s.Correspondences)))
	if c := v.Certificate; c != nil {
		fmt.Fprintln(w, l.Sprintf("cli.partners.card_certificate",
			c.Subject, c.Issuer, c.Serial, c.NotBefore.Format(time.DateOnly), c.NotAfter.Format(time.DateOnly),
			strings.Join(c.KeyUsage, ", "), strings.Join(c.ExtKeyUsage, ", "), c.SHA256))
	} else if s.Certificate != "" {
		_, err := eleader.ParseCertificate([]byte(s.Certificate), time.Now())
		fmt.Fprintln(w, l.Sprintf("cli.partners.cert_refused", err))
	}
	switch {
	case len(v.SSHKeyInfo) > 0:
		fmt.Fprintln(w, l.Sprintf("cli.partners.ssh_keys"))
		for _, k := range v.SSHKeyInfo {
			if k.Type == "" {
				fmt.Fprintln(w, l.Sprintf("cli.partners.ssh_refused", k.Comment))
				continue
			}
			fmt.Fprintf(w, "  %s  %s %d  %s\n", k.Fingerprint, k.Type, k.Bits, k.Comment)
		}
	case s.HasChannel(eleader.ChannelSFTP):
		fmt.Fprintln(w, l.Sprintf("cli.partners.ssh_none", p.ID()))
	}
	switch {
	case p.Reveal != nil:
		fmt.Fprintln(w, l.Sprintf("cli.partners.token_reveal", p.Reveal.Since.Local().Format(time.DateTime)))
	case p.Token == nil:
		fmt.Fprintln(w, l.Sprintf("cli.partners.token_none"))
	case p.Token.Revoked:
		fmt.Fprintln(w, l.Sprintf("cli.partners.token_revoked", p.Token.ID))
	default:
		fmt.Fprintln(w, l.Sprintf("cli.partners.token", p.Token.ID, p.Token.Issued.Local().Format(time.DateTime)))
	}
	if s.Comments != "" {
		fmt.Fprintln(w, l.Sprintf("cli.partners.comments", s.Comments))
	}
	if len(todo) > 0 {
		fmt.Fprintf(w, "\n%s\n", l.Sprintf("cli.partners.to_fix"))
		for _, e := range todo {
			fmt.Fprintf(w, "  %s\n", e)
		}
	}
	fmt.Fprintf(w, "\n%s\n", l.Sprintf("cli.partners.history"))
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
		return usageError(pc.stderr, "cli.flags_only", "partners export", pos[0])
	}
	w := pc.stdout
	if pc.output != "" {
		// The sheets name people (contacts): the file is its owner's only.
		f, err := os.OpenFile(pc.output, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, eleader.PrivateFileMode)
		if err != nil {
			return usageErr(pc.stderr, err)
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
		return usageErr(pc.stderr, err)
	}
	defer f.Close()
	n, err := pc.svc.ImportPartners(pc.ctx, f, pc.by)
	if err != nil {
		return pc.fail(err)
	}
	if pc.format == "json" {
		printJSON(pc.stdout, map[string]int{"written": n})
	} else {
		fmt.Fprintln(pc.stdout, pc.lang.Sprintf("cli.partners.written", n))
	}
	return exitOK
}
