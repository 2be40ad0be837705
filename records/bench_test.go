package records

import (
	"testing"

	"github.com/caseload/caseload/sim"
)

// BenchmarkRun is one replication of the typical LA for a year without
// records; BenchmarkRecords the same with its records built and written
// (in memory).
func BenchmarkRun(b *testing.B) {
	p := sim.Defaults()
	p.Years = 1
	var ws sim.Workspace
	for i := range b.N {
		ws.Simulate(p, 1, i)
	}
}

func BenchmarkRecords(b *testing.B) {
	p := sim.Defaults()
	p.Years = 1
	opt := Options{LACode: LACode(0)}
	for i := range b.N {
		files, _, err := Generate(p, 1, i, opt)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for _, f := range files {
			n += len(f.Data)
		}
		b.ReportMetric(float64(n), "bytes/op")
	}
}
