package outdir

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// Progress draws a one-line progress bar (runs done, runs in all, time
// left) on a terminal. It stays silent for the first Delay, so that short
// runs print nothing, and it is off when the writer is not a terminal.
type Progress struct {
	w       io.Writer
	enabled bool
	Delay   time.Duration
	now     func() time.Time
	start   time.Time
	drawn   bool
}

// NewProgress returns a progress bar on w, enabled when w is a terminal
// and quiet is false.
func NewProgress(w io.Writer, quiet bool) *Progress {
	return &Progress{w: w, enabled: !quiet && isTerminal(w), Delay: 3 * time.Second, now: time.Now, start: time.Now()}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// Update redraws the bar after done of total runs.
func (p *Progress) Update(done, total int) {
	if !p.enabled {
		return
	}
	elapsed := p.now().Sub(p.start)
	if elapsed < p.Delay && done < total {
		return
	}
	fmt.Fprintf(p.w, "\r%s", bar(done, total, elapsed))
	p.drawn = true
}

// Finish ends the bar's line, if one was drawn.
func (p *Progress) Finish() {
	if p.drawn {
		fmt.Fprintln(p.w)
	}
}

// bar renders the progress line: a 30-character bar, the runs done and in
// all, and the time left at the rate so far.
func bar(done, total int, elapsed time.Duration) string {
	const width = 30
	frac := 1.0
	if total > 0 {
		frac = float64(done) / float64(total)
	}
	n := int(frac * width)
	left := "--:--"
	if done > 0 {
		rest := time.Duration(float64(elapsed) * float64(total-done) / float64(done)).Round(time.Second)
		left = fmtDuration(rest)
	}
	return fmt.Sprintf("[%s%s] %d/%d runs, %s left ", strings.Repeat("=", n), strings.Repeat(" ", width-n), done, total, left)
}

func fmtDuration(d time.Duration) string {
	s := int(d.Seconds())
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
