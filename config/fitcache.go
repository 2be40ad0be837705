package config

import (
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/caseload/caseload/dfe"
	"github.com/caseload/caseload/sim"
)

// maxOwnChildren bounds the children of an LA's own figures: the fit to
// them, made while the scenario is read, takes about a minute at this
// size on one core (2 s for Stockport's 70,000 children).
const maxOwnChildren = 1_000_000

// ErrInterrupted is returned when an interrupt stops the reading of a
// scenario (a fit to the LA's own figures, la.figures_file).
var ErrInterrupted = errors.New("interrupted while the scenario was read: nothing written")

// interrupt, once set, is closed when the user interrupts the program
// (SetInterrupt).
var interrupt atomic.Pointer[<-chan struct{}]

// SetInterrupt makes a fit to the LA's own figures, made while a scenario
// is read, stop before its next round once done is closed: the command
// line passes its signal context's Done, and nil when it returns.
func SetInterrupt(done <-chan struct{}) { interrupt.Store(&done) }

func interrupted() <-chan struct{} {
	if d := interrupt.Load(); d != nil {
		return *d
	}
	return nil
}

// fits keeps the fits to users' own figures made in this process, by
// the figures, the targets and the build of the fit: every design point
// of a sweep or reference of a comparison reads the same scenario, and
// the fit does not depend on the point's own values (it starts from the
// defaults).
var fits = struct {
	sync.Mutex
	m map[string]sim.FitResult
}{m: map[string]sim.FitResult{}}

// fitOwn fits the defaults to own's targets, once per process.
func fitOwn(own dfe.LA, targets []dfe.Target) (sim.FitResult, error) {
	h := sha1.New()
	fmt.Fprintf(h, "%s|%#v|%#v|%v", sim.FitBuild(), own, targets, sim.OnTheFlyFitOptions)
	key := hex.EncodeToString(h.Sum(nil))
	fits.Lock()
	r, ok := fits.m[key]
	fits.Unlock()
	if ok {
		return r, nil
	}
	r, done := sim.FitLAUntil(sim.Defaults(), own, targets, sim.OnTheFlyFitOptions, interrupted())
	if !done {
		return r, ErrInterrupted
	}
	fits.Lock()
	fits.m[key] = r
	fits.Unlock()
	return r, nil
}
