package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"
	"time"
)

// latencies collects the durations and failures of one operation; it is safe
// for concurrent use.
type latencies struct {
	mu     sync.Mutex
	d      []time.Duration
	errors int
	// firstError keeps one failure to show, since a run may fail thousands of times alike.
	firstError string
}

func (l *latencies) add(d time.Duration) {
	l.mu.Lock()
	l.d = append(l.d, d)
	l.mu.Unlock()
}

func (l *latencies) fail(err error) {
	l.mu.Lock()
	l.errors++
	if l.firstError == "" {
		l.firstError = err.Error()
	}
	l.mu.Unlock()
}

// summary is what a table row shows of an operation.
type summary struct {
	n, errors          int
	p50, p95, p99, max time.Duration
	firstError         string
}

func (l *latencies) summary() summary {
	l.mu.Lock()
	defer l.mu.Unlock()
	d := slices.Clone(l.d)
	slices.Sort(d)
	s := summary{n: len(d), errors: l.errors, firstError: l.firstError}
	if len(d) > 0 {
		s.p50, s.p95, s.p99, s.max = percentile(d, 50), percentile(d, 95), percentile(d, 99), d[len(d)-1]
	}
	return s
}

// percentile returns the nearest-rank p-th percentile of sorted durations.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}

// recorder keeps latencies by operation name, in the order names first appear.
type recorder struct {
	mu    sync.Mutex
	names []string
	ops   map[string]*latencies
}

func newRecorder() *recorder { return &recorder{ops: map[string]*latencies{}} }

func (r *recorder) op(name string) *latencies {
	r.mu.Lock()
	defer r.mu.Unlock()
	l, ok := r.ops[name]
	if !ok {
		l = &latencies{}
		r.ops[name] = l
		r.names = append(r.names, name)
	}
	return l
}

// time runs f and records its duration under name, or its error.
func (r *recorder) time(name string, f func() error) error {
	start := time.Now()
	err := f()
	if err != nil {
		r.op(name).fail(err)
		return err
	}
	r.op(name).add(time.Since(start))
	return nil
}

// table prints rows of columns aligned, the first row being the header.
type table struct {
	rows [][]string
}

func (t *table) row(cells ...string) { t.rows = append(t.rows, cells) }

func (t *table) print(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, r := range t.rows {
		fmt.Fprintln(tw, strings.Join(r, "\t")+"\t")
	}
	tw.Flush()
}

// latencyTable prints the summaries of the recorder's operations.
func (r *recorder) latencyTable(w io.Writer) {
	var t table
	t.row("operation", "n", "errors", "p50 ms", "p95 ms", "p99 ms", "max ms")
	var failures []string
	for _, name := range r.names {
		s := r.op(name).summary()
		t.row(name, fmt.Sprint(s.n), fmt.Sprint(s.errors), ms(s.p50), ms(s.p95), ms(s.p99), ms(s.max))
		if s.firstError != "" {
			failures = append(failures, fmt.Sprintf("  %s, first error: %s", name, s.firstError))
		}
	}
	t.print(w)
	for _, f := range failures {
		fmt.Fprintln(w, f)
	}
}

// ms formats a duration in milliseconds with one decimal.
func ms(d time.Duration) string {
	return fmt.Sprintf("%.1f", float64(d)/float64(time.Millisecond))
}

// ratio formats a/b with two decimals.
func ratio(a, b float64) string {
	if b == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.2f", a/b)
}
