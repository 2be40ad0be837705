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
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/caseload/caseload/batch"
	"github.com/caseload/caseload/sim"
)

type row struct{ what, figure, target string }

func main() {
	reps := flag.Int("reps", 200, "replications of the typical LA (the target is stated for 1,000; the time for 1,000 is projected from this many)")
	flag.Parse()
	workers := runtime.GOMAXPROCS(0)
	var rows []row
	add := func(what, figure, target string) {
		rows = append(rows, row{what, figure, target})
		fmt.Fprintf(os.Stderr, "  %s: %s\n", what, figure)
	}
	fmt.Fprintf(os.Stderr, "measuring on %d cores (%s)...\n", workers, runtime.Version())

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
	add("England: ratio to the floor, wall (CPU)", fmt.Sprintf("%.2f (%.2f); floor %s", engTime.Seconds()/floorEng.Seconds(), engCPU.Seconds()/floorCPU.Seconds(), secsCPU(floorEng, floorCPU)), "≤ 3")

	la := sim.Defaults()
	t0, c0 = time.Now(), cpuTime()
	many := batch.Replicate([]sim.Params{la}, 1, *reps, workers)[0]
	laTime, laCPU := time.Since(t0), cpuTime()-c0
	add(fmt.Sprintf("Typical LA, 3 years, %d replications: wall (CPU)", *reps), secsCPU(laTime, laCPU), "")
	add("Typical LA, 3 years, 1,000 replications (projected)", secs(laTime*time.Duration(1000)/time.Duration(*reps)), "≤ 15 s")
	var fw int64
	for _, o := range many.Outcomes {
		fw += o.Work.FamilyWeeks
	}
	add(fmt.Sprintf("Typical LA, 1,000 replications, from CPU time / %d cores", workers), secs(laCPU*time.Duration(1000)/time.Duration(*reps)/time.Duration(workers)), "")
	add("Typical LA: CPU ns per stepped family-week", fmt.Sprintf("%.0f", float64(laCPU.Nanoseconds())/float64(fw)), "")

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
