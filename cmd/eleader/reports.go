package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/i18n"
)

// runReports runs "eleader reports …".
func runReports(args []string, stdout, stderr io.Writer) int {
	cmd := "list"
	if len(args) > 0 && (args[0] == "list" || args[0] == "show" || args[0] == "send" || args[0] == "resend") {
		cmd, args = args[0], args[1:]
	}
	l := langOf(stderr)
	rf := runFlags{lang: l}
	var partner, state string
	fs := newFlagSet("reports "+cmd, stderr, "reports "+cmd+" …", "cli.reports.about")
	rf.register(fs)
	if cmd == "send" || cmd == "resend" || cmd == "show" {
		rf.registerMail(fs)
	}
	if cmd == "list" {
		fs.StringVar(&partner, "partner", "", l.Sprintf("cli.flag.partner_reports"))
		fs.StringVar(&state, "state", "", l.Sprintf("cli.flag.state"))
	}
	pos, err := parseFlags(fs, args)
	if err != nil {
		return flagError(err)
	}
	if state != "" {
		if err := oneOf("state", state, eleader.ReportPending, eleader.ReportSent, eleader.ReportFailed); err != nil {
			return usageErr(stderr, err)
		}
	}
	var id int64
	if cmd == "show" || cmd == "resend" {
		if len(pos) != 1 {
			return usageError(stderr, "cli.help.usage", "reports "+cmd+" ID")
		}
		if id, err = strconv.ParseInt(pos[0], 10, 64); err != nil || id <= 0 {
			return usageError(stderr, "cli.reports.not_a_number", pos[0])
		}
	} else if len(pos) > 0 {
		return usageError(stderr, "cli.flags_only", "reports "+cmd, pos[0])
	}
	ctx := context.Background()
	svc, done, err := rf.open(ctx, stderr, true)
	if err != nil {
		return usageErr(stderr, err)
	}
	defer done()

	switch cmd {
	case "show":
		r, err := svc.Store.Report(ctx, id)
		if err != nil {
			return serviceError(stderr, err)
		}
		m, err := svc.Outbox.Message(ctx, &r)
		if err != nil {
			return serviceError(stderr, err)
		}
		defer m.Close()
		if rf.format == "json" {
			printJSON(stdout, map[string]any{"report": r, "state": r.State, "attempts": r.Attempts, "lastError": r.LastError,
				"subject": m.Subject, "to": m.To, "messageId": m.MessageID, "text": m.Text})
			return exitOK
		}
		fmt.Fprintln(stdout, l.Sprintf("cli.reports.head", r.ID, deliveryState(l, r), errText(r.LastError)))
		fmt.Fprintf(stdout, "Message-ID: %s\nTo: %v\nSubject: %s\n\n%s", m.MessageID, m.To, m.Subject, m.Text)
		for _, a := range m.Attachments {
			fmt.Fprintln(stdout, l.Sprintf("cli.reports.attachment", a.Name, a.Size))
		}
		return exitOK
	case "send", "resend":
		if cmd == "resend" {
			if err := svc.ResendReport(ctx, id, currentUser()); err != nil {
				return serviceError(stderr, err)
			}
		}
		ds, err := svc.Outbox.Deliver(ctx)
		if err != nil {
			return serviceError(stderr, err)
		}
		if rf.format == "json" {
			printJSON(stdout, ds)
		} else if len(ds) == 0 {
			fmt.Fprintln(stdout, l.Sprintf("cli.reports.none_due"))
		}
		code := exitOK
		for _, d := range ds {
			if rf.format == "text" {
				fmt.Fprintln(stdout, l.Sprintf("cli.reports.delivery", d.Report, d.Partner, d.File, d.State, errText(d.Error)))
			}
			if d.State != eleader.ReportSent {
				code = exitRejected
			}
		}
		return code
	}
	reps, err := svc.Store.Reports(ctx, partner, 200)
	if err != nil {
		return serviceError(stderr, err)
	}
	var out []eleader.Report
	for _, r := range reps {
		if state == "" || r.State == state {
			out = append(out, r)
		}
	}
	if rf.format == "json" {
		list := []map[string]any{}
		for _, r := range out {
			list = append(list, map[string]any{"id": r.ID, "partner": r.Partner, "file": r.File, "status": r.Status,
				"lines": r.Lines, "rejected": r.Rejected, "state": r.State, "attempts": r.Attempts, "lastError": r.LastError,
				"created": r.Created, "sent": r.Sent, "notice": r.Notice, "superseded": r.Superseded, "refused": len(r.Refused)})
		}
		printJSON(stdout, list)
		return exitOK
	}
	if len(out) == 0 {
		fmt.Fprintln(stdout, l.Sprintf("cli.reports.none"))
	}
	for _, r := range out {
		if r.Notice {
			fmt.Fprintln(stdout, l.Sprintf("cli.reports.notice", r.ID, r.Created.Local().Format(time.DateTime),
				r.Partner, len(r.Refused), len(r.Superseded), deliveryState(l, r), errText(r.LastError)))
			continue
		}
		fmt.Fprintln(stdout, l.Sprintf("cli.reports.line", r.ID, r.Created.Local().Format(time.DateTime),
			r.Partner, r.File, r.Status, r.Rejected, r.Lines, deliveryState(l, r), errText(r.LastError)))
	}
	return exitOK
}

// deliveryState is a report's email state, with its failed attempts when
// there were some: "sent", "pending (2 failed attempts)" (Attempts
// counts the failures; a report sent at once has none).
func deliveryState(l i18n.Lang, r eleader.Report) string {
	if r.Attempts == 0 {
		return r.State
	}
	return l.Sprintf("cli.reports.failed_attempts", r.Attempts, r.State)
}

func errText(e string) string {
	if e == "" {
		return ""
	}
	return ": " + e
}
