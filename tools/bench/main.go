// Command bench measures the simulator against the speed and scale
// figures of PERFORMANCE.md and prints them in a small table: England in
// one replication, the typical LA in many, the speed-up from one core to
// two, the ratio to a bare loop that draws one random number per child
// per week, and how cost grows with children, weeks and replications.
//
//	go run ./tools/bench            # or: make bench
//	go run ./tools/bench -reps 200  # a quicker run
//
// Figures are wall-clock times on whatever machine runs it; nothing here
// is asserted.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/caseload/caseload/batch"
	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/sim"
)

type row struct{ what, figure, target string }

func main() {
	reps := flag.Int("reps", 200, "replications of the typical LA (the target is stated for 1,000; the time for 1,000 is projected from this many)")
	compareReps := flag.Int("compare-reps", 40, "replications of the four-scenario comparison, run shared and separately")
	rssReps := flag.Int("rss-reps", 8, "replications of England run in a child process to measure its peak memory (0: skip)")
	rssChild := flag.Int("england-rss", 0, "internal: run England this many replications, as the run command keeps them, and print the peak memory")
	flag.Parse()
	if *rssChild > 0 {
		englandRSS(*rssChild)
		return
	}
	workers := runtime.GOMAXPROCS(0)
	var rows []row
	add := func(what, figure, target string) {
		rows = append(rows, row{what, figure, target})
		fmt.Fprintf(os.Stderr, "  %s: %s\n", what, figure)
	}
	fmt.Fprintf(os.Stderr, "measuring on %d cores (%s)...\n", workers, runtime.Version())
	add("Build: Go version, CPU profile (PGO)", runtime.Version()+", "+pgoProfile(), "")

	// England first, so that the process's peak memory is England's.
	eng := sim.Defaults()
	eng.Name, eng.National.LAs, eng.National.Places = "england", 153, "england"
	t0, c0 := time.Now(), cpuTime()
	res := batch.Replicate([]sim.Params{eng}, 1, 1, workers)[0]
	engTime, engCPU := time.Since(t0), cpuTime()-c0
	work := res.Outcomes[0].Work
	peak := peakRSS()
	add("England, 3 years, 1 replication: wall time (CPU time)", secsCPU(engTime, engCPU), "≤ 5 s")
	add("England: peak memory (process)", fmt.Sprintf("%.0f MiB (%.0f bytes per child)", float64(peak)/(1<<20), float64(peak)/12.2e6), "≤ 1 GiB, < 64 B/child")
	add("England: children-weeks per second", fmt.Sprintf("%.3g", float64(work.ChildWeeks)/engTime.Seconds()), "")
	add("England: families stepped per child-week", fmt.Sprintf("%.3f", float64(work.FamilyWeeks)/float64(work.ChildWeeks)), "")
	add("England: CPU ns per stepped family-week", fmt.Sprintf("%.0f", float64(engCPU.Nanoseconds())/float64(work.FamilyWeeks)), "")
	c0 = cpuTime()
	floorEng := floor(sim.NationalLAs(eng), eng.WarmupWeeks+52*eng.Years, workers)
	floorCPU := cpuTime() - c0
	add("England: ratio to the floor, wall (CPU)", fmt.Sprintf("%.2f (%.2f); floor %s", engTime.Seconds()/floorEng.Seconds(), engCPU.Seconds()/floorCPU.Seconds(), secsCPU(floorEng, floorCPU)), "≤ 0.35")
	// the bare event loop over the same events: each LA's stepped
	// family-weeks, popped from a week-bucket queue over as many families
	las := sim.NationalLAs(eng)
	events := make([]int64, len(las))
	for j := range las {
		events[j] = res.Areas[j][0].Work.FamilyWeeks
	}
	// three times (it is short, so a moment's load weighs on it more)
	c0 = cpuTime()
	var bareWall time.Duration
	var pops int64
	for range 3 {
		w, n := bareLoop(las, events, eng.WarmupWeeks+52*eng.Years, workers)
		bareWall, pops = bareWall+w, pops+n
	}
	bareCPU := cpuTime() - c0
	add("England: events (families stepped), engine CPU ns per event", fmt.Sprintf("%d, %.0f", work.FamilyWeeks, float64(engCPU.Nanoseconds())/float64(work.FamilyWeeks)), "")
	add("Bare event loop over the same events: CPU ns per event", fmt.Sprintf("%.1f (%d events, %s)", float64(bareCPU.Nanoseconds())/float64(pops), pops, secsCPU(bareWall, bareCPU)), "")
	add("Engine ÷ bare event loop, per event, CPU (wall)", fmt.Sprintf("%.2f (%.2f)",
		(float64(engCPU)/float64(work.FamilyWeeks))/(float64(bareCPU)/float64(pops)),
		(float64(engTime)/float64(work.FamilyWeeks))/(float64(bareWall)/float64(pops))), "≤ 3")
	if *rssReps > 0 {
		add(fmt.Sprintf("England, %d replications kept as the run command keeps them: peak memory", *rssReps), childRSS(*rssReps), "≤ 1 GiB at 1,000")
	}

	la := sim.Defaults()
	t0, c0 = time.Now(), cpuTime()
	many := batch.Replicate([]sim.Params{la}, 1, *reps, workers)[0]
	laTime, laCPU := time.Since(t0), cpuTime()-c0
	add(fmt.Sprintf("Typical LA, 3 years, %d replications: wall (CPU)", *reps), secsCPU(laTime, laCPU), "")
	add("Typical LA, 3 years, 1,000 replications (projected)", secs(laTime*time.Duration(1000)/time.Duration(*reps)), "≤ 10 s")
	var fw int64
	for _, o := range many.Outcomes {
		fw += o.Work.FamilyWeeks
	}
	add(fmt.Sprintf("Typical LA, 1,000 replications, from CPU time / %d cores", workers), secs(laCPU*time.Duration(1000)/time.Duration(*reps)/time.Duration(workers)), "")
	add("Typical LA: CPU ns per stepped family-week", fmt.Sprintf("%.0f", float64(laCPU.Nanoseconds())/float64(fw)), "")

	compareFigures(*compareReps, workers, add)

	n := max(100, *reps/10) // long enough that start-up and the last job do not dominate
	t1, one := timed(func() []batch.Result { return batch.Replicate([]sim.Params{la}, 1, n, 1) })
	t2, two := timed(func() []batch.Result { return batch.Replicate([]sim.Params{la}, 1, n, workers) })
	add(fmt.Sprintf("Speed-up, 1 core to %d, %d replications", workers, n), fmt.Sprintf("%.2f× (%s → %s)", t1.Seconds()/t2.Seconds(), secs(t1), secs(t2)), "≥ 1.8× on 2 cores")
	add("Results identical whatever the core count", strconv.FormatBool(reflect.DeepEqual(one, two)), "true")

	for _, size := range []int{8000, 80000, 800000} {
		p := scaled(la, size)
		d, _ := timed(func() []batch.Result { return batch.Replicate([]sim.Params{p}, 1, 1, 1) })
		add(fmt.Sprintf("Scaling: %d children, 1 replication, 1 core", size), secs(d), "")
	}
	for _, years := range []int{1, 3, 9} {
		p := la
		p.Years = years
		d, _ := timed(func() []batch.Result { return batch.Replicate([]sim.Params{p}, 1, 1, 1) })
		add(fmt.Sprintf("Scaling: %d measured years (+1 warm-up), 1 core", years), secs(d), "")
	}
	for _, r := range []int{10, 20, 40} {
		d, _ := timed(func() []batch.Result { return batch.Replicate([]sim.Params{la}, 1, r, workers) })
		add(fmt.Sprintf("Scaling: %d replications, %d cores", r, workers), secs(d), "")
	}
	print(rows)
}

func timed(f func() []batch.Result) (time.Duration, []batch.Result) {
	t := time.Now()
	r := f()
	return time.Since(t), r
}

// scaled is the typical LA resized, with schools and posts in proportion.
func scaled(p sim.Params, children int) sim.Params {
	f := float64(children) / float64(p.LA.Children)
	p.LA.Children = children
	p.LA.Localities = max(1, int(float64(p.LA.Localities)*f))
	s := &p.LA.Schools
	s.Primary, s.Secondary = max(1, int(float64(s.Primary)*f)), max(1, int(float64(s.Secondary)*f))
	s.Special, s.AlternativeProvision = int(float64(s.Special)*f), int(float64(s.AlternativeProvision)*f)
	p.Statutory.Posts *= f
	return p
}

// floor is the bare loop of PERFORMANCE.md: one draw per child per week
// from the same PCG generator, over the same children and weeks, spread
// over the same workers.
func floor(las []sim.Params, weeks, workers int) time.Duration {
	t := time.Now()
	jobs := make(chan sim.Params)
	var wg sync.WaitGroup
	sums := make([]uint64, workers)
	for w := range workers {
		wg.Go(func() {
			g := rand.NewPCG(1, uint64(w))
			var sum uint64
			for la := range jobs {
				for range weeks {
					for range la.LA.Children {
						sum += g.Uint64()
					}
				}
			}
			sums[w] = sum
		})
	}
	for _, la := range las {
		jobs <- la
	}
	close(jobs)
	wg.Wait()
	if sums[0] == 42 { // keep the loop from being optimised away
		fmt.Fprintln(os.Stderr)
	}
	return time.Since(t)
}

// peakRSS is the process's peak resident memory (VmHWM), in bytes; 0
// where /proc is not available.
func peakRSS() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func secsCPU(wall, cpu time.Duration) string {
	return fmt.Sprintf("%.2f s (%.2f s)", wall.Seconds(), cpu.Seconds())
}

// cpuTime is the CPU time (user and system) the process has used: on a
// shared machine, where other work takes cores away, it shows what the
// run itself cost.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func print(rows []row) {
	w := [3]int{}
	for _, r := range rows {
		w[0], w[1], w[2] = max(w[0], len([]rune(r.what))), max(w[1], len([]rune(r.figure))), max(w[2], len([]rune(r.target)))
	}
	line := func(a, b, c string) {
		fmt.Printf("| %s | %s | %s |\n", pad(a, w[0]), pad(b, w[1]), pad(c, w[2]))
	}
	line("measure", "figure", "target")
	fmt.Printf("|%s|%s|%s|\n", strings.Repeat("-", w[0]+2), strings.Repeat("-", w[1]+2), strings.Repeat("-", w[2]+2))
	for _, r := range rows {
		line(r.what, r.figure, r.target)
	}
}

func pad(s string, n int) string { return s + strings.Repeat(" ", n-len([]rune(s))) }

// bareLoop is the bare event loop of PERFORMANCE.md: for each LA, as many
// 40-byte family records as the LA has families, in a week-bucket queue
// (a list per week, threaded through an array by family); each event pops
// a family, touches its record, draws once from PCG and pushes it back a
// drawn number of weeks later, so that the LA's events (the engine's
// stepped family-weeks) spread over its weeks. It returns the wall time
// and the events popped.
func bareLoop(las []sim.Params, events []int64, weeks, workers int) (time.Duration, int64) {
	type rec struct{ a, b, c, d, e uint64 }
	t := time.Now()
	jobs := make(chan int)
	var wg sync.WaitGroup
	popped := make([]int64, workers)
	for w := range workers {
		wg.Go(func() {
			g := rand.NewPCG(1, uint64(w))
			for j := range jobs {
				fams := familiesOf(las[j])
				recs := make([]rec, fams)
				head := make([]int32, weeks+1)
				next := make([]int32, fams)
				for k := range head {
					head[k] = -1
				}
				// a family comes back every gap weeks on average
				gap := max(1, int64(fams)*int64(weeks)/max(1, events[j]))
				for i := range fams {
					wk := int(uint64(i) % uint64(min(int64(weeks), gap)))
					next[i], head[wk] = head[wk], int32(i)
				}
				var n int64
				for wk := range weeks {
					for i := head[wk]; i >= 0; {
						nx := next[i]
						r := &recs[i]
						u := g.Uint64()
						r.a += u
						r.e++
						n++
						if to := wk + 1 + int(u%uint64(2*gap-1)); to < weeks {
							next[i], head[to] = head[to], i
						}
						i = nx
					}
				}
				popped[w] += n
			}
		})
	}
	for j := range las {
		jobs <- j
	}
	close(jobs)
	wg.Wait()
	var total int64
	for _, n := range popped {
		total += n
	}
	return time.Since(t), total
}

// familiesOf is the number of families the model builds for an LA: its
// children over the mean family size.
func familiesOf(p sim.Params) int {
	mean := 0.0
	for k, w := range p.LA.FamilySize {
		mean += float64(k+1) * w
	}
	return int(float64(p.LA.Children) / mean)
}

// compareFigures times the comparison of the four staffing models of
// equal budget (make run's scenarios) run together, sharing the build
// and the warm-up, against the same four run one after another, paired:
// each way twice (shared, separate, separate, shared), on the same machine
// within seconds.
func compareFigures(reps, workers int, add func(what, figure, target string)) {
	var scens []sim.Params
	for _, f := range []string{"baseline", "core-offer", "micro-cluster", "embedded"} {
		sc, err := config.Load("scenarios/"+f+".yaml", nil, nil)
		if err != nil {
			add("Compare, four scenarios", "not measured: "+err.Error()+" (run from the repository root)", "")
			return
		}
		scens = append(scens, sc.Params)
	}
	var shared, apart [2]time.Duration
	var sharedCPU, apartCPU time.Duration
	var same = true
	// in the order shared, separate, separate, shared, so that a drift of
	// the machine's speed over the four weighs on both ways alike
	var together, each []batch.Result
	for n, isShared := range []bool{true, false, false, true} {
		c0 := cpuTime()
		if isShared {
			t, r := timed(func() []batch.Result { return batch.Replicate(scens, 1, reps, workers) })
			shared[n/2], sharedCPU, together = t, sharedCPU+cpuTime()-c0, r
		} else {
			t, r := timed(func() []batch.Result {
				var out []batch.Result
				for _, p := range scens {
					out = append(out, batch.Replicate([]sim.Params{p}, 1, reps, workers)[0])
				}
				return out
			})
			apart[n/2], apartCPU, each = t, apartCPU+cpuTime()-c0, r
		}
		if n%2 == 1 {
			same = same && reflect.DeepEqual(together, each)
		}
	}
	ws, wa := shared[0]+shared[1], apart[0]+apart[1]
	add(fmt.Sprintf("Compare, four equal-budget scenarios, %d replications: shared warm-up, wall (CPU)", reps), secsCPU(ws/2, sharedCPU/2), "")
	add(fmt.Sprintf("Compare, the same four run separately, %d replications: wall (CPU)", reps), secsCPU(wa/2, apartCPU/2), "")
	add("Compare: speed-up of sharing, CPU (wall)", fmt.Sprintf("%.2f× (%.2f×)", apartCPU.Seconds()/sharedCPU.Seconds(), wa.Seconds()/ws.Seconds()), "≥ 1.4×")
	add("Compare: shared results identical to separate runs", strconv.FormatBool(same), "true")
}

// englandRSS runs England reps times keeping what the run command keeps
// (batch.Options.Lean) and prints the process's peak memory in bytes.
func englandRSS(reps int) {
	eng := sim.Defaults()
	eng.Name, eng.National.LAs, eng.National.Places = "england", 153, "england"
	res, err := batch.Run([]sim.Params{eng}, 1, reps, batch.Options{Workers: runtime.GOMAXPROCS(0), Lean: true})
	if err != nil || len(res[0].Outcomes) != reps {
		fmt.Fprintln(os.Stderr, "england:", err)
		os.Exit(1)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	runtime.KeepAlive(res)
	fmt.Println(peakRSS(), ms.HeapAlloc)
}

// childRSS measures englandRSS in a fresh process, so that the figure is
// England's alone, and extrapolates to 1,000 replications from the
// growth over a single replication's run.
func childRSS(reps int) string {
	self, err := os.Executable()
	if err != nil {
		return "not measured: " + err.Error()
	}
	// peak resident memory, and the live heap once everything is done
	measure := func(n int) (peak, live float64, err error) {
		out, err := exec.Command(self, "-england-rss", strconv.Itoa(n)).Output()
		if err == nil {
			_, err = fmt.Sscan(string(out), &peak, &live)
		}
		return peak, live, err
	}
	peak1, live1, err := measure(1)
	if err != nil {
		return "not measured: " + err.Error()
	}
	peakN, liveN, err := measure(reps)
	if err != nil {
		return "not measured: " + err.Error()
	}
	// what a replication keeps is the growth of the live heap; the peak
	// adds the garbage collector's headroom (GOGC=100: up to the live
	// heap again) to the live heap at 1,000
	per := (liveN - live1) / float64(reps-1)
	at1000 := live1 + 999*per
	return fmt.Sprintf("peak %.0f MiB (1 replication: %.0f MiB); kept %.3f MiB per replication (live heap %.0f → %.0f MiB), so about %.0f MiB live and at most %.0f MiB peak at 1,000",
		peakN/(1<<20), peak1/(1<<20), per/(1<<20), live1/(1<<20), liveN/(1<<20), at1000/(1<<20), (peak1+2*999*per)/(1<<20))
}

// pgoProfile is the CPU profile this program was built with (make bench
// passes -pgo=cmd/caseload/default.pgo; PGO=off for none), as its build
// information records it.
func pgoProfile() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "-pgo" && s.Value != "" {
				return filepath.Base(s.Value)
			}
		}
	}
	return "none"
}
