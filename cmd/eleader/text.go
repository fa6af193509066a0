package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// textOutput prints validation results for a person, in lang: a summary
// per file, its errors grouped by check with counts, the first lines of
// each group, and a hint per check. The spec's messages are printed as
// they are, in every language.
type textOutput struct {
	w        io.Writer
	lang     i18n.Lang
	m        *matrice.Matrice
	files    int
	byStatus map[importer.Status]int
	// seeAll says how to see every error, after a group shown in part: a
	// key of the catalog.
	seeAll string
}

func newTextOutput(w io.Writer, lang i18n.Lang, m *matrice.Matrice) *textOutput {
	return &textOutput{w: w, lang: lang, m: m, byStatus: map[importer.Status]int{}}
}

// statusKeys name the verdicts in the text output.
var statusKeys = map[importer.Status]string{
	importer.StatusAccepted: "cli.status.accepted",
	importer.StatusPartial:  "cli.status.partial",
	importer.StatusRejected: "cli.status.rejected",
}

func (t *textOutput) file(res *validation) {
	rep, l := res.rep, t.lang
	if t.files > 0 {
		fmt.Fprintln(t.w)
	}
	t.files++
	t.byStatus[rep.Status]++
	fmt.Fprintf(t.w, "%s — %s\n", importer.CutName(res.path), l.Sprintf(statusKeys[rep.Status]))
	var about []any
	if rep.Partner != "" {
		about = append(about, i18n.T("cli.text.partner", rep.Partner))
	}
	if !rep.Date.IsZero() {
		about = append(about, i18n.T("cli.text.date", rep.Date.String()))
	}
	if len(about) > 0 {
		fmt.Fprintf(t.w, "  %s\n", l.Text(i18n.Join("sep.comma", about...)))
	}
	for _, e := range rep.FileErrors {
		msg := e.In(l)
		fmt.Fprintf(t.w, "  %s\n", l.Sprintf("cli.text.file_error", e.Code, msg))
		if h := importer.Hint(l, string(e.Code)); h != "" && !repeats(msg, h) {
			fmt.Fprintf(t.w, "    %s\n", l.Sprintf("cli.text.hint", h))
		}
	}
	if rep.Stopped() {
		fmt.Fprintf(t.w, "  %s\n", l.Sprintf("cli.text.stopped"))
		t.notes(res)
		return
	}
	fmt.Fprintf(t.w, "  %s\n", l.Sprintf("cli.text.counts", i18n.T("cli.text.lines", rep.Lines),
		i18n.T("cli.text.accepted", rep.Accepted), i18n.T("cli.text.rejected", rep.Rejected), i18n.T("cli.text.dossiers", rep.Dossiers)))
	cut := false
	for _, c := range rep.Checks {
		fmt.Fprintf(t.w, "\n  %s — %s\n", c.Check, l.Sprintf("cli.text.errors", c.Count))
		for _, e := range c.Examples {
			fmt.Fprintf(t.w, "    %s\n", l.Sprintf("cli.text.line", e.Line, e.Message))
		}
		if more := c.Count - len(c.Examples); more > 0 {
			fmt.Fprintf(t.w, "    %s\n", l.Sprintf("cli.text.more", more))
			cut = true
		}
		examples := make([]importer.LineError, len(c.Examples))
		for i, e := range c.Examples {
			examples[i] = *e
		}
		for _, h := range importer.Hints(l, t.m, string(c.Check), examples) {
			fmt.Fprintf(t.w, "    %s\n", l.Sprintf("cli.text.hint", h))
		}
	}
	if cut && t.seeAll != "" {
		fmt.Fprintf(t.w, "\n  %s\n", l.Sprintf("cli.text.every_error", l.Sprintf(t.seeAll)))
	}
	if res.rejects != "" {
		fmt.Fprintf(t.w, "\n  %s\n", l.Sprintf("cli.text.rejects", res.rejected, res.rejects))
	}
	t.notes(res)
}

// repeats reports whether a hint says nothing its message does not: the
// message holds it (case and final full stop aside). Such a hint is not
// printed.
func repeats(msg, hint string) bool {
	norm := func(s string) string { return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), ".") }
	return strings.Contains(norm(msg), norm(hint))
}

func (t *textOutput) notes(res *validation) {
	for _, n := range res.notes {
		fmt.Fprintf(t.w, "\n  %s\n", t.lang.Text(n))
	}
}

func (t *textOutput) total() {
	if t.files < 2 {
		return
	}
	var parts []any
	for _, s := range []struct {
		status importer.Status
		key    string
	}{
		{importer.StatusAccepted, "cli.text.total_accepted"},
		{importer.StatusPartial, "cli.text.total_partial"},
		{importer.StatusRejected, "cli.text.total_rejected"},
	} {
		if n := t.byStatus[s.status]; n > 0 {
			parts = append(parts, i18n.T(s.key, n))
		}
	}
	fmt.Fprintf(t.w, "\n%s\n", t.lang.Sprintf("cli.text.total", t.files, i18n.Join("sep.comma", parts...)))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
