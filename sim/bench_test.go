package sim

import "testing"

// BenchmarkYear simulates one year (no warm-up) at two sizes: a tenth of
// the typical LA and the typical LA of MODEL.md §5. Each iteration builds
// the LA and runs 52 weeks; BenchmarkWeek isolates the weekly step.
func BenchmarkYear(b *testing.B) {
	for _, size := range []struct {
		name string
		p    Params
	}{{"small-8k", smallLA()}, {"typical-80k", Defaults()}} {
		b.Run(size.name, func(b *testing.B) {
			p := size.p
			p.Years, p.WarmupWeeks = 1, 0
			p = withTeam(p, "e", RoleQualified, 5, 5)
			for b.Loop() {
				Simulate(p, 1, 0)
			}
		})
	}
}

// BenchmarkWeek measures the weekly step of the typical LA once built and
// warmed up, with allocations.
func BenchmarkWeek(b *testing.B) {
	p := withTeam(Defaults(), "e", RoleQualified, 5, 5)
	p.Years, p.WarmupWeeks = 20, 52
	warm := func() *Model {
		m := New(p, 1, 0, nil)
		for m.week < p.WarmupWeeks+8 {
			m.Step()
		}
		return m
	}
	m := warm()
	var active, weeks float64
	b.ReportAllocs()
	for b.Loop() {
		if m.Done() {
			b.StopTimer()
			m = warm()
			b.StartTimer()
		}
		m.Step()
		active += float64(m.nAwake)
		weeks++
	}
	b.ReportMetric(active/weeks, "awake-families")
}

// BenchmarkWeekNational measures one week of all of England: the weekly
// step of each of the 153 real LAs, once built and warmed up.
func BenchmarkWeekNational(b *testing.B) {
	p := Defaults()
	p.National.LAs, p.National.Places = 153, "england"
	p.Years = 20
	var models []*Model
	for j, la := range NationalLAs(p) {
		m := New(la, LASeed(1, j), 0, nil)
		for m.week < la.WarmupWeeks+4 {
			m.Step()
		}
		models = append(models, m)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, m := range models {
			if m.Done() {
				b.Fatal("ran out of weeks")
			}
			m.Step()
		}
	}
}

// BenchmarkRun is one replication of the typical LA as a run makes it:
// the build, the warm-up year and three measured years, with a team.
func BenchmarkRun(b *testing.B) {
	p := withTeam(Defaults(), "e", RoleQualified, 5, 5)
	var ws Workspace
	for b.Loop() {
		ws.Simulate(p, 1, 0)
	}
}
