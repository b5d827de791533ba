package main

import (
	"slices"
	"time"
)

// p95ms is the 95th percentile of the timed requests, in milliseconds.
func p95ms(took []time.Duration) float64 {
	took = slices.Clone(took)
	slices.Sort(took)
	return float64(took[(len(took)*95+99)/100-1].Microseconds()) / 1000
}
