package sensitivity

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
)

// MaxSobolDim is the largest dimension [Sobol] can generate.
const MaxSobolDim = len(joeKuo) + 1

// sobolBits is the number of binary digits carried per coordinate; it bounds
// the sequence length at 2^sobolBits - 1 points after the skipped origin.
const sobolBits = 32

// sobolDirections returns the direction numbers v_1..v_32 of dimension d
// (0-based), scaled so that v_j = m_j * 2^(32-j).
func sobolDirections(d int) [sobolBits]uint32 {
	var v [sobolBits]uint32
	if d == 0 {
		for b := range v {
			v[b] = 1 << (sobolBits - 1 - b)
		}
		return v
	}
	row := joeKuo[d-1]
	s := int(row.s)
	for b := 0; b < sobolBits; b++ {
		if b < s {
			v[b] = row.m[b] << (sobolBits - 1 - b)
			continue
		}
		// Bratley and Fox (1988) recurrence for the direction numbers.
		x := v[b-s] ^ (v[b-s] >> uint(s))
		for l := 1; l < s; l++ {
			if (row.a>>uint(s-1-l))&1 == 1 {
				x ^= v[b-l]
			}
		}
		v[b] = x
	}
	return v
}

// Sobol returns the first n points of the k-dimensional Sobol sequence
// (Sobol 1967) with the direction numbers of Joe and Kuo (2008), generated in
// Gray-code order (Antonov and Saleev 1979). The all-zero first point is
// skipped, so in dimension 1 the rows begin 0.5, 0.75, 0.25, 0.375, 0.875,
// and in dimension 2 they begin 0.5, 0.25, 0.75, 0.375, 0.875. Every
// coordinate is a multiple of 2^-32 in [0, 1).
//
// It returns an error when k is outside 1..[MaxSobolDim] or n is negative or
// too large for 32-bit digits.
func Sobol(n, k int) ([][]float64, error) {
	if k < 1 || k > MaxSobolDim {
		return nil, fmt.Errorf("sensitivity: Sobol dimension %d outside 1..%d", k, MaxSobolDim)
	}
	if n < 0 || uint64(n) >= 1<<sobolBits-1 {
		return nil, fmt.Errorf("sensitivity: Sobol point count %d outside 0..%d", n, uint64(1<<sobolBits-2))
	}
	dirs := make([][sobolBits]uint32, k)
	for j := range dirs {
		dirs[j] = sobolDirections(j)
	}
	x := make([]uint32, k)
	backing := make([]float64, n*k)
	rows := make([][]float64, n)
	const scale = 1.0 / (1 << sobolBits)
	for i := range rows {
		// Point i+1 follows point i by flipping the direction number at the
		// position of the lowest zero bit of i.
		c := bits.TrailingZeros64(^uint64(i))
		row := backing[i*k : (i+1)*k : (i+1)*k]
		for j := range x {
			x[j] ^= dirs[j][c]
			row[j] = float64(x[j]) * scale
		}
		rows[i] = row
	}
	return rows, nil
}

// ScrambleSobol applies a random digital shift to a Sobol design in place:
// each dimension gets one 32-bit word drawn from src and every coordinate's
// binary digits are XORed with it. The shift keeps the net structure of the
// sequence (and its [0,1) range) while making independent replicate designs,
// which is what a randomised quasi-Monte Carlo error estimate needs. The
// number of dimensions is taken from the first row. Coordinates are read to
// 32 binary digits, which is exact for points from [Sobol].
func ScrambleSobol(points [][]float64, src rand.Source) {
	if len(points) == 0 {
		return
	}
	rng := rand.New(src)
	shift := make([]uint32, len(points[0]))
	for j := range shift {
		shift[j] = rng.Uint32()
	}
	const up = 1 << sobolBits
	const down = 1.0 / up
	for _, row := range points {
		for j, u := range row {
			w := uint32(0)
			switch {
			case u >= 1:
				w = ^uint32(0)
			case u > 0:
				w = uint32(u * up)
			}
			row[j] = float64(w^shift[j]) * down
		}
	}
}
