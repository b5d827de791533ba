package main

import (
	"os"
	"slices"
	"strconv"
	"testing"
	"time"
)

// benchSize is the positive number in the environment variable name, def
// when it is unset.
func benchSize(b *testing.B, name string, def int) int {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		b.Fatalf("%s=%q: want a positive number", name, s)
	}
	return n
}

// p95ms is the 95th percentile of the timed requests, in milliseconds.
func p95ms(took []time.Duration) float64 {
	took = slices.Clone(took)
	slices.Sort(took)
	return float64(took[(len(took)*95+99)/100-1].Microseconds()) / 1000
}
