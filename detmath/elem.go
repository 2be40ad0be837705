package detmath

import "math"

// Argument reduction constants: ln 2 split into a head with trailing zero
// bits (so that k*ln2Hi is exact for the k that occur) and a tail.
const (
	ln2Hi  = 6.93147180369123816490e-01
	ln2Lo  = 1.90821492927058770002e-10
	invLn2 = 1.44269504088896338700e+00

	// Largest and smallest arguments of Exp with a finite, non-zero result.
	expOverflow  = 7.09782712893383973096e+02
	expUnderflow = -7.45133219101941108420e+02
)

// Minimax coefficients of the fdlibm exponential: R(r²) ≈ r·(e^r+1)/(e^r-1) - 2
// on |r| ≤ ln2/2.
const (
	expP1 = 1.66666666666666019037e-01
	expP2 = -2.77777777770155933842e-03
	expP3 = 6.61375632143793436117e-05
	expP4 = -1.65339022054652515390e-06
	expP5 = 4.13813679705723846039e-08
)

// Exp returns e**x, within one unit in the last place, the same bits on
// every architecture. Exp(+Inf) = +Inf, Exp(-Inf) = 0, Exp(NaN) = NaN.
func Exp(x float64) float64 {
	switch {
	case x != x || x > expOverflow:
		return x + math.Inf(1) // NaN stays NaN; overflow is +Inf
	case x < expUnderflow:
		return 0
	case -0x1p-28 < x && x < 0x1p-28:
		return 1 + x
	}
	// x = k·ln2 + r with |r| ≤ ln2/2, r carried as hi - lo.
	var k int
	if x < 0 {
		k = int(float64(x*invLn2) - 0.5)
	} else {
		k = int(float64(x*invLn2) + 0.5)
	}
	fk := float64(k)
	hi := x - float64(fk*ln2Hi)
	lo := float64(fk * ln2Lo)
	return expMulti(hi, lo, k)
}

// expMulti returns e**(hi-lo) · 2**k for |hi-lo| ≤ ln2/2.
func expMulti(hi, lo float64, k int) float64 {
	r := hi - lo
	t := float64(r * r)
	p := expP4 + float64(t*expP5)
	p = expP3 + float64(t*p)
	p = expP2 + float64(t*p)
	p = expP1 + float64(t*p)
	c := r - float64(t*p)
	y := 1 - ((lo - float64(r*c)/(2-c)) - hi)
	return math.Ldexp(y, k)
}

// Minimax coefficients of the fdlibm logarithm: log((1+s)/(1-s)) ≈ 2s +
// s·R(s²) on the reduced interval.
const (
	lg1 = 6.666666666666735130e-01
	lg2 = 3.999999999940941908e-01
	lg3 = 2.857142874366239149e-01
	lg4 = 2.222219843214978396e-01
	lg5 = 1.818357216161805012e-01
	lg6 = 1.531383769920937332e-01
	lg7 = 1.479819860511658591e-01
)

// Log returns the natural logarithm of x, within one unit in the last
// place, the same bits on every architecture. Log(+Inf) = +Inf, Log(0) =
// -Inf, Log(x < 0) = NaN, Log(NaN) = NaN.
func Log(x float64) float64 {
	switch {
	case x != x || math.IsInf(x, 1):
		return x
	case x < 0:
		return math.NaN()
	case x == 0:
		return math.Inf(-1)
	}
	// x = 2**k · (1+f) with sqrt(2)/2 ≤ 1+f < sqrt(2).
	m, e := math.Frexp(x)
	if m < math.Sqrt2/2 {
		m *= 2
		e--
	}
	f := m - 1
	k := float64(e)
	s := f / (2 + f)
	s2 := float64(s * s)
	s4 := float64(s2 * s2)
	t1 := lg5 + float64(s4*lg7)
	t1 = lg3 + float64(s4*t1)
	t1 = lg1 + float64(s4*t1)
	t1 = float64(s2 * t1)
	t2 := lg4 + float64(s4*lg6)
	t2 = lg2 + float64(s4*t2)
	t2 = float64(s4 * t2)
	r := t1 + t2
	hfsq := float64(float64(0.5*f) * f)
	return float64(k*ln2Hi) - ((hfsq - (float64(s*(hfsq+r)) + float64(k*ln2Lo))) - f)
}

// Log1p returns log(1+x), accurate also for small x (within two units in
// the last place), the same bits on every architecture.
func Log1p(x float64) float64 {
	switch {
	case x != x || math.IsInf(x, 1):
		return x
	case x < -1:
		return math.NaN()
	case x == -1:
		return math.Inf(-1)
	}
	u := 1 + x
	if u == 1 {
		return x // log(1+x) = x - x²/2 + ..., and x²/2 is below half an ulp of x
	}
	if math.IsInf(u, 1) {
		return Log(x)
	}
	// The rounding error of 1+x cancels: log(u)/(u-1) is smooth near u = 1.
	return float64(Log(u) * float64(x/(u-1)))
}

// Expm1 returns e**x - 1, accurate also for small x, the same bits on
// every architecture.
func Expm1(x float64) float64 {
	switch {
	case x != x || math.IsInf(x, 1):
		return x
	case x < -40:
		return -1
	case -0x1p-54 < x && x < 0x1p-54:
		return x
	}
	u := Exp(x)
	if u == 1 {
		return x
	}
	if math.IsInf(u, 1) {
		return u
	}
	um1 := u - 1
	if um1 == -1 {
		return -1
	}
	// The rounding error of e**x cancels: (u-1)·x/log(u) is smooth near u = 1.
	return float64(um1 * float64(x/Log(u)))
}

// Pow returns x**y, the same bits on every architecture. Whole exponents
// of magnitude below 2**10 multiply by repeated squaring (exact while the
// result is an integer below 2**53, such as a power of ten); other
// exponents use Exp(y·Log(x)), whose error grows with |y·log(x)| (within a
// few units in the last place while that is below 1). Special values
// follow IEEE 754 pow.
func Pow(x, y float64) float64 {
	switch {
	case y == 0 || x == 1:
		return 1
	case x != x || y != y:
		return math.NaN()
	case y == 1:
		return x
	case x == 0:
		odd := isOddInt(y)
		switch {
		case y < 0 && odd:
			return math.Copysign(math.Inf(1), x)
		case y < 0:
			return math.Inf(1)
		case odd:
			return x
		}
		return 0
	case math.IsInf(y, 0):
		switch {
		case x == -1:
			return 1
		case (math.Abs(x) < 1) == math.IsInf(y, 1):
			return 0
		}
		return math.Inf(1)
	case math.IsInf(x, 0):
		if math.IsInf(x, -1) {
			return Pow(1/x, -y) // -0 or +0 to the power -y: the sign rules above
		}
		if y < 0 {
			return 0
		}
		return math.Inf(1)
	}
	whole := y == math.Trunc(y)
	if x < 0 && !whole {
		return math.NaN()
	}
	if whole && math.Abs(y) < 1<<10 {
		n := int(math.Abs(y))
		r, b := 1.0, x
		for n > 0 {
			if n&1 == 1 {
				r = float64(r * b)
			}
			b = float64(b * b)
			n >>= 1
		}
		if y < 0 {
			return 1 / r
		}
		return r
	}
	r := Exp(float64(y * Log(math.Abs(x))))
	if x < 0 && isOddInt(y) {
		return -r
	}
	return r
}

func isOddInt(y float64) bool {
	if math.Abs(y) >= 1<<53 || y != math.Trunc(y) {
		return false
	}
	return int64(y)%2 != 0
}

// Decade returns floor(log10(x)) for x > 0, exactly: 10**Decade(x) ≤ x <
// 10**(Decade(x)+1), found by comparing with math.Pow10; 308 for +Inf. It
// panics for x ≤ 0 or NaN.
func Decade(x float64) int {
	if !(x > 0) {
		panic("detmath: Decade of a number that is not positive")
	}
	if math.IsInf(x, 1) {
		return 308
	}
	// A first guess from the binary exponent (log10 2 ≈ 0.30103), then
	// exact comparisons with the powers of ten.
	_, e := math.Frexp(x)
	d := int(math.Floor(float64(float64(e-1) * 0.30102999566398120)))
	for d > -330 && x < math.Pow10(d) {
		d--
	}
	for d < 308 && x >= math.Pow10(d+1) {
		d++
	}
	return d
}
