package trial

import (
	"bytes"
	"math"
	"path/filepath"
	"reflect"
	"testing"
)

// A curve shares the counterfactual runs between sizes, and gives each
// size exactly the trials that running it alone gives.
func TestRunSizesMatchesEachSizeAlone(t *testing.T) {
	p := smallLA()
	var ds []*Design
	for _, s := range []struct{ schools, las int }{{8, 1}, {24, 2}, {16, 2}} {
		sp := spec()
		sp.Schools, sp.LAs = s.schools, s.las
		d, err := New(p, sp)
		if err != nil {
			t.Fatal(err)
		}
		ds = append(ds, d)
	}
	dir := t.TempDir()
	curve, err := RunSizes(ds, Options{Workers: 2, Dir: filepath.Join(dir, "curve")})
	if err != nil {
		t.Fatal(err)
	}
	for k, d := range ds {
		alone, err := Run(d, Options{Workers: 2, Dir: filepath.Join(dir, "alone", string(rune('a'+k)))})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(alone, curve[k]) {
			t.Errorf("size %d: the curve's trials differ from the size run alone", d.Schools)
		}
	}
	// 3 trials × 2 LAs of counterfactuals, and 3 × (1 + 2 + 2) interventions
	if got := CurveSims(ds); got != 6+15 {
		t.Errorf("CurveSims = %d, want 21", got)
	}
	sums := make([]Summary, len(ds))
	for k, d := range ds {
		var as []Analysis
		for _, r := range curve[k] {
			as = append(as, d.Analyse(r))
		}
		sums[k] = d.Summarise(as)
	}
	var b bytes.Buffer
	if err := WritePowerCSV(&b, ds, sums); err != nil {
		t.Fatal(err)
	}
	if got := b.String()[:len("schools,las,power,low,high,mde\n8,1,")]; got != "schools,las,power,low,high,mde\n8,1," {
		t.Errorf("power.csv starts %q", got)
	}
}

// The minimum detectable rate ratio: with SE s of the log ratio, a true
// ratio of exp(−2.80 s) is found 80% of the time by a two-sided 5% test.
func TestMDE(t *testing.T) {
	se := 0.1
	mde := MDE(se)
	if math.Abs(mde-math.Exp(-0.2801585218)) > 1e-9 {
		t.Errorf("MDE(0.1) = %v, want exp(-0.2802)", mde)
	}
	// power at the MDE by the normal approximation is 80%
	z := -math.Log(mde) / se
	power := 0.5 * math.Erfc(-(z-1.959963984540054)/math.Sqrt2)
	if math.Abs(power-0.8) > 1e-9 {
		t.Errorf("power at the MDE = %v, want 0.8", power)
	}
	if !math.IsNaN(MDE(0)) {
		t.Error("MDE without a standard error should be NaN")
	}
}
