package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/importer"
)

// peopleCmd holds the flags and the service of a people command.
type peopleCmd struct {
	stdout, stderr io.Writer
	svc            *eleader.Service
	ctx            context.Context
	storeFlags
	by                  string
	outbox, url         string
	partner, right, who string
	operator            bool
	limit               int
	lang                i18n.Lang
}

// runPeople runs "eleader people …".
func runPeople(args []string, stdout, stderr io.Writer) int {
	l := langOf(stderr)
	if len(args) == 0 {
		groupUsage(stderr, l, "people")
		return exitUsage
	}
	cmd, args := args[0], args[1:]
	c := &peopleCmd{stdout: stdout, stderr: stderr, lang: l}
	fs := newFlagSet("people "+cmd, stderr, "people "+cmd+" …", "cli.people.about")
	c.register(fs)
	var run func([]string) int
	switch cmd {
	case "add", "remove":
		fs.StringVar(&c.by, "by", currentUser(), l.Sprintf("cli.flag.by_change"))
		fs.StringVar(&c.partner, "partner", "", l.Sprintf("cli.flag.partner_right"))
		fs.BoolVar(&c.operator, "operator", false, l.Sprintf("cli.flag.operator_role"))
		if cmd == "add" {
			fs.StringVar(&c.right, "right", "", l.Sprintf("cli.flag.right"))
			fs.StringVar(&c.outbox, "outbox", defaultOutbox, l.Sprintf("cli.flag.outbox_invite"))
			fs.StringVar(&c.url, "url", "", l.Sprintf("cli.flag.url_invite"))
			run = c.add
		} else {
			run = c.remove
		}
	case "list":
		fs.StringVar(&c.partner, "partner", "", l.Sprintf("cli.flag.partner_people"))
		run = c.list
	case "show":
		run = c.show
	case "actions":
		fs.StringVar(&c.partner, "partner", "", l.Sprintf("cli.flag.partner_actions"))
		fs.StringVar(&c.who, "person", "", l.Sprintf("cli.flag.person_actions"))
		fs.IntVar(&c.limit, "limit", 50, l.Sprintf("cli.flag.limit_actions"))
		run = c.actions
	default:
		fmt.Fprintf(stderr, "eleader: %s\n\n", l.Sprintf("cli.unknown_subcommand", "people", importer.CutName(cmd)))
		groupUsage(stderr, l, "people")
		return exitUsage
	}
	pos, err := parseFlags(fs, args)
	if err != nil {
		return flagError(err)
	}
	ctx := context.Background()
	svc, done, code := c.openWrite(ctx, stderr)
	if code != exitOK {
		return code
	}
	defer done()
	if cmd == "add" {
		if c.url != "" {
			svc.PortalURL = c.url
		}
		mailer, err := newMailer(c.outbox)
		if err != nil {
			return usageErr(stderr, err)
		}
		svc.Outbox = &eleader.Outbox{Service: svc, Mailer: mailer, From: mailFrom()}
	}
	c.svc, c.ctx = svc, ctx
	return run(pos)
}

func (c *peopleCmd) email(pos []string, what string) (string, bool) {
	if len(pos) != 1 {
		usageError(c.stderr, "cli.help.usage", "people "+what+" EMAIL …")
		return "", false
	}
	return pos[0], true
}

func (c *peopleCmd) add(pos []string) int {
	email, ok := c.email(pos, "add")
	if !ok {
		return exitUsage
	}
	switch {
	case c.operator && (c.partner != "" || c.right != ""):
		return usageError(c.stderr, "cli.people.add_either")
	case c.operator:
		p, err := c.svc.SetOperator(c.ctx, email, true, c.by)
		if err != nil {
			return serviceError(c.stderr, err)
		}
		return c.printPerson(p, c.lang.Sprintf("cli.people.operator", p.Email))
	case c.partner == "" || c.right == "":
		return usageError(c.stderr, "cli.people.add_needs")
	}
	if err := oneOf("right", c.right, "modification", "consultation"); err != nil {
		return usageErr(c.stderr, err)
	}
	res, err := c.svc.GrantRight(c.ctx, email, c.partner, eleader.Right(c.right), c.by)
	if err != nil {
		return serviceError(c.stderr, err)
	}
	l := c.lang
	what := l.Sprintf("cli.people.right", res.Person.Email, c.right, c.partner)
	switch {
	case !res.Changed:
		what += l.Sprintf("cli.people.unchanged")
	case res.Invited:
		what += l.Sprintf("cli.people.invited")
	case res.InviteError != "":
		what += l.Sprintf("cli.people.invite_failed", res.InviteError)
	default:
		what += l.Sprintf("cli.people.no_invite")
	}
	if _, err := c.svc.Partner(c.ctx, c.partner); eleader.ErrorCode(err) == eleader.ENOTFOUND && res.Person.Right(c.partner) == eleader.RightModification {
		what += "\n" + l.Sprintf("cli.people.no_sheet", c.partner)
	}
	return c.printPerson(res.Person, what)
}

func (c *peopleCmd) remove(pos []string) int {
	email, ok := c.email(pos, "remove")
	if !ok {
		return exitUsage
	}
	switch {
	case c.operator && c.partner != "":
		return usageError(c.stderr, "cli.people.remove_either")
	case c.operator:
		p, err := c.svc.SetOperator(c.ctx, email, false, c.by)
		if err != nil {
			return serviceError(c.stderr, err)
		}
		return c.printPerson(p, c.lang.Sprintf("cli.people.not_operator", p.Email))
	case c.partner != "":
		p, err := c.svc.RevokeRight(c.ctx, email, c.partner, c.by)
		if err != nil {
			return serviceError(c.stderr, err)
		}
		return c.printPerson(p, c.lang.Sprintf("cli.people.no_right", p.Email, c.partner))
	}
	if err := c.svc.RemovePerson(c.ctx, email, c.by); err != nil {
		return serviceError(c.stderr, err)
	}
	if c.format == "json" {
		printJSON(c.stdout, map[string]any{"email": strings.ToLower(strings.TrimSpace(email)), "removed": true})
	} else {
		fmt.Fprintln(c.stdout, c.lang.Sprintf("cli.people.removed", strings.ToLower(strings.TrimSpace(email))))
	}
	return exitOK
}

func (c *peopleCmd) list(pos []string) int {
	if len(pos) > 0 {
		return usageError(c.stderr, "cli.flags_only", "people list", pos[0])
	}
	people, err := c.svc.People(c.ctx, c.partner)
	if err != nil {
		return serviceError(c.stderr, err)
	}
	if c.format == "json" {
		if people == nil {
			people = []*eleader.Person{}
		}
		printJSON(c.stdout, people)
		return exitOK
	}
	if len(people) == 0 {
		fmt.Fprintln(c.stdout, c.lang.Sprintf("cli.people.none"))
	}
	for _, p := range people {
		role := ""
		if p.Operator {
			role = c.lang.Sprintf("cli.people.operator_role")
		}
		fmt.Fprintf(c.stdout, "%-36s %-9s %s\n", p.Email, role, rightsList(p))
	}
	return exitOK
}

func rightsList(p *eleader.Person) string {
	var parts []string
	for _, id := range p.Partners() {
		parts = append(parts, id+":"+string(p.Rights[id]))
	}
	return strings.Join(parts, ", ")
}

func (c *peopleCmd) show(pos []string) int {
	email, ok := c.email(pos, "show")
	if !ok {
		return exitUsage
	}
	p, err := c.svc.Person(c.ctx, email)
	if err != nil {
		return serviceError(c.stderr, err)
	}
	return c.printPerson(p, "")
}

// printPerson prints a person with the actions about them.
func (c *peopleCmd) printPerson(p *eleader.Person, what string) int {
	acts, err := c.svc.Actions(c.ctx, eleader.ActionFilter{Person: p.Email, Limit: 20})
	if err != nil {
		return serviceError(c.stderr, err)
	}
	if c.format == "json" {
		if acts == nil {
			acts = []eleader.ActionRecord{}
		}
		printJSON(c.stdout, map[string]any{"person": p, "actions": acts})
		return exitOK
	}
	w := c.stdout
	if what != "" {
		fmt.Fprintf(w, "%s\n\n", what)
	}
	role := c.lang.Sprintf("cli.people.no")
	if p.Operator {
		role = c.lang.Sprintf("cli.people.yes")
	}
	fmt.Fprintln(w, c.lang.Sprintf("cli.people.card", p.Email, role, rightsList(p), p.Created.Local().Format(time.DateTime)))
	if len(acts) > 0 {
		fmt.Fprintf(w, "\n%s\n", c.lang.Sprintf("cli.people.actions"))
		printActions(w, acts)
	}
	return exitOK
}

func printActions(w io.Writer, acts []eleader.ActionRecord) {
	for _, a := range acts {
		fmt.Fprintf(w, "  %s  %-12s %-28s %-14s %-28s %s\n", a.At.Local().Format(time.DateTime), a.Action, a.By, a.Partner, a.Person, a.Detail)
	}
}

func (c *peopleCmd) actions(pos []string) int {
	if len(pos) > 0 {
		return usageError(c.stderr, "cli.flags_only", "people actions", pos[0])
	}
	acts, err := c.svc.Actions(c.ctx, eleader.ActionFilter{Partner: c.partner, Person: strings.ToLower(strings.TrimSpace(c.who)), Limit: c.limit})
	if err != nil {
		return serviceError(c.stderr, err)
	}
	if c.format == "json" {
		if acts == nil {
			acts = []eleader.ActionRecord{}
		}
		printJSON(c.stdout, acts)
		return exitOK
	}
	if len(acts) == 0 {
		fmt.Fprintln(c.stdout, c.lang.Sprintf("cli.people.no_action"))
	}
	printActions(c.stdout, acts)
	return exitOK
}

// mailFrom is the sender of emails, ELEADER_MAIL_FROM (empty: the
// service's default).
func mailFrom() string { return os.Getenv("ELEADER_MAIL_FROM") }
