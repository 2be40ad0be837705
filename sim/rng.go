package sim

import (
	"math"
	"math/bits"
	"math/rand/v2"

	"github.com/caseload/caseload/detmath"
)

// Purpose names what a random draw is for. A draw is keyed by
// (replication, entity, week, purpose), so two scenarios that differ only in
// the school-based workforce see the same numbers for the same family in the
// same week (common random numbers), and the results do not depend on how
// replications are spread over cores.
type Purpose uint8

// Purposes of draws. New purposes go at the end so that existing keys, and
// so golden results, stay the same.
const (
	PurposeBuild Purpose = iota
	PurposeOnset
	PurposeNeed
	PurposeReferral
	PurposeTriage
	PurposeStage
	PurposeCrisis
	PurposeSchoolWork
	PurposeNoNeed
	PurposeWorkforce
	PurposeStatutory
	PurposePlacement
	PurposeDuration
	PurposeTrial
	PurposeWake          // whether a sleeping family wakes in a week
	PurposeWoken         // the week of a woken family, given that something may happen (numDraws a week)
	PurposeUASC          // arrivals of unaccompanied asylum-seeking children
	PurposeAllocation    // the statutory worker a new case goes to
	PurposeBirth         // the families that births beyond replacement go to, or that leave (population.birth_growth)
	PurposeSubThreshold  // young people below the need threshold in a school-based worker's casework (role sub_threshold_intake)
	PurposeOwnAssessment // whether a school-based worker's casework start or referral goes with their own assessment
)

// Keys derives draw streams from a master seed and a replication number.
type Keys struct{ base uint64 }

// NewKeys returns the stream keys of replication rep under seed.
func NewKeys(seed uint64, rep int) Keys {
	return Keys{base: mix(seed ^ mix(uint64(rep)+0x9e3779b97f4a7c15))}
}

// Stream returns the PCG stream for one (entity, week, purpose).
func (k Keys) Stream(entity uint64, week int, p Purpose) Stream {
	var s Stream
	s.pcg.Seed(mix(k.base^(entity*0x9e3779b97f4a7c15)), uint64(week)<<8|uint64(p))
	return s
}

// Weekly returns the week-indexed draws of one (entity, purpose): a
// SplitMix64 sequence whose n-th value is the draw of week n (or, for a
// purpose with k draws a week, draw j of week w at n = k·w + j). Any value
// can be read directly, so a loop that looks ahead week by week draws
// exactly the numbers a week-by-week step would, keyed by (entity, week,
// purpose), and a draw costs one hash.
func (k Keys) Weekly(entity uint64, p Purpose) Weekly {
	return Weekly(mix(mix(k.base^(entity*0x9e3779b97f4a7c15)) ^ uint64(p)))
}

// Weekly is a key of week-indexed draws (Keys.Weekly).
type Weekly uint64

// Float64 returns the n-th uniform number in [0, 1).
func (k Weekly) Float64(n int) float64 {
	return float64(float64(k.bits(n)) * 0x1p-53)
}

// bits returns the 53 bits of the n-th uniform: Float64(n) is bits(n)·2^-53.
func (k Weekly) bits(n int) uint64 {
	return mix(uint64(k)+uint64(n)*0x9e3779b97f4a7c15) >> 11
}

// mix is the SplitMix64 finaliser: it spreads nearby keys over the whole
// 64-bit range before they seed a PCG.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// Stream is a PCG generator (math/rand/v2) used by value, so drawing does
// not allocate.
type Stream struct{ pcg rand.PCG }

// Uint64 returns the next 64 random bits.
func (s *Stream) Uint64() uint64 { return s.pcg.Uint64() }

// Float64 returns a uniform number in [0, 1).
func (s *Stream) Float64() float64 { return float64(float64(s.pcg.Uint64()>>11) * 0x1p-53) }

// Bernoulli reports true with probability p.
func (s *Stream) Bernoulli(p float64) bool { return s.Float64() < p }

// IntN returns a uniform integer in [0, n).
func (s *Stream) IntN(n int) int {
	if n <= 0 {
		panic("sim: IntN with n <= 0")
	}
	hi, _ := bits.Mul64(s.pcg.Uint64(), uint64(n))
	return int(hi)
}

// Normal returns a standard normal draw by inversion (one uniform per draw,
// which keeps draw counts fixed for common random numbers).
func (s *Stream) Normal() float64 {
	u := s.Float64()
	if u == 0 {
		u = 0x1p-53
	}
	return detmath.NormalQuantile(u)
}

// Geometric returns the number of whole weeks until an event with weekly
// probability p, counting from 1; math.MaxInt32 when p is 0.
func (s *Stream) Geometric(p float64) int {
	if p <= 0 {
		return math.MaxInt32
	}
	if p >= 1 {
		return 1
	}
	return s.geometricLog(detmath.Log1p(-p))
}

// geometricLog is Geometric(p) given log(1 - p), for 0 < p < 1: callers
// that draw many waits with the same p compute the logarithm once.
func (s *Stream) geometricLog(l float64) int { return geometricAt(1-s.Float64(), l) }

// geometricAt is the geometric wait of geometricLog for u in (0, 1].
func geometricAt(u, l float64) int {
	n := math.Ceil(detmath.Log(u) / l)
	if n < 1 {
		return 1
	}
	if n > math.MaxInt32 {
		return math.MaxInt32
	}
	return int(n)
}

// Poisson returns a Poisson draw with the given mean: by multiplication for
// small means, by a normal approximation with continuity correction above 50.
func (s *Stream) Poisson(mean float64) int {
	if mean <= 0 {
		return 0
	}
	if mean > 50 {
		n := math.Floor(mean + float64(math.Sqrt(mean)*s.Normal()) + 0.5)
		if n < 0 {
			return 0
		}
		return int(n)
	}
	l := detmath.Exp(-mean)
	k, prod := 0, s.Float64()
	for prod > l {
		k++
		prod *= s.Float64()
	}
	return k
}

// Binomial returns the number of successes in n trials of probability p.
func (s *Stream) Binomial(n int, p float64) int {
	if n <= 0 || p <= 0 {
		return 0
	}
	if p >= 1 {
		return n
	}
	if n > 200 {
		mean := float64(float64(n) * p)
		k := math.Floor(mean + float64(math.Sqrt(float64(mean*(1-p)))*s.Normal()) + 0.5)
		return int(math.Min(float64(n), math.Max(0, k)))
	}
	k := 0
	for range n {
		if s.Float64() < p {
			k++
		}
	}
	return k
}

// Beta returns a draw from a beta distribution with the given mean and
// standard deviation (method of moments), clamped to [0.01, 0.99]. Used
// only when building the LA, where speed does not matter.
func (s *Stream) Beta(mean, sd float64) float64 {
	if sd <= 0 {
		return mean
	}
	v := sd * sd
	common := mean*(1-mean)/v - 1
	if common <= 0 {
		common = 1
	}
	g := s.Gamma(mean * common)
	x := g / (g + s.Gamma((1-mean)*common))
	return math.Min(0.99, math.Max(0.01, x))
}

// Gamma returns a draw from a gamma distribution with the given shape and
// unit scale, by Marsaglia and Tsang's squeeze method (2000), with normal
// draws by inversion; a shape below 1 is raised by one and the draw
// multiplied by U**(1/shape).
func (s *Stream) Gamma(shape float64) float64 {
	if !(shape > 0) {
		return 0
	}
	boost := 1.0
	if shape < 1 {
		boost = detmath.Exp(detmath.Log(1-s.Float64()) / shape)
		shape++
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(float64(9*d))
	for {
		var x, v float64
		for v <= 0 {
			x = s.Normal()
			v = 1 + float64(c*x)
		}
		v = float64(float64(v*v) * v)
		u := 1 - s.Float64()
		x2 := float64(x * x)
		if u < 1-float64(0.0331*float64(x2*x2)) ||
			detmath.Log(u) < float64(0.5*x2)+float64(d*((1-v)+detmath.Log(v))) {
			return float64(float64(d*v) * boost)
		}
	}
}
