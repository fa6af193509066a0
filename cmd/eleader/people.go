package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
)

const peopleUsage = `usage: eleader people COMMAND [flags]

  add EMAIL --partner ID --right modification|consultation
                                  give a person a right on a partner (the person is created,
                                  and invited by email when ELEADER_PUBLIC_URL or --url is set)
  add EMAIL --operator            make a person an E#L operator (the console)
  remove EMAIL --partner ID       take a person's right on a partner away
  remove EMAIL --operator         take the operator role away
  remove EMAIL                    remove a person and all their rights: their sessions end at once
  list [--partner ID]             the people and their rights (of one partner)
  show EMAIL                      a person, their rights and the actions about them
  actions [--partner ID] [--person EMAIL] [--limit N]
                                  the actions recorded: rights, removals, sign-ins, resends …

Every command takes --db FILE and --format text|json; changes take --by NAME;
add takes --outbox DIR (the invitation as .eml when no SMTP server is set) and --url URL.`

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
}

// runPeople runs "eleader people …".
func runPeople(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, peopleUsage)
		return exitUsage
	}
	cmd, args := args[0], args[1:]
	c := &peopleCmd{stdout: stdout, stderr: stderr}
	fs := newFlagSet("people "+cmd, stderr, "people "+cmd+" …\n\n"+peopleUsage)
	c.register(fs)
	var run func([]string) int
	switch cmd {
	case "add", "remove":
		fs.StringVar(&c.by, "by", currentUser(), "who makes the change, for the record")
		fs.StringVar(&c.partner, "partner", "", "the partner's `identifier`")
		fs.BoolVar(&c.operator, "operator", false, "the E#L operator role")
		if cmd == "add" {
			fs.StringVar(&c.right, "right", "", "the right on --partner: `modification` (create, edit, submit, reveal the token) or consultation (read, export)")
			fs.StringVar(&c.outbox, "outbox", defaultOutbox, "where the invitation is written as .eml when no SMTP server is set (ELEADER_SMTP_HOST …)")
			fs.StringVar(&c.url, "url", "", "the portal's public `address`, for the invitation (default $ELEADER_PUBLIC_URL; none: no invitation)")
			run = c.add
		} else {
			run = c.remove
		}
	case "list":
		fs.StringVar(&c.partner, "partner", "", "only the people with a right on this partner")
		run = c.list
	case "show":
		run = c.show
	case "actions":
		fs.StringVar(&c.partner, "partner", "", "only the actions on this partner")
		fs.StringVar(&c.who, "person", "", "only the actions on this person, or by them")
		fs.IntVar(&c.limit, "limit", 50, "the most to show")
		run = c.actions
	default:
		fmt.Fprintf(stderr, "eleader: unknown people command %q\n\n%s\n", importer.CutName(cmd), peopleUsage)
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
			return usageError(stderr, "%v", err)
		}
		svc.Outbox = &eleader.Outbox{Service: svc, Mailer: mailer, From: mailFrom()}
	}
	c.svc, c.ctx = svc, ctx
	return run(pos)
}

func (c *peopleCmd) email(pos []string, what string) (string, bool) {
	if len(pos) != 1 {
		usageError(c.stderr, "usage: eleader people %s EMAIL …", what)
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
		return usageError(c.stderr, "people add: give either --operator, or --partner with --right")
	case c.operator:
		p, err := c.svc.SetOperator(c.ctx, email, true, c.by)
		if err != nil {
			return serviceError(c.stderr, err)
		}
		return c.printPerson(p, p.Email+": E#L operator (the console)")
	case c.partner == "" || c.right == "":
		return usageError(c.stderr, "people add: give --partner ID and --right modification|consultation, or --operator")
	}
	if err := oneOf("right", c.right, "modification", "consultation"); err != nil {
		return usageError(c.stderr, "%v", err)
	}
	res, err := c.svc.GrantRight(c.ctx, email, c.partner, eleader.Right(c.right), c.by)
	if err != nil {
		return serviceError(c.stderr, err)
	}
	what := fmt.Sprintf("%s: %s on %s", res.Person.Email, c.right, c.partner)
	switch {
	case !res.Changed:
		what += " (unchanged: they had it already)"
	case res.Invited:
		what += "; invited by email"
	case res.InviteError != "":
		what += "; the invitation could not be sent: " + res.InviteError
	default:
		what += "; no invitation sent (set ELEADER_PUBLIC_URL or --url): tell them to sign in on the portal with their email"
	}
	if _, err := c.svc.Partner(c.ctx, c.partner); eleader.ErrorCode(err) == eleader.ENOTFOUND && res.Person.Right(c.partner) == eleader.RightModification {
		what += "\n" + c.partner + " has no connection sheet yet: they create it in the portal"
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
		return usageError(c.stderr, "people remove: give --partner ID, or --operator, or neither (the whole person)")
	case c.operator:
		p, err := c.svc.SetOperator(c.ctx, email, false, c.by)
		if err != nil {
			return serviceError(c.stderr, err)
		}
		return c.printPerson(p, p.Email+": no longer an operator")
	case c.partner != "":
		p, err := c.svc.RevokeRight(c.ctx, email, c.partner, c.by)
		if err != nil {
			return serviceError(c.stderr, err)
		}
		return c.printPerson(p, fmt.Sprintf("%s: no right on %s any more", p.Email, c.partner))
	}
	if err := c.svc.RemovePerson(c.ctx, email, c.by); err != nil {
		return serviceError(c.stderr, err)
	}
	if c.format == "json" {
		printJSON(c.stdout, map[string]any{"email": strings.ToLower(strings.TrimSpace(email)), "removed": true})
	} else {
		fmt.Fprintf(c.stdout, "%s: removed, with their rights; their sessions ended\n", strings.ToLower(strings.TrimSpace(email)))
	}
	return exitOK
}

func (c *peopleCmd) list(pos []string) int {
	if len(pos) > 0 {
		return usageError(c.stderr, "people list takes flags only, not %q", pos[0])
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
		fmt.Fprintln(c.stdout, "no person")
	}
	for _, p := range people {
		role := ""
		if p.Operator {
			role = "operator"
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
	role := "no"
	if p.Operator {
		role = "yes"
	}
	fmt.Fprintf(w, "person    %s\noperator  %s\nrights    %s\nsince     %s\n", p.Email, role, rightsList(p), p.Created.Local().Format(time.DateTime))
	if len(acts) > 0 {
		fmt.Fprintln(w, "\nactions:")
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
		return usageError(c.stderr, "people actions takes flags only, not %q", pos[0])
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
		fmt.Fprintln(c.stdout, "no action recorded")
	}
	printActions(c.stdout, acts)
	return exitOK
}

// mailFrom is the sender of emails, ELEADER_MAIL_FROM (empty: the
// service's default).
func mailFrom() string { return os.Getenv("ELEADER_MAIL_FROM") }
