//go:build unix

package eleader_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/entrepreneur-leader/eleader-go/adapters/dropdir"
	"github.com/entrepreneur-leader/eleader-go/adapters/sqlite"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The crash-safety harness of import runs (spec §6: "a crash at any point
// loses no deposited file and never half-applies a file"). TestRunKill
// re-executes the test binary as a child that runs Service.Run once on a
// store and deposit directories it prepared, kills it with SIGKILL — at a
// phase of the run (Service.Hook) or after a random delay that lands in the
// copy, the validation or the transaction — restarts it, and checks after
// every round that no file was lost, imported twice or reported twice.

// The environment of the child.
const (
	rkEnvChild = "ELEADER_RUNKILL_CHILD" // "1" in the child
	rkEnvDB    = "ELEADER_RUNKILL_DB"    // the store's file
	rkEnvRoot  = "ELEADER_RUNKILL_ROOT"  // the deposits' root
	rkEnvPlan  = "ELEADER_RUNKILL_PLAN"  // "" (no kill of its own) or PHASE:N
	// Overrides for exploring: the seed of the plan, and the number of kills.
	rkEnvSeed  = "ELEADER_RUNKILL_SEED"
	rkEnvKills = "ELEADER_RUNKILL_KILLS"
)

// The run's phases (Service.Hook), in order: before the copy to history,
// after it, inside the store transaction before commit, after commit (before
// the deposit is removed and the report handed over).
var rkPhases = []string{"keep", "kept", "finish", "committed"}

// rkSeed is the default seed of the kill plan.
const rkSeed = 20261122

// The files: rkLines lines each, a bad line every rkBadEvery in files that
// have some.
const (
	rkLines    = 2500
	rkBadEvery = 400
	// rkMaxDelay bounds the random delay of a kill by the parent, counted
	// from the start of the child's run or of the copy of one of its files.
	rkMaxDelay = 300 * time.Millisecond
)

// rkPartner is a partner of the harness.
type rkPartner struct {
	id, oper string
	mode     importer.Mode
	env      eleader.Environment
	// allBad: every file has bad lines; otherwise those of odd days.
	allBad bool
}

// The partners, in the order runs take them: a complete one (the files
// with a bad line are rejected whole), a partial production one, a
// qualification one.
var rkPartners = []rkPartner{
	{"cmpl", "CMPL", importer.ModeComplete, eleader.Production, false},
	{"prod", "PROD", importer.ModePartial, eleader.Production, true},
	{"qual", "QUAL", importer.ModePartial, eleader.Qualification, false},
}

// rkFile is a deposited file, as the parent made it.
type rkFile struct {
	day    int
	name   string
	body   []byte
	sha256 string
	bad    int // rejected lines
}

// rkDate is the date of day n of the harness's deposits.
func rkDate(day int) time.Time {
	return time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, day)
}

// rkMakeFile returns a partner's file of one day: rkLines lines of dossiers
// OPER{first}… that overlap with the previous day's file by half (updates)
// and create the other half, each line dated of the day and carrying the
// day in Conseiller and an appointment. Bad lines have a bad Civilite and
// CodePostal. lines 0 means rkLines.
func rkMakeFile(p rkPartner, day, lines int, withBad bool) rkFile {
	if lines == 0 {
		lines = rkLines
	}
	date := rkDate(day)
	f := rkFile{day: day, name: date.Format("20060102") + "-" + p.id + ".csv"}
	m := matrice.Default()
	header := make([]string, m.Len())
	for i := range header {
		header[i] = m.FieldName(i)
	}
	var b bytes.Buffer
	b.WriteString(strings.Join(header, ";") + "\n")
	cells := make([]string, len(header))
	first := max(day, 0) * lines / 2
	for i := range lines {
		l := rkLine(fmt.Sprintf("%s%06d", p.oper, first+i), date, day)
		if withBad && i%rkBadEvery == rkBadEvery/2 {
			l["Civilite"], l["CodePostal"] = "X", "9320"
			f.bad++
		}
		for j, h := range header {
			cells[j] = l[h]
		}
		b.WriteString(strings.Join(cells, ";") + "\n")
	}
	f.body = b.Bytes()
	sum := sha256.Sum256(f.body)
	f.sha256 = hex.EncodeToString(sum[:])
	return f
}

// rkLine is a valid phase 1 line of the default matrice dated date.
func rkLine(number string, date time.Time, day int) map[string]string {
	d := date.Format("02/01/2006")
	return map[string]string{
		"NumeroDossier": number, "Phase": "1", "DateDebutPhase": "01/03/2026", "DateMaj": d,
		"Conseiller": fmt.Sprintf("Conseiller %d", day), "Civilite": "MME", "Nom": "Dupont", "Prenom": "Amélie",
		"DateNaissance": "12/05/1990", "Email": "amelie.dupont@example.fr", "Telephone": "06 12 34 56 78",
		"Adresse": fmt.Sprintf("%d rue de la Paix", 1+day), "CodePostal": "93200", "Commune": "Saint-Denis", "QPV": "OUI",
		"CodeQPV": "QN09301M", "NiveauFormation": "5", "SituationEntree": "DEMANDEUR_EMPLOI", "BeneficiaireRSA": "NON",
		"RQTH": "NON", "Prescripteur": "FRANCE_TRAVAIL", "DateAccueil": "01/03/2026", "ConsentementRGPD": "OUI",
		"IntituleProjet": "Épicerie fine", "SecteurActivite": "G", "FormeJuridiqueEnvisagee": "MICRO",
		"DateRDV": d, "TypeRDV": "DIAGNOSTIC", "ModaliteRDV": "PRESENTIEL", "DureeRDV": "60",
	}
}

// rkSave is the child's pseudo-phase of a partner's change: the only one
// a run makes is marking a partner qualified, after its qualification
// import (Service.Hook has no phase there, so the child counts the store's
// SavePartner calls).
const rkSave = "save"

// rkSaveStore is a store that tells the child's hook of each SavePartner
// call before making it.
type rkSaveStore struct {
	eleader.Store
	hook func(string)
}

func (s rkSaveStore) SavePartner(ctx context.Context, u eleader.PartnerUpdate) error {
	s.hook(rkSave)
	return s.Store.SavePartner(ctx, u)
}

// TestRunKillChild is the process TestRunKill starts and kills: it runs
// Service.Run once, telling the parent on file descriptor 3 where it is,
// and kills itself at the phase its plan names. It does nothing in a normal
// test run.
func TestRunKillChild(t *testing.T) {
	if os.Getenv(rkEnvChild) != "1" {
		return
	}
	events := os.NewFile(3, "runkill-events")
	require.NotNil(t, events)
	emit := func(s string) { events.WriteString(s + "\n") } // unbuffered: what is written survives the kill
	var phase string
	var n int
	if plan := os.Getenv(rkEnvPlan); plan != "" {
		p, ns, ok := strings.Cut(plan, ":")
		var err error
		n, err = strconv.Atoi(ns)
		require.True(t, ok && err == nil && (slices.Contains(rkPhases, p) || p == rkSave), "bad plan %q", plan)
		phase = p
	}
	ctx := context.Background()
	store, err := sqlite.Open(ctx, os.Getenv(rkEnvDB))
	require.NoError(t, err)
	defer store.Close()
	dir, err := dropdir.New(os.Getenv(rkEnvRoot))
	require.NoError(t, err)
	calls := map[string]int{}
	hook := func(p string) {
		calls[p]++
		emit(p)
		if p == phase && calls[p] == n {
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {} // the signal is on its way
		}
	}
	svc := &eleader.Service{Store: rkSaveStore{store, hook}, Deposits: dir, Hook: hook}
	emit("ready")
	rec, _, err := svc.Run(ctx, eleader.RunOptions{Trigger: "manual"})
	require.NoError(t, err)
	b, err := json.Marshal(rec)
	require.NoError(t, err)
	emit("done " + string(b))
	require.Zero(t, rec.Failed, "partners failed: %s", rec.Outcome)
	require.Empty(t, phase, "the plan %s:%d was never reached (calls %v)", phase, n, calls)
}

// rkChild is one execution of the child.
type rkChild struct {
	killed bool            // died by SIGKILL
	events []string        // what it told before it ended
	at     []time.Duration // when, from its first event
	run    *eleader.RunRecord
	out    string
	state  *os.ProcessState
}

// last returns the last event before the child ended, "start" when there
// was none.
func (c rkChild) last() string {
	if len(c.events) == 0 {
		return "start"
	}
	e, _, _ := strings.Cut(c.events[len(c.events)-1], " ")
	return e
}

// String lists the events with their times.
func (c rkChild) String() string {
	var b strings.Builder
	for i, e := range c.events {
		e, _, _ = strings.Cut(e, " ")
		fmt.Fprintf(&b, "%s@%v ", e, c.at[i].Round(time.Millisecond))
	}
	return strings.TrimSpace(b.String())
}

// rkKill is a kill by the parent: delay after the nth event after (an
// event the child tells: "ready" at the start of its run, or a phase).
type rkKill struct {
	after string
	nth   int
	delay time.Duration
}

func (k *rkKill) String() string { return fmt.Sprintf("%v after %s #%d", k.delay, k.after, k.nth) }

// rkRunChild runs the child on the store and root with a plan ("" none) and
// kills it as kill says (nil: never).
func rkRunChild(tb testing.TB, db, root, plan string, kill *rkKill) rkChild {
	tb.Helper()
	r, w, err := os.Pipe()
	require.NoError(tb, err)
	defer r.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^TestRunKillChild$", "-test.count=1", "-test.timeout=5m")
	cmd.Env = append(os.Environ(), rkEnvChild+"=1", rkEnvDB+"="+db, rkEnvRoot+"="+root, rkEnvPlan+"="+plan)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.ExtraFiles = []*os.File{w}
	require.NoError(tb, cmd.Start())
	w.Close()
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(r)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	var c rkChild
	var t0 time.Time
	var timer <-chan time.Time
	seen := map[string]int{}
	for lines != nil {
		select {
		case l, ok := <-lines:
			if !ok {
				lines = nil
				break
			}
			if t0.IsZero() {
				t0 = time.Now()
			}
			c.events, c.at = append(c.events, l), append(c.at, time.Since(t0))
			seen[l]++
			if kill != nil && l == kill.after && seen[l] == kill.nth {
				timer = time.After(kill.delay)
			}
		case <-timer:
			cmd.Process.Signal(syscall.SIGKILL) // fails when already gone: no kill
			timer = nil
		}
	}
	err = cmd.Wait()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		require.NoError(tb, err, "wait for the child")
	}
	c.state, c.out = cmd.ProcessState, out.String()
	ws, ok := c.state.Sys().(syscall.WaitStatus)
	require.True(tb, ok)
	c.killed = ws.Signaled() && ws.Signal() == syscall.SIGKILL
	if e := c.events; len(e) > 0 && strings.HasPrefix(e[len(e)-1], "done ") {
		c.run = &eleader.RunRecord{}
		require.NoError(tb, json.Unmarshal([]byte(strings.TrimPrefix(e[len(e)-1], "done ")), c.run))
	}
	return c
}

// rkEnv is the parent's world: the store's file, the deposits' root and
// every file deposited.
type rkEnv struct {
	db, root string
	partners []rkPartner
	dir      *dropdir.Dir
	files    map[string][]rkFile // by partner, in deposit order
	setup    map[string]string   // the qualification file of a production partner, imported outside runs
	days     map[string]int      // the next day of each partner
}

// deposit deposits a partner's file of its next day.
func (e *rkEnv) deposit(tb testing.TB, p rkPartner) rkFile {
	tb.Helper()
	day := e.days[p.id]
	e.days[p.id]++
	f := rkMakeFile(p, day, 0, p.allBad || day%2 == 1)
	d, err := e.dir.Deposit(context.Background(), p.id, f.name, bytes.NewReader(f.body), 0)
	require.NoError(tb, err, "deposit %s", f.name)
	require.Equal(tb, f.sha256, d.SHA256, "sha256 of the deposit %s", f.name)
	e.files[p.id] = append(e.files[p.id], f)
	return f
}

// pending returns how many partners have a latest deposit no run handled:
// a run calls each phase once for each of them.
func (e *rkEnv) pending(tb testing.TB) int {
	tb.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, e.db)
	require.NoError(tb, err)
	defer store.Close()
	n := 0
	for _, p := range e.partners {
		deps, err := e.dir.Deposits(ctx, p.id)
		require.NoError(tb, err)
		if len(deps) == 0 {
			continue
		}
		_, found, err := store.RunFile(ctx, p.id, deps[len(deps)-1].Name)
		require.NoError(tb, err)
		if !found {
			n++
		}
	}
	return n
}

// drain runs unkilled children until no deposit is left.
func (e *rkEnv) drain(tb testing.TB) {
	tb.Helper()
	for i := 0; ; i++ {
		left := 0
		for _, p := range e.partners {
			deps, err := e.dir.Deposits(context.Background(), p.id)
			require.NoError(tb, err)
			left += len(deps)
		}
		if left == 0 {
			return
		}
		require.Less(tb, i, 3, "deposits left after %d unkilled runs", i)
		c := rkRunChild(tb, e.db, e.root, "", nil)
		require.True(tb, c.state.Success(), "an unkilled run: %v; events %v; output:\n%s", c.state, c, c.out)
	}
}

// setupRunKill creates the store, the partners (production ones pass a
// qualification import first) and the deposits' root.
func setupRunKill(tb testing.TB, partners []rkPartner) *rkEnv {
	tb.Helper()
	ctx := context.Background()
	dir := tb.TempDir()
	e := &rkEnv{db: filepath.Join(dir, "eleader.db"), root: filepath.Join(dir, "depots"), partners: partners,
		files: map[string][]rkFile{}, setup: map[string]string{}, days: map[string]int{}}
	clock := time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)
	now := func() time.Time { clock = clock.Add(time.Second); return clock }
	var err error
	e.dir, err = dropdir.New(e.root)
	require.NoError(tb, err)
	e.dir.Now = now // deposits ordered as made
	store, err := sqlite.Open(ctx, e.db)
	require.NoError(tb, err)
	defer store.Close()
	svc := &eleader.Service{Store: store, Deposits: e.dir, Now: now}
	for _, p := range e.partners {
		sheet := eleader.ConnectionSheet{
			Partner: p.id, Name: "Réseau " + strings.ToUpper(p.id), Operators: []string{p.oper},
			Channels: []eleader.Channel{eleader.ChannelDepot}, Mode: p.mode, Environment: eleader.Qualification,
			Contact: eleader.Contact{Name: "Jeanne Tech", Phone: "01 23 45 67 89", Email: "tech@" + p.id + ".example"},
		}
		_, todo, err := svc.CreatePartner(ctx, sheet, "runkill")
		require.NoError(tb, err)
		require.Empty(tb, todo, "sheet of %s", p.id)
		_, err = svc.SubmitPartner(ctx, p.id, "runkill")
		require.NoError(tb, err)
		acts, err := svc.ProcessPartners(ctx, p.id, "runkill")
		require.NoError(tb, err)
		require.Len(tb, acts, 1)
		require.Equal(tb, eleader.StatusActive, acts[0].Status, "%s: %s", p.id, acts[0].Refused)
		if p.env != eleader.Production {
			continue
		}
		// A clean qualification file, imported outside runs, then production.
		q := rkMakeFile(p, -30, 20, false)
		res, err := svc.ImportFile(ctx, eleader.Import{Partner: p.id, Name: q.name, Body: bytes.NewReader(q.body)})
		require.NoError(tb, err)
		require.True(tb, res.Qualified, "qualification of %s: %+v", p.id, res.Report)
		e.setup[p.id] = q.name
		_, _, err = svc.EditPartner(ctx, p.id, func(s *eleader.ConnectionSheet) error { s.Environment = eleader.Production; return nil },
			"runkill", "production")
		require.NoError(tb, err)
		acts, err = svc.ProcessPartners(ctx, p.id, "runkill")
		require.NoError(tb, err)
		require.Len(tb, acts, 1)
		require.Equal(tb, eleader.StatusActive, acts[0].Status, "%s: %s", p.id, acts[0].Refused)
	}
	return e
}

// TestRunKill kills import runs at every phase and at random moments, at
// least 50 times (10 with -short), restarting them, and checks that every
// deposited file ends imported (or superseded) exactly once and reported
// exactly once, and that the consolidation is what imports without kills
// give.
func TestRunKill(t *testing.T) {
	if os.Getenv(rkEnvChild) == "1" {
		return
	}
	seed := uint64(rkSeed)
	if s := os.Getenv(rkEnvSeed); s != "" {
		var err error
		seed, err = strconv.ParseUint(s, 10, 64)
		require.NoError(t, err, rkEnvSeed)
	}
	target := 60
	if testing.Short() {
		target = 10
	}
	if s := os.Getenv(rkEnvKills); s != "" {
		var err error
		target, err = strconv.Atoi(s)
		require.NoError(t, err, rkEnvKills)
	}
	t.Logf("seed %d (%s to change it), %d kills", seed, rkEnvSeed, target)
	rng := rand.New(rand.NewPCG(seed, seed))
	started := time.Now()

	e := setupRunKill(t, rkPartners)
	for _, p := range rkPartners { // several days waiting: the first run supersedes
		for range 3 {
			e.deposit(t, p)
		}
	}

	atPhase, random := map[string]int{}, map[string]int{} // kills by phase; by where they landed
	total, late, rounds, phaseRounds := 0, 0, 0, 0
	for total < target {
		rounds++
		require.Less(t, rounds, 4*target, "too many rounds for %d kills", target)
		// Sometimes new days, and always something to do.
		if rng.IntN(3) == 0 {
			for _, p := range rkPartners {
				if rng.IntN(2) == 0 {
					for range 1 + rng.IntN(2) {
						e.deposit(t, p)
					}
				}
			}
		}
		pending := e.pending(t)
		for pending == 0 {
			e.deposit(t, rkPartners[rng.IntN(len(rkPartners))])
			pending = e.pending(t)
		}
		var c rkChild
		var what string
		if rounds%2 == 1 {
			// At a phase, the nth time: each pending partner's file goes
			// through each phase once.
			phase := rkPhases[phaseRounds%len(rkPhases)]
			n := 1 + (phaseRounds/len(rkPhases))%pending
			phaseRounds++
			plan := fmt.Sprintf("%s:%d", phase, n)
			c = rkRunChild(t, e.db, e.root, plan, nil)
			require.True(t, c.killed, "round %d, plan %s: the child ended with %v, not by SIGKILL; events %v; output:\n%s",
				rounds, plan, c.state, c, c.out)
			require.Equal(t, phase, c.last(), "round %d, plan %s: where the child died", rounds, plan)
			atPhase[phase]++
			what = "at " + plan
		} else {
			// After a delay from the start of the run, or of the copy of one
			// of the files; cubed, so that the short windows (the copy
			// takes milliseconds, the validation most of a file's time) are
			// hit too.
			u := rng.Float64()
			kill := &rkKill{after: "ready", nth: 1, delay: time.Duration(u * u * u * float64(rkMaxDelay))}
			if k := rng.IntN(pending + 1); k > 0 {
				kill.after, kill.nth = "keep", k
			}
			c = rkRunChild(t, e.db, e.root, "", kill)
			if !c.killed {
				require.True(t, c.state.Success(), "round %d (kill %v): the child, not killed, failed: %v; events %v; output:\n%s",
					rounds, kill, c.state, c, c.out)
				late++
				what = fmt.Sprintf("kill %v came after the end", kill)
			} else {
				random[rkWhere[c.last()]]++
				what = fmt.Sprintf("kill %v, in the %s", kill, rkWhere[c.last()])
			}
		}
		if c.killed {
			total++
		}
		rkCheck(t, e, false, fmt.Sprintf("round %d (%s; events %v)", rounds, what, c))
	}
	e.drain(t)

	list := func(m map[string]int) string {
		var l []string
		n := 0
		for _, k := range slices.Sorted(maps.Keys(m)) {
			l = append(l, fmt.Sprintf("%s %d", k, m[k]))
			n += m[k]
		}
		return fmt.Sprintf("%d (%s)", n, strings.Join(l, ", "))
	}
	deposited := 0
	for _, fs := range e.files {
		deposited += len(fs)
	}
	t.Logf("%d kills in %d rounds: at a phase %s; after a random delay %s, %d more too late; %d files deposited; %v",
		total, rounds, list(atPhase), list(random), late, deposited, time.Since(started).Round(time.Millisecond))
	if !testing.Short() && os.Getenv(rkEnvKills) == "" {
		assert.GreaterOrEqual(t, total, 50, "kills")
	}

	rkCheck(t, e, true, "the end")
	rkCheckConsolidation(t, e)
	rkCheckLocks(t, e)
}

// rkWhere names where a kill landed after the child's last event.
var rkWhere = map[string]string{
	"start":     "start of the process",
	"ready":     "start of the run (sheets, lock, superseding)",
	"keep":      "copy to history",
	"kept":      "validation and transaction",
	"finish":    "report, ledger and commit",
	"committed": "cleanup after commit",
	rkSave:      "mark of qualification",
	"done":      "end of the run",
}

// rkCheck checks what must hold after any kill (final: once every run
// ended, nothing left): every deposited file is in deposits or history,
// intact; no file is imported, reported or named superseded twice; the
// ledger, the imports and the reports agree.
func rkCheck(tb testing.TB, e *rkEnv, final bool, when string) {
	tb.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, e.db)
	require.NoError(tb, err, when)
	defer store.Close()
	for _, p := range e.partners {
		imports, err := store.Imports(ctx, p.id)
		require.NoError(tb, err)
		reports, err := store.Reports(ctx, p.id, 1<<20)
		require.NoError(tb, err)
		importsOf := map[string][]eleader.ImportRecord{}
		for _, r := range imports {
			importsOf[r.File] = append(importsOf[r.File], r)
		}
		reportsOf := map[string][]eleader.Report{}
		supersededIn := map[string]int{}
		for _, r := range reports {
			reportsOf[r.File] = append(reportsOf[r.File], r)
			for _, n := range r.Superseded {
				supersededIn[n]++
			}
		}
		known := map[string]bool{e.setup[p.id]: e.setup[p.id] != ""}
		for _, f := range e.files[p.id] {
			known[f.name] = true
			at := fmt.Sprintf("%s: %s/%s", when, p.id, f.name)
			inDepot := rkSum(tb, filepath.Join(e.root, p.id, dropdir.DepositDir, f.name))
			kept := rkSum(tb, filepath.Join(e.root, p.id, dropdir.HistoryDir, f.name))
			superseded := rkSum(tb, filepath.Join(e.root, p.id, dropdir.HistoryDir, f.name+".superseded"))
			for _, s := range []string{inDepot, kept, superseded} {
				require.True(tb, s == "" || s == f.sha256, "%s: a copy changed", at)
			}
			require.True(tb, inDepot != "" || kept != "" || superseded != "", "%s: lost (neither in deposits nor in history)", at)
			require.LessOrEqual(tb, len(importsOf[f.name]), 1, "%s: imported twice: %+v", at, importsOf[f.name])
			require.LessOrEqual(tb, len(reportsOf[f.name]), 1, "%s: reported twice", at)
			require.LessOrEqual(tb, supersededIn[f.name], 1, "%s: named superseded by %d reports", at, supersededIn[f.name])
			rf, found, err := store.RunFile(ctx, p.id, f.name)
			require.NoError(tb, err)
			switch {
			case !found:
				require.False(tb, final, "%s: not in the runs' ledger", at)
				require.NotEmpty(tb, inDepot, "%s: not in the ledger, yet gone from deposits", at)
				require.Empty(tb, superseded, "%s: not in the ledger, yet superseded in history", at)
				require.Empty(tb, importsOf[f.name], "%s: not in the ledger, yet imported", at)
				require.Empty(tb, reportsOf[f.name], "%s: not in the ledger, yet reported", at)
				require.Zero(tb, supersededIn[f.name], "%s: not in the ledger, yet reported superseded", at)
			case rf.State == eleader.FileImported:
				require.Len(tb, importsOf[f.name], 1, "%s: imported in the ledger: its imports", at)
				require.Len(tb, reportsOf[f.name], 1, "%s: imported in the ledger: its reports", at)
				require.NotEmpty(tb, kept, "%s: imported, not kept in history", at)
				require.Empty(tb, superseded, "%s: imported, and superseded in history", at)
				require.Zero(tb, supersededIn[f.name], "%s: imported, and reported superseded", at)
				imp, rep := importsOf[f.name][0], reportsOf[f.name][0]
				assert.Equal(tb, f.sha256, rf.SHA256, "%s: sha256 in the ledger", at)
				assert.Equal(tb, f.sha256, imp.SHA256, "%s: sha256 of the import", at)
				assert.Equal(tb, imp.ID, rf.ImportID, "%s: import of the ledger", at)
				assert.Equal(tb, imp.ID, rep.ImportID, "%s: import of the report", at)
				assert.Equal(tb, rkLines, rep.Lines, "%s: lines reported", at)
				assert.Equal(tb, f.bad, rep.Rejected, "%s: rejected lines reported", at)
				assert.Equal(tb, f.bad > 0, rep.RejectsBytes > 0, "%s: rejects file", at)
				if rep.RejectsBytes > 0 {
					// Written in the import's transaction: all of it, or no report.
					svc := &eleader.Service{Store: store}
					assert.Len(tb, storedRejects(tb, svc, &rep), int(rep.RejectsBytes), "%s: the rejects, whole", at)
					assert.Len(tb, storedLines(tb, store, &rep), f.bad, "%s: a line per rejected record", at)
				}
				assert.Equal(tb, p.env == eleader.Qualification, rep.Qualification, "%s: qualification report", at)
				wantConsolidated := p.env == eleader.Production && (p.mode == importer.ModePartial || f.bad == 0)
				assert.Equal(tb, wantConsolidated, imp.Consolidated, "%s: consolidated", at)
				assert.Equal(tb, wantConsolidated, rep.Consolidated, "%s: consolidated in the report", at)
			case rf.State == eleader.FileSuperseded:
				require.Empty(tb, importsOf[f.name], "%s: superseded, yet imported", at)
				require.Empty(tb, reportsOf[f.name], "%s: superseded, yet reported", at)
				require.True(tb, inDepot != "" || superseded != "", "%s: superseded, in neither deposits nor history", at)
				if final {
					require.Equal(tb, 1, supersededIn[f.name], "%s: superseded: reports naming it", at)
				}
			default:
				require.Failf(tb, "unknown state", "%s: state %q in the ledger", at, rf.State)
			}
			if final {
				require.Empty(tb, inDepot, "%s: still in deposits", at)
			}
		}
		for name := range importsOf {
			assert.True(tb, known[name], "%s: %s: an import of a file never deposited", when, name)
		}
		for name := range reportsOf {
			assert.True(tb, known[name], "%s: %s: a report of a file never deposited", when, name)
		}
		if p.env == eleader.Qualification {
			// A qualification report that says qualified marks the partner.
			i := slices.IndexFunc(reports, func(r eleader.Report) bool { return r.Qualified })
			got, err := store.Partner(ctx, p.id)
			require.NoError(tb, err)
			if i >= 0 {
				assert.True(tb, got.Qualified(), "%s: the report of %s/%s (run %d) says qualified, the partner is not",
					when, p.id, reports[i].File, reports[i].RunID)
			} else {
				assert.False(tb, got.Qualified(), "%s: %s qualified, yet no report says so", when, p.id)
			}
		}
	}
}

// rkSum returns a file's SHA-256, or "" when there is no such file.
func rkSum(tb testing.TB, path string) string {
	tb.Helper()
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return ""
	}
	require.NoError(tb, err)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// rkCheckConsolidation imports, without kills, into a fresh store, the files
// the runs consolidated, in the same order, and requires every dossier of
// the production partners to be the same in both stores, values and
// provenance (file, line, dates).
func rkCheckConsolidation(tb testing.TB, e *rkEnv) {
	tb.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, e.db)
	require.NoError(tb, err)
	defer store.Close()
	ref, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), "reference.db"))
	require.NoError(tb, err)
	defer ref.Close()
	svc := &eleader.Service{Store: ref}
	byName := map[string]rkFile{}
	for _, fs := range e.files {
		for _, f := range fs {
			byName[f.name] = f
		}
	}
	for _, p := range e.partners {
		if p.env != eleader.Production {
			continue
		}
		imports, err := store.Imports(ctx, p.id)
		require.NoError(tb, err)
		slices.Reverse(imports) // oldest first
		highest := 0
		consolidated := 0
		for _, imp := range imports {
			f, ok := byName[imp.File]
			if !ok || !imp.Consolidated {
				continue
			}
			consolidated++
			res, err := svc.Import(ctx, eleader.Import{Partner: p.id, Operators: []string{p.oper}, Mode: p.mode,
				Name: f.name, Body: bytes.NewReader(f.body)})
			require.NoError(tb, err)
			require.True(tb, res.Record.Consolidated, "reference import of %s", f.name)
			require.Equal(tb, imp.Created, res.Record.Created, "%s: dossiers created, reference", f.name)
			require.Equal(tb, imp.Updated, res.Record.Updated, "%s: dossiers updated, reference", f.name)
			highest = max(highest, (max(f.day, 0)+2)*rkLines/2)
		}
		require.NotZero(tb, consolidated, "%s: files consolidated", p.id)
		var differ []string // the numbers, and the first differences
		for i := range highest {
			number := fmt.Sprintf("%s%06d", p.oper, i)
			want, werr := ref.View(ctx, number)
			got, gerr := store.View(ctx, number)
			if werr != nil || gerr != nil {
				require.True(tb, werr == nil || eleader.ErrorCode(werr) == eleader.ENOTFOUND, "%s: %v", number, werr)
				require.True(tb, gerr == nil || eleader.ErrorCode(gerr) == eleader.ENOTFOUND, "%s: %v", number, gerr)
				if (werr == nil) != (gerr == nil) {
					differ = append(differ, fmt.Sprintf("%s: reference %v, runs %v", number, werr, gerr))
				}
				continue
			}
			wj, err := json.Marshal(want)
			require.NoError(tb, err)
			gj, err := json.Marshal(got)
			require.NoError(tb, err)
			if !bytes.Equal(wj, gj) {
				differ = append(differ, fmt.Sprintf("%s:\nreference %s\nruns      %s", number, wj, gj))
			}
		}
		assert.Zero(tb, len(differ), "%s: dossiers that differ from imports without kills; the first: %s", p.id,
			strings.Join(differ[:min(len(differ), 3)], "\n"))
	}
}

// rkCheckLocks requires every partner's run lock to be free, or held by a
// process that no longer runs (a new run steals it).
func rkCheckLocks(tb testing.TB, e *rkEnv) {
	tb.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, e.db)
	require.NoError(tb, err)
	defer store.Close()
	host, _ := os.Hostname()
	me := eleader.LockHolder{ID: "runkill-check", Host: host, PID: os.Getpid()}
	gone := func(h eleader.LockHolder) bool {
		return h.Host == host && h.PID > 0 && errors.Is(syscall.Kill(h.PID, 0), syscall.ESRCH)
	}
	now := time.Now()
	for _, p := range e.partners {
		ok, err := store.TryLock(ctx, "run:"+p.id, me, now, now.Add(time.Minute), gone)
		require.NoError(tb, err)
		assert.True(tb, ok, "the run lock of %s is held by a live process", p.id)
		require.NoError(tb, store.Unlock(ctx, "run:"+p.id, me))
	}
}

// TestRunKillQualification kills a run of a qualification partner between
// the commit of its clean file's import (ledger, history, report saying
// "qualified") and the mark of the partner as qualified, which comes after,
// outside that transaction: the run after does not import the file again
// (it is in the ledger), so the mark must not be lost.
func TestRunKillQualification(t *testing.T) {
	if os.Getenv(rkEnvChild) == "1" {
		return
	}
	qual := rkPartner{"qual", "QUAL", importer.ModePartial, eleader.Qualification, false}
	e := setupRunKill(t, []rkPartner{qual})
	f := e.deposit(t, qual)
	require.Zero(t, f.bad, "a clean file")
	// The qualification is marked in the transaction that records the
	// import and its report: a kill right after it commits cannot separate
	// them (and no write to the partner happens after it).
	c := rkRunChild(t, e.db, e.root, "committed:1", nil)
	require.True(t, c.killed, "the child ended with %v, not by SIGKILL; events %v; output:\n%s", c.state, c, c.out)
	require.Equal(t, []string{"ready", "keep", "kept", "finish", "committed"}, strings.Fields(strings.Join(c.events, " ")),
		"where the child died")
	e.drain(t)
	rkCheck(t, e, true, "after the kill right after the commit")

	// What it costs the partner: it cannot go to production.
	ctx := context.Background()
	store, err := sqlite.Open(ctx, e.db)
	require.NoError(t, err)
	defer store.Close()
	svc := &eleader.Service{Store: store}
	_, _, err = svc.EditPartner(ctx, qual.id, func(s *eleader.ConnectionSheet) error { s.Environment = eleader.Production; return nil },
		"runkill", "production")
	require.NoError(t, err)
	acts, err := svc.ProcessPartners(ctx, qual.id, "runkill")
	require.NoError(t, err)
	require.Len(t, acts, 1)
	assert.Empty(t, acts[0].Refused, "activation in production after a qualification reported passed")
}

// TestRunKillSupersedeKept kills a run after it copied a file to history and
// before its import committed; a more recent file comes before the next
// run, which supersedes the first one: history must then hold it once,
// marked superseded, not also the copy of the killed run under the name an
// imported file has.
func TestRunKillSupersedeKept(t *testing.T) {
	if os.Getenv(rkEnvChild) == "1" {
		return
	}
	prod := rkPartner{"prod", "PROD", importer.ModePartial, eleader.Production, true}
	e := setupRunKill(t, []rkPartner{prod})
	first := e.deposit(t, prod)
	c := rkRunChild(t, e.db, e.root, "kept:1", nil)
	require.True(t, c.killed, "the child ended with %v, not by SIGKILL; events %v; output:\n%s", c.state, c, c.out)
	rkCheck(t, e, false, "after the kill")
	e.deposit(t, prod)
	e.drain(t)
	rkCheck(t, e, true, "after the next run")
	rf, _, err := rkRunFile(t, e, prod.id, first.name)
	require.NoError(t, err)
	require.Equal(t, eleader.FileSuperseded, rf.State, "%s in the ledger", first.name)
	history := filepath.Join(e.root, prod.id, dropdir.HistoryDir)
	assert.NotEmpty(t, rkSum(t, filepath.Join(history, first.name+".superseded")), "%s marked superseded in history", first.name)
	assert.Empty(t, rkSum(t, filepath.Join(history, first.name)),
		"%s, superseded, is also in history under its own name, as an imported file is: the copy of the killed run stayed", first.name)
}

// rkRunFile returns the ledger entry of a file.
func rkRunFile(tb testing.TB, e *rkEnv, partner, name string) (eleader.RunFile, bool, error) {
	tb.Helper()
	store, err := sqlite.Open(context.Background(), e.db)
	require.NoError(tb, err)
	defer store.Close()
	return store.RunFile(context.Background(), partner, name)
}
