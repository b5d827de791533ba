package scoring

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
)

// ErrParsedElsewhere is the error of predictions read back against a
// solution other than the one they were parsed against.
var ErrParsedElsewhere = errors.New("the predictions were parsed against another solution")

// parsedForm is predictions as MarshalBinary encodes them, with what tells
// the solution they were parsed against from another.
type parsedForm struct {
	Metric         string
	K              int
	Rows, Classes  int
	Labels         []int32
	Values         []float64
	Ranked         [][]string
	PublicRows     int
	PublicChecksum uint64
}

// MarshalBinary encodes predictions to be read back with
// UnmarshalPredictions: a submission parsed on its way in need not be
// parsed again to be scored, which costs more than scoring it.
func (p *Predictions) MarshalBinary() ([]byte, error) {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(p.sol.parsedForm(p)); err != nil {
		return nil, fmt.Errorf("encode predictions: %w", err)
	}
	return buf.Bytes(), nil
}

// UnmarshalPredictions reads predictions MarshalBinary encoded, against the
// solution they were parsed against; against another, the error wraps
// ErrParsedElsewhere.
func (s *Solution) UnmarshalPredictions(data []byte) (*Predictions, error) {
	var f parsedForm
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&f); err != nil {
		return nil, fmt.Errorf("decode predictions: %w", err)
	}
	p := &Predictions{sol: s, labels: f.Labels, values: f.Values, ranked: f.Ranked}
	if f.PublicRows != len(s.publicRows) || f.PublicChecksum != s.publicChecksum() {
		return nil, ErrParsedElsewhere
	}
	want := s.parsedForm(&Predictions{})
	labels, values, ranked := s.shape()
	if f.Metric != want.Metric || f.K != want.K || f.Rows != want.Rows || f.Classes != want.Classes ||
		len(p.labels) != labels || len(p.values) != values || len(p.ranked) != ranked {
		return nil, ErrParsedElsewhere
	}
	for _, c := range p.labels {
		if c < 0 || int(c) >= len(s.classes) {
			return nil, fmt.Errorf("decode predictions: class %d of %d", c, len(s.classes))
		}
	}
	return p, nil
}

func (s *Solution) parsedForm(p *Predictions) parsedForm {
	return parsedForm{Metric: s.cfg.Metric, K: s.cfg.K, Rows: len(s.ids), Classes: len(s.classes),
		Labels: p.labels, Values: p.values, Ranked: p.ranked, PublicRows: len(s.publicRows), PublicChecksum: s.publicChecksum()}
}

// publicChecksum sums the public rows' positions, so that predictions read
// back against a solution split otherwise are told apart.
func (s *Solution) publicChecksum() uint64 {
	var sum uint64
	for _, r := range s.publicRows {
		sum = sum*31 + uint64(r) + 1
	}
	return sum
}

// shape is how many labels, values and ranked lists predictions read
// against s hold.
func (s *Solution) shape() (labels, values, ranked int) {
	n := len(s.ids)
	switch {
	case s.probabilityColumns():
		return 0, n * len(s.classes), 0
	case s.metric.Kind == KindClassification:
		return n, 0, 0
	case s.metric.Kind == KindRanking:
		return 0, 0, n
	}
	return 0, n, 0
}
