package detmath

import "math"

// halfLog2Pi is log(2π)/2.
const halfLog2Pi = 0.91893853320467274178032973640561764

// stirling holds the coefficients B₂ₖ/(2k(2k-1)) of Stirling's series for
// log Γ, k = 1..8.
var stirling = [...]float64{
	1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680,
	1.0 / 1188, -691.0 / 360360, 1.0 / 156, -3617.0 / 122400,
}

// LogGamma returns log Γ(x) for x > 0, the same bits on every
// architecture: Stirling's series at x ≥ 15, after shifting smaller
// arguments up with Γ(x+1) = x·Γ(x). Its absolute error is a few units of
// 1e-16 near the zeros at x = 1 and 2, its relative error a few units in
// the last place elsewhere. LogGamma(0) = +Inf; negative x and NaN give
// NaN.
func LogGamma(x float64) float64 {
	switch {
	case x != x || x < 0:
		return math.NaN()
	case x == 0 || math.IsInf(x, 1):
		return math.Inf(1)
	case x == 1 || x == 2:
		return 0
	}
	var shift float64
	if x < 15 {
		prod := 1.0
		for x < 15 {
			prod = float64(prod * x)
			x++
		}
		shift = Log(prod)
	}
	s := stirlingTail(x)
	lx := Log(x)
	// (x - 1/2)·log x - x + log(2π)/2 + series, summed from the small end.
	return ((s + halfLog2Pi) - shift) + (float64((x-0.5)*lx) - x)
}

// stirlingTail is log Γ(x) - ((x-1/2)·log x - x + log(2π)/2), the sum of
// Stirling's series, for x ≥ 15.
func stirlingTail(x float64) float64 {
	w := 1 / x
	w2 := float64(w * w)
	s := stirling[len(stirling)-1]
	for i := len(stirling) - 2; i >= 0; i-- {
		s = stirling[i] + float64(w2*s)
	}
	return float64(s * w)
}

// LogBeta returns log B(a, b) = log Γ(a) + log Γ(b) - log Γ(a+b) for a, b
// > 0, the same bits on every architecture. When the larger argument is
// at least 15 the two large log-gammas are not subtracted: their
// difference is written with Log1p, which keeps full relative accuracy
// (this matters for Student's t with many degrees of freedom).
func LogBeta(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	if !(b > 0) {
		return math.NaN()
	}
	if a < 15 {
		return (LogGamma(a) + LogGamma(b)) - LogGamma(a+b)
	}
	// log Γ(a) - log Γ(a+b) = (a-1/2)·log a - (a+b-1/2)·log(a+b) + b + tails
	//                       = -(a-1/2)·log1p(b/a) - b·log(a+b) + b + tails.
	tails := stirlingTail(a) - stirlingTail(a+b)
	d := (b + tails) - float64((a-0.5)*Log1p(b/a)) - float64(b*Log(a+b))
	return LogGamma(b) + d
}

// logOf returns log x given also y = 1-x, using log1p(-y) when x is near 1.
func logOf(x, y float64) float64 {
	if x < 0.5 {
		return Log(x)
	}
	return Log1p(-y)
}

// Coefficients of algorithm AS 241 (Wichura 1988, PPND16): rational
// approximations to the normal quantile, about 1e-16 relative error.
var (
	ndA = [...]float64{3.3871328727963666080e0, 1.3314166789178437745e+2, 1.9715909503065514427e+3, 1.3731693765509461125e+4,
		4.5921953931549871457e+4, 6.7265770927008700853e+4, 3.3430575583588128105e+4, 2.5090809287301226727e+3}
	ndB = [...]float64{1, 4.2313330701600911252e+1, 6.8718700749205790830e+2, 5.3941960214247511077e+3,
		2.1213794301586595867e+4, 3.9307895800092710610e+4, 2.8729085735721942674e+4, 5.2264952788528545610e+3}
	ndC = [...]float64{1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0, 3.64784832476320460504e0,
		1.27045825245236838258e0, 2.41780725177450611770e-1, 2.27238449892691845833e-2, 7.74545014278341407640e-4}
	ndD = [...]float64{1, 2.05319162663775882187e0, 1.67638483018380384940e0, 6.89767334985100004550e-1,
		1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4, 1.05075007164441684324e-9}
	ndE = [...]float64{6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0, 2.96560571828504891230e-1,
		2.65321895265761230930e-2, 1.24266094738807843860e-3, 2.71155556874348757815e-5, 2.01033439929228813265e-7}
	ndF = [...]float64{1, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2,
		7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7, 2.04426310338993978564e-15}
)

// poly evaluates c[0] + c[1]·x + ... by Horner's rule, each product
// rounded on its own.
func poly(c []float64, x float64) float64 {
	s := c[len(c)-1]
	for i := len(c) - 2; i >= 0; i-- {
		s = c[i] + float64(x*s)
	}
	return s
}

// NormalQuantile returns the p-quantile of the standard normal
// distribution, the same bits on every architecture: -Inf at 0, +Inf at 1,
// NaN outside [0, 1].
func NormalQuantile(p float64) float64 {
	switch {
	case p != p || p < 0 || p > 1:
		return math.NaN()
	case p == 0:
		return math.Inf(-1)
	case p == 1:
		return math.Inf(1)
	}
	q := p - 0.5
	if math.Abs(q) <= 0.425 {
		r := 0.180625 - float64(q*q)
		return float64(q*poly(ndA[:], r)) / poly(ndB[:], r)
	}
	r := p
	if q > 0 {
		r = 1 - p
	}
	r = math.Sqrt(-Log(r))
	var z float64
	if r <= 5 {
		r -= 1.6
		z = poly(ndC[:], r) / poly(ndD[:], r)
	} else {
		r -= 5
		z = poly(ndE[:], r) / poly(ndF[:], r)
	}
	if q < 0 {
		return -z
	}
	return z
}

// RegIncBeta returns the regularised incomplete beta function I_x(a, b)
// for a, b > 0 and 0 ≤ x ≤ 1, the same bits on every architecture, by
// Lentz's evaluation of its continued fraction (on the side of the
// symmetry I_x(a,b) = 1 - I_{1-x}(b,a) where the fraction converges fast).
func RegIncBeta(a, b, x float64) float64 {
	return regIncBeta(a, b, x, 1-x)
}

// regIncBeta is RegIncBeta given both x and y = 1-x, so that callers who
// know 1-x more accurately than by subtraction can pass it.
func regIncBeta(a, b, x, y float64) float64 {
	switch {
	case !(a > 0) || !(b > 0) || !(x >= 0) || !(y >= 0):
		return math.NaN()
	case x == 0:
		return 0
	case y == 0:
		return 1
	}
	if x > float64((a+1)/(a+b+2)) {
		return 1 - incBetaFraction(b, a, y, x)
	}
	return incBetaFraction(a, b, x, y)
}

// incBetaFraction is x^a·y^b/(a·B(a,b)) times the continued fraction of
// the incomplete beta function, for x < (a+1)/(a+b+2).
func incBetaFraction(a, b, x, y float64) float64 {
	front := Exp((float64(a*logOf(x, y)) + float64(b*logOf(y, x))) - LogBeta(a, b))
	const tiny = 1e-300
	c, d := 1.0, 1-float64((a+b)*x)/(a+1)
	if math.Abs(d) < tiny {
		d = tiny
	}
	d = 1 / d
	f := d
	for m := 1; m <= 10000; m++ {
		fm := float64(m)
		a2m := a + float64(2*fm)
		// Even step: m(b-m)x / ((a+2m-1)(a+2m)).
		num := float64(float64(fm*(b-fm))*x) / float64((a2m-1)*a2m)
		d = 1 + float64(num*d)
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + num/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		f = float64(f * float64(d*c))
		// Odd step: -(a+m)(a+b+m)x / ((a+2m)(a+2m+1)).
		num = -float64(float64((a+fm)*(a+b+fm))*x) / float64(a2m*(a2m+1))
		d = 1 + float64(num*d)
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + num/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		delta := float64(d * c)
		f = float64(f * delta)
		if math.Abs(delta-1) < 1e-16 {
			break
		}
	}
	return float64(front*f) / a
}
