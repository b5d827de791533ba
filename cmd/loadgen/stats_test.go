package main

import (
	"testing"
	"time"
)

func TestPercentileIsNearestRank(t *testing.T) {
	hundred := make([]time.Duration, 100)
	for i := range hundred {
		hundred[i] = time.Duration(i+1) * time.Millisecond
	}
	cases := []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"empty", nil, 95, 0},
		{"one sample", []time.Duration{7}, 99, 7},
		{"median of 1..100 ms", hundred, 50, 50 * time.Millisecond},
		{"p95 of 1..100 ms", hundred, 95, 95 * time.Millisecond},
		{"p99 of 1..100 ms", hundred, 99, 99 * time.Millisecond},
		{"p95 of four rounds up to the largest", []time.Duration{1, 2, 3, 4}, 95, 4},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := percentile(tc.sorted, tc.p); got != tc.want {
				t.Errorf("percentile %v = %v, want %v", tc.p, got, tc.want)
			}
		})
	}
}

func TestRecorderCountsFailuresApart(t *testing.T) {
	r := newRecorder()
	r.op("submit").add(3 * time.Millisecond)
	r.op("submit").add(1 * time.Millisecond)
	r.op("submit").fail(errTest)
	s := r.op("submit").summary()
	if s.n != 2 || s.errors != 1 || s.max != 3*time.Millisecond || s.firstError != errTest.Error() {
		t.Errorf("summary %+v, want 2 timings, 1 error, max 3ms", s)
	}
}

var errTest = testError("status 503")

type testError string

func (e testError) Error() string { return string(e) }
