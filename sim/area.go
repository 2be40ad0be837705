package sim

import (
	"fmt"
	"math"

	"github.com/caseload/caseload/dfe"
)

// Area is what a real LA's published figures (package dfe) set in a
// scenario: its children, schools by phase, free school meals, and its
// statutory posts, vacancies, turnover and agency cover. Each value is the
// figure itself or, where the model needs what DfE does not publish, a
// stated derivation from the base scenario (see AreaOf).
type Area struct {
	Code, OldCode, Name string

	Children   int
	Localities int
	Schools    [NumSchoolTypes]int // primary, secondary, special, alternative provision
	FSMMean    float64

	// Statutory workforce; Workforce is false when the LA's workforce
	// figures are missing, and the base scenario's values then stand.
	Workforce   bool
	Posts       float64
	VacancyRate float64
	Turnover    float64
	AgencyCover float64

	// UASC is the LA's unaccompanied asylum-seeking children looked after
	// at 31 March; with England's rate it sets the LA's UASC arrivals
	// (uasc.entries_per_10k, modelOf).
	UASC float64

	// Fit are the LA's fitted parameters (dfe/fitted.csv; NoFit when it
	// has no row), Fitted whether it has them, and Targets the figures
	// per 10k they were fitted to.
	Fit     LAFit
	Fitted  bool
	Targets []dfe.Target
	model   areaModel

	Notes []string
}

// Keys of the parameters an Area sets, in the order Settings gives them.
var AreaKeys = []string{
	"la.children", "la.localities",
	"la.schools.primary", "la.schools.secondary", "la.schools.special", "la.schools.alternative_provision",
	"la.fsm_mean",
	"statutory.posts", "statutory.vacancy_rate", "statutory.turnover", "statutory.agency_cover",
}

// AreaOf makes the Area of an LA of the table, from the base scenario base
// (whose typical LA fixes what is derived) and England's figures:
//
//   - schools and localities: the base's schools and localities per child
//     times the LA's children (the typical LA of MODEL.md §5 is England's
//     16,764 primary schools, 23 secondary, 7 special per 80,000 children,
//     rolls about 275 primary, 1,060 secondary; assumption: an LA's schools
//     per child are England's);
//   - FSM: the mean of the primary and secondary FSM shares weighted by the
//     model's primary and secondary year groups (ages school_age_min to
//     secondary_age-1, and secondary_age to school_age_max);
//   - statutory posts: the base's posts per child times the LA's
//     case-holding establishment per child (case-holding FTE over one less
//     the vacancy rate) relative to England's, so an LA staffed like
//     England gets the typical LA's calibrated staffing;
//   - vacancy rate, turnover and agency cover of vacancies: the base's
//     value times the LA's figure relative to England's (capped at 0.9, 1
//     and 1), so England as a whole keeps its calibrated values.
//
// Its need, thresholds, conversion rates, CP plan lengths and care entry
// and exit rates are the base's with the LA's fitted parameters
// (dfe/fitted.csv, LAFit), and its starting stocks and UASC arrivals
// follow its own figures (modelOf).
func AreaOf(base Params, la, england dfe.LA) Area {
	targets := dfe.LAs().Targets(la)
	if row, ok := dfe.Fitted().Row(la.Code); ok {
		f := FitOfRow(row)
		a := areaOf(base, la, england, f, targets, true)
		a.Notes = append(a.Notes, FitNotes(f, targets, row.Simulated, row.Children)...)
		return a
	}
	a := areaOf(base, la, england, NoFit, targets, false)
	a.Notes = append(a.Notes, "no fitted parameters in dfe/fitted.csv: need, thresholds and rates are the base scenario's")
	return a
}

// AreaWithFit is AreaOf with the fitted parameters given (an LA fitted
// on the fly to the user's own figures).
func AreaWithFit(base Params, la, england dfe.LA, f LAFit) Area {
	return areaOf(base, la, england, f, dfe.LAs().Targets(la), true)
}

func areaOf(base Params, la, england dfe.LA, f LAFit, targets []dfe.Target, fitted bool) Area {
	a := Area{Code: la.Code, OldCode: la.OldCode, Name: la.Name, Notes: append([]string(nil), la.Notes...),
		Fit: f, Fitted: fitted, Targets: targets, model: modelOf(base, f, targets, la)}
	if c, _ := la.Value(dfe.Children); fitted && c < MinFitChildren {
		a.Notes = append(a.Notes, notFittedNote(int(math.Round(c))))
	}
	for _, t := range targets {
		if t.Note != "" {
			a.Notes = append(a.Notes, t.Note)
		}
	}
	c, _ := la.Value(dfe.Children)
	a.Children = max(1, int(math.Round(c)))
	scale := float64(a.Children) / float64(base.LA.Children)
	b := base.LA.Schools
	a.Localities = max(1, int(math.Round(float64(base.LA.Localities)*scale)))
	a.Schools = [NumSchoolTypes]int{
		max(1, int(math.Round(float64(b.Primary)*scale))),
		max(1, int(math.Round(float64(b.Secondary)*scale))),
		int(math.Round(float64(b.Special) * scale)),
		int(math.Round(float64(b.AlternativeProvision) * scale)),
	}
	a.FSMMean = base.LA.FSMMean
	pri, okP := la.Value(dfe.FSMPrimary)
	sec, okS := la.Value(dfe.FSMSecondary)
	wp := float64(max(0, base.LA.SecondaryAge-base.LA.SchoolAgeMin))
	ws := float64(max(0, base.LA.SchoolAgeMax-base.LA.SecondaryAge+1))
	switch {
	case okP && okS && wp+ws > 0:
		a.FSMMean = (float64(wp*pri) + float64(ws*sec)) / (wp + ws) / 100
	case okP:
		a.FSMMean = pri / 100
	case okS:
		a.FSMMean = sec / 100
	default:
		a.Notes = append(a.Notes, "no FSM figure: la.fsm_mean left at the base scenario's")
	}
	a.FSMMean = math.Min(0.95, math.Max(0.01, a.FSMMean))
	a.UASC, _ = la.Value(dfe.UASC)

	s := base.Statutory
	a.Posts, a.VacancyRate, a.Turnover, a.AgencyCover = s.Posts*scale, s.VacancyRate, s.Turnover, s.AgencyCover
	est, ok := establishmentPerChild(la)
	engEst, engOK := establishmentPerChild(england)
	if !ok || !engOK {
		a.Notes = append(a.Notes, "no workforce figures: statutory posts scaled by children only; vacancy, turnover and agency cover left at the base scenario's")
		return a
	}
	a.Workforce = true
	a.Posts = s.Posts * scale * est / engEst
	a.VacancyRate = relative(s.VacancyRate, la, england, dfe.VacancyRate, 0.9)
	a.Turnover = relative(s.Turnover, la, england, dfe.Turnover, 1)
	a.AgencyCover = relative(s.AgencyCover, la, england, dfe.VacancyCover, 1)
	return a
}

// establishmentPerChild is case-holding FTE posts (filled or vacant) per
// child.
func establishmentPerChild(la dfe.LA) (float64, bool) {
	fte, ok1 := la.Value(dfe.CaseHoldersFTE)
	vac, ok2 := la.Value(dfe.VacancyRate)
	c, ok3 := la.Value(dfe.Children)
	if !ok1 || !ok2 || !ok3 || fte <= 0 || c <= 0 || vac >= 100 {
		return 0, false
	}
	return fte / (1 - vac/100) / c, true
}

// relative is base times the LA's figure of m over England's, within
// [0, hi]; base when either figure is missing.
func relative(base float64, la, england dfe.LA, m dfe.Measure, hi float64) float64 {
	v, ok := la.Value(m)
	e, eok := england.Value(m)
	if !ok || !eok || e <= 0 {
		return base
	}
	return math.Min(hi, math.Max(0, base*v/e))
}

// Settings gives the keys the Area sets (AreaKeys, less the vacancy,
// turnover and agency keys when it has no workforce figures) and their
// values: ints for counts, floats for the rest.
func (a Area) Settings() (keys []string, values []any) {
	values = []any{a.Children, a.Localities, a.Schools[Primary], a.Schools[Secondary], a.Schools[Special], a.Schools[AltProvision], a.FSMMean, a.Posts}
	if a.Workforce {
		values = append(values, a.VacancyRate, a.Turnover, a.AgencyCover)
	}
	keys = append([]string(nil), AreaKeys[:len(values)]...)
	return append(keys, areaModelKeys...), append(values, a.model.values()...)
}

// Apply sets the Area's values in p.
func (a Area) Apply(p *Params) {
	p.LA.Children = a.Children
	p.LA.Localities = a.Localities
	p.LA.Schools.Primary = a.Schools[Primary]
	p.LA.Schools.Secondary = a.Schools[Secondary]
	p.LA.Schools.Special = a.Schools[Special]
	p.LA.Schools.AlternativeProvision = a.Schools[AltProvision]
	p.LA.FSMMean = a.FSMMean
	p.Statutory.Posts = a.Posts
	if a.Workforce {
		p.Statutory.VacancyRate = a.VacancyRate
		p.Statutory.Turnover = a.Turnover
		p.Statutory.AgencyCover = a.AgencyCover
	}
	a.model.apply(p)
}

// String describes the Area in one line, for notes and messages.
func (a Area) String() string {
	posts := "statutory posts"
	if math.Round(a.Posts) == 1 {
		posts = "statutory post"
	}
	s := fmt.Sprintf("%s (%s, LA %s): %d children, FSM %.1f%%, %.0f %s", a.Name, a.Code, a.OldCode, a.Children, 100*a.FSMMean, a.Posts, posts)
	switch {
	case a.Fitted && a.Children < MinFitChildren:
		// a row of the fitted table, but too small to fit (notFittedNote)
		s += "; the national parameters, not fitted"
	case a.Fitted:
		f := a.Fit
		s += fmt.Sprintf("; fitted need ×%.2f, s47 gap %+.2f, conversion ×%.2f, CP length ×%.2f, care entry ×%.2f, care leaving ×%.2f",
			f.Onset, f.S47Gap, f.Conversion, f.CPLength, f.CareEntry, f.CareLeave)
	}
	return s
}
