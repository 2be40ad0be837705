package sim

import (
	"math"
	"testing"
)

// Tests of the pathways through which a school-based worker acts (MODEL.md
// §3, docs/MODEL.md §3.3). Each compares two configurations on common
// random numbers: the same seed and replication give the same families and
// draws, so the paired difference is mostly the mechanism. Tolerances are
// stated as a number of standard errors of the paired mean difference.

// everySchoolEmbedded covers every school of p with a qualified worker of
// its own (selection all, one school per worker), so that no worker's
// caseload is shared between schools of different types.
func everySchoolEmbedded(p Params) Params {
	p.SchoolWorkforce.Teams = map[string]Team{"e": {Role: RoleQualified, SchoolsPerWorker: 1, Selection: SelectAll}}
	p.SchoolWorkforce.BudgetFTE = float64(p.LA.Schools.Primary + p.LA.Schools.Secondary + p.LA.Schools.Special + p.LA.Schools.AlternativeProvision)
	return p
}

// paired is the mean and standard error over reps of metric(b) − metric(a),
// each pair run on the same seed and replication.
func paired(a, b Params, seed uint64, reps int, metric string) (diff, se float64) {
	k := MetricIndex(metric)
	if k < 0 {
		panic("sim test: no metric " + metric)
	}
	d := make([]float64, reps)
	for r := range reps {
		d[r] = Simulate(b, seed, r).Values[k] - Simulate(a, seed, r).Values[k]
	}
	m := meanOf(d)
	var ss float64
	for _, x := range d {
		ss += (x - m) * (x - m)
	}
	return m, math.Sqrt(ss / float64(reps-1) / float64(reps))
}

// wantRise fails unless metric rises from a to b by more than z standard
// errors of the paired difference; wantFall, unless it falls.
func wantRise(t *testing.T, what string, a, b Params, seed uint64, reps int, metric string, z float64) {
	t.Helper()
	d, se := paired(a, b, seed, reps, metric)
	t.Logf("%s: %s %+.3g (se %.2g)", what, metric, d, se)
	if !(d > z*se && d > 0) {
		t.Errorf("%s: %s changed by %+.2f (se %.2f), want a rise of more than %.0f se", what, metric, d, se, z)
	}
}

func wantFall(t *testing.T, what string, a, b Params, seed uint64, reps int, metric string, z float64) {
	t.Helper()
	d, se := paired(a, b, seed, reps, metric)
	t.Logf("%s: %s %+.3g (se %.2g)", what, metric, d, se)
	if !(d < -z*se && d < 0) {
		t.Errorf("%s: %s changed by %+.2f (se %.2f), want a fall of more than %.0f se", what, metric, d, se, z)
	}
}

// noNeedContacts switches off the contacts about families with no need,
// so that every referral is about a family with need 1-3.
func noNeedContacts(p Params) Params {
	p.Referral.NoNeedSchool, p.Referral.NoNeedOther = 0, 0
	return p
}

// Pathway A: a better-informed referral is triaged with less noise, so a
// family with need is less often turned away with no further action. The
// school-based worker raises the quality of its schools' referrals
// (effects.quality_gain); school staff start from referral.school_quality.
// Contacts about families with no need are switched off here: for them a
// better referral means a correct 'no further action' (see
// TestPathwayACutsNFA).
func TestPathwayAReferralQualityCutsNFA(t *testing.T) {
	base := noNeedContacts(everySchoolEmbedded(smallLA()))
	base.SchoolWorkforce.IntegrationWeeks = 2 // the worker's full effect within a term
	low, high := base, base
	low.Effects.QualityGain, high.Effects.QualityGain = 0, 1
	wantFall(t, "quality_gain 0 → 1", low, high, 31, 48, "triage_nfa", 2)

	low, high = noNeedContacts(smallLA()), noNeedContacts(smallLA())
	low.Referral.SchoolQuality, high.Referral.SchoolQuality = 0, 1
	wantFall(t, "school_quality 0 → 1", low, high, 31, 12, "triage_nfa", 2)
	wantFall(t, "school_quality 0 → 1", low, high, 31, 12, "triage_early_help", 2)
}

// Pathway A as MODEL.md §3 states it, with all contacts: the pathway as a
// whole (consultation raising staff confidence and the quality of
// referrals, and contacts about families with no need handled in school,
// at the pilots set's strengths) leaves fewer referrals ending in no
// further action. The quality gain alone does not: it turns away fewer
// families with need but more contacts about families with none
// (correctly), and those are most of the NFAs; the fall comes from the
// contacts the worker's consultation avoids (effects.no_need_cut).
func TestPathwayACutsNFA(t *testing.T) {
	base := everySchoolEmbedded(smallLA())
	base.Effects = Effects{Evidence: base.Effects.Evidence, EarlyHelpSupport: base.Effects.EarlyHelpSupport,
		CINSupport: base.Effects.CINSupport, CPSupport: base.Effects.CPSupport, HoldLevel: 1}
	on := base
	pilots := EvidenceSets()[EvidencePilots]
	on.Effects.ConfidenceGain, on.Effects.QualityGain, on.Effects.NoNeedCut = pilots.ConfidenceGain, pilots.QualityGain, pilots.NoNeedCut
	wantFall(t, "pathway A (pilots strengths) off → on", base, on, 31, 12, "triage_nfa", 2)
}

// Pathways B and C: the worker notices hidden need through parents in
// primary schools (detect_primary) and through pupils elsewhere
// (detect_secondary). Raising one rate surfaces more need in its own
// schools' families and leaves the other schools' families within ±3%.
func TestDetectionByPhase(t *testing.T) {
	base := everySchoolEmbedded(smallLA())
	// need 2 and 3 found is referred, so that what surfaces shows in
	// referrals (at hold level 2 most of it becomes casework instead)
	base.Effects.HoldLevel, base.Effects.HoldShare = 1, 1
	base.Effects.DetectPrimary, base.Effects.DetectSecondary = 0.02, 0.025
	const reps = 8
	for _, c := range []struct {
		name          string
		set           func(*Effects)
		raised, other string
	}{
		{"detect_secondary ×4", func(e *Effects) { e.DetectSecondary *= 4 }, "referrals_type_secondary", "referrals_type_primary"},
		{"detect_primary ×4", func(e *Effects) { e.DetectPrimary *= 4 }, "referrals_type_primary", "referrals_type_secondary"},
	} {
		more := base
		c.set(&more.Effects)
		wantRise(t, c.name, base, more, 32, reps, "school_identified", 3)
		d, _ := paired(base, more, 32, reps, c.raised)
		if rel := d / meanMetric(base, 32, reps, c.raised); rel < 0.10 {
			t.Errorf("%s: %s rose %+.1f%%, want more than +10%%", c.name, c.raised, 100*rel)
		}
		d, _ = paired(base, more, 32, reps, c.other)
		if rel := d / meanMetric(base, 32, reps, c.other); math.Abs(rel) > 0.03 {
			t.Errorf("%s: %s changed %+.1f%%, want within ±3%%", c.name, c.other, 100*rel)
		}
	}
}

// caseworkByType counts child-weeks of school casework (intensive and
// monitoring) in the measured period, by the type of the family's main
// school when the casework began (the eldest may move to secondary in
// September while it lasts).
type caseworkByType struct {
	weeks [NumSchoolTypes + 1]float64
	began map[int]uint8
}

func (o *caseworkByType) Week(_ int, m *Model) {
	if o.began == nil {
		o.began = map[int]uint8{}
	}
	for i := range m.families {
		f := &m.families[i]
		if f.support != SupportIntensive && f.support != SupportMonitoring {
			delete(o.began, i)
			continue
		}
		typ, ok := o.began[i]
		if !ok {
			typ = f.mainType
			o.began[i] = typ
		}
		if m.measured {
			o.weeks[typ] += float64(f.n)
		}
	}
}

// Pathway B: consent to casework is asked of parents, consent_primary in
// primary schools and consent_secondary elsewhere. With no consent in one
// phase there is no casework there, and the other phase's casework changes
// by less than 5%.
func TestConsentByPhase(t *testing.T) {
	base := everySchoolEmbedded(smallLA())
	const reps = 4
	count := func(p Params) (prim, other float64) {
		for r := range reps {
			o := &caseworkByType{}
			New(p, 33, r, o).Run()
			prim += o.weeks[Primary]
			other += o.weeks[Secondary] + o.weeks[Special] + o.weeks[AltProvision]
		}
		return prim, other
	}
	bp, bo := count(base)
	if bp == 0 || bo == 0 {
		t.Fatalf("no casework at the defaults: primary %v, other %v child-weeks", bp, bo)
	}
	noPrim := base
	noPrim.Effects.ConsentPrimary = 0
	p, o := count(noPrim)
	if p != 0 || math.Abs(o/bo-1) > 0.05 {
		t.Errorf("consent_primary 0: casework child-weeks primary %v (want 0), other %v (default %v, want ±5%%)", p, o, bo)
	}
	noSec := base
	noSec.Effects.ConsentSecondary = 0
	p, o = count(noSec)
	if o != 0 || math.Abs(p/bp-1) > 0.05 {
		t.Errorf("consent_secondary 0: casework child-weeks other %v (want 0), primary %v (default %v, want ±5%%)", o, p, bp)
	}
}

// The asymmetry of MODEL.md §3 in both evidence sets: parents' consent is
// readier in primaries (pathway B), hidden need surfaces more in
// secondaries (pathway C).
func TestEvidenceSetsPhaseAsymmetry(t *testing.T) {
	for name, e := range EvidenceSets() {
		if !(e.ConsentPrimary > e.ConsentSecondary) {
			t.Errorf("%s: consent_primary %v not above consent_secondary %v", name, e.ConsentPrimary, e.ConsentSecondary)
		}
		if !(e.DetectSecondary > e.DetectPrimary) {
			t.Errorf("%s: detect_secondary %v not above detect_primary %v", name, e.DetectSecondary, e.DetectPrimary)
		}
	}
}

// Concerns handled in school: with in_school_handling, need-1 concerns that
// school staff would have referred become the worker's casework, so school
// referrals fall and casework rises.
func TestInSchoolHandling(t *testing.T) {
	base := everySchoolEmbedded(smallLA())
	off, on := base, base
	off.Effects.InSchoolHandling, on.Effects.InSchoolHandling = 0, 1
	wantFall(t, "in_school_handling 0 → 1", off, on, 34, 12, "referrals_school", 2)
	wantRise(t, "in_school_handling 0 → 1", off, on, 34, 12, "school_casework_starts", 2)
}

// Pathway A, fewer contacts about families with no need: no_need_cut
// removes school contacts below need, so school referrals and referrals
// ending in no further action fall.
func TestNoNeedCut(t *testing.T) {
	base := everySchoolEmbedded(smallLA())
	off, on := base, base
	off.Effects.NoNeedCut, on.Effects.NoNeedCut = 0, 1
	// 16 replications: contacts below need are about 6% of referrals
	wantFall(t, "no_need_cut 0 → 1", off, on, 35, 16, "referrals_school", 3)
	wantFall(t, "no_need_cut 0 → 1", off, on, 35, 16, "triage_nfa", 3)
}
