package detmath

import "math"

// Cholesky returns the lower-triangular factor L of a symmetric
// positive-definite n×n matrix a (row-major; only its lower triangle is
// read), with a = L·Lᵀ, and false when a is not positive definite or so
// near singular that a pivot keeps less than 1e-13 of its diagonal entry
// (a column that is, to rounding, a combination of the others). Every
// product is rounded on its own, so the factor has the same bits on every
// architecture.
func Cholesky(a []float64, n int) ([]float64, bool) {
	l := make([]float64, n*n)
	for j := range n {
		d := a[j*n+j]
		for k := range j {
			d -= float64(l[j*n+k] * l[j*n+k])
		}
		if !(d > float64(1e-13*a[j*n+j])) || math.IsInf(d, 0) {
			return nil, false
		}
		d = math.Sqrt(d)
		l[j*n+j] = d
		for i := j + 1; i < n; i++ {
			s := a[i*n+j]
			for k := range j {
				s -= float64(l[i*n+k] * l[j*n+k])
			}
			l[i*n+j] = s / d
		}
	}
	return l, true
}

// CholeskySolve returns x with L·Lᵀ·x = b, for the factor L of Cholesky.
func CholeskySolve(l []float64, n int, b []float64) []float64 {
	y := make([]float64, n)
	for i := range n {
		s := b[i]
		for k := range i {
			s -= float64(l[i*n+k] * y[k])
		}
		y[i] = s / l[i*n+i]
	}
	for i := n - 1; i >= 0; i-- {
		s := y[i]
		for k := i + 1; k < n; k++ {
			s -= float64(l[k*n+i] * y[k])
		}
		y[i] = s / l[i*n+i]
	}
	return y
}

// CholeskyInverse returns the inverse (n×n, row-major, symmetric) of the
// matrix whose Cholesky factor is L, column by column.
func CholeskyInverse(l []float64, n int) []float64 {
	inv := make([]float64, n*n)
	e := make([]float64, n)
	for j := range n {
		clear(e)
		e[j] = 1
		col := CholeskySolve(l, n, e)
		for i := range n {
			inv[i*n+j] = col[i]
		}
	}
	// Symmetric in exact arithmetic: make it so in the bits.
	for i := range n {
		for j := range i {
			m := float64(0.5 * (inv[i*n+j] + inv[j*n+i]))
			inv[i*n+j], inv[j*n+i] = m, m
		}
	}
	return inv
}

// MatMul returns the n×m product of a (n×k) and b (k×m), row-major, each
// product rounded on its own and summed in order of k.
func MatMul(a, b []float64, n, k, m int) []float64 {
	c := make([]float64, n*m)
	for i := range n {
		for j := range m {
			var s float64
			for t := range k {
				s += float64(a[i*k+t] * b[t*m+j])
			}
			c[i*m+j] = s
		}
	}
	return c
}
