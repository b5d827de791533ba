// Package scoring reads a competition's solution file, validates prediction
// files against it and scores them with a built-in metric, on the public and
// the private rows separately. It knows nothing of storage or HTTP: the
// competitions context hands it readers.
package scoring

import (
	"errors"
	"fmt"
	"strings"
)

// Direction says which way a metric improves.
type Direction string

// Directions.
const (
	HigherIsBetter Direction = "higher"
	LowerIsBetter  Direction = "lower"
)

// Metric names, as stored on a phase and shown to participants.
const (
	Accuracy         = "accuracy"
	BalancedAccuracy = "balanced_accuracy"
	F1Macro          = "f1_macro"
	F1Micro          = "f1_micro"
	LogLoss          = "log_loss"
	ROCAUC           = "roc_auc"     // binary: one probability column
	ROCAUCOvR        = "roc_auc_ovr" // multiclass, one-vs-rest: a probability column per class
	RMSE             = "rmse"
	MAE              = "mae"
	RMSLE            = "rmsle"
	R2               = "r2"
	MAPAtK           = "map_at_k" // space-separated ranked predictions, K from Config.K
)

// MetricInfo describes a built-in metric.
type MetricInfo struct {
	Name      string    `json:"name"`
	Direction Direction `json:"direction"`
	// Kind is "classification" (labels), "probability" (a probability per
	// class), "regression" (numbers) or "ranking" (ranked labels).
	Kind string `json:"kind"`
}

// Metric kinds: what a submission's prediction columns hold.
const (
	KindClassification = "classification"
	KindProbability    = "probability"
	KindRegression     = "regression"
	KindRanking        = "ranking"
)

var (
	// ErrUnknownMetric is returned for a metric name not in Metrics.
	ErrUnknownMetric = errors.New("unknown metric")
	// ErrInvalidConfig is returned for a Config that cannot describe a phase
	// (no id or target column, a public fraction outside (0, 1), k < 1).
	ErrInvalidConfig = errors.New("invalid scoring configuration")
	// ErrUndefined wraps the reason a valid submission has no score on a
	// subset of rows, such as ROC AUC on rows that hold a single class.
	// ParseSolution refuses the splits that lead there, so it is a safeguard.
	ErrUndefined = errors.New("score undefined")
)

// Metrics lists the built-in metrics.
func Metrics() []MetricInfo {
	return []MetricInfo{
		{Accuracy, HigherIsBetter, KindClassification},
		{BalancedAccuracy, HigherIsBetter, KindClassification},
		{F1Macro, HigherIsBetter, KindClassification},
		{F1Micro, HigherIsBetter, KindClassification},
		{LogLoss, LowerIsBetter, KindProbability},
		{ROCAUC, HigherIsBetter, KindProbability},
		{ROCAUCOvR, HigherIsBetter, KindProbability},
		{RMSE, LowerIsBetter, KindRegression},
		{MAE, LowerIsBetter, KindRegression},
		{RMSLE, LowerIsBetter, KindRegression},
		{R2, HigherIsBetter, KindRegression},
		{MAPAtK, HigherIsBetter, KindRanking},
	}
}

// LookupMetric returns the metric called name.
func LookupMetric(name string) (MetricInfo, error) {
	for _, m := range Metrics() {
		if m.Name == name {
			return m, nil
		}
	}
	return MetricInfo{}, fmt.Errorf("%w %q", ErrUnknownMetric, name)
}

// Config says how a phase's files are read and scored.
type Config struct {
	Metric       string `json:"metric" bson:"metric"`
	IDColumn     string `json:"id_column" bson:"id_column"`         // e.g. "id"
	TargetColumn string `json:"target_column" bson:"target_column"` // the solution's answer column, e.g. "species"
	K            int    `json:"k,omitempty" bson:"k,omitempty"`     // for map_at_k
	// PublicFraction and Seed split the rows when the solution file has no
	// Usage column: a seeded random PublicFraction of them is public.
	PublicFraction float64 `json:"public_fraction,omitempty" bson:"public_fraction,omitempty"`
	Seed           int64   `json:"seed,omitempty" bson:"seed,omitempty"`
}

// Limits bound what a submission may hold, after decompression. A zero field
// takes its value from DefaultLimits.
type Limits struct {
	MaxBytes   int64
	MaxColumns int
}

// DefaultLimits are the bounds used where Limits leave a field zero; the
// solution file is read with them too.
var DefaultLimits = Limits{MaxBytes: 200 << 20, MaxColumns: 1024}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultLimits.MaxBytes
	}
	if l.MaxColumns <= 0 {
		l.MaxColumns = DefaultLimits.MaxColumns
	}
	return l
}

// Problem is one thing wrong with a file, worded for the person who sent it.
type Problem struct {
	Code     string   `json:"code"` // e.g. "missing-ids", "duplicate-id", "not-a-number"
	Line     int      `json:"line,omitempty"`
	Column   string   `json:"column,omitempty"`
	Message  string   `json:"message"`
	Count    int      `json:"count,omitempty"`    // how many rows have it, where that is known
	Examples []string `json:"examples,omitempty"` // the first few ids or values concerned
}

// FileError is an invalid solution or submission file: nothing was scored.
type FileError struct {
	Problems []Problem
}

func (e *FileError) Error() string {
	msgs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		msgs[i] = p.Message
	}
	return "invalid file: " + strings.Join(msgs, "; ")
}

// Scores are a submission's scores on the public and private rows.
type Scores struct {
	Public  float64 `json:"public"`
	Private float64 `json:"private"`
	Rows    int     `json:"rows"`
}
