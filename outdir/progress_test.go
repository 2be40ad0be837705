package outdir

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestBar(t *testing.T) {
	for _, c := range []struct {
		done, total int
		elapsed     time.Duration
		want        string
	}{
		{0, 40, time.Second, "[                              ] 0/40 runs, --:-- left "},
		{10, 40, 30 * time.Second, "[=======                       ] 10/40 runs, 1:30 left "},
		{40, 40, time.Hour, "[==============================] 40/40 runs, 0:00 left "},
		{1, 2, 2 * time.Hour, "[===============               ] 1/2 runs, 2:00:00 left "},
	} {
		if got := bar(c.done, c.total, c.elapsed); got != c.want {
			t.Errorf("bar(%d, %d, %v) = %q, want %q", c.done, c.total, c.elapsed, got, c.want)
		}
	}
}

// The bar is silent when the writer is not a terminal, with quiet, and
// for the first Delay of a run; once shown it ends its line.
func TestProgressShownOnlyWhenUseful(t *testing.T) {
	var buf bytes.Buffer
	p := NewProgress(&buf, false)
	p.Update(1, 2)
	p.Finish()
	if buf.Len() != 0 || p.enabled {
		t.Fatalf("a bar was drawn on a writer that is not a terminal: %q", buf.String())
	}
	now := time.Unix(0, 0)
	p = &Progress{w: &buf, enabled: true, Delay: 3 * time.Second, now: func() time.Time { return now }, start: now}
	now = now.Add(time.Second)
	p.Update(1, 10)
	if buf.Len() != 0 {
		t.Fatalf("drawn within the delay: %q", buf.String())
	}
	now = now.Add(5 * time.Second)
	p.Update(2, 10)
	p.Finish()
	if got := buf.String(); !strings.HasPrefix(got, "\r[") || !strings.Contains(got, "2/10 runs") || !strings.HasSuffix(got, "\n") {
		t.Fatalf("bar after the delay: %q", got)
	}
	if q := NewProgress(&buf, true); q.enabled {
		t.Fatal("quiet did not hide the bar")
	}
}
