package sim

import (
	"fmt"
	"math"
	"strings"

	"github.com/caseload/caseload/detmath"

	"github.com/caseload/caseload/dfe"
)

// NationalLAs returns the local authorities of a national scenario: LA j
// has a share of the children drawn from a log-normal (size_sd), a mean
// FSM share around the scenario's (fsm_sd), a threshold around the
// scenario's (threshold_sd), and schools, localities, statutory posts and
// school-based FTE scaled to its size; posts also follow its expected need
// (deprivation) with noise (staffing_sd). The layout depends only on the
// scenario and national.layout_seed, so every replication and every run
// seed sees the same country. A scenario with national.las = 0 returns
// itself; one with national.places returns real LAs (PlaceLAs).
func NationalLAs(p Params) []Params {
	const (
		// minLAChildren keeps the smallest drawn LA large enough to have
		// schools of each phase and a statutory team (assumption).
		minLAChildren = 2000
		// An LA's mean FSM share is kept within [minLAFSM, maxLAFSM], a
		// plausible range for English LAs (assumption).
		minLAFSM, maxLAFSM = 0.05, 0.6
	)
	n := p.National
	if n.LAs == 0 {
		return []Params{p}
	}
	if n.Places != "" {
		return PlaceLAs(p)
	}
	keys := NewKeys(uint64(n.LayoutSeed), 0)
	z := make([][4]float64, n.LAs)
	weights := make([]float64, n.LAs)
	var sum float64
	for j := range z {
		s := keys.Stream(uint64(j), 0, PurposeBuild)
		for k := range z[j] {
			z[j][k] = s.Normal()
		}
		weights[j] = detmath.Exp(float64(n.SizeSD*z[j][0]) - float64(n.SizeSD*n.SizeSD/2))
		sum += weights[j]
	}
	base := p.LA
	out := make([]Params, n.LAs)
	for j := range out {
		q := p
		q.National = National{}
		q.Name = fmt.Sprintf("%s/LA%03d", p.Name, j+1)
		scale := float64(n.Children) * weights[j] / sum / float64(base.Children)
		q.LA.Children = max(minLAChildren, int(math.Round(float64(base.Children)*scale)))
		scale = float64(q.LA.Children) / float64(base.Children)
		q.LA.Localities = max(1, int(math.Round(float64(base.Localities)*scale)))
		q.LA.Schools.Primary = max(1, int(math.Round(float64(base.Schools.Primary)*scale)))
		q.LA.Schools.Secondary = max(1, int(math.Round(float64(base.Schools.Secondary)*scale)))
		q.LA.Schools.Special = int(math.Round(float64(base.Schools.Special) * scale))
		q.LA.Schools.AlternativeProvision = int(math.Round(float64(base.Schools.AlternativeProvision) * scale))
		q.LA.FSMMean = math.Min(maxLAFSM, math.Max(minLAFSM, base.FSMMean+float64(n.FSMSD*z[j][1])))
		q.FrontDoor.Threshold = p.FrontDoor.Threshold + float64(n.ThresholdSD*z[j][2])
		need := needFactor(p, q.LA.FSMMean) / needFactor(p, base.FSMMean)
		q.Statutory.Posts = p.Statutory.Posts * scale * need * detmath.Exp(float64(n.StaffingSD*z[j][3])-float64(n.StaffingSD*n.StaffingSD/2))
		q.SchoolWorkforce = scaleWorkforce(p.SchoolWorkforce, scale)
		out[j] = q
	}
	return out
}

// Places gives the real LAs national.places names: "england", all the LAs
// of the shipped table, or a named group of package dfe ("swis",
// "pilots"). The error names the groups.
func Places(name string) ([]dfe.LA, error) {
	if strings.EqualFold(strings.TrimSpace(name), "england") {
		return dfe.LAs().LAs, nil
	}
	return dfe.Group(name)
}

// PlaceLAs returns the real LAs of a national scenario with
// national.places: each LA is the scenario's LA made into that place by
// AreaOf (children, schools, FSM and statutory staffing from its published
// figures), with a threshold around the scenario's (threshold_sd, drawn
// from national.layout_seed: thresholds differ between LAs and are not yet
// fitted to each) and the school-based workforce scaled to its children.
// It panics on a name Places does not know, which config rules out.
func PlaceLAs(p Params) []Params {
	las, err := Places(p.National.Places)
	if err != nil {
		panic("sim: national.places: " + err.Error())
	}
	england := dfe.LAs().England
	keys := NewKeys(uint64(p.National.LayoutSeed), 0)
	out := make([]Params, len(las))
	for j, la := range las {
		q := p
		q.National = National{}
		q.Name = fmt.Sprintf("%s/%s %s", p.Name, la.Code, la.Name)
		a := AreaOf(p, la, england)
		a.Apply(&q)
		q.LA.Area = la.Code
		if !a.Fitted {
			// an LA without fitted parameters gets a threshold drawn
			// around the scenario's; a fitted LA's differences are fitted
			st := keys.Stream(uint64(j), 0, PurposeBuild)
			q.FrontDoor.Threshold = p.FrontDoor.Threshold + float64(p.National.ThresholdSD*st.Normal())
		}
		q.SchoolWorkforce = scaleWorkforce(p.SchoolWorkforce, float64(q.LA.Children)/float64(p.LA.Children))
		out[j] = q
	}
	return out
}

// needFactor is the relative rate of need onset in an LA with this FSM
// share: deprived families have need.deprived_rr times the onset hazard.
func needFactor(p Params, fsm float64) float64 {
	return 1 + float64((p.Need.DeprivedRR-1)*fsm)
}

func scaleWorkforce(w Workforce, scale float64) Workforce {
	teams := make(map[string]Team, len(w.Teams))
	for name, t := range w.Teams {
		t.FTE *= scale
		teams[name] = t
	}
	w.Teams = teams
	w.BudgetFTE *= scale
	return w
}

// LASeed is the master seed of LA j in a national run: each LA has its own
// streams, so LAs can run on any core in any order.
func LASeed(seed uint64, j int) uint64 { return mix(seed ^ mix(uint64(j)+1)) }

// Combine adds the outcomes of one replication of every LA of a country
// into one national outcome: counts, stocks and costs add up; rates per
// 10,000 are recomputed from the totals; caseloads and waits are averaged,
// weighted by the workforce or the flow they describe.
func Combine(outs []Outcome, children []int) Outcome {
	total := 0
	for _, c := range children {
		total += c
	}
	k := len(metrics)
	v := make([]float64, k)
	weights := make([]float64, k)
	for _, o := range outs {
		for i, mt := range metrics {
			if mt.Combine == CombineSum {
				v[i] += o.Values[i]
				continue
			}
			w := combineWeight(i, o)
			v[i] += float64(w * o.Values[i])
			weights[i] += w
		}
	}
	per10k := perTenThousand / float64(total)
	for i, mt := range metrics {
		switch mt.Combine {
		case CombinePer10k:
			v[i] = v[metricBase[i]] * per10k
		case CombineMean:
			if weights[i] > 0 {
				v[i] /= weights[i]
			}
		}
	}
	out := Outcome{Values: v}
	out.Weekly = combineWeekly(outs)
	for _, o := range outs {
		addLedger(&out.Ledger, &o.Ledger)
		out.Durations.add(&o.Durations)
		out.Work.Weeks = max(out.Work.Weeks, o.Work.Weeks)
		out.Work.FamilyWeeks += o.Work.FamilyWeeks
		out.Work.ChildWeeks += o.Work.ChildWeeks
	}
	return out
}

// combineWeight is the weight of an LA's value of metric i in a
// national mean: the LA's value of the metric's Weight, or 1.
func combineWeight(i int, o Outcome) float64 {
	if w := metricWeight[i]; w >= 0 {
		return o.Values[w]
	}
	return 1
}

// metricBase and metricWeight are the positions of each metric's Base and
// Weight in the registry, or -1.
var metricBase, metricWeight = func() ([]int, []int) {
	base, weight := make([]int, len(metrics)), make([]int, len(metrics))
	for i, m := range metrics {
		base[i], weight[i] = -1, -1
		if m.Base != "" {
			base[i] = metricIndex[m.Base]
		}
		if m.Weight != "" {
			weight[i] = metricIndex[m.Weight]
		}
	}
	return base, weight
}()

func combineWeekly(outs []Outcome) [][NumSeries]float64 {
	if len(outs) == 0 {
		return nil
	}
	weeks := len(outs[0].Weekly)
	w := make([][NumSeries]float64, weeks)
	fte := MetricIndex("statutory_fte_mean")
	sfte := MetricIndex("school_worker_fte")
	var sw, ssw float64
	for _, o := range outs {
		sw += o.Values[fte]
		ssw += o.Values[sfte]
	}
	for _, o := range outs {
		for t := range min(weeks, len(o.Weekly)) {
			for s := range NumSeries {
				x := o.Weekly[t][s]
				switch s {
				case WStatutoryCaseload:
					x *= o.Values[fte] / math.Max(sw, 1e-9)
				case WSchoolCaseload:
					x *= o.Values[sfte] / math.Max(ssw, 1e-9)
				}
				w[t][s] += x
			}
		}
	}
	return w
}

func addLedger(dst, src *Ledger) {
	dst.Born += src.Born
	dst.Left += src.Left
	for s := range NumStages {
		dst.Start[s] += src.Start[s]
		dst.End[s] += src.End[s]
		dst.Scan[s] += src.Scan[s]
		for t := range NumStages {
			dst.Moves[s][t] += src.Moves[s][t]
		}
	}
	for s := range NumSupports {
		dst.SupStart[s] += src.SupStart[s]
		dst.SupEnd[s] += src.SupEnd[s]
		dst.SupScan[s] += src.SupScan[s]
		for t := range NumSupports {
			dst.SupMoves[s][t] += src.SupMoves[s][t]
		}
	}
}
