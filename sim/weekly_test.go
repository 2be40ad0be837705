package sim

import (
	"math"
	"testing"
)

// Every week, referrals by source and referrals by school type each add up
// to all referrals, and over the measured years the weekly counts add up
// to the annual metrics.
func TestWeeklyReferralsAddUp(t *testing.T) {
	p := withTeam(smallLA(), "e", RoleQualified, 4, 1)
	o := Simulate(p, 5, 0)
	if len(o.Weekly) != 52*p.Years {
		t.Fatalf("%d weeks of series, want %d", len(o.Weekly), 52*p.Years)
	}
	var total [NumSeries]float64
	for w, s := range o.Weekly {
		bySource, byType := s[WReferralsSchool], 0.0
		for k := range OtherSources {
			bySource += s[WReferralsBySource+k]
		}
		for k := range NumSchoolTypes + 1 {
			byType += s[WReferralsByType+k]
		}
		if bySource != s[WReferrals] || byType != s[WReferrals] {
			t.Fatalf("week %d: %v referrals, %v by source, %v by type", w, s[WReferrals], bySource, byType)
		}
		for k := range NumSeries {
			total[k] += s[k]
		}
	}
	years := float64(p.Years)
	for k, metric := range map[int]string{WReferrals: "referrals", WReferralsSchool: "referrals_school",
		WReferralsBySource: "referrals_from_police", WReferralsByType + Secondary: "referrals_type_secondary"} {
		if got, want := total[k]/years, value(o, metric); math.Abs(got-want) > 1e-9 {
			t.Errorf("%s: weekly series add up to %v a year, the metric is %v", SeriesNames[k], got, want)
		}
	}
}
