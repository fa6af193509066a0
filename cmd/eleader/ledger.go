package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
)

const ledgerSynopsis = `ledger [--partner ID] [--limit N] [--db FILE] [--format text|json]`

// runLedger runs "eleader ledger".
func runLedger(args []string, stdout, stderr io.Writer) int {
	var sf storeFlags
	var partner string
	var limit int
	l := langOf(stderr)
	fs := newFlagSet("ledger", stderr, ledgerSynopsis, "cli.ledger.about")
	sf.register(fs)
	fs.StringVar(&partner, "partner", "", l.Sprintf("cli.flag.partner_ledger"))
	fs.IntVar(&limit, "limit", 50, l.Sprintf("cli.flag.limit_each"))
	pos, err := parseFlags(fs, args)
	if err != nil {
		return flagError(err)
	}
	if len(pos) > 0 {
		return usageError(stderr, "cli.flags_only", "ledger", pos[0])
	}
	if limit < 1 {
		return usageError(stderr, "cli.limit_min")
	}
	ctx := context.Background()
	svc, done, code := sf.open(ctx, stderr)
	if code != exitOK {
		return code
	}
	defer done()
	events, err := svc.FileEvents(ctx, partner, limit)
	if err != nil {
		return serviceError(stderr, err)
	}
	var files []eleader.FileRecord
	if partner != "" {
		if files, err = svc.Store.Files(ctx, partner, "", limit); err != nil {
			return serviceError(stderr, err)
		}
	}
	if sf.format == "json" {
		runFiles := make([]eleader.RunFile, 0, len(files))
		for _, f := range files {
			runFiles = append(runFiles, f.RunFile)
		}
		if events == nil {
			events = []eleader.FileEvent{}
		}
		printJSON(stdout, map[string]any{"files": runFiles, "events": events})
		return exitOK
	}
	type line struct {
		at   time.Time
		text string
	}
	var lines []line
	for _, f := range files {
		lines = append(lines, line{f.At, fmt.Sprintf("%-10s %-10s %s", f.Partner, f.State, f.Name) + l.Sprintf("cli.ledger.run_sha", f.RunID, short(f.SHA256))})
	}
	for _, e := range events {
		where := e.Name
		if e.Dir != "" && e.Dir != "depot" {
			where = e.Dir + "/" + e.Name
		}
		if e.Kept != "" {
			where += " → refuses/" + e.Kept
		}
		text := fmt.Sprintf("%-10s %-10s %s — %s", e.Partner, e.Action, where, l.Text(e.Text()))
		switch {
		case e.RunID != 0 && e.SHA256 != "":
			text += l.Sprintf("cli.ledger.run_sha", e.RunID, short(e.SHA256))
		case e.RunID != 0:
			text += l.Sprintf("cli.ledger.run", e.RunID)
		case e.SHA256 != "":
			text += fmt.Sprintf(" (sha256 %s)", short(e.SHA256))
		}
		if e.Action == eleader.EventRefused {
			if e.ImportID == 0 && e.ReportID == 0 {
				text += l.Sprintf("cli.ledger.not_reported")
			} else {
				text += l.Sprintf("cli.ledger.reported")
			}
		}
		lines = append(lines, line{e.At, text})
	}
	slices.SortStableFunc(lines, func(a, b line) int { return b.at.Compare(a.at) })
	if len(lines) == 0 {
		fmt.Fprintln(stdout, l.Sprintf("cli.ledger.empty"))
	}
	for _, x := range lines {
		fmt.Fprintf(stdout, "%s  %s\n", x.at.Local().Format(time.DateTime), x.text)
	}
	return exitOK
}

// short abbreviates a SHA-256 for a person.
func short(sum string) string {
	if len(sum) > 12 {
		return sum[:12] + "…"
	}
	if sum == "" {
		return "-"
	}
	return sum
}
