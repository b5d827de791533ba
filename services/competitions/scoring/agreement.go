package scoring

import (
	"errors"
	"math"
	"slices"
)

// Agreement says how alike two submissions to the same solution are, over
// all rows, for the host's check of teams that may share predictions: the
// share of rows with the same label (or the same ranked labels) for label
// metrics, and the Pearson correlation of the predicted values for numeric
// ones. It is 1 for identical predictions.
func Agreement(a, b *Predictions) (float64, error) {
	if a.sol != b.sol {
		return 0, errors.New("agreement: the predictions were read against different solutions")
	}
	switch {
	case a.labels != nil:
		same := 0
		for i := range a.labels {
			if a.labels[i] == b.labels[i] {
				same++
			}
		}
		return float64(same) / float64(len(a.labels)), nil
	case a.ranked != nil:
		same := 0
		for i := range a.ranked {
			if slices.Equal(a.ranked[i], b.ranked[i]) {
				same++
			}
		}
		return float64(same) / float64(len(a.ranked)), nil
	}
	return pearson(a.values, b.values), nil
}

// pearson is the correlation of x and y. A constant series correlates with
// nothing, so it is 1 only against the very same values and 0 otherwise.
func pearson(x, y []float64) float64 {
	n := float64(len(x))
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= n
	my /= n
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		if slices.Equal(x, y) {
			return 1
		}
		return 0
	}
	return max(-1, min(1, sxy/math.Sqrt(sxx*syy)))
}
