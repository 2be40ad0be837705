package detmath

import (
	"math"
	"testing"
)

var sink float64

func BenchmarkLog(b *testing.B) {
	for i := range b.N {
		sink += Log(1 + float64(i&1023)*0.37)
	}
}

func BenchmarkMathLog(b *testing.B) {
	for i := range b.N {
		sink += math.Log(1 + float64(i&1023)*0.37)
	}
}

func BenchmarkExp(b *testing.B) {
	for i := range b.N {
		sink += Exp(float64(i&1023) * 0.01)
	}
}

func BenchmarkMathExp(b *testing.B) {
	for i := range b.N {
		sink += math.Exp(float64(i&1023) * 0.01)
	}
}
