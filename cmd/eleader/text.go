package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// textOutput prints validation results for a person: a summary per file, its
// errors grouped by check with counts, the first lines of each group, and a
// hint per check.
type textOutput struct {
	w        io.Writer
	m        *matrice.Matrice
	files    int
	byStatus map[importer.Status]int
	// seeAll says how to see every error, after a group shown in part.
	seeAll string
}

func newTextOutput(w io.Writer, m *matrice.Matrice) *textOutput {
	return &textOutput{w: w, m: m, byStatus: map[importer.Status]int{}}
}

func (t *textOutput) file(res *validation) {
	rep := res.rep
	if t.files > 0 {
		fmt.Fprintln(t.w)
	}
	t.files++
	t.byStatus[rep.Status]++
	fmt.Fprintf(t.w, "%s — %s\n", importer.CutName(res.path), strings.ToUpper(string(rep.Status)))
	var about []string
	if rep.Partner != "" {
		about = append(about, "partner "+rep.Partner)
	}
	if !rep.Date.IsZero() {
		about = append(about, "date "+rep.Date.String())
	}
	if len(about) > 0 {
		fmt.Fprintf(t.w, "  %s\n", strings.Join(about, ", "))
	}
	for _, e := range rep.FileErrors {
		fmt.Fprintf(t.w, "  file error %s: %s\n", e.Code, e.Message)
		if h := importer.Hint(string(e.Code)); h != "" {
			fmt.Fprintf(t.w, "    hint: %s\n", h)
		}
	}
	if rep.Stopped() {
		fmt.Fprintln(t.w, "  the whole file is rejected: no line was kept")
		t.notes(res)
		return
	}
	fmt.Fprintf(t.w, "  %s: %d accepted, %d rejected; %s\n",
		plural(rep.Lines, "line", "lines"), rep.Accepted, rep.Rejected, plural(rep.Dossiers, "dossier", "dossiers"))
	cut := false
	for _, c := range rep.Checks {
		fmt.Fprintf(t.w, "\n  %s — %s\n", c.Check, plural(c.Count, "error", "errors"))
		for _, e := range c.Examples {
			fmt.Fprintf(t.w, "    line %d: %s\n", e.Line, e.Message)
		}
		if more := c.Count - len(c.Examples); more > 0 {
			fmt.Fprintf(t.w, "    … and %d more\n", more)
			cut = true
		}
		for _, h := range t.hints(c) {
			fmt.Fprintf(t.w, "    hint: %s\n", h)
		}
	}
	if cut && t.seeAll != "" {
		fmt.Fprintf(t.w, "\n  every error: %s\n", t.seeAll)
	}
	if res.rejects != "" {
		fmt.Fprintf(t.w, "\n  rejects: %s written to %s\n", plural(res.rejected, "line", "lines"), res.rejects)
	}
	t.notes(res)
}

func (t *textOutput) notes(res *validation) {
	for _, n := range res.notes {
		fmt.Fprintf(t.w, "\n  %s\n", n)
	}
}

// hints returns the advice for a group of errors: one per rule or type
// seen among its examples for rule and type errors, the check's otherwise.
func (t *textOutput) hints(c importer.CheckSummary) []string {
	var out []string
	add := func(h string) {
		if h != "" && !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	for _, e := range c.Examples {
		switch c.Check {
		case matrice.CheckRule:
			add(importer.RuleHint(e.Rule))
		case matrice.CheckType:
			if i, ok := t.m.Lookup(e.Field); ok {
				add(importer.TypeHint(t.m.Field(i).Type))
			}
		}
	}
	if len(out) == 0 {
		add(importer.Hint(string(c.Check)))
	}
	return out
}

func (t *textOutput) total() {
	if t.files < 2 {
		return
	}
	var parts []string
	for _, s := range []importer.Status{importer.StatusAccepted, importer.StatusPartial, importer.StatusRejected} {
		if n := t.byStatus[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, s))
		}
	}
	fmt.Fprintf(t.w, "\n%d files: %s\n", t.files, strings.Join(parts, ", "))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
