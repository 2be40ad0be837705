package config

import (
	"fmt"
	"maps"
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
//
// Every single value is checked first against the range declared beside
// its key (the `range` tags of sim.Params, see checkRanges), so a value
// outside its range is always reported under its own key. The rules that
// tie several keys together follow, written out here. Sections are checked
// in struct order and roles and teams in name order, so the problem
// reported first does not change between runs.
func Validate(p sim.Params, origin map[string]string) error { return validate(p, origin, nil) }

// validate is Validate told which teams and roles --set made (setMade),
// so that a problem of one says so.
func validate(p sim.Params, origin map[string]string, made map[string]bool) error {
	c := &checker{origin: origin, setMade: made, workforce: p.SchoolWorkforce}
	c.checkRanges(p)
	if c.err != nil {
		return c.err
	}
	validateLA(section{c, "la"}, p.LA)
	section{c, "la"}.that(p.LA.Area == "" || p.National.LAs == 0, "area", p.LA.Area,
		fmt.Sprintf("no local authority with national.las %d, a national scenario, which builds each of its LAs itself (or national.las 0 for this LA alone)", p.National.LAs))
	validateCalendar(section{c, "calendar"}, p.Calendar)
	validateNeed(section{c, "need"}, p.Need)
	validateReferral(section{c, "referral"}, p.Referral)
	validateFrontDoor(section{c, "front_door"}, p.FrontDoor)
	validatePipeline(section{c, "pipeline"}, p.Pipeline)
	validateWorkforce(section{c, "school_workforce"}, p.SchoolWorkforce, p.LA.Schools)
	validateEffects(section{c, "effects"}, p.Effects)
	validateCosts(section{c, "costs"}, p.Costs)
	validateRecords(section{c, "records"}, p.Records)
	if c.err != nil {
		return c.err
	}
	return nil
}

func validateLA(s section, la sim.LA) {
	s.shares("family_size", la.FamilySize, 5)
	s.that(la.SchoolAgeMin <= la.SecondaryAge && la.SecondaryAge <= la.SchoolAgeMax, "secondary_age", la.SecondaryAge,
		fmt.Sprintf("an age from school_age_min (%d) to school_age_max (%d)", la.SchoolAgeMin, la.SchoolAgeMax))
	validateSchools(s.sub("schools"), la.Schools)
}

func validateSchools(s section, m sim.SchoolMix) {
	s.that(m.Primary+m.Secondary >= 1, "primary", m.Primary, "at least one primary or secondary school")
	s.that(m.SpecialShare+m.AlternativeProvisionShare < 1, "alternative_provision_share", m.AlternativeProvisionShare,
		"special_share + alternative_provision_share below 1")
}

func validateCalendar(s section, cal sim.Calendar) {
	for i, w := range cal.HolidayWeeks {
		s.that(!slices.Contains(cal.HolidayWeeks[:i], w), "holiday_weeks", cal.HolidayWeeks,
			fmt.Sprintf("each week once (week %d is listed twice)", w))
	}
	s.that(len(cal.HolidayWeeks) <= 51, "holiday_weeks", cal.HolidayWeeks, "at least one term week")
	d, err := time.Parse(time.DateOnly, cal.StartDate)
	s.that(err == nil, "start_date", cal.StartDate, dateExpected)
	if err == nil {
		// the model's weeks run Monday to Sunday, as the reports date them
		s.that(d.Weekday() == time.Monday, "start_date", cal.StartDate,
			fmt.Sprintf("a Monday, the first day of the first measured week (it is a %s)", d.Weekday()))
		// dates of births, records and reports stay four-digit years
		s.that(d.Year() >= 1900 && d.Year() < 2200, "start_date", cal.StartDate, "a date from 1900 to 2199")
	}
}

func validateNeed(s section, n sim.Need) {
	s.shares("initial_shares", n.InitialShares[:], 4)
	s.shares("initial_shares_deprived", n.InitialSharesDeprived[:], 4)
}

func validateReferral(s section, r sim.Referral) {
	s.that(len(r.OtherShares) == sim.OtherSources && sum(r.OtherShares) > 0, "other_shares", r.OtherShares,
		fmt.Sprintf("a list of %d numbers (police, health, LA services, individual, other) with a positive sum", sim.OtherSources))
}

func validateFrontDoor(s section, f sim.FrontDoor) {
	s.that(f.Noise >= f.NoiseFloor, "noise", f.Noise, fmt.Sprintf("a number of at least noise_floor (%s)", num(f.NoiseFloor)))
}

func validatePipeline(s section, p sim.Pipeline) {
	s.that(p.InitialCIN+p.InitialCP+p.InitialCLA < 5000, "initial_cin", p.InitialCIN,
		"initial_cin + initial_cp + initial_cla below 5000 per 10,000 children")
	s.shares("cin_length", p.CINLength[:], 5)
	s.shares("cp_length", p.CPLength[:], 5)
	s.shares("initial_need_cin", p.InitialNeedCIN[:], 4)
	s.shares("initial_need_cp", p.InitialNeedCP[:], 4)
	s.shares("initial_need_cla", p.InitialNeedCLA[:], 4)
	s.that(sum(p.AssessmentDays[:]) > 0, "assessment_days", p.AssessmentDays, "9 numbers of assessments, by working days, with a positive sum")
}

func validateEffects(s section, e sim.Effects) {
	s.that(slices.Contains(evidenceNames(), e.Evidence), "evidence", e.Evidence,
		"one of "+strings.Join(evidenceNames(), ", "))
}

func validateCosts(s section, c sim.Costs) {
	s.shares("placement_shares", c.PlacementShares, 4)
	s.that(len(c.PlacementWeekly) == 4, "placement_weekly", c.PlacementWeekly, "a list of 4 numbers, one for each placement type of placement_shares")
}

// validateRecords checks the share lists of the synthetic record
// attributes: one share per code of the list, with a positive sum (a list
// is normalised, so it need not sum to one).
func validateRecords(s section, r sim.Records) {
	for _, l := range r.ShareLists() {
		s.that(len(l.Shares) == len(l.Codes), l.Key, l.Shares,
			fmt.Sprintf("a list of %d shares, one for each of %s", len(l.Codes), strings.Join(l.Codes, ", ")))
		s.that(sum(l.Shares) > 0, l.Key, l.Shares, "shares with a positive sum")
	}
}

// checker keeps the first problem found; later checks are no-ops, which
// keeps each section's list of checks flat.
type checker struct {
	origin    map[string]string
	setMade   map[string]bool // the teams and roles --set made (setMade)
	workforce sim.Workforce   // whose teams and roles a misspelt one may mean
	err       *Error
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
	entry := workforceEntry(key)
	if entry == "" {
		return "", false
	}
	for _, k := range sortedNames(c.origin) {
		if strings.HasPrefix(k, entry+".") {
			return c.origin[k], true
		}
	}
	return "", false
}

func (c *checker) fail(file, key string, value any, expected string) {
	if c.err == nil {
		if entry := c.madeBySet(key); entry != "" {
			expected += fmt.Sprintf("; %s is not in the scenario's files: a --set of one of its keys made it, so it needs every key a new one needs (a CASELOAD_ variable sets a team's key only where the team exists)", entry)
			// a misspelt name makes a new entry as a deliberate one does:
			// the existing one is offered, not taken for the one meant
			if near := nearestEntry(c.setMade, c.workforce, entry); near != "" {
				section, name, _ := strings.Cut(strings.TrimPrefix(near, "school_workforce."), ".")
				expected += fmt.Sprintf("; if you meant the existing %s %s, name it so in the --set (%s)", strings.TrimSuffix(section, "s"), name, near)
			}
		} else if entry, made := c.madeByFile(key); entry != "" {
			section, name, _ := strings.Cut(strings.TrimPrefix(entry, "school_workforce."), ".")
			kind := strings.TrimSuffix(section, "s")
			expected += fmt.Sprintf("; %s makes %s %s, which none of the files it extends has, without this key: a new %s needs every key a new one needs", made, kind, name, kind)
			if near := nearestEntry(c.setMade, c.workforce, entry); near != "" {
				_, nearName, _ := strings.Cut(strings.TrimPrefix(near, "school_workforce."), ".")
				expected += fmt.Sprintf("; if you meant the existing %s %s, name it so", kind, nearName)
			}
		}
		c.err = &Error{File: file, Key: key, Value: value, Expected: expected, Err: ErrInvalid}
	}
}

// madeBySet is the team or role that key belongs to when --set made it
// (setMade) and key itself has no origin (the new entry's default), else
// "".
func (c *checker) madeBySet(key string) string {
	entry := workforceEntry(key)
	if entry == "" {
		return ""
	}
	if _, ok := c.origin[key]; ok || !c.setMade[entry] {
		return ""
	}
	return entry
}

// madeByFile is the team or role that key belongs to, and the file that
// made it, when key has no origin (the entry's default) and every key of
// the entry that has one comes from that one file: a file that names a
// team or role its bases do not have (perhaps by misspelling one they
// have) makes a new one, which needs every key a new one needs. Else "".
func (c *checker) madeByFile(key string) (entry, file string) {
	entry = workforceEntry(key)
	if entry == "" || c.setMade[entry] {
		return "", ""
	}
	if _, ok := c.origin[key]; ok {
		return "", ""
	}
	for _, k := range sortedNames(c.origin) {
		if !strings.HasPrefix(k, entry+".") {
			continue
		}
		switch f := c.origin[k]; {
		case file == "":
			file = f
		case f != file:
			return "", ""
		}
	}
	if file == "" || file == "defaults" || file == SetOrigin || strings.HasPrefix(file, "environment") {
		return "", ""
	}
	return entry, file
}

// nearestEntry is the team or role of w that --set did not make (made:
// of the files or the defaults) whose name is nearest that of one --set
// made, perhaps by misspelling it (school_workforce.teams.embeded:
// school_workforce.teams.embedded), or "".
func nearestEntry(made map[string]bool, w sim.Workforce, entry string) string {
	section, name, _ := strings.Cut(strings.TrimPrefix(entry, "school_workforce."), ".")
	var names []string
	for _, n := range slices.Sorted(slices.Values(entryNames(w, section))) {
		if n != name && !made["school_workforce."+section+"."+n] {
			names = append(names, n)
		}
	}
	if near := nearestKey(name, names); near != "" {
		return "school_workforce." + section + "." + near
	}
	return ""
}

// SetRoles gathers, over the scenarios of one command loaded one at a
// time, the roles that --set made (setMade) and the roles that teams
// have, for its Err: a role that --set made must be some team's role. A
// role no team has does nothing, and one --set made is most often a
// misspelt name of a role the scenario has, whose keys the --set then
// leaves as they were.
//
// It is not part of Validate: a configuration may rightly hold a role
// that --set made and no team of its own has, where the teams that run
// come from elsewhere. A design may set a team's role to it at some of
// its points and not at others (explore gathers every point), and
// optimise replaces the teams with those of its search space's roles
// (Use).
type SetRoles struct {
	made map[string]*Error // by role: the error if no team has it
	used map[string]bool
}

func (s *SetRoles) init() {
	if s.made == nil {
		s.made, s.used = map[string]*Error{}, map[string]bool{}
	}
}

// Add gathers sc's roles that --set made and its teams' roles.
func (s *SetRoles) Add(sc *Scenario) {
	s.init()
	w := sc.Params.SchoolWorkforce
	for _, t := range w.Teams {
		s.used[t.Role] = true
	}
	for _, r := range w.RoleNames() {
		entry := "school_workforce.roles." + r
		if _, seen := s.made[r]; seen || !sc.setMade[entry] {
			continue
		}
		var keys []string
		for k := range sc.Origin {
			if strings.HasPrefix(k, entry+".") {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		value, _ := Lookup(Resolved(sc.Params), keys[0])
		expected := fmt.Sprintf("a key of a role a team has: --set made role %s, which no team has as its role (teams name theirs in school_workforce.teams.NAME.role)", r)
		if near := nearestEntry(sc.setMade, w, entry); near != "" {
			expected += "; did you mean " + near + "?"
		}
		s.made[r] = &Error{File: SetOrigin, Key: keys[0], Value: value, Expected: expected, Err: ErrInvalid}
	}
}

// Use counts role as some team's (optimise: a role of its search space).
func (s *SetRoles) Use(role string) {
	s.init()
	s.used[role] = true
}

// Err is the error for the first role, in name order, that --set made
// in a scenario Add gathered and that no team of any of them has (nor
// Use named), or nil.
func (s *SetRoles) Err() error {
	for _, r := range slices.Sorted(maps.Keys(s.made)) {
		if !s.used[r] {
			return s.made[r]
		}
	}
	return nil
}

// CheckSetRoles is SetRoles over scs, the scenarios of one command, whose
// teams are those that run: a role that --set made in one of them must be
// a team's role in one of them (as a CASELOAD_ variable may be meant for
// another scenario of the same comparison, CheckEntryVars).
func CheckSetRoles(scs ...*Scenario) error {
	var s SetRoles
	for _, sc := range scs {
		s.Add(sc)
	}
	return s.Err()
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

// workforceEntry is the team or role a key of one belongs to
// (school_workforce.teams.NAME), or "" for any other key.
func workforceEntry(key string) string {
	parts := strings.Split(key, ".")
	if len(parts) < 4 || parts[0] != "school_workforce" || (parts[1] != "teams" && parts[1] != "roles") {
		return ""
	}
	return strings.Join(parts[:3], ".")
}
