package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/entrepreneur-leader/eleader-go/adapters/postgres"
)

// report is the outcome of a comparison.
type report struct {
	Machine machine  `json:"machine"`
	File    fileInfo `json:"file"`
	Rounds  int      `json:"rounds"`
	// Store says where the imports' stores are.
	Store   string    `json:"store"`
	Date    string    `json:"date"`
	Results []*result `json:"results"`
}

type machine struct {
	OS   string `json:"os"`
	Arch string `json:"arch"`
	CPUs int    `json:"cpus"`
	CPU  string `json:"cpu"`
	Go   string `json:"go"`
}

type fileInfo struct {
	Name      string       `json:"name"`
	Bytes     int64        `json:"bytes"`
	Lines     int          `json:"lines"`
	Generated *genSettings `json:"generated,omitempty"`
}

// result is one contender's measures.
type result struct {
	Contender string `json:"contender"`
	Command   string `json:"command"`
	// Check says what the untimed run did.
	Check string   `json:"check"`
	Runs  []runOne `json:"runs"`
	// MedianSeconds is the median wall time; the rates are at that median.
	MedianSeconds  float64 `json:"median_s"`
	LinesPerSecond float64 `json:"lines_per_s"`
	MBPerSecond    float64 `json:"mb_per_s"`
	// PeakRSSMiB is the largest peak resident memory of the runs.
	PeakRSSMiB float64 `json:"peak_rss_mib"`
	// Ratio is the median, over the rounds, of the contender's time over
	// the floor's time in the same round (0 without a floor): the floor ran
	// moments before or after, under the same load, so this ratio resists
	// a shared machine's noise better than RatioOfMedians.
	Ratio float64 `json:"ratio_to_floor"`
	// RatioOfMedians is MedianSeconds over the floor's.
	RatioOfMedians float64 `json:"ratio_of_medians"`
}

func newReport(o options, f *inputFile) *report {
	return &report{
		Machine: machine{OS: runtime.GOOS, Arch: runtime.GOARCH, CPUs: runtime.NumCPU(), CPU: cpuModel(), Go: runtime.Version()},
		File:    fileInfo{Name: f.name, Bytes: f.bytes, Generated: f.generated},
		Rounds:  o.rounds,
		Store:   storeText(o.db),
		Date:    time.Now().Format(time.DateOnly),
	}
}

// cpuModel reads the CPU's model name from /proc/cpuinfo ("" elsewhere).
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	defer f.Close()
	return parseCPUModel(f)
}

func parseCPUModel(r io.Reader) string {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// median returns the median of xs (the mean of the middle two for an even
// count).
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// compute fills the medians, rates and ratios.
func (r *report) compute() {
	var floor *result
	for _, res := range r.Results {
		secs := make([]float64, len(res.Runs))
		var peak int64
		for i, run := range res.Runs {
			secs[i] = run.Seconds
			peak = max(peak, run.PeakRSSKiB)
		}
		res.MedianSeconds = median(secs)
		res.PeakRSSMiB = float64(peak) / 1024
		if res.MedianSeconds > 0 {
			res.LinesPerSecond = float64(r.File.Lines) / res.MedianSeconds
			res.MBPerSecond = float64(r.File.Bytes) / 1e6 / res.MedianSeconds
		}
		if res.Contender == "floor" {
			floor = res
		}
	}
	if floor == nil || floor.MedianSeconds == 0 {
		return
	}
	for _, res := range r.Results {
		res.RatioOfMedians = res.MedianSeconds / floor.MedianSeconds
		var ratios []float64
		for k, run := range res.Runs {
			if k < len(floor.Runs) && floor.Runs[k].Seconds > 0 {
				ratios = append(ratios, run.Seconds/floor.Runs[k].Seconds)
			}
		}
		res.Ratio = median(ratios)
	}
}

func (r *report) writeJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

func (r *report) writeText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	m := r.Machine
	fmt.Fprintf(bw, "machine: %s/%s, %d CPUs, %s, %s; %s\n", m.OS, m.Arch, m.CPUs, orUnknown(m.CPU), m.Go, r.Date)
	fmt.Fprintf(bw, "file:    %s, %s lines, %.1f MB", r.File.Name, thousands(float64(r.File.Lines)), float64(r.File.Bytes)/1e6)
	if g := r.File.Generated; g != nil {
		fmt.Fprintf(bw, " (generated: --lines %d --faults %g --seed %d; %d faulty)", g.Lines, g.Faults, g.Seed, g.Faulty)
	}
	if g := r.File.Generated; g != nil && g.Remix {
		fmt.Fprintf(bw, ", remixed (--remix)")
	}
	fmt.Fprintf(bw, "\nrounds:  %d timed, alternating, after one untimed round\n", r.Rounds)
	fmt.Fprintf(bw, "stores:  %s\n\n", r.Store)
	fmt.Fprintln(bw, "× floor: the median over the rounds of the contender's time over the floor's in the same round")

	const row = "%-10s %9s %11s %7s %13s %8s\n"
	fmt.Fprintf(bw, row, "contender", "median s", "lines/s", "MB/s", "peak RSS MiB", "× floor")
	for _, res := range r.Results {
		ratio := "-"
		if res.Ratio > 0 {
			ratio = strconv.FormatFloat(res.Ratio, 'f', 2, 64)
		}
		fmt.Fprintf(bw, row, res.Contender, strconv.FormatFloat(res.MedianSeconds, 'f', 3, 64), thousands(res.LinesPerSecond),
			strconv.FormatFloat(res.MBPerSecond, 'f', 1, 64), strconv.FormatFloat(res.PeakRSSMiB, 'f', 1, 64), ratio)
	}
	fmt.Fprintln(bw, "\ncommands and what the untimed round checked:")
	for _, res := range r.Results {
		fmt.Fprintf(bw, "  %-9s %s\n  %-9s → %s\n", res.Contender, res.Command, "", res.Check)
	}
	fmt.Fprintln(bw, "\nruns, round by round (seconds, peak RSS MiB):")
	for _, res := range r.Results {
		parts := make([]string, len(res.Runs))
		for i, run := range res.Runs {
			parts[i] = fmt.Sprintf("%.3f s %.1f MiB", run.Seconds, float64(run.PeakRSSKiB)/1024)
		}
		fmt.Fprintf(bw, "  %-9s %s\n", res.Contender, strings.Join(parts, ", "))
	}
	return bw.Flush()
}

func orUnknown(s string) string {
	if s == "" {
		return "CPU unknown"
	}
	return s
}

// thousands formats a rate as an integer with thin separators: 1 234 567.
func thousands(x float64) string {
	s := strconv.FormatInt(int64(x+0.5), 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// storeText says where the imports' stores are.
func storeText(db string) string {
	if db == "" {
		return "SQLite, a new file each round"
	}
	return "PostgreSQL " + postgres.Redact(db) + ", a new schema each round"
}
