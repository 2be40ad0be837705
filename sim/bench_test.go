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
	p.Years, p.WarmupWeeks = 40, 52
	m := New(p, 1, 0, nil)
	for m.week < p.WarmupWeeks+4 {
		m.Step()
	}
	b.ReportAllocs()
	for b.Loop() {
		if m.Done() {
			b.Fatal("ran out of weeks")
		}
		m.Step()
	}
	b.ReportMetric(float64(len(m.active)), "active-families")
}
