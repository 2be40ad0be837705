package config

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/caseload/caseload/sim"
)

// Validate checks p and returns the first problem as *Error. origin (may be
// nil) maps dotted keys to where their values came from and fills
// Error.File; a key with no origin is reported as from "defaults".
// Sections are checked in struct order and roles and teams in name order,
// so the problem reported first does not change between runs.
func Validate(p sim.Params, origin map[string]string) error {
	c := &checker{origin: origin}
	top := section{c, ""}
	top.that(strings.TrimSpace(p.Name) != "", "name", p.Name, "a non-empty name")
	top.intRange("years", p.Years, 1, 50)
	top.intRange("warmup_weeks", p.WarmupWeeks, 0, 520)
	validateLA(section{c, "la"}, p.LA)
	validateCalendar(section{c, "calendar"}, p.Calendar)
	validateNeed(section{c, "need"}, p.Need)
	validateReferral(section{c, "referral"}, p.Referral)
	validateFrontDoor(section{c, "front_door"}, p.FrontDoor)
	validatePipeline(section{c, "pipeline"}, p.Pipeline)
	validateStatutory(section{c, "statutory"}, p.Statutory)
	validateWorkforce(section{c, "school_workforce"}, p.Workforce, p.LA.Schools)
	validateEffects(section{c, "effects"}, p.Effects)
	validateCosts(section{c, "costs"}, p.Costs)
	validateNational(section{c, "national"}, p.National)
	if c.err != nil {
		return c.err
	}
	return nil
}

func validateLA(s section, la sim.LA) {
	s.intRange("children", la.Children, 100, 20_000_000)
	s.intRange("localities", la.Localities, 1, math.MaxUint16)
	s.shares("family_size", la.FamilySize, 5)
	s.intRange("school_age_min", la.SchoolAgeMin, 0, 17)
	s.intRange("school_age_max", la.SchoolAgeMax, 0, 17)
	s.intRange("secondary_age", la.SecondaryAge, 0, 17)
	s.that(la.SchoolAgeMin <= la.SecondaryAge && la.SecondaryAge <= la.SchoolAgeMax, "secondary_age", la.SecondaryAge,
		fmt.Sprintf("an age from school_age_min (%d) to school_age_max (%d)", la.SchoolAgeMin, la.SchoolAgeMax))
	s.openUnit("fsm_mean", la.FSMMean)
	s.atLeast("fsm_spread", la.FSMSpread, 0)
	s.openUnit("confidence_mean", la.ConfidenceMean)
	s.atLeast("confidence_spread", la.ConfidenceSpread, 0)
	s.openUnit("receptiveness_mean", la.ReceptivenessMean)
	s.atLeast("receptiveness_spread", la.ReceptivenessSD, 0)
	validateSchools(s.sub("schools"), la.Schools)
}

func validateSchools(s section, m sim.SchoolMix) {
	s.intRange("primary", m.Primary, 0, math.MaxInt32)
	s.intRange("secondary", m.Secondary, 0, math.MaxInt32)
	s.intRange("special", m.Special, 0, math.MaxInt32)
	s.intRange("alternative_provision", m.AP, 0, math.MaxInt32)
	s.that(m.Primary+m.Secondary >= 1, "primary", m.Primary, "at least one primary or secondary school")
	s.belowOne("special_share", m.SpecialShare)
	s.belowOne("alternative_provision_share", m.APShare)
	s.that(m.SpecialShare+m.APShare < 1, "alternative_provision_share", m.APShare,
		"special_share + alternative_provision_share below 1")
	s.atLeast("deprivation_noise", m.DeprivationNoise, 0)
}

func validateCalendar(s section, cal sim.Calendar) {
	for i, w := range cal.HolidayWeeks {
		s.that(w >= 1 && w <= 52, "holiday_weeks", cal.HolidayWeeks, "week numbers from 1 to 52")
		s.that(!slices.Contains(cal.HolidayWeeks[:i], w), "holiday_weeks", cal.HolidayWeeks,
			fmt.Sprintf("each week once (week %d is listed twice)", w))
	}
	s.that(len(cal.HolidayWeeks) <= 51, "holiday_weeks", cal.HolidayWeeks, "at least one term week")
	s.intRange("census_week", cal.CensusWeek, 1, 52)
	_, err := time.Parse(time.DateOnly, cal.StartDate)
	s.that(err == nil, "start_date", cal.StartDate, "a date written YYYY-MM-DD, such as 2025-09-01")
}

func validateNeed(s section, n sim.Need) {
	s.unit("onset", n.Onset)
	s.units("escalate", n.Escalate[:])
	s.units("resolve", n.Resolve[:])
	s.positive("deprived_rr", n.DeprivedRR)
	s.unit("crisis", n.Crisis)
	s.atLeast("support_escalate", n.SupportEscalate, 0)
	s.atLeast("support_resolve", n.SupportResolve, 0)
	s.intRange("rereferral_weeks", n.ReferralMemory, 1, 520)
	s.shares("initial_shares", n.InitialShares[:], 4)
	s.shares("initial_shares_deprived", n.InitialSharesDeprived[:], 4)
}

func validateReferral(s section, r sim.Referral) {
	s.units("school", r.School[:])
	s.units("other", r.Other[:])
	s.that(len(r.OtherShares) == 5 && allAtLeast(r.OtherShares, 0) && sum(r.OtherShares) > 0, "other_shares", r.OtherShares,
		"a list of 5 numbers of at least 0 with a positive sum")
	s.atLeast("no_need_school", r.NoNeedSchool, 0)
	s.atLeast("no_need_other", r.NoNeedOther, 0)
	s.unit("school_quality", r.SchoolQuality)
	s.unit("other_quality", r.OtherQuality)
	s.unit("worker_quality", r.WorkerQuality)
	s.atLeast("confidence_gain", r.ConfidenceGain, 0)
}

func validateFrontDoor(s section, f sim.FrontDoor) {
	s.between("threshold", f.Threshold, -5, 10)
	s.positive("s47_gap", f.S47Gap)
	s.atLeast("step_down_gap", f.StepDownGap, 0)
	s.atLeast("noise_floor", f.NoiseFloor, 0)
	s.that(f.Noise >= f.NoiseFloor, "noise", f.Noise, fmt.Sprintf("a number of at least noise_floor (%s)", num(f.NoiseFloor)))
	s.atLeast("assessment_noise", f.AssessNoise, 0)
	s.atLeast("gatekeeping_slope", f.GatekeepSlope, 0)
	s.unit("early_help_consent", f.EarlyHelpTake)
	s.unit("strategy_to_s47", f.StrategyToS47)
}

func validatePipeline(s section, p sim.Pipeline) {
	s.atLeast("assessment_weeks", p.AssessmentWeeks, 1)
	s.atLeast("s47_weeks", p.S47Weeks, 1)
	s.atLeast("early_help_weeks", p.EarlyHelpWeeks, 1)
	for _, f := range []struct {
		name string
		v    float64
	}{
		{"icpc_to_cp", p.ICPCToCP}, {"s47_to_icpc", p.S47ToICPC}, {"cin_plan_share", p.CINPlanShare},
		{"cin_end_low", p.CINEndLow}, {"cin_end_high", p.CINEndHigh}, {"cin_escalate", p.CINEscalate},
		{"cp_end_low", p.CPEndLow}, {"cp_end_high", p.CPEndHigh}, {"cp_to_care", p.CPToCare},
		{"care_leave", p.CareLeave}, {"early_help_escalate", p.EarlyHelpRefer},
	} {
		s.unit(f.name, f.v)
	}
	s.intRange("cp_min_weeks", p.CPMinWeeks, 0, 260)
	s.atLeast("initial_cin", p.InitialCIN, 0)
	s.atLeast("initial_cp", p.InitialCP, 0)
	s.atLeast("initial_cla", p.InitialCLA, 0)
	s.that(p.InitialCIN+p.InitialCP+p.InitialCLA < 5000, "initial_cin", p.InitialCIN,
		"initial_cin + initial_cp + initial_cla below 5000 per 10,000 children")
}

func validateStatutory(s section, st sim.Statutory) {
	s.positive("posts", st.Posts)
	s.positive("caseload_cap", st.CaseloadCap)
	s.belowOne("vacancy_rate", st.VacancyRate)
	s.unit("turnover", st.Turnover)
	s.atLeast("recruit_weeks", st.RecruitWeeks, 1)
	s.unit("agency_cover", st.AgencyCover)
	s.intRange("max_wait_weeks", st.MaxWaitWeeks, 0, 52)
	s.unit("cowork_case_weight", st.CaseWeight)
}

func validateEffects(s section, e sim.Effects) {
	s.intRange("hold_level", e.HoldLevel, 1, 2)
	s.that(slices.Contains(evidenceNames(), e.Evidence), "evidence", e.Evidence,
		"one of "+strings.Join(evidenceNames(), ", "))
	for _, f := range []struct {
		name string
		v    float64
		unit bool
	}{
		{"confidence_gain", e.ConfidenceGain, false}, {"quality_gain", e.QualityGain, false},
		{"no_need_cut", e.NoNeedCut, true}, {"in_school_handling", e.InSchoolHandling, true},
		{"detect_primary", e.DetectPrimary, true}, {"detect_secondary", e.DetectSecondary, true},
		{"consent_primary", e.ConsentPrimary, true}, {"consent_secondary", e.ConsentSecondary, true},
		{"casework_support", e.CaseworkSupport, false}, {"monitoring_support", e.MonitoringSupport, false},
		{"cowork_support", e.CoWorkSupport, false}, {"early_help_support", e.EarlyHelpSupport, false},
		{"cin_support", e.CINSupport, false}, {"cp_support", e.CPSupport, false},
		{"training_gain", e.TrainingGain, false},
	} {
		if f.unit {
			s.unit(f.name, f.v)
		} else {
			s.atLeast(f.name, f.v, 0)
		}
	}
}

func validateCosts(s section, c sim.Costs) {
	s.intRange("price_year", c.Year, 1990, 2100)
	s.atLeast("agency_premium", c.AgencyPremium, 0)
	s.atLeast("statutory_fte", c.StatutoryFTECost, 0)
	s.atLeast("assessment", c.Assessment, 0)
	s.atLeast("s47", c.S47, 0)
	s.atLeast("cin_week", c.CINWeek, 0)
	s.atLeast("cp_week", c.CPWeek, 0)
	s.atLeast("early_help_week", c.EarlyHelpWeek, 0)
	s.shares("placement_shares", c.PlacementShares, 4)
	s.that(len(c.PlacementWeekly) == 4 && allAtLeast(c.PlacementWeekly, 0), "placement_weekly", c.PlacementWeekly,
		"a list of 4 numbers of at least 0")
}

// checker keeps the first problem found; later checks are no-ops, which
// keeps each section's list of checks flat.
type checker struct {
	origin map[string]string
	err    *Error
}

// fileOf is the origin of the first of keys that has one. A role or team
// field nobody set still belongs to whoever created the entry, so it falls
// back to the origin of the entry's other fields.
func (c *checker) fileOf(keys ...string) string {
	for _, k := range keys {
		if f, ok := c.origin[k]; ok {
			return f
		}
	}
	for _, k := range keys {
		if f, ok := c.entryOrigin(k); ok {
			return f
		}
	}
	return "defaults"
}

func (c *checker) entryOrigin(key string) (string, bool) {
	parts := strings.Split(key, ".")
	if len(parts) < 4 || parts[0] != "school_workforce" || (parts[1] != "teams" && parts[1] != "roles") {
		return "", false
	}
	entry := strings.Join(parts[:3], ".") + "."
	for _, k := range sortedNames(c.origin) {
		if strings.HasPrefix(k, entry) {
			return c.origin[k], true
		}
	}
	return "", false
}

func (c *checker) fail(file, key string, value any, expected string) {
	if c.err == nil {
		c.err = &Error{File: file, Key: key, Value: value, Expected: expected, Err: ErrInvalid}
	}
}

// section checks the keys under one dotted prefix.
type section struct {
	c      *checker
	prefix string
}

func (s section) sub(name string) section { return section{s.c, s.key(name)} }
func (s section) key(name string) string  { return joinKey(s.prefix, name) }

func (s section) that(ok bool, name string, value any, expected string) {
	if !ok {
		s.c.fail(s.c.fileOf(s.key(name)), s.key(name), value, expected)
	}
}

func (s section) intRange(name string, v, lo, hi int) {
	s.that(v >= lo && v <= hi, name, v, fmt.Sprintf("a whole number from %d to %d", lo, hi))
}

// The float checks are written so that NaN fails them.
func (s section) between(name string, v, lo, hi float64) {
	s.that(v >= lo && v <= hi, name, v, fmt.Sprintf("a number from %s to %s", num(lo), num(hi)))
}

func (s section) unit(name string, v float64) { s.between(name, v, 0, 1) }

func (s section) atLeast(name string, v, lo float64) {
	s.that(v >= lo, name, v, "a number of at least "+num(lo))
}

func (s section) positive(name string, v float64) {
	s.that(v > 0, name, v, "a number greater than 0")
}

func (s section) openUnit(name string, v float64) {
	s.that(v > 0 && v < 1, name, v, "a number strictly between 0 and 1")
}

func (s section) belowOne(name string, v float64) {
	s.that(v >= 0 && v < 1, name, v, "a number from 0 to below 1")
}

func (s section) units(name string, vs []float64) {
	ok := true
	for _, v := range vs {
		ok = ok && v >= 0 && v <= 1
	}
	s.that(ok, name, vs, "numbers from 0 to 1")
}

// shares checks a distribution: n numbers of at least 0 summing to 1.
func (s section) shares(name string, vs []float64, n int) {
	s.that(len(vs) == n, name, vs, fmt.Sprintf("a list of %d shares", n))
	s.that(allAtLeast(vs, 0), name, vs, "shares of at least 0")
	s.that(math.Abs(sum(vs)-1) <= 0.01, name, vs, fmt.Sprintf("shares summing to 1 (they sum to %s)", num(sum(vs))))
}

func allAtLeast(vs []float64, lo float64) bool {
	for _, v := range vs {
		if !(v >= lo) {
			return false
		}
	}
	return true
}

func sum(vs []float64) float64 {
	t := 0.0
	for _, v := range vs {
		t += v
	}
	return t
}

// num prints a number briefly, rounding away float noise.
func num(v float64) string {
	return strconv.FormatFloat(math.Round(v*1000)/1000, 'f', -1, 64)
}

func validateNational(s section, n sim.National) {
	s.intRange("las", n.LAs, 0, 1000)
	s.intRange("children", n.Children, 10000, 20000000)
	s.between("size_sd", n.SizeSD, 0, 2)
	s.between("fsm_sd", n.FSMSD, 0, 0.3)
	s.between("threshold_sd", n.ThresholdSD, 0, 2)
	s.between("staffing_sd", n.StaffingSD, 0, 1)
	s.intRange("layout_seed", n.LayoutSeed, 0, 1<<31-1)
}
