// Package trial runs virtual cluster-randomised evaluations of a
// school-based team, as the SWIS trial was run (MODEL.md §6): schools are
// randomised to the team or to usual practice within strata of local
// authority and deprivation, followed for some years, and the incidence
// rate ratio of an outcome per 1,000 pupils is estimated with its 95%
// interval. Over many simulated trials it reports the power of the design,
// the spread of its estimates and how they sit against the effect the
// model produced, which is known exactly: every trial is also run without
// the team, on the same random numbers.
package trial

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/caseload/caseload/sim"
)

// Spec is the design of a virtual trial.
type Spec struct {
	Team     string `json:"team"`     // the scenario's team under evaluation; "" when it has one
	Schools  int    `json:"schools"`  // schools randomised in each trial, over all its LAs; 0: every eligible school of one LA
	LAs      int    `json:"las"`      // local authorities the schools come from; 0: as few as hold them
	Years    int    `json:"years"`    // years of follow-up from randomisation
	Outcome  string `json:"outcome"`  // a school-level flow (sim.SchoolFlowNames)
	Trials   int    `json:"trials"`   // simulated trials
	Bands    int    `json:"bands"`    // deprivation strata within each LA
	Baseline bool   `json:"baseline"` // adjust the estimate for each school's rate before the trial
	Seed     uint64 `json:"seed"`
}

// Error is a design the scenario cannot run: it names the setting, its
// value and what was expected.
type Error struct {
	Setting  string
	Value    any
	Expected string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s %v: expected %s", e.Setting, e.Value, e.Expected)
}

// Design is a Spec made concrete on a scenario: the team, the arms' base
// configurations and how many schools each LA randomises.
type Design struct {
	Spec
	TeamName string
	Team     sim.Team
	Eligible int   // eligible schools in each LA
	PerLA    []int // schools randomised in each LA
	outcome  int
	control  sim.Params // the scenario with no school-based workers
	// Identity, when not empty, is what else decides the trial's files
	// (the command's flags): part of the fingerprint, so that shards, a
	// resume and a merge must agree on it.
	Identity string `json:"-"`
}

// New checks a trial's design against its scenario. Every LA of the trial
// is a copy of the scenario's LA with its own families and schools (its
// own seed); national scenarios are not trial settings.
func New(p sim.Params, s Spec) (*Design, error) {
	d := &Design{Spec: s, outcome: slices.Index(sim.SchoolFlowNames[:], s.Outcome)}
	switch {
	case p.National.LAs > 0:
		return nil, &Error{"national.las", p.National.LAs, "0: a trial's LAs are copies of the scenario's single LA"}
	case d.outcome < 0:
		return nil, &Error{"--outcome", s.Outcome, "one of " + strings.Join(sim.SchoolFlowNames[:], ", ")}
	case s.Years < 1:
		return nil, &Error{"--years", s.Years, "at least 1 year of follow-up"}
	case s.Trials < 1:
		return nil, &Error{"--trials", s.Trials, "at least 1 trial"}
	case s.Bands < 1:
		return nil, &Error{"--bands", s.Bands, "at least 1 deprivation band"}
	case s.Schools < 0 || s.Schools == 1:
		return nil, &Error{"--schools", s.Schools, "at least 2 schools (one in each arm)"}
	case s.LAs < 0:
		return nil, &Error{"--las", s.LAs, "a positive number of local authorities"}
	}
	if s.Baseline && p.WarmupWeeks < 1 {
		return nil, &Error{"--baseline", true, "false: the scenario has no warm-up (warmup_weeks 0) to measure schools' rates before the trial in"}
	}
	if err := d.chooseTeam(p); err != nil {
		return nil, err
	}
	counts := [sim.NumSchoolTypes]int{p.LA.Schools.Primary, p.LA.Schools.Secondary, p.LA.Schools.Special, p.LA.Schools.AlternativeProvision}
	for typ, n := range counts {
		if d.Team.Eligible(typ) {
			d.Eligible += n
		}
	}
	if d.Schools == 0 {
		d.Schools = d.Eligible
	}
	if d.LAs == 0 {
		d.LAs = max(1, (d.Schools+d.Eligible-1)/max(1, d.Eligible))
	}
	if d.Schools > d.LAs*d.Eligible {
		return nil, &Error{"--schools", d.Schools, fmt.Sprintf("at most %d: %d LA(s) of %d eligible (%s) schools each",
			d.LAs*d.Eligible, d.LAs, d.Eligible, d.types())}
	}
	d.PerLA = make([]int, d.LAs)
	for j := range d.PerLA {
		d.PerLA[j] = d.Schools / d.LAs
		if j < d.Schools%d.LAs {
			d.PerLA[j]++
		}
	}
	least := d.PerLA[d.LAs-1]
	switch {
	case d.Eligible < 2:
		// no trial at all: not a matter of bands
		return nil, &Error{"la.schools", d.Eligible, fmt.Sprintf("at least 2 eligible (%s) schools in the LA, one for each arm, whatever --schools and --bands say", d.types())}
	case least < 2:
		return nil, &Error{"--las", d.LAs, fmt.Sprintf("at most %d LAs for %d schools: each LA randomises at least 2, one for each arm", d.Schools/2, d.Schools)}
	case least < 2*d.Bands:
		return nil, &Error{"--bands", d.Bands, fmt.Sprintf("at most %d (the default is 2): some LAs randomise only %d schools, and each band needs two", least/2, least)}
	}
	d.control = p
	d.control.Years = s.Years
	d.control.SchoolWorkforce.Teams = map[string]sim.Team{}
	return d, nil
}

// chooseTeam picks the evaluated team: the one named, or the scenario's
// only team.
func (d *Design) chooseTeam(p sim.Params) error {
	names := p.SchoolWorkforce.TeamNames()
	switch {
	case d.Spec.Team != "":
		t, ok := p.SchoolWorkforce.Teams[d.Spec.Team]
		if !ok {
			return &Error{"--team", d.Spec.Team, "a team of the scenario: " + list(names)}
		}
		d.TeamName, d.Team = d.Spec.Team, t
	case len(names) == 1:
		d.TeamName, d.Team = names[0], p.SchoolWorkforce.Teams[names[0]]
	case len(names) == 0:
		return &Error{"--team", `""`, "a scenario with a school-based team to evaluate (school_workforce.teams); this one has none"}
	default:
		return &Error{"--team", `""`, "the name of the team to evaluate, one of " + list(names)}
	}
	return nil
}

func list(names []string) string {
	if len(names) == 0 {
		return "(none)"
	}
	return strings.Join(names, ", ")
}

// types names the school types the team works in.
func (d *Design) types() string {
	if len(d.Team.SchoolTypes) == 0 {
		return "any type"
	}
	return strings.Join(d.Team.SchoolTypes, ", ")
}

// laSeed is the master seed of the trial's LA j: its families and schools
// differ from the other LAs', and trial t is its replication t.
func (d *Design) laSeed(j int) uint64 { return sim.LASeed(d.Seed, j) }

// Allocation is the randomisation of one trial in one LA: the schools
// taking part, their deprivation stratum (numbered across the trial's LAs)
// and arm.
type Allocation struct {
	Schools []int
	Strata  []int
	Treated []bool
}

// Randomise draws trial t's allocation in LA j: the schools taking part
// are drawn at random from the eligible ones, split by deprivation (FSM
// share) into Bands strata of near-equal size, and each stratum is split
// in half at random between the arms (an odd school out goes to either
// arm with equal chance). It depends only on the seed, t and j.
func (d *Design) Randomise(t, j int) Allocation {
	layout := sim.Layout(d.control, d.laSeed(j), t)
	s := sim.NewKeys(d.laSeed(j), t).Stream(0, 0, sim.PurposeTrial)
	var eligible []int
	for i, sc := range layout {
		if d.Team.Eligible(sc.Type) {
			eligible = append(eligible, i)
		}
	}
	n := d.PerLA[j]
	for i := range n {
		k := i + s.IntN(len(eligible)-i)
		eligible[i], eligible[k] = eligible[k], eligible[i]
	}
	chosen := eligible[:n]
	slices.SortFunc(chosen, func(a, b int) int {
		if c := cmpFloat(layout[a].FSM, layout[b].FSM); c != 0 {
			return c
		}
		return a - b
	})
	a := Allocation{Schools: chosen, Strata: make([]int, n), Treated: make([]bool, n)}
	for b := range d.Bands {
		lo, hi := b*n/d.Bands, (b+1)*n/d.Bands
		band := make([]int, hi-lo)
		for i := range band {
			band[i] = lo + i
		}
		for i := len(band) - 1; i > 0; i-- {
			k := s.IntN(i + 1)
			band[i], band[k] = band[k], band[i]
		}
		half := len(band) / 2
		if len(band)%2 == 1 && s.Bernoulli(0.5) {
			half++
		}
		for i, pos := range band {
			a.Strata[pos] = j*d.Bands + b
			a.Treated[pos] = i < half
		}
	}
	return a
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// arm returns the configuration of an arm of an allocation: the
// control arm has no school-based workers, the intervention arm the
// evaluated team in exactly the schools allocated to it.
func (d *Design) arm(a Allocation, treated bool) sim.Params {
	if !treated {
		return d.control
	}
	p := d.control
	var list []int
	for i, sc := range a.Schools {
		if a.Treated[i] {
			list = append(list, sc)
		}
	}
	t := d.Team
	t.Selection, t.Schools = sim.SelectList, list
	t.FTE = float64(len(list)) / t.SchoolsPerWorker
	p.SchoolWorkforce.Teams = map[string]sim.Team{d.TeamName: t}
	p.SchoolWorkforce.BudgetFTE = math.Max(p.SchoolWorkforce.BudgetFTE, t.FTE)
	return p
}
