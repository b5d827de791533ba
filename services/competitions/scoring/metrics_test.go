package scoring

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
)

// all lists rows 0..n-1.
func all(n int) []int {
	rows := make([]int, n)
	for i := range rows {
		rows[i] = i
	}
	return rows
}

func near(t *testing.T, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("got %.12f, want %.12f (±%g)", got, want, tol)
	}
}

type labelCase struct {
	name        string
	truth, pred []int32
	classes     int
	want        float64
}

func TestAccuracy(t *testing.T) {
	for _, tc := range []labelCase{
		// sklearn.metrics.accuracy_score docstring.
		{"sklearn docstring", []int32{0, 1, 2, 3}, []int32{0, 2, 1, 3}, 4, 0.5},
		{"all right", []int32{1, 0, 1}, []int32{1, 0, 1}, 2, 1},
		{"all wrong", []int32{1, 0, 1}, []int32{0, 1, 0}, 2, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			near(t, accuracy(tc.truth, tc.pred, all(len(tc.truth))), tc.want, 1e-12)
		})
	}
}

func TestBalancedAccuracy(t *testing.T) {
	for _, tc := range []labelCase{
		// sklearn.metrics.balanced_accuracy_score docstring.
		{"sklearn docstring", []int32{0, 1, 0, 0, 1, 0}, []int32{0, 1, 0, 0, 0, 1}, 2, 0.625},
		// By hand: recall of class 0 is 2/2, of class 1 is 0/1; class 2 is
		// only predicted, so it has no recall and is left out: (1 + 0) / 2.
		{"class only predicted", []int32{0, 0, 1}, []int32{0, 0, 2}, 3, 0.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			near(t, balancedAccuracy(tc.truth, tc.pred, tc.classes, all(len(tc.truth))), tc.want, 1e-12)
		})
	}
}

func TestF1(t *testing.T) {
	for _, tc := range []struct {
		labelCase
		micro float64
	}{
		// sklearn.metrics.f1_score docstring: macro 0.266…, micro 0.333….
		{labelCase{"sklearn docstring", []int32{0, 1, 2, 0, 1, 2}, []int32{0, 2, 1, 0, 0, 1}, 3, 0.8 / 3}, 1.0 / 3},
		// By hand: class 0 F1 = 2·2/(2+2) = 1; class 1 (true once, never
		// predicted) 0; class 2 (predicted once, never true) 0: macro 1/3.
		{labelCase{"class only predicted", []int32{0, 0, 1}, []int32{0, 0, 2}, 3, 1.0 / 3}, 2.0 / 3},
		// By hand: class 2 appears in neither answers nor predictions, so
		// only classes 0 and 1 count, both F1 = 1.
		{labelCase{"absent class left out", []int32{0, 1}, []int32{0, 1}, 3, 1}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			near(t, f1Macro(tc.truth, tc.pred, tc.classes, all(len(tc.truth))), tc.want, 1e-12)
			near(t, f1Micro(tc.truth, tc.pred, all(len(tc.truth))), tc.micro, 1e-12)
		})
	}
}

func TestLogLoss(t *testing.T) {
	for _, tc := range []struct {
		name    string
		truth   []int32
		probs   []float64
		classes int
		want    float64
	}{
		// sklearn.metrics.log_loss docstring: classes ham, spam; 0.21616…
		// = -(ln .9 + ln .9 + ln .8 + ln .65) / 4.
		{"sklearn docstring", []int32{1, 0, 0, 1}, []float64{.1, .9, .9, .1, .8, .2, .35, .65}, 2,
			-(math.Log(.9) + math.Log(.9) + math.Log(.8) + math.Log(.65)) / 4},
		// By hand: a certain wrong answer is clipped to 1e-15, not infinite:
		// -ln(1e-15 / (1e-15 + (1 - 1e-15))) = 15 ln 10 = 34.538776…
		{"clipped", []int32{1}, []float64{1, 0}, 2, 15 * math.Ln10},
		// By hand: a row summing to 0.4 is renormalised: 0.2/0.4 = 0.5.
		{"renormalised", []int32{0}, []float64{.2, .2}, 2, math.Ln2},
		// By hand: three classes, -(ln .7 + ln .5) / 2.
		{"three classes", []int32{0, 2}, []float64{.7, .2, .1, .25, .25, .5}, 3, -(math.Log(.7) + math.Log(.5)) / 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			near(t, logLoss(tc.truth, tc.probs, tc.classes, all(len(tc.truth))), tc.want, 1e-9)
		})
	}
}

func TestROCAUC(t *testing.T) {
	for _, tc := range []struct {
		name  string
		truth []int32
		score []float64
		want  float64
	}{
		// sklearn.metrics.auc docstring (y = [1, 1, 2, 2], pos_label=2).
		{"sklearn docstring", []int32{0, 0, 1, 1}, []float64{0.1, 0.4, 0.35, 0.8}, 0.75},
		// By hand (Mann–Whitney): positives 0.5, 0.8 against negatives 0.5,
		// 0.2: the tied pair counts 1/2, the three others 1: 3.5 / 4.
		{"tie counts half", []int32{0, 1, 0, 1}, []float64{0.5, 0.5, 0.2, 0.8}, 0.875},
		{"all tied", []int32{0, 1, 0, 1}, []float64{0.3, 0.3, 0.3, 0.3}, 0.5},
		{"reversed", []int32{1, 0}, []float64{0.1, 0.9}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := rocAUCBinary(tc.truth, tc.score, all(len(tc.truth)))
			if err != nil {
				t.Fatal(err)
			}
			near(t, got, tc.want, 1e-12)
		})
	}
	t.Run("one class is undefined", func(t *testing.T) {
		_, err := rocAUCBinary([]int32{1, 1}, []float64{0.2, 0.7}, all(2))
		if !errors.Is(err, ErrUndefined) || !strings.Contains(err.Error(), "only one") {
			t.Fatalf("got %v, want ErrUndefined naming the single class", err)
		}
	})
}

func TestROCAUCOvR(t *testing.T) {
	// By hand, one class against the rest per column:
	//   class 0: positives .6, .3 above negatives .2, .1 → 1
	//   class 1: positive .5 above .3 and .2, tied with .5 → 2.5/3
	//   class 2: positive .7 above .1, .3, .2 → 1
	// macro average (1 + 5/6 + 1) / 3 = 17/18.
	truth := []int32{0, 1, 2, 0}
	probs := []float64{
		.6, .3, .1,
		.2, .5, .3,
		.1, .2, .7,
		.3, .5, .2,
	}
	got, err := rocAUCOvR(truth, probs, 3, all(4))
	if err != nil {
		t.Fatal(err)
	}
	near(t, got, 17.0/18, 1e-12)

	t.Run("class absent from the rows is left out", func(t *testing.T) {
		// Rows 0, 1, 3 hold classes 0 and 1 only: class 0 → 1; class 1:
		// .5 above .3, tied with .5 → 0.75; class 2 has no positive.
		got, err := rocAUCOvR(truth, probs, 3, []int{0, 1, 3})
		if err != nil {
			t.Fatal(err)
		}
		near(t, got, (1+0.75)/2, 1e-12)
	})
	t.Run("one class is undefined", func(t *testing.T) {
		if _, err := rocAUCOvR(truth, probs, 3, []int{0, 3}); !errors.Is(err, ErrUndefined) {
			t.Fatalf("got %v, want ErrUndefined", err)
		}
	})
}

func TestRegressionMetrics(t *testing.T) {
	// The sklearn.metrics docstrings' y_true = [3, -0.5, 2, 7],
	// y_pred = [2.5, 0.0, 2, 8]: squared errors .25 .25 0 1.
	truth, pred := []float64{3, -0.5, 2, 7}, []float64{2.5, 0, 2, 8}
	// mean_squared_log_error docstring pair (0.039…; root 0.199…).
	logTruth, logPred := []float64{3, 5, 2.5, 7}, []float64{2.5, 5, 4, 8}
	msle := (math.Pow(math.Log(4/3.5), 2) + 0 + math.Pow(math.Log(3.5/5), 2) + math.Pow(math.Log(8.0/9), 2)) / 4
	for _, tc := range []struct {
		name string
		got  float64
		want float64
	}{
		{"rmse sklearn docstring", rmse(truth, pred, all(4)), math.Sqrt(0.375)},
		{"mae sklearn docstring", mae(truth, pred, all(4)), 0.5},
		{"rmsle sklearn docstring", rmsle(logTruth, logPred, all(4)), math.Sqrt(msle)},
		{"rmsle docstring rounded", rmsle(logTruth, logPred, all(4)), 0.199},
	} {
		t.Run(tc.name, func(t *testing.T) { near(t, tc.got, tc.want, 1e-3) })
	}
	near(t, rmse(truth, pred, all(4)), 0.6123724356957945, 1e-12)
	near(t, rmsle(logTruth, logPred, all(4)), math.Sqrt(msle), 1e-12)
}

func TestR2(t *testing.T) {
	for _, tc := range []struct {
		name        string
		truth, pred []float64
		want        float64
	}{
		// sklearn.metrics.r2_score docstring, 0.948…; by hand: residuals
		// 1.5, mean 2.875, total 29.1875, 1 - 1.5/29.1875.
		{"sklearn docstring", []float64{3, -0.5, 2, 7}, []float64{2.5, 0, 2, 8}, 1 - 1.5/29.1875},
		{"sklearn docstring perfect", []float64{1, 2, 3}, []float64{1, 2, 3}, 1},
		{"sklearn docstring mean", []float64{1, 2, 3}, []float64{2, 2, 2}, 0},
		{"sklearn docstring reversed", []float64{1, 2, 3}, []float64{3, 2, 1}, -3},
		{"sklearn docstring constant perfect", []float64{-2, -2, -2}, []float64{-2, -2, -2}, 1},
		{"sklearn docstring constant off", []float64{-2, -2, -2}, []float64{-2, -2, -2 + 1e-8}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := r2(tc.truth, tc.pred, all(len(tc.truth)))
			if err != nil {
				t.Fatal(err)
			}
			near(t, got, tc.want, 1e-12)
		})
	}
	if _, err := r2([]float64{1}, []float64{1}, all(1)); !errors.Is(err, ErrUndefined) {
		t.Errorf("one row: got %v, want ErrUndefined", err)
	}
}

func TestMAPAtK(t *testing.T) {
	seq := func(from, to int) []string { // Python's range(from, to)
		var s []string
		for i := from; i < to; i++ {
			s = append(s, strconv.Itoa(i))
		}
		return s
	}
	list := func(xs ...int) []string {
		var s []string
		for _, x := range xs {
			s = append(s, strconv.Itoa(x))
		}
		return s
	}
	// Kaggle's reference implementation's tests (benhamner/Metrics,
	// Python/ml_metrics/test/test_average_precision.py).
	for _, tc := range []struct {
		name             string
		relevant, ranked [][]string
		k                int
		want             float64
	}{
		{"apk first hit at 2", [][]string{seq(1, 6)}, [][]string{list(6, 4, 7, 1, 2)}, 2, 0.25},
		{"apk repeats count once", [][]string{seq(1, 6)}, [][]string{list(1, 1, 1, 1, 1)}, 5, 0.2},
		{"apk cut at k", [][]string{seq(1, 100)}, [][]string{append(seq(1, 21), seq(200, 600)...)}, 20, 1},
		{"mapk perfect", [][]string{seq(1, 5)}, [][]string{seq(1, 5)}, 3, 1},
		{"mapk three rows", [][]string{list(1, 3, 4), list(1, 2, 4), list(1, 3)},
			[][]string{seq(1, 6), seq(1, 6), seq(1, 6)}, 3, 0.685185185185185},
		{"mapk two rows", [][]string{seq(1, 6), seq(1, 6)}, [][]string{list(6, 4, 7, 1, 2), list(1, 1, 1, 1, 1)}, 5, 0.26},
		{"mapk repeats", [][]string{list(1, 3), list(1, 2, 3), list(1, 2, 3)},
			[][]string{seq(1, 6), list(1, 1, 1), list(1, 2, 1)}, 3, 11.0 / 18},
		// ml_metrics.apk returns 0 when nothing is relevant.
		{"nothing relevant", [][]string{nil}, [][]string{list(1)}, 3, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			near(t, mapAtK(tc.relevant, tc.ranked, tc.k, all(len(tc.relevant))), tc.want, 1e-12)
		})
	}
}
