package sim

import (
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"
)

var updateDocs = flag.Bool("update", false, "rewrite docs/metrics.md from the metric registry")

// The registry is well formed: names are unique, every per-10,000 metric
// names an earlier count as its base, every weighted mean names a metric
// as its weight, and every metric is labelled, documented and computed.
func TestMetricRegistry(t *testing.T) {
	seen := map[string]int{}
	for i, m := range metrics {
		if _, dup := seen[m.Name]; dup {
			t.Errorf("%s appears twice", m.Name)
		}
		seen[m.Name] = i
		if m.Label == "" || m.Doc == "" || m.Unit == "" || m.value == nil {
			t.Errorf("%s lacks a label, doc, unit or computation", m.Name)
		}
		switch m.Combine {
		case CombinePer10k:
			b, ok := seen[m.Base]
			if !ok || metrics[b].Combine != CombineSum || m.Kind != KindRate {
				t.Errorf("%s: base %q is not an earlier summed metric", m.Name, m.Base)
			}
		case CombineMean:
			if MetricIndex(m.Weight) < 0 || metrics[MetricIndex(m.Weight)].Combine != CombineSum {
				t.Errorf("%s: weight %q is not a summed metric", m.Name, m.Weight)
			}
		default:
			if m.Base != "" || m.Weight != "" {
				t.Errorf("%s: a summed metric with a base or weight", m.Name)
			}
		}
		if MetricIndex(m.Name) != i {
			t.Errorf("%s: index %d, want %d", m.Name, MetricIndex(m.Name), i)
		}
	}
	if MetricIndex("no_such_metric") != -1 {
		t.Error("an unknown metric has an index")
	}
}

// Every metric of a run is computed by the registry: share metrics lie in
// [0, 1], rates are their base per 10,000 children, and cost_total is the
// sum of the cost components.
func TestMetricValues(t *testing.T) {
	p := smallLA()
	o := Simulate(p, 3, 0)
	if len(o.Values) != len(metrics) {
		t.Fatalf("%d values for %d metrics", len(o.Values), len(metrics))
	}
	for i, m := range metrics {
		x := o.Values[i]
		switch {
		case math.IsNaN(x) || math.IsInf(x, 0):
			t.Errorf("%s = %v", m.Name, x)
		case m.Kind == KindShare && (x < 0 || x > 1):
			t.Errorf("%s = %v, a share outside [0, 1]", m.Name, x)
		case m.Combine == CombinePer10k:
			want := o.Values[MetricIndex(m.Base)] * 10000 / float64(p.LA.Children)
			if math.Abs(x-want) > 1e-9*math.Max(1, want) {
				t.Errorf("%s = %v, want %v", m.Name, x, want)
			}
		}
	}
	var sum float64
	for _, n := range CostComponents() {
		sum += value(o, n)
	}
	if tot := value(o, "cost_total"); math.Abs(tot-sum) > 1e-6*sum {
		t.Errorf("cost_total %v, the headings add to %v", tot, sum)
	}
}

// Every metric of the registry is a level that cannot be negative, which
// lets the results cut a level's interval at 0 (results.DescribeMetric):
// checked over runs with and without a team, every mechanism, shrinking
// births and no statutory worker at all.
func TestMetricsNeverNegative(t *testing.T) {
	noPosts := smallLA() // one post (the least), vacant
	noPosts.Statutory.Posts, noPosts.Statutory.VacancyRate, noPosts.Statutory.AgencyCover = 0.2, 0.99, 0
	for name, p := range map[string]Params{
		"small LA":        smallLA(),
		"with a team":     withTeam(smallLA(), "t", RoleQualified, 3, 5),
		"every mechanism": everyMechanism(),
		"births falling":  withBirthGrowth(smallLA(), -3),
		"no workers":      noPosts,
	} {
		for rep := range 3 {
			o := Simulate(p, 11, rep)
			for i, m := range metrics {
				if x := o.Values[i]; x < 0 || math.IsNaN(x) {
					t.Errorf("%s, replication %d: %s = %v", name, rep, m.Name, x)
				}
			}
		}
	}
}

// docs/metrics.md is generated from the registry.
func TestMetricDocs(t *testing.T) {
	path := filepath.Join("..", "docs", "metrics.md")
	want := MetricDocs()
	if *updateDocs {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("%s is out of date: run go test ./sim -run TestMetricDocs -update", path)
	}
}
