package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
)

const reportsUsage = `usage: eleader reports [list] [--partner ID] [--state pending|sent|failed]
       eleader reports show ID      the email of a report, as the partner receives it
       eleader reports send         deliver the reports due now
       eleader reports resend ID    send a report again (a failed one, or one lost by the partner)

Reports go through the SMTP server of ELEADER_SMTP_HOST (_PORT, _USER, _PASSWORD,
_TLS starttls|tls|none, _TIMEOUT) or, without one, to --outbox as .eml files.`

// runReports runs "eleader reports …".
func runReports(args []string, stdout, stderr io.Writer) int {
	cmd := "list"
	if len(args) > 0 && (args[0] == "list" || args[0] == "show" || args[0] == "send" || args[0] == "resend") {
		cmd, args = args[0], args[1:]
	}
	var rf runFlags
	var partner, state string
	fs := newFlagSet("reports "+cmd, stderr, "reports "+cmd+" …\n\n"+reportsUsage)
	rf.register(fs)
	if cmd == "send" || cmd == "resend" || cmd == "show" {
		rf.registerMail(fs)
	}
	if cmd == "list" {
		fs.StringVar(&partner, "partner", "", "only this partner's reports")
		fs.StringVar(&state, "state", "", "only reports in this `state`: pending, sent or failed")
	}
	pos, err := parseFlags(fs, args)
	if err != nil {
		return flagError(err)
	}
	if state != "" {
		if err := oneOf("state", state, eleader.ReportPending, eleader.ReportSent, eleader.ReportFailed); err != nil {
			return usageError(stderr, "%v", err)
		}
	}
	var id int64
	if cmd == "show" || cmd == "resend" {
		if len(pos) != 1 {
			return usageError(stderr, "usage: eleader reports %s ID", cmd)
		}
		if id, err = strconv.ParseInt(pos[0], 10, 64); err != nil || id <= 0 {
			return usageError(stderr, "%q is not a report number", pos[0])
		}
	} else if len(pos) > 0 {
		return usageError(stderr, "reports %s takes flags only, not %q", cmd, pos[0])
	}
	ctx := context.Background()
	svc, done, err := rf.open(ctx, stderr, true)
	if err != nil {
		return usageError(stderr, "%v", err)
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
		fmt.Fprintf(stdout, "report #%d, %s (%d attempts)%s\nMessage-ID: %s\nTo: %v\nSubject: %s\n\n%s", r.ID, r.State, r.Attempts,
			errText(r.LastError), m.MessageID, m.To, m.Subject, m.Text)
		for _, a := range m.Attachments {
			fmt.Fprintf(stdout, "[attachment %s, %d bytes]\n", a.Name, a.Size)
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
			fmt.Fprintln(stdout, "no report due")
		}
		code := exitOK
		for _, d := range ds {
			if rf.format == "text" {
				fmt.Fprintf(stdout, "report #%d (%s, %s): %s%s\n", d.Report, d.Partner, d.File, d.State, errText(d.Error))
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
		fmt.Fprintln(stdout, "no report")
	}
	for _, r := range out {
		if r.Notice {
			fmt.Fprintf(stdout, "#%d %s %-14s notice: %d files set aside, %d superseded — %s (%d attempts)%s\n", r.ID, r.Created.Local().Format(time.DateTime),
				r.Partner, len(r.Refused), len(r.Superseded), r.State, r.Attempts, errText(r.LastError))
			continue
		}
		fmt.Fprintf(stdout, "#%d %s %-14s %s: %s, %d/%d rejected — %s (%d attempts)%s\n", r.ID, r.Created.Local().Format(time.DateTime),
			r.Partner, r.File, r.Status, r.Rejected, r.Lines, r.State, r.Attempts, errText(r.LastError))
	}
	return exitOK
}

func errText(e string) string {
	if e == "" {
		return ""
	}
	return ": " + e
}
