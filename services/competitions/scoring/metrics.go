package scoring

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// The metrics read answers and predictions indexed by solution row and score
// the rows listed in rows (the public or the private ones), which are never
// empty. They follow scikit-learn's definitions, and Kaggle's for MAP@K.

func accuracy(truth, pred []int32, rows []int) float64 {
	right := 0
	for _, i := range rows {
		if truth[i] == pred[i] {
			right++
		}
	}
	return float64(right) / float64(len(rows))
}

// confusion counts, per class, true positives, the rows truly of the class
// (support) and the rows predicted as the class.
func confusion(truth, pred []int32, classes int, rows []int) (tp, support, predicted []int) {
	tp, support, predicted = make([]int, classes), make([]int, classes), make([]int, classes)
	for _, i := range rows {
		support[truth[i]]++
		predicted[pred[i]]++
		if truth[i] == pred[i] {
			tp[truth[i]]++
		}
	}
	return tp, support, predicted
}

// balancedAccuracy is the mean recall over the classes present in the rows'
// answers.
func balancedAccuracy(truth, pred []int32, classes int, rows []int) float64 {
	tp, support, _ := confusion(truth, pred, classes, rows)
	sum, n := 0.0, 0
	for c := range classes {
		if support[c] > 0 {
			sum += float64(tp[c]) / float64(support[c])
			n++
		}
	}
	return sum / float64(n)
}

// f1Macro averages each class's F1 over the classes present in the rows'
// answers or predictions, as scikit-learn does when not given labels.
func f1Macro(truth, pred []int32, classes int, rows []int) float64 {
	tp, support, predicted := confusion(truth, pred, classes, rows)
	sum, n := 0.0, 0
	for c := range classes {
		if support[c] == 0 && predicted[c] == 0 {
			continue
		}
		// 2·precision·recall / (precision + recall), written without the
		// divisions that are 0/0 when a class is never predicted.
		sum += 2 * float64(tp[c]) / float64(support[c]+predicted[c])
		n++
	}
	return sum / float64(n)
}

// f1Micro pools every class's counts; with one label per row it is the
// accuracy.
func f1Micro(truth, pred []int32, rows []int) float64 { return accuracy(truth, pred, rows) }

// logLossEps is the clipping bound scikit-learn used before 1.5 and Kaggle
// uses: no probability counts as 0 or 1.
const logLossEps = 1e-15

// logLoss reads probs as one row of classes probabilities per solution row.
// Each is clipped to [eps, 1-eps] and the row renormalised to sum to 1.
func logLoss(truth []int32, probs []float64, classes int, rows []int) float64 {
	total := 0.0
	for _, i := range rows {
		row := probs[i*classes : (i+1)*classes]
		sum := 0.0
		for _, p := range row {
			sum += clip(p)
		}
		total -= math.Log(clip(row[truth[i]]) / sum)
	}
	return total / float64(len(rows))
}

func clip(p float64) float64 { return min(max(p, logLossEps), 1-logLossEps) }

// rocAUC is the Mann–Whitney statistic: the chance that a positive row
// scores above a negative one, ties counting one half.
func rocAUC(positive func(row int) bool, score func(row int) float64, rows []int) (float64, bool) {
	order := slices.Clone(rows)
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(score(a), score(b)) })
	var pos, neg int
	rankSum := 0.0 // sum of the positives' ranks, ties given their mean rank
	for start := 0; start < len(order); {
		end := start + 1
		for end < len(order) && score(order[end]) == score(order[start]) {
			end++
		}
		meanRank := float64(start+1+end) / 2
		for _, i := range order[start:end] {
			if positive(i) {
				pos++
				rankSum += meanRank
			} else {
				neg++
			}
		}
		start = end
	}
	if pos == 0 || neg == 0 {
		return 0, false
	}
	return (rankSum - float64(pos)*float64(pos+1)/2) / (float64(pos) * float64(neg)), true
}

// rocAUCBinary scores the positive class's probability, positive being
// class 1 of 2.
func rocAUCBinary(truth []int32, score []float64, rows []int) (float64, error) {
	auc, ok := rocAUC(func(i int) bool { return truth[i] == 1 }, func(i int) float64 { return score[i] }, rows)
	if !ok {
		return 0, fmt.Errorf("%w: roc_auc needs both classes among the rows scored, and they hold only one", ErrUndefined)
	}
	return auc, nil
}

// rocAUCOvR averages, over the classes present in the rows' answers, the AUC
// of each class's column against all other classes. scikit-learn refuses
// rows whose classes are not all present; a subset of the solution may lack
// a rare class, so that class is left out of the average instead.
func rocAUCOvR(truth []int32, probs []float64, classes int, rows []int) (float64, error) {
	sum, n := 0.0, 0
	for c := range classes {
		auc, ok := rocAUC(
			func(i int) bool { return truth[i] == int32(c) },
			func(i int) float64 { return probs[i*classes+c] },
			rows)
		if ok {
			sum += auc
			n++
		}
	}
	if n == 0 {
		return 0, fmt.Errorf("%w: roc_auc_ovr needs at least two classes among the rows scored, and they hold only one", ErrUndefined)
	}
	return sum / float64(n), nil
}

func rmse(truth, pred []float64, rows []int) float64 {
	sum := 0.0
	for _, i := range rows {
		d := truth[i] - pred[i]
		sum += d * d
	}
	return math.Sqrt(sum / float64(len(rows)))
}

func mae(truth, pred []float64, rows []int) float64 {
	sum := 0.0
	for _, i := range rows {
		sum += math.Abs(truth[i] - pred[i])
	}
	return sum / float64(len(rows))
}

// rmsle takes values already checked to be non-negative.
func rmsle(truth, pred []float64, rows []int) float64 {
	sum := 0.0
	for _, i := range rows {
		d := math.Log1p(truth[i]) - math.Log1p(pred[i])
		sum += d * d
	}
	return math.Sqrt(sum / float64(len(rows)))
}

// r2 is scikit-learn's r2_score with force_finite: when the answers are
// constant it is 1 for a perfect prediction and 0 otherwise.
func r2(truth, pred []float64, rows []int) (float64, error) {
	if len(rows) < 2 {
		return 0, fmt.Errorf("%w: r2 needs at least two rows", ErrUndefined)
	}
	mean := 0.0
	for _, i := range rows {
		mean += truth[i]
	}
	mean /= float64(len(rows))
	var res, tot float64
	for _, i := range rows {
		d, m := truth[i]-pred[i], truth[i]-mean
		res += d * d
		tot += m * m
	}
	switch {
	case tot != 0:
		return 1 - res/tot, nil
	case res == 0:
		return 1, nil
	}
	return 0, nil
}

// mapAtK is Kaggle's mean average precision at k: per row, the precision at
// each rank holding a relevant label not already predicted, summed over the
// first k predictions and divided by min(relevant labels, k); a row with no
// relevant label scores 0.
func mapAtK(relevant, ranked [][]string, k int, rows []int) float64 {
	total := 0.0
	for _, i := range rows {
		total += averagePrecision(relevant[i], ranked[i], k)
	}
	return total / float64(len(rows))
}

func averagePrecision(relevant, ranked []string, k int) float64 {
	if len(relevant) == 0 {
		return 0
	}
	ranked = ranked[:min(k, len(ranked))]
	hits, score := 0, 0.0
	for n, p := range ranked {
		if slices.Contains(relevant, p) && !slices.Contains(ranked[:n], p) {
			hits++
			score += float64(hits) / float64(n+1)
		}
	}
	return score / float64(min(len(relevant), k))
}
