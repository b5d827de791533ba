package scoring

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Predictions are a valid submission, parsed against its Solution.
type Predictions struct {
	sol    *Solution
	labels []int32    // classification: a class per row
	values []float64  // regression and roc_auc: a value per row; probabilities: a row of classes per row
	ranked [][]string // map_at_k: up to k labels per row
}

// Size is about how many bytes p holds, for callers that keep predictions
// within a memory budget.
func (p *Predictions) Size() int {
	n := 4*len(p.labels) + 8*len(p.values) + 24*len(p.ranked)
	for _, r := range p.ranked {
		for _, l := range r {
			n += 16 + len(l)
		}
	}
	return n
}

// Score validates a submission (plain or gzip CSV) and scores it. An invalid
// file gives a *FileError; a score undefined on the public or private rows
// gives an error wrapping ErrUndefined.
func (s *Solution) Score(r io.Reader, limits Limits) (Scores, error) {
	p, err := s.ReadPredictions(r, limits)
	if err != nil {
		return Scores{}, err
	}
	return s.ScorePredictions(p)
}

// ScorePredictions scores predictions read against s.
func (s *Solution) ScorePredictions(p *Predictions) (Scores, error) {
	if p.sol != s {
		return Scores{}, errors.New("score predictions: they were read against another solution")
	}
	public, err := s.score(p, s.publicRows)
	if err != nil {
		return Scores{}, fmt.Errorf("public rows: %w", err)
	}
	private, err := s.score(p, s.privateRows)
	if err != nil {
		return Scores{}, fmt.Errorf("private rows: %w", err)
	}
	return Scores{Public: public, Private: private, Rows: len(s.ids)}, nil
}

func (s *Solution) score(p *Predictions, rows []int) (float64, error) {
	k := len(s.classes)
	switch s.cfg.Metric {
	case Accuracy:
		return accuracy(s.labels, p.labels, rows), nil
	case BalancedAccuracy:
		return balancedAccuracy(s.labels, p.labels, k, rows), nil
	case F1Macro:
		return f1Macro(s.labels, p.labels, k, rows), nil
	case F1Micro:
		return f1Micro(s.labels, p.labels, rows), nil
	case LogLoss:
		return logLoss(s.labels, p.values, k, rows), nil
	case ROCAUC:
		return rocAUCBinary(s.labels, p.values, rows)
	case ROCAUCOvR:
		return rocAUCOvR(s.labels, p.values, k, rows)
	case RMSE:
		return rmse(s.values, p.values, rows), nil
	case MAE:
		return mae(s.values, p.values, rows), nil
	case RMSLE:
		return rmsle(s.values, p.values, rows), nil
	case R2:
		return r2(s.values, p.values, rows)
	case MAPAtK:
		return mapAtK(s.relevant, p.ranked, s.cfg.K, rows), nil
	}
	return 0, fmt.Errorf("%w %q", ErrUnknownMetric, s.cfg.Metric)
}

// ReadPredictions validates a submission (plain or gzip CSV) against s
// without scoring it. Every problem found is in the *FileError, up to a cap.
func (s *Solution) ReadPredictions(r io.Reader, limits Limits) (*Predictions, error) {
	want := s.Header()
	limits = limits.withDefaults()
	limits.MaxColumns = max(limits.MaxColumns, len(want))
	t, err := openTable(r, limits, "a submission")
	if err != nil {
		return nil, err
	}
	header, _, err := t.next()
	switch {
	case err == io.EOF:
		return nil, fileError(Problem{Code: "empty-file", Message: "The file is empty."})
	case err != nil:
		return nil, t.readProblem(err)
	}
	cols, fe := s.matchHeader(header, want)
	if fe != nil {
		return nil, fe
	}
	v := s.newValidation(cols)

	for {
		rec, line, err := t.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if pe := (*csv.ParseError)(nil); errors.As(err, &pe) {
				v.ps.line(parseProblem(pe))
				continue
			}
			// The bounds stop the read: what was found so far still helps.
			return nil, &FileError{Problems: append(v.ps.lines, t.readProblem(err).Problems...)}
		}
		v.row(rec, line)
	}
	return v.finish()
}

// matchHeader finds each expected column in header, in any order. It returns
// the position in a record of each expected column.
func (s *Solution) matchHeader(header, want []string) ([]int, *FileError) {
	got := make([]string, len(header))
	at := make(map[string]int, len(header))
	var repeated []string
	for i, h := range header {
		got[i] = strings.TrimSpace(h)
		if _, dup := at[got[i]]; dup {
			repeated = append(repeated, got[i])
		}
		at[got[i]] = i
	}
	expected := strings.Join(want, ",")
	if invalidUTF8(header) {
		return nil, fileError(encodingProblem(1, 1))
	}
	cols := make([]int, len(want))
	var missing []string
	for j, w := range want {
		i, ok := at[w]
		if !ok {
			missing = append(missing, w)
		}
		cols[j] = i
	}
	if len(missing) == len(want) && len(header) == len(want) {
		if _, isID := s.index[got[0]]; isID {
			return nil, fileError(Problem{Code: "missing-header", Line: 1,
				Message: fmt.Sprintf("The first line holds data; add the header %s above it.", expected)})
		}
	}
	if slices.Contains(missing, s.cfg.IDColumn) {
		return nil, fileError(Problem{Code: "missing-id-column", Line: 1, Column: s.cfg.IDColumn,
			Message: fmt.Sprintf("The header has no %q column: expected %s, got %s.", s.cfg.IDColumn, expected, strings.Join(got, ","))})
	}
	var extra []string
	for _, g := range got {
		if !slices.Contains(want, g) {
			extra = append(extra, g)
		}
	}
	if len(missing) > 0 || len(extra) > 0 || len(repeated) > 0 {
		var what []string
		if len(missing) > 0 {
			what = append(what, "missing "+strings.Join(missing, ", "))
		}
		if len(extra) > 0 {
			what = append(what, "unexpected "+strings.Join(extra, ", "))
		}
		if len(repeated) > 0 {
			what = append(what, "repeated "+strings.Join(repeated, ", "))
		}
		return nil, fileError(Problem{Code: "wrong-header", Line: 1, Examples: append(missing, extra...),
			Message: fmt.Sprintf("The header should be %s but is %s (%s).", expected, strings.Join(got, ","), strings.Join(what, "; "))})
	}
	return cols, nil
}

// validation checks a submission's rows as they are read.
type validation struct {
	s                 *Solution
	p                 *Predictions
	cols              []int // record position of each expected column
	names             []string
	width             int
	rows              int // data rows read so far
	seen              []bool
	dups              idTally
	unknown           idTally
	badUTF8, firstBad int
	ps                problems
}

func (s *Solution) newValidation(cols []int) *validation {
	n := len(s.ids)
	p := &Predictions{sol: s}
	// Only the kind the metric reads is made: Agreement tells them apart.
	switch labels, values, ranked := s.shape(); {
	case labels > 0:
		p.labels = make([]int32, labels)
	case ranked > 0:
		p.ranked = make([][]string, ranked)
	default:
		p.values = make([]float64, values)
	}
	return &validation{s: s, p: p, cols: cols, names: s.Header(), width: len(cols), seen: make([]bool, n)}
}

func (v *validation) row(rec []string, line int) {
	if invalidUTF8(rec) {
		if v.badUTF8++; v.badUTF8 == 1 {
			v.firstBad = line
		}
		return
	}
	if len(rec) != v.width {
		v.ps.line(columnCountProblem(line, v.width, len(rec)))
		return
	}
	id := strings.TrimSpace(rec[v.cols[0]])
	// Most files follow the sample submission's order: try the next row
	// before the index.
	i, ok := v.rows, v.rows < len(v.s.ids) && v.s.ids[v.rows] == id
	if !ok {
		i, ok = v.s.index[id]
	}
	v.rows++
	switch {
	case !ok:
		v.unknown.add(id)
		return
	case v.seen[i]:
		v.dups.add(id)
		return
	}
	v.seen[i] = true
	s, p := v.s, v.p
	switch {
	case s.probabilityColumns():
		k := len(s.classes)
		for c := range k {
			p.values[i*k+c], _ = v.number(rec, c+1, line)
		}
	case s.metric.Kind == KindClassification:
		label := strings.TrimSpace(rec[v.cols[1]])
		c, ok := s.classIdx[label]
		if !ok {
			v.ps.line(Problem{Code: "unknown-label", Line: line, Column: v.names[1], Examples: []string{label},
				Message: fmt.Sprintf("Line %d: %q is not one of the classes (%s).", line, label, listClasses(s.classes))})
		}
		p.labels[i] = c
	case s.metric.Kind == KindRanking:
		ranked := strings.Fields(rec[v.cols[1]])
		p.ranked[i] = ranked[:min(len(ranked), s.cfg.K)]
	default:
		p.values[i], _ = v.number(rec, 1, line)
	}
}

// number parses expected column j of rec and checks its range.
func (v *validation) number(rec []string, j, line int) (float64, bool) {
	raw := rec[v.cols[j]]
	x, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		raw = strings.TrimSpace(raw)
		if x, err = strconv.ParseFloat(raw, 64); err != nil {
			v.ps.line(notANumber(line, v.names[j], raw))
			return 0, false
		}
	}
	if p, bad := outOfRange(v.s.cfg.Metric, line, v.names[j], raw, x); bad {
		v.ps.line(p)
		return 0, false
	}
	return x, true
}

func (v *validation) finish() (*Predictions, error) {
	var missing idTally
	if v.badUTF8 == 0 {
		for i, seen := range v.seen {
			if !seen {
				missing.add(v.s.ids[i])
			}
		}
	}
	ps := &v.ps
	if v.badUTF8 > 0 {
		ps.file(encodingProblem(v.firstBad, v.badUTF8))
	}
	if v.dups.count > 0 {
		ps.file(Problem{Code: "duplicate-id", Column: v.names[0], Count: v.dups.count, Examples: v.dups.examples,
			Message: fmt.Sprintf("%d rows repeat an id already given, e.g. %s.", v.dups.count, strings.Join(v.dups.examples, ", "))})
	}
	if missing.count > 0 {
		ps.file(Problem{Code: "missing-ids", Column: v.names[0], Count: missing.count, Examples: missing.examples,
			Message: fmt.Sprintf("%d of the %d ids are missing, e.g. %s.", missing.count, len(v.s.ids), strings.Join(missing.examples, ", "))})
	}
	if v.unknown.count > 0 {
		ps.file(Problem{Code: "unknown-ids", Column: v.names[0], Count: v.unknown.count, Examples: v.unknown.examples,
			Message: fmt.Sprintf("%d rows have an id that is not in the test set, e.g. %s.", v.unknown.count, strings.Join(v.unknown.examples, ", "))})
	}
	if fe := ps.err(); fe != nil {
		return nil, fe
	}
	return v.p, nil
}

func listClasses(classes []string) string {
	const shown = 10
	if len(classes) <= shown {
		return strings.Join(classes, ", ")
	}
	return strings.Join(classes[:shown], ", ") + fmt.Sprintf(" and %d more", len(classes)-shown)
}

func notANumber(line int, column, raw string) Problem {
	return Problem{Code: "not-a-number", Line: line, Column: column, Examples: []string{raw},
		Message: fmt.Sprintf("Line %d, column %s: %q is not a number.", line, column, raw)}
}

// maxMagnitude bounds values so that sums of their squares stay finite.
const maxMagnitude = 1e100

// outOfRange refuses NaN and infinities everywhere, values too large to
// square, probabilities outside [0, 1] and negative values where a logarithm
// of them is taken.
func outOfRange(metric string, line int, column, raw string, x float64) (Problem, bool) {
	var why string
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		why = "is not a finite number"
	case math.Abs(x) > maxMagnitude:
		why = "is too large to score (beyond ±1e100)"
	case (metric == LogLoss || metric == ROCAUC || metric == ROCAUCOvR) && (x < 0 || x > 1):
		why = "is not a probability between 0 and 1"
	case metric == RMSLE && x < 0:
		why = "is negative; rmsle takes the logarithm of 1 + value"
	default:
		return Problem{}, false
	}
	return Problem{Code: "out-of-range", Line: line, Column: column, Examples: []string{raw},
		Message: fmt.Sprintf("Line %d, column %s: %s %s.", line, column, raw, why)}, true
}
