// Package explore runs many variants of a scenario: parameter sweeps,
// sensitivity analyses and team sizing. A design file names config keys
// (factors) with their ranges or levels; each design point is the scenario
// with those keys overridden, run with its replications on common random
// numbers. Finished points are kept on disk as they complete, so a run
// that is stopped can be resumed without redoing them.
package explore

import (
	"errors"
	"reflect"
	"strconv"

	"github.com/caseload/caseload/config"
)

// Sampling methods of a sweep.
const (
	MethodGrid   = config.MethodGrid
	MethodLHS    = config.MethodLHS
	MethodPoints = config.MethodPoints
)

// Factor is one config key that a design varies: a continuous range
// [Low, High] (with Levels grid levels) or a list of Values.
type Factor struct {
	Key    string   `json:"key"`
	Low    float64  `json:"low,omitempty"`
	High   float64  `json:"high,omitempty"`
	Levels int      `json:"levels,omitempty"`
	Values []string `json:"values,omitempty"`
	kind   reflect.Kind
}

// Discrete reports whether the factor takes listed values.
func (f Factor) Discrete() bool { return len(f.Values) > 0 }

// Design is a parsed design file.
type Design struct {
	File    string     `json:"file"`
	Method  string     `json:"method"`
	Samples int        `json:"samples,omitempty"`
	Seed    uint64     `json:"seed"`
	Factors []Factor   `json:"factors"`
	Points  [][]string `json:"points,omitempty"`
	Morris  struct {
		Trajectories int `json:"trajectories"`
		Levels       int `json:"levels"`
	} `json:"morris"`
	Sobol struct {
		Base        int `json:"base"`
		Repetitions int `json:"repetitions"`
	} `json:"sobol"`
}

// LoadDesign reads and checks a design file (config.LoadDesign decodes
// and bounds it). Every problem is a *config.Error naming the file, the
// key, the value and what was expected.
func LoadDesign(path string) (*Design, error) {
	cd, err := config.LoadDesign(path)
	if err != nil {
		return nil, err
	}
	d := &Design{File: cd.File, Method: cd.Method, Samples: cd.Samples, Seed: cd.Seed, Points: cd.Points}
	d.Morris.Trajectories, d.Morris.Levels = cd.Morris.Trajectories, cd.Morris.Levels
	d.Sobol.Base, d.Sobol.Repetitions = cd.Sobol.Base, cd.Sobol.Repetitions
	for _, f := range cd.Factors {
		d.Factors = append(d.Factors, Factor{Key: f.Key, Low: f.Low, High: f.High, Levels: f.Levels, Values: f.Values, kind: f.Kind})
	}
	return d, nil
}

// Count is the number of design points the design implies for an
// analysis: config.AnalysisSweep (its own method), AnalysisOAT,
// AnalysisMorris or AnalysisSobol (see config.Design.Count). Each point
// runs every replication.
func (d *Design) Count(analysis string) int {
	cd := config.Design{Method: d.Method, Samples: d.Samples, Points: d.Points}
	cd.Morris.Trajectories, cd.Morris.Levels = d.Morris.Trajectories, d.Morris.Levels
	cd.Sobol.Base, cd.Sobol.Repetitions = d.Sobol.Base, d.Sobol.Repetitions
	for _, f := range d.Factors {
		cd.Factors = append(cd.Factors, config.Factor{Key: f.Key, Low: f.Low, High: f.High, Levels: f.Levels, Values: f.Values, Kind: f.kind})
	}
	return cd.Count(analysis)
}

func scalarText(v any) string { return config.ScalarText(v) }

func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func bad(file, key string, value any, expected string) error {
	return &config.Error{File: file, Key: key, Value: value, Expected: expected, Err: config.ErrInvalid}
}

// errDesign marks a design that cannot be used with a method.
var errDesign = errors.New("explore: design does not fit the method")
