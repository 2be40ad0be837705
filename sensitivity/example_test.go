package sensitivity_test

import (
	"fmt"

	"github.com/caseload/caseload/sensitivity"
)

// A tornado table for a toy caseload model: average caseload per social
// worker as referrals, staffing and case duration vary one at a time.
func ExampleOAT() {
	factors := []sensitivity.Factor{
		{Name: "referrals_per_week", Low: 80, High: 120},
		{Name: "social_workers", Levels: []float64{40, 50, 60}},
		{Name: "weeks_open", Low: 10, High: 14},
	}
	base := []float64{100, 50, 12}
	model := func(x []float64) float64 { return x[0] * x[2] / x[1] }

	pts := sensitivity.OATPoints(factors, base)
	y := make([]float64, len(pts))
	for i, p := range pts {
		y[i] = model(p)
	}
	swings, err := sensitivity.OAT(factors, y)
	if err != nil {
		panic(err)
	}
	fmt.Printf("base caseload %.1f\n", y[0])
	for _, s := range swings {
		fmt.Printf("%-18s %5.0f..%-5.0f %5.1f..%-5.1f range %.1f\n", s.Name, s.Low, s.High, s.YLow, s.YHigh, s.Range)
	}
	// Output:
	// base caseload 24.0
	// social_workers        40..60     30.0..20.0  range 10.0
	// referrals_per_week    80..120    19.2..28.8  range 9.6
	// weeks_open            10..14     20.0..28.0  range 8.0
}

// A two-factor full grid mapped onto a continuous and a discrete factor.
func ExampleFullGrid() {
	factors := []sensitivity.Factor{
		{Name: "threshold", Low: 0.2, High: 0.6},
		{Name: "teams", Levels: []float64{3, 4}},
	}
	for _, u := range sensitivity.FullGrid([]int{3, 2}) {
		fmt.Println(sensitivity.Scale(factors, u))
	}
	// Output:
	// [0.2 3]
	// [0.2 4]
	// [0.4 3]
	// [0.4 4]
	// [0.6 3]
	// [0.6 4]
}
