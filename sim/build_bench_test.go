package sim

import "testing"

// BenchmarkBuild measures building the typical LA: schools, families,
// children, workforce and starting stocks.
func BenchmarkBuild(b *testing.B) {
	p := withTeam(Defaults(), "e", RoleQualified, 5, 5)
	b.ReportAllocs()
	for b.Loop() {
		New(p, 1, 0, nil)
	}
}
