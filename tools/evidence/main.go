// Command evidence runs the virtual SWIS trial once and reads every
// school-level outcome from the same simulated trials: the true rate ratio
// (what the team did in the model), the spread of the trials' own true
// ratios, the median estimate and the power of the design. It is the
// check of MODEL.md §6 that each evidence set reproduces its evidence:
//
//	go run ./tools/evidence                                  # trial set, SWIS design, 30 trials
//	go run ./tools/evidence -set effects.evidence=pilots     # the pilots set in the same design
//	go run ./tools/evidence -trials 6                        # a quicker look
//	go run ./tools/evidence -pilots                          # the three pilots of seed 004 in their own LAs
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"strings"

	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/sim"
	"github.com/caseload/caseload/trial"
)

// PilotScenarios are the SWIS pilots of seed 004, each in its own LA.
var PilotScenarios = []string{"scenarios/pilot-lambeth.yaml", "scenarios/pilot-southampton.yaml", "scenarios/pilot-stockport.yaml"}

func runPilots(seed uint64, reps, workers int, ss []string) error {
	fmt.Printf("seed %d, %d replications of each pilot, each beside the same LA with no team\n\n", seed, reps)
	fmt.Print("| pilot | schools | evidence set |")
	for _, n := range sim.SchoolFlowNames {
		fmt.Printf(" %s |", n)
	}
	fmt.Print(" care_weeks (LA) |\n| --- | --- | --- |")
	for range sim.NumSchoolFlows + 1 {
		fmt.Print(" --- |")
	}
	fmt.Println()
	for _, path := range PilotScenarios {
		sc, err := config.Load(path, os.Environ(), ss)
		if err != nil {
			return err
		}
		d := trial.Deploy(sc.Params, seed, reps, workers)
		fmt.Printf("| %s | %d | %s |", sc.Params.Name, d.Schools, sc.Params.Effects.Evidence)
		for _, r := range d.Ratio {
			fmt.Printf(" %.3f |", r)
		}
		fmt.Printf(" %.3f |\n", d.CareWeeks)
	}
	return nil
}

type sets []string

func (s *sets) String() string     { return strings.Join(*s, " ") }
func (s *sets) Set(v string) error { *s = append(*s, v); return nil }

func main() {
	scenario := flag.String("scenario", "scenarios/swis.yaml", "the scenario whose team is evaluated")
	schools := flag.Int("schools", 268, "schools randomised in each trial (SWIS: 268)")
	las := flag.Int("las", 21, "local authorities (SWIS: 21)")
	years := flag.Int("years", 2, "years of follow-up (SWIS primary outcome: 2)")
	trials := flag.Int("trials", 30, "simulated trials")
	seed := flag.Uint64("seed", 1, "master seed")
	workers := flag.Int("workers", runtime.GOMAXPROCS(0), "runs in parallel")
	pilots := flag.Bool("pilots", false, "run the pilot deployments of seed 004 in their own LAs (scenarios/pilot-*.yaml) instead of the trial")
	reps := flag.Int("reps", 20, "with -pilots: replications of each pilot, each also run without its team")
	var ss sets
	flag.Var(&ss, "set", "override a config key, key=value (repeatable)")
	flag.Parse()
	if *pilots {
		if err := runPilots(*seed, *reps, *workers, ss); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		return
	}
	sc, err := config.Load(*scenario, os.Environ(), ss)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	d, err := trial.New(sc.Params, trial.Spec{Schools: *schools, LAs: *las, Years: *years, Outcome: "s47_enquiries",
		Trials: *trials, Bands: 2, Baseline: true, Seed: *seed})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	fmt.Printf("%s, evidence set %s: %d schools, %d LAs, %d years, %d trials, seed %d\n\n",
		*scenario, sc.Params.Effects.Evidence, d.Schools, d.LAs, d.Years, d.Trials, d.Seed)
	if err := trial.WriteOutcomes(os.Stdout, trial.Outcomes(d, *workers)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
}
