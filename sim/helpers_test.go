package sim

// smallLA is a tenth of the typical LA, for fast tests of mechanisms.
func smallLA() Params {
	p := Defaults()
	p.LA.Children = 8000
	p.LA.Localities = 2
	p.LA.Schools = SchoolMix{Primary: 11, Secondary: 3, Special: 1, AlternativeProvision: 1,
		SpecialShare: p.LA.Schools.SpecialShare, AlternativeProvisionShare: p.LA.Schools.AlternativeProvisionShare, DeprivationNoise: p.LA.Schools.DeprivationNoise}
	p.Statutory.Posts = p.Statutory.Posts / 10
	p.Years = 2
	p.WarmupWeeks = 52
	return p
}

// withTeam adds a school-based team and a budget that covers it.
func withTeam(p Params, name, role string, fte, ratio float64) Params {
	p.SchoolWorkforce.Teams = map[string]Team{name: {Role: role, FTE: fte, SchoolsPerWorker: ratio, Selection: SelectMostDeprived}}
	p.SchoolWorkforce.BudgetFTE = fte
	return p
}

// meanMetric is the mean of a metric over reps replications.
func meanMetric(p Params, seed uint64, reps int, metric string) float64 {
	k := MetricIndex(metric)
	var s float64
	for r := range reps {
		s += Simulate(p, seed, r).Values[k]
	}
	return s / float64(reps)
}

func value(o Outcome, metric string) float64 { return o.Values[MetricIndex(metric)] }
