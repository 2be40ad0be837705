package sensitivity

import (
	"fmt"
	"math"
	"strings"
)

// NoiseShareLimit is the share of the output variance above which
// [NoiseWarning] always warns.
const NoiseShareLimit = 0.10

// NoiseWarning judges whether Monte Carlo noise in a stochastic model can
// blur its sensitivity indices. varModelNoise is the variance of the output
// between replications at one fixed input point (estimated by the caller),
// varY the output variance over the design, and indices the estimates the
// caller means to report (for instance the total indices).
//
// With share = varModelNoise / varY, the rule is: warn when
//
//   - varY is not positive or an input is not finite (nothing can be said);
//   - share > NoiseShareLimit (10%): a tenth or more of the variance being
//     explained is noise that no factor accounts for; or
//   - share exceeds the smallest positive, finite entry of indices: that index
//     is smaller than the noise share and cannot be told apart from noise.
//     Entries at or below zero are skipped, being reported as no effect
//     already.
//
// It returns the warning sentence and true, or "" and false when none of
// the conditions hold.
func NoiseWarning(varModelNoise, varY float64, indices []float64) (string, bool) {
	bad := func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }
	if bad(varModelNoise) || bad(varY) || varY <= 0 || varModelNoise < 0 {
		return "The model noise cannot be compared with the output variance, so the sensitivity indices cannot be trusted.", true
	}
	share := varModelNoise / varY
	smallest := math.Inf(1)
	below := 0
	for _, s := range indices {
		if bad(s) || s <= 0 {
			continue
		}
		smallest = math.Min(smallest, s)
		if s < share {
			below++
		}
	}
	var reasons []string
	if share > NoiseShareLimit {
		reasons = append(reasons, fmt.Sprintf("above the %.0f%% limit", 100*NoiseShareLimit))
	}
	if below > 0 {
		if below == 1 {
			reasons = append(reasons, fmt.Sprintf("larger than one index (%.3g), which therefore cannot be told apart from noise", smallest))
		} else {
			reasons = append(reasons, fmt.Sprintf("larger than %d indices (the smallest %.3g), which therefore cannot be told apart from noise", below, smallest))
		}
	}
	if len(reasons) == 0 {
		return "", false
	}
	return fmt.Sprintf("Model noise is %.1f%% of the output variance, %s; each point is already the mean over its replications, so more replications per point (--reps) are what narrow the noise.",
		100*share, strings.Join(reasons, ", and ")), true
}
