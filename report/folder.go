package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ErrNotResults is returned (wrapped) for a folder that is not a caseload
// results folder: no manifest, or not the files its manifest implies.
var ErrNotResults = errors.New("not a caseload results folder")

// Kinds of results folder, as Build detects them.
const (
	KindRun         = "run"         // one scenario (caseload run)
	KindCompare     = "compare"     // scenarios side by side (caseload compare)
	KindEngland     = "england"     // a national scenario, with areas.csv
	KindCalibration = "calibration" // a run of the calibration command
	KindSweep       = "sweep"
	KindOAT         = "sensitivity-oat"
	KindMorris      = "sensitivity-morris"
	KindSobol       = "sensitivity-sobol"
	KindSize        = "size"
	KindTrial       = "trial"
	KindOptimise    = "optimise" // the best deployment for a budget (caseload optimise)
	// KindNeighbours is a deployment in an LA and in each of its
	// statistical neighbours (caseload compare --neighbours), read from
	// neighbours.csv and manifest.json.
	KindNeighbours = "compare-neighbours"
)

// table is a CSV file read whole: its header and rows.
type table struct {
	name   string
	header []string
	rows   [][]string
}

func (t *table) col(name string) int { return slices.Index(t.header, name) }

// need returns the columns named, or an error naming the file and the
// first column it lacks.
func (t *table) need(names ...string) ([]int, error) {
	idx := make([]int, len(names))
	for i, n := range names {
		idx[i] = t.col(n)
		if idx[i] < 0 {
			return nil, fmt.Errorf("%s: no column %q (header %s): %w", t.name, n, strings.Join(t.header, ","), ErrNotResults)
		}
	}
	return idx, nil
}

// Limits on what a results folder may hold, so that a folder that was
// not written by caseload (or was damaged) is refused rather than read
// for ever or into all memory.
const (
	// maxFileBytes is the largest file read: a compare of many scenarios
	// over 50 years writes a weekly.csv of some hundreds of MiB at most.
	maxFileBytes = 1 << 30
	// maxWeek is the highest week number read from weekly.csv: 50
	// measured years (the most a scenario may have) of 52 weeks.
	maxWeek = 50 * 52
	// maxReplication is the highest replication number read from
	// replications.csv: the most --reps allows.
	maxReplication = 100_000
)

// readFile reads one file of a results folder: a regular file (not a
// symbolic link, folder, FIFO or device) of at most maxFileBytes, in
// UTF-8. The file is opened without following a link and without
// blocking, and checked again once open. A missing file is reported as
// fs.ErrNotExist; anything else wrong is ErrNotResults naming the file.
func readFile(path string) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|readFlags, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err != nil {
		if fi, lerr := os.Lstat(path); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return nil, fmt.Errorf("%s: expected a regular file, found a symbolic link: %w", path, ErrNotResults)
		}
		return nil, fmt.Errorf("%s: %v: %w", path, pathCause(err), ErrNotResults)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("%s: %v: %w", path, pathCause(err), ErrNotResults)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: expected a regular file, found %s: %w", path, kindOf(fi.Mode()), ErrNotResults)
	}
	if fi.Size() > maxFileBytes {
		return nil, fmt.Errorf("%s: %d bytes: expected at most %d: %w", path, fi.Size(), maxFileBytes, ErrNotResults)
	}
	b, err := io.ReadAll(io.LimitReader(f, maxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %v: %w", path, pathCause(err), ErrNotResults)
	}
	if len(b) > maxFileBytes {
		return nil, fmt.Errorf("%s: expected at most %d bytes: %w", path, maxFileBytes, ErrNotResults)
	}
	if !utf8.Valid(b) {
		return nil, fmt.Errorf("%s: expected UTF-8 text: %w", path, ErrNotResults)
	}
	return b, nil
}

func kindOf(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO (named pipe)"
	case m&(fs.ModeDevice|fs.ModeCharDevice) != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "not a regular file"
}

// pathCause drops the path from an fs error, which the message names.
func pathCause(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

func readTable(dir, name string) (*table, error) {
	path := filepath.Join(dir, name)
	b, err := readFile(path)
	if err != nil {
		return nil, err
	}
	// caseload ends every line, the last included; a file that stops
	// mid-line was cut short, though its last line may still parse
	if len(b) > 0 && b[len(b)-1] != '\n' {
		return nil, fmt.Errorf("%s: expected a complete file (its last line has no end: cut short?): %w", path, ErrNotResults)
	}
	// a table saved again by a spreadsheet may start with a byte-order
	// mark, which would join the first column's name (its line ends,
	// CRLF, the CSV reader takes as it takes LF)
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
	r.FieldsPerRecord = 0
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: expected CSV with the same number of fields on every line: %v: %w", path, err, ErrNotResults)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s: empty: %w", filepath.Join(dir, name), ErrNotResults)
	}
	return &table{name: filepath.Join(dir, name), header: recs[0], rows: recs[1:]}, nil
}

// num reads a number of the files; an empty cell (a statistic that does
// not exist, such as the spread of one replication) is NaN.
func num(s string) float64 {
	if s == "" {
		return math.NaN()
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return math.NaN()
	}
	return v
}

// manifest is what Build uses of manifest.json. The run commands and the
// exploring commands write different manifests; both are read here.
type manifest struct {
	Command   []string          `json:"command"`
	Kind      string            `json:"kind"`
	Scenario  string            `json:"scenario"`
	Place     string            `json:"place"` // a one-scenario kind's: the real LA (config.PlaceLine)
	Notes     []string          `json:"notes"` // a one-scenario kind's: the scenario's notes
	Sets      []string          `json:"sets"`
	Seed      uint64            `json:"seed"`
	Reps      int               `json:"reps"`
	Years     int               `json:"years"`
	Version   string            `json:"version"`
	GoVersion string            `json:"go_version"`
	Config    map[string]any    `json:"config"`
	Extra     map[string]string `json:"extra"`
	Factors   []struct {
		Key string `json:"key"`
	} `json:"factors"`
	Scenarios []manifestScenario `json:"scenarios"`
	Design    json.RawMessage    `json:"design"`
	Team      string             `json:"team"`
}

// manifestScenario is a scenario of a manifest's scenarios.
type manifestScenario struct {
	Name   string         `json:"name"`
	File   string         `json:"file"`
	Config map[string]any `json:"config"`
	Place  string         `json:"place"` // the real LA and what it is fitted to (config.PlaceLine)
	Notes  []string       `json:"notes"`
}

// stat is a mean with its 95% interval (and the standard deviation where
// the file has one).
type stat struct{ Mean, SD, Lo, Hi float64 }

// folder is a results folder read from disk.
type folder struct {
	dir  string
	kind string
	man  manifest

	// run, compare, england, calibration
	scenarios []string                   // in file order; the first is the reference
	metrics   []string                   // in file order
	stats     map[string]map[string]stat // scenario → metric → over replications
	diffs     map[string]map[string]stat // scenario → metric → paired difference from the reference
	weekly    map[string]map[string][]band
	series    []string               // weekly series in file order
	reps      map[string][][]float64 // scenario → replication → value per metric (metrics order)
	areas     []area

	// exploring commands
	sweep    *table
	analysis *table
	size     *table
	trials   *table
	pareto   *table // optimise: the front of cost against the objective
	trialSum map[string]stat
	trialOrd []string

	nb *neighbourSet // compare --neighbours
}

// band is one week of one series: the mean and quantiles over replications.
type band struct{ Mean, P05, P25, P50, P75, P95 float64 }

type area struct {
	scenario, name string
	children       float64
	stats          map[string]stat
}

// open reads dir and detects its kind.
func open(dir string) (*folder, error) {
	fi, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s does not exist: %w", dir, ErrNotResults)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %v: %w", dir, err, ErrNotResults)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("%s is not a folder: %w", dir, ErrNotResults)
	}
	b, err := readFile(filepath.Join(dir, "manifest.json"))
	if errors.Is(err, fs.ErrNotExist) {
		// a run stopped before its end keeps its state and no manifest
		if _, serr := os.Stat(filepath.Join(dir, "state.json")); serr == nil {
			return nil, fmt.Errorf("%s has no manifest.json: it holds a run not finished (state.json); finish it with the command that started it and --resume %s (or, for a folder of shards, caseload status %s and caseload merge %s), then report: %w", dir, dir, dir, dir, ErrNotResults)
		}
		return nil, fmt.Errorf("%s has no manifest.json: %w", dir, ErrNotResults)
	}
	if err != nil {
		return nil, err
	}
	f := &folder{dir: dir}
	if err := json.Unmarshal(b, &f.man); err != nil {
		return nil, fmt.Errorf("%s: %v: %w", filepath.Join(dir, "manifest.json"), err, ErrNotResults)
	}
	f.kind = f.man.Kind
	if f.kind == "" && len(f.man.Command) > 1 && f.man.Command[1] == "calibration" {
		f.kind = KindCalibration
	}
	switch f.kind {
	case "", KindRun, KindCompare, KindCalibration:
		return f, f.readRun()
	case KindSweep:
		f.sweep, err = f.table("sweep.csv", "point", "metric", "mean", "ci95_low", "ci95_high")
	case KindOAT, KindMorris, KindSobol:
		if f.analysis, err = f.table("sensitivity.csv", "factor", "statistic", "value", "ci95_low", "ci95_high"); err == nil {
			f.sweep, err = f.table("sweep.csv", "point", "metric", "mean")
		}
	case KindSize:
		f.size, err = f.table("size.csv", "mean", "ci95_low", "ci95_high", "share_meeting_target", "meets")
	case KindTrial:
		if f.trials, err = f.table("trials.csv", "irr", "ci95_low", "ci95_high", "true_irr", "estimable", "significant"); err == nil {
			err = f.readTrialSummary()
		}
	case KindOptimise:
		f.pareto, err = f.table("pareto.csv", "cost", "mean", "ci95_low", "ci95_high", "best", "deployment")
	case KindNeighbours:
		err = f.readNeighbours()
	default:
		return nil, fmt.Errorf("%s: manifest kind %q: %w", dir, f.kind, ErrNotResults)
	}
	return f, err
}

func (f *folder) table(name string, cols ...string) (*table, error) {
	t, err := readTable(f.dir, name)
	if errors.Is(err, fs.ErrNotExist) {
		// a table of another command beside this one's manifest: the
		// manifest is not the folder's
		if other := NeighboursCSV; f.kind != KindNeighbours && name != other {
			if _, serr := os.Lstat(filepath.Join(f.dir, other)); serr == nil {
				return nil, fmt.Errorf("%s has a %s manifest but no %s, and holds %s: expected manifest.json's kind %q with it: %w", f.dir, f.kind, name, other, KindNeighbours, ErrNotResults)
			}
		}
		return nil, fmt.Errorf("%s has a %s manifest but no %s: %w", f.dir, f.kind, name, ErrNotResults)
	}
	if err != nil {
		return nil, err
	}
	if _, err := t.need(cols...); err != nil {
		return nil, err
	}
	// a table of design points: point, then one column per factor, then
	// metric and its statistics
	if name == "sweep.csv" && (t.col("point") != 0 || t.col("metric") < 2) {
		return nil, fmt.Errorf("%s: header %s: expected point, then the factors, then metric: %w", t.name, strings.Join(t.header, ","), ErrNotResults)
	}
	return t, nil
}

// readRun reads the files of run, compare and national runs.
func (f *folder) readRun() error {
	sum, err := f.table("summary.csv", "scenario", "metric", "statistic", "value")
	if err != nil {
		return err
	}
	f.stats, f.diffs = map[string]map[string]stat{}, map[string]map[string]stat{}
	seenMetric := map[string]bool{}
	seen := map[[3]string]int{}
	named := map[string]bool{} // the manifest's scenarios, where it names them
	for _, s := range f.man.Scenarios {
		named[s.Name] = true
	}
	for i, r := range sum.rows {
		sc, m, st, v := r[0], r[1], r[2], num(r[3])
		// a row a run would not write is an edited file: refused, not drawn
		line := i + 2
		switch {
		case !knownStatistic(st):
			return fmt.Errorf("%s: line %d: statistic %q: expected n, mean, sd, ci95_low, ci95_high or diff_ with one of them: %w", sum.name, line, st, ErrNotResults)
		case r[3] != "" && r[3] != "NaN" && math.IsNaN(v):
			return fmt.Errorf("%s: line %d: value %q: expected a number: %w", sum.name, line, r[3], ErrNotResults)
		case len(named) > 0 && !named[sc]:
			return fmt.Errorf("%s: line %d: scenario %q: expected one that manifest.json names: %w", sum.name, line, sc, ErrNotResults)
		}
		if prev, dup := seen[[3]string{sc, m, st}]; dup {
			return fmt.Errorf("%s: line %d: scenario %s, metric %s, statistic %s again (line %d): %w", sum.name, line, sc, m, st, prev, ErrNotResults)
		}
		seen[[3]string{sc, m, st}] = line
		if f.stats[sc] == nil {
			f.scenarios = append(f.scenarios, sc)
			f.stats[sc], f.diffs[sc] = map[string]stat{}, map[string]stat{}
		}
		if !seenMetric[m] {
			seenMetric[m] = true
			f.metrics = append(f.metrics, m)
		}
		set := func(into map[string]stat, field string) {
			s, ok := into[m]
			if !ok {
				s = stat{math.NaN(), math.NaN(), math.NaN(), math.NaN()}
			}
			switch field {
			case "mean":
				s.Mean = v
			case "sd":
				s.SD = v
			case "ci95_low":
				s.Lo = v
			case "ci95_high":
				s.Hi = v
			}
			into[m] = s
		}
		if strings.HasPrefix(st, "diff_") {
			set(f.diffs[sc], strings.TrimPrefix(st, "diff_"))
		} else {
			set(f.stats[sc], st)
		}
	}
	if len(f.scenarios) == 0 {
		return fmt.Errorf("%s: no rows: %w", sum.name, ErrNotResults)
	}
	if f.kind == "" {
		f.kind = KindRun
		if len(f.scenarios) > 1 {
			f.kind = KindCompare
		}
	}
	if err := f.readWeekly(); err != nil {
		return err
	}
	if err := f.readReplications(); err != nil {
		return err
	}
	return f.readAreas()
}

func (f *folder) readWeekly() error {
	t, err := readTable(f.dir, "weekly.csv")
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	c, err := t.need("scenario", "week", "series", "mean", "p05", "p25", "p50", "p75", "p95")
	if err != nil {
		return err
	}
	f.weekly = map[string]map[string][]band{}
	seen := map[string]bool{}
	for _, r := range t.rows {
		sc, s := r[c[0]], r[c[2]]
		wk, err := strconv.Atoi(r[c[1]])
		if err != nil || wk < 1 || wk > maxWeek {
			return fmt.Errorf("%s: week %q: expected a week number from 1 to %d: %w", t.name, r[c[1]], maxWeek, ErrNotResults)
		}
		if f.weekly[sc] == nil {
			f.weekly[sc] = map[string][]band{}
		}
		if !seen[s] {
			seen[s] = true
			f.series = append(f.series, s)
		}
		w := f.weekly[sc][s]
		for len(w) < wk {
			w = append(w, band{math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()})
		}
		w[wk-1] = band{num(r[c[3]]), num(r[c[4]]), num(r[c[5]]), num(r[c[6]]), num(r[c[7]]), num(r[c[8]])}
		f.weekly[sc][s] = w
	}
	return nil
}

func (f *folder) readReplications() error {
	t, err := readTable(f.dir, "replications.csv")
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	c, err := t.need("scenario", "replication", "metric", "value")
	if err != nil {
		return err
	}
	idx := map[string]int{}
	for i, m := range f.metrics {
		idx[m] = i
	}
	f.reps = map[string][][]float64{}
	for _, r := range t.rows {
		rep, err := strconv.Atoi(r[c[1]])
		k, ok := idx[r[c[2]]]
		if err == nil && (rep < 0 || rep > maxReplication) {
			return fmt.Errorf("%s: replication %q: expected a number from 0 to %d: %w", t.name, r[c[1]], maxReplication, ErrNotResults)
		}
		if err != nil || !ok {
			continue
		}
		rs := f.reps[r[c[0]]]
		for len(rs) <= rep {
			row := make([]float64, len(f.metrics))
			for i := range row {
				row[i] = math.NaN()
			}
			rs = append(rs, row)
		}
		rs[rep][k] = num(r[c[3]])
		f.reps[r[c[0]]] = rs
	}
	return nil
}

func (f *folder) readAreas() error {
	t, err := readTable(f.dir, "areas.csv")
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	c, err := t.need("scenario", "area", "children", "metric", "mean", "ci95_low", "ci95_high")
	if err != nil {
		return err
	}
	at := map[[2]string]int{}
	for _, r := range t.rows {
		key := [2]string{r[c[0]], r[c[1]]}
		i, ok := at[key]
		if !ok {
			i = len(f.areas)
			at[key] = i
			f.areas = append(f.areas, area{scenario: key[0], name: key[1], children: num(r[c[2]]), stats: map[string]stat{}})
		}
		f.areas[i].stats[r[c[3]]] = stat{Mean: num(r[c[4]]), SD: math.NaN(), Lo: num(r[c[5]]), Hi: num(r[c[6]])}
	}
	if len(f.areas) > 0 && f.kind != KindCalibration {
		f.kind = KindEngland
	}
	return nil
}

func (f *folder) readTrialSummary() error {
	t, err := f.table("summary.csv", "statistic", "value", "low", "high")
	if err != nil {
		return err
	}
	f.trialSum = map[string]stat{}
	for _, r := range t.rows {
		f.trialSum[r[0]] = stat{Mean: num(r[1]), SD: math.NaN(), Lo: num(r[2]), Hi: num(r[3])}
		f.trialOrd = append(f.trialOrd, r[0])
	}
	return nil
}

// config is the resolved configuration of the folder's first scenario.
func (f *folder) config() map[string]any {
	if len(f.man.Scenarios) > 0 {
		return f.man.Scenarios[0].Config
	}
	return f.man.Config
}

// configValue looks up a dotted key (calendar.start_date) in a resolved
// configuration.
func configValue(cfg map[string]any, key string) (any, bool) {
	var v any = cfg
	for _, part := range strings.Split(key, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = m[part]; !ok {
			return nil, false
		}
	}
	return v, true
}

func configNumber(cfg map[string]any, key string) float64 {
	v, ok := configValue(cfg, key)
	if !ok {
		return math.NaN()
	}
	if x, ok := v.(float64); ok {
		return x
	}
	return math.NaN()
}

// knownStatistic reports whether st is a statistic summary.csv holds.
func knownStatistic(st string) bool {
	switch strings.TrimPrefix(st, "diff_") {
	case "mean", "sd", "ci95_low", "ci95_high":
		return true
	}
	return st == "n"
}
