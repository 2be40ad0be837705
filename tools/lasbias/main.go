// Command lasbias measures how far the fitted LAs' six figures come from
// their published targets when re-simulated on seeds other than the fit's
// (docs/MODEL.md §3.10): for each seed, over the LAs of more than -min
// children (every -every'th in the table's order), the mean and the
// spread between LAs of each figure's relative difference from its
// target, and how many of those LAs have all six within tolerance. A
// shift that every LA shares shows as a mean away from 0 on every seed;
// independent errors as means near 0 with a spread between LAs.
//
//	go run ./tools/lasbias                       # seeds 1, 11 and 12, every fifth LA over 30,000 children
//	go run ./tools/lasbias -every 1 -seeds 11    # every LA over 30,000 children, seed 11
package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/caseload/caseload/dfe"
	"github.com/caseload/caseload/sim"
	"gonum.org/v1/gonum/stat"
)

func main() {
	seeds := flag.String("seeds", "1,11,12", "master seeds, comma-separated")
	reps := flag.Int("reps", 8, "replications of an LA of 80,000 children (sim.FitReps: more for a smaller LA)")
	every := flag.Int("every", 5, "take every n-th LA of the table")
	minChildren := flag.Int("min", 30000, "take LAs of more than this many children")
	workers := flag.Int("workers", runtime.GOMAXPROCS(0), "LAs simulated at once")
	flag.Parse()
	switch {
	case *reps < 1:
		fail("-reps %d: expected at least 1", *reps)
	case *every < 1:
		fail("-every %d: expected at least 1", *every)
	case *workers < 1:
		fail("-workers %d: expected at least 1", *workers)
	}
	tab := dfe.LAs()
	var las []dfe.LA
	k := 0
	for _, la := range tab.LAs {
		if c, _ := la.Value(dfe.Children); c <= float64(*minChildren) {
			continue
		}
		if k%*every == 0 {
			las = append(las, la)
		}
		k++
	}
	if len(las) == 0 {
		fail("-min %d: no LA has more children", *minChildren)
	}
	fmt.Printf("%d LAs of more than %d children (every %d of %d), %d replications of an LA of 80,000 children\n\n", len(las), *minChildren, *every, k, *reps)
	fmt.Printf("| seed | %s | all six within tolerance |\n", strings.Join(sim.TargetMetrics, " | "))
	fmt.Printf("|---|%s---|\n", strings.Repeat("---|", len(sim.TargetMetrics)))
	for _, f := range strings.Split(*seeds, ",") {
		seed, err := strconv.ParseUint(strings.TrimSpace(f), 10, 64)
		if err != nil {
			fail("-seeds: %q is not a seed (expected whole numbers, comma-separated)", f)
		}
		off := make([][]float64, len(las)) // LA, figure
		within := make([]bool, len(las))
		jobs := make(chan int)
		var wg sync.WaitGroup
		for range max(1, *workers) {
			wg.Go(func() {
				for j := range jobs {
					var children int
					off[j], children = sim.Resimulated(las[j], seed, *reps)
					tol := sim.FitTolerance(children)
					within[j] = !slices.ContainsFunc(off[j], func(d float64) bool { return math.Abs(d) > tol })
				}
			})
		}
		for j := range las {
			jobs <- j
		}
		close(jobs)
		wg.Wait()
		cells := make([]string, len(sim.TargetMetrics))
		for i := range cells {
			col := make([]float64, len(las))
			for j := range las {
				col[j] = off[j][i]
			}
			m, sd := stat.MeanStdDev(col, nil)
			cells[i] = fmt.Sprintf("%+.1f%% (sd %.1f)", 100*m, 100*sd)
		}
		n := 0
		for _, w := range within {
			if w {
				n++
			}
		}
		fmt.Printf("| %d | %s | %d of %d |\n", seed, strings.Join(cells, " | "), n, len(las))
	}
}

// fail reports bad flags and exits with status 2.
func fail(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "lasbias: "+format+"\n", a...)
	os.Exit(2)
}
