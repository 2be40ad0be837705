package sensitivity

import (
	"math"
	"math/rand/v2"
)

// FullGrid returns the full factorial design on the unit hypercube with
// levels[j] levels in dimension j. Level i of n sits at i/(n-1), so the grid
// includes both faces of the cube; a dimension with a single level sits at
// 0.5. Rows run in lexicographic order with the last dimension varying
// fastest, so the number of rows is the product of the levels.
//
// With a discrete factor of m levels, FullGrid with n = m visits every level
// exactly once through [Scale].
//
// FullGrid returns nil when levels is empty or any entry is below 1.
func FullGrid(levels []int) [][]float64 {
	if len(levels) == 0 {
		return nil
	}
	total := 1
	for _, n := range levels {
		if n < 1 {
			return nil
		}
		total *= n
	}
	k := len(levels)
	backing := make([]float64, total*k)
	rows := make([][]float64, total)
	idx := make([]int, k)
	for r := range rows {
		row := backing[r*k : (r+1)*k : (r+1)*k]
		for j, n := range levels {
			row[j] = gridLevel(idx[j], n)
		}
		rows[r] = row
		// Odometer step, last dimension fastest.
		for j := k - 1; j >= 0; j-- {
			idx[j]++
			if idx[j] < levels[j] {
				break
			}
			idx[j] = 0
		}
	}
	return rows
}

// gridLevel is the unit-interval position of level i out of n.
func gridLevel(i, n int) float64 {
	if n == 1 {
		return 0.5
	}
	return float64(i) / float64(n-1)
}

// LatinHypercube returns n points in [0,1)^k such that, in every dimension,
// each of the n equal strata [s/n, (s+1)/n) holds exactly one point (McKay,
// Beckman and Conover 1979). The stratum order is an independent random
// permutation per dimension and the position inside each stratum is uniform,
// all drawn from src. It returns nil when n < 1 or k < 1.
func LatinHypercube(n, k int, src rand.Source) [][]float64 {
	if n < 1 || k < 1 {
		return nil
	}
	rng := rand.New(src)
	backing := make([]float64, n*k)
	rows := make([][]float64, n)
	for i := range rows {
		rows[i] = backing[i*k : (i+1)*k : (i+1)*k]
	}
	fn := float64(n)
	for j := 0; j < k; j++ {
		perm := rng.Perm(n)
		for i, s := range perm {
			u := (float64(s) + float64(rng.Float64())) / fn
			// Guard against rounding pushing the point into the next stratum.
			for u >= 1 || int(u*fn) > s {
				u = math.Nextafter(u, 0)
			}
			rows[i][j] = u
		}
	}
	return rows
}
