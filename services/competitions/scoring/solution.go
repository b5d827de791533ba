package scoring

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// DefaultPublicFraction is the share of rows made public when the solution
// has no Usage column and Config.PublicFraction is zero.
const DefaultPublicFraction = 0.3

// usageColumn is Kaggle's name for the column marking rows Public or Private.
const usageColumn = "usage"

// Solution is a host's parsed solution: each row's id, answer and whether it
// is public. It is read-only once parsed, so one Solution may score many
// submissions at once.
type Solution struct {
	cfg    Config
	metric MetricInfo
	ids    []string
	index  map[string]int
	answer []string
	public []bool

	publicRows, privateRows []int

	// classification and probability metrics
	classes  []string
	classIdx map[string]int32
	labels   []int32
	// regression metrics
	values []float64
	// map_at_k
	relevant [][]string
}

// ParseSolution reads a solution CSV: the id column, the target column and
// an optional Usage column ("Public" or "Private"). Without a Usage column a
// seeded random Config.PublicFraction of the rows is public. An unusable file
// is a *FileError; an unusable cfg is ErrUnknownMetric or ErrInvalidConfig.
func ParseSolution(r io.Reader, cfg Config) (*Solution, error) {
	metric, err := checkConfig(&cfg)
	if err != nil {
		return nil, err
	}
	t, err := openTable(r, DefaultLimits, "a solution")
	if err != nil {
		return nil, err
	}
	s := &Solution{cfg: cfg, metric: metric, index: map[string]int{}}
	var ps problems
	header, _, err := t.next()
	switch {
	case err == io.EOF:
		return nil, fileError(Problem{Code: "empty-file", Message: "The solution file is empty."})
	case err != nil:
		return nil, t.readProblem(err)
	}
	idCol, targetCol, usageCol := -1, -1, -1
	for i, name := range header {
		switch name = strings.TrimSpace(name); {
		case name == cfg.IDColumn:
			idCol = i
		case name == cfg.TargetColumn:
			targetCol = i
		case strings.EqualFold(name, usageColumn):
			usageCol = i
		}
	}
	if idCol < 0 {
		ps.file(Problem{Code: "missing-id-column", Column: cfg.IDColumn,
			Message: fmt.Sprintf("The solution has no %q column; its header is %s.", cfg.IDColumn, strings.Join(header, ","))})
	}
	if targetCol < 0 {
		ps.file(Problem{Code: "missing-target-column", Column: cfg.TargetColumn,
			Message: fmt.Sprintf("The solution has no %q column; its header is %s.", cfg.TargetColumn, strings.Join(header, ","))})
	}
	if !ps.empty() {
		return nil, ps.err()
	}
	width := len(header)

	var dups idTally
	badLines, firstBad := 0, 0
	publicCount := 0
	for {
		rec, line, err := t.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if pe := (*csv.ParseError)(nil); errors.As(err, &pe) {
				ps.line(parseProblem(pe))
				continue
			}
			return nil, t.readProblem(err)
		}
		if invalidUTF8(rec) {
			if badLines++; badLines == 1 {
				firstBad = line
			}
			continue
		}
		if len(rec) != width {
			ps.line(columnCountProblem(line, width, len(rec)))
			continue
		}
		id := strings.TrimSpace(rec[idCol])
		if id == "" {
			ps.line(Problem{Code: "missing-value", Line: line, Column: cfg.IDColumn, Message: fmt.Sprintf("Line %d has no id.", line)})
			continue
		}
		if _, seen := s.index[id]; seen {
			dups.add(id)
			continue
		}
		pub := false
		if usageCol >= 0 {
			switch u := strings.TrimSpace(rec[usageCol]); {
			case strings.EqualFold(u, "public"):
				pub = true
			case strings.EqualFold(u, "private"):
			default:
				ps.line(Problem{Code: "wrong-usage", Line: line, Column: header[usageCol],
					Message: fmt.Sprintf("Line %d: Usage is %q; it must be Public or Private.", line, u)})
				continue
			}
		}
		answer := strings.TrimSpace(rec[targetCol])
		if p, ok := s.checkAnswer(answer, line); !ok {
			ps.line(p)
			continue
		}
		if pub {
			publicCount++
		}
		s.public = append(s.public, pub)
		s.index[id] = len(s.ids)
		s.ids = append(s.ids, id)
		s.answer = append(s.answer, answer)
	}
	if badLines > 0 {
		ps.file(encodingProblem(firstBad, badLines))
	}
	if dups.count > 0 {
		ps.file(Problem{Code: "duplicate-id", Count: dups.count, Examples: dups.examples,
			Message: fmt.Sprintf("%d rows repeat an id already given, e.g. %s.", dups.count, strings.Join(dups.examples, ", "))})
	}
	if !ps.empty() {
		return nil, ps.err()
	}
	if len(s.ids) == 0 {
		return nil, fileError(Problem{Code: "empty-file", Message: "The solution file has a header but no rows."})
	}
	if usageCol < 0 {
		publicCount = s.split()
	}
	if err := s.checkSplit(publicCount); err != nil {
		return nil, err
	}
	if err := s.prepare(); err != nil {
		return nil, err
	}
	if err := s.checkScorable(); err != nil {
		return nil, err
	}
	return s, nil
}

func checkConfig(cfg *Config) (MetricInfo, error) {
	metric, err := LookupMetric(cfg.Metric)
	if err != nil {
		return MetricInfo{}, err
	}
	cfg.IDColumn, cfg.TargetColumn = strings.TrimSpace(cfg.IDColumn), strings.TrimSpace(cfg.TargetColumn)
	switch {
	case cfg.IDColumn == "" || cfg.TargetColumn == "":
		return MetricInfo{}, fmt.Errorf("%w: the id and target columns must be named", ErrInvalidConfig)
	case cfg.IDColumn == cfg.TargetColumn:
		return MetricInfo{}, fmt.Errorf("%w: the id and target columns must differ", ErrInvalidConfig)
	case cfg.PublicFraction < 0 || cfg.PublicFraction >= 1 || math.IsNaN(cfg.PublicFraction):
		return MetricInfo{}, fmt.Errorf("%w: public fraction %v is not between 0 and 1", ErrInvalidConfig, cfg.PublicFraction)
	case cfg.Metric == MAPAtK && cfg.K < 1:
		return MetricInfo{}, fmt.Errorf("%w: map_at_k needs k of at least 1", ErrInvalidConfig)
	}
	if cfg.PublicFraction == 0 {
		cfg.PublicFraction = DefaultPublicFraction
	}
	return metric, nil
}

func columnCountProblem(line, want, got int) Problem {
	return Problem{Code: "wrong-column-count", Line: line,
		Message: fmt.Sprintf("Line %d has %d columns; the header has %d.", line, got, want)}
}

// checkAnswer refuses an answer the metric cannot use.
func (s *Solution) checkAnswer(answer string, line int) (Problem, bool) {
	col := s.cfg.TargetColumn
	switch s.metric.Kind {
	case KindClassification, KindProbability:
		if answer == "" {
			return Problem{Code: "missing-value", Line: line, Column: col, Message: fmt.Sprintf("Line %d has no %s.", line, col)}, false
		}
	case KindRegression:
		v, err := strconv.ParseFloat(answer, 64)
		if err != nil {
			return notANumber(line, col, answer), false
		}
		if p, bad := outOfRange(s.cfg.Metric, line, col, answer, v); bad {
			return p, false
		}
	}
	return Problem{}, true
}

// split makes a seeded random share of the rows public. Each row's place
// comes from a hash of the seed and its id, so the split depends neither on
// the order of the rows nor on a random generator's algorithm.
func (s *Solution) split() int {
	n := len(s.ids)
	k := int(math.Round(float64(n) * s.cfg.PublicFraction))
	k = max(1, min(k, n-1))
	type keyed struct {
		key uint64
		row int
	}
	order := make([]keyed, n)
	var seed [8]byte
	binary.BigEndian.PutUint64(seed[:], uint64(s.cfg.Seed))
	for i, id := range s.ids {
		h := sha256.New()
		h.Write(seed[:])
		h.Write([]byte(id))
		order[i] = keyed{binary.BigEndian.Uint64(h.Sum(nil)), i}
	}
	slices.SortFunc(order, func(a, b keyed) int {
		return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(s.ids[a.row], s.ids[b.row]))
	})
	s.public = make([]bool, n)
	for _, o := range order[:k] {
		s.public[o.row] = true
	}
	return k
}

func (s *Solution) checkSplit(publicCount int) error {
	switch {
	case len(s.ids) < 2:
		return fileError(Problem{Code: "too-few-rows",
			Message: "The solution needs at least two rows: one public and one private."})
	case publicCount == 0:
		return fileError(Problem{Code: "no-public-rows", Message: "No row of the solution is marked Public."})
	case publicCount == len(s.ids):
		return fileError(Problem{Code: "no-private-rows", Message: "No row of the solution is marked Private."})
	}
	for i, pub := range s.public {
		if pub {
			s.publicRows = append(s.publicRows, i)
		} else {
			s.privateRows = append(s.privateRows, i)
		}
	}
	return nil
}

// prepare turns the answers into what the metric reads.
func (s *Solution) prepare() error {
	switch s.metric.Kind {
	case KindClassification, KindProbability:
		s.classes = sortedClasses(s.answer)
		s.classIdx = make(map[string]int32, len(s.classes))
		for i, c := range s.classes {
			s.classIdx[c] = int32(i)
		}
		s.labels = make([]int32, len(s.answer))
		for i, a := range s.answer {
			s.labels[i] = s.classIdx[a]
		}
		switch {
		case len(s.classes) < 2:
			return fileError(Problem{Code: "too-few-classes", Column: s.cfg.TargetColumn,
				Message: fmt.Sprintf("The %s column holds a single class; %s needs at least two.", s.cfg.TargetColumn, s.cfg.Metric)})
		case s.cfg.Metric == ROCAUC && len(s.classes) != 2:
			return fileError(Problem{Code: "wrong-class-count", Column: s.cfg.TargetColumn,
				Message: fmt.Sprintf("The %s column holds %d classes; roc_auc is for two, roc_auc_ovr for more.", s.cfg.TargetColumn, len(s.classes))})
		case s.metric.Kind == KindProbability && s.cfg.Metric != ROCAUC && slices.Contains(s.classes, s.cfg.IDColumn):
			return fileError(Problem{Code: "wrong-class-count", Column: s.cfg.TargetColumn,
				Message: fmt.Sprintf("A class is called %q like the id column, so the submission header would be ambiguous.", s.cfg.IDColumn)})
		}
	case KindRegression:
		s.values = make([]float64, len(s.answer))
		for i, a := range s.answer {
			s.values[i], _ = strconv.ParseFloat(a, 64) // checked by checkAnswer
		}
	case KindRanking:
		s.relevant = make([][]string, len(s.answer))
		for i, a := range s.answer {
			s.relevant[i] = strings.Fields(a)
		}
	}
	return nil
}

// checkScorable refuses a split on which every submission's score would be
// undefined, so that the host hears of it on upload rather than from every
// failed submission.
func (s *Solution) checkScorable() error {
	var ps problems
	for _, side := range []struct {
		name string
		rows []int
	}{{"public", s.publicRows}, {"private", s.privateRows}} {
		switch s.cfg.Metric {
		case R2:
			if len(side.rows) < 2 {
				ps.file(Problem{Code: "unscorable-split",
					Message: fmt.Sprintf("r2 needs at least two %s rows; the solution has one.", side.name)})
			}
		case ROCAUC, ROCAUCOvR:
			first := s.labels[side.rows[0]]
			if !slices.ContainsFunc(side.rows, func(i int) bool { return s.labels[i] != first }) {
				ps.file(Problem{Code: "unscorable-split", Column: s.cfg.TargetColumn,
					Message: fmt.Sprintf("Every %s row is of class %q; %s needs two classes on each side. Mark rows with a Usage column or choose another seed.",
						side.name, s.classes[first], s.cfg.Metric)})
			}
		}
	}
	if fe := ps.err(); fe != nil {
		return fe
	}
	return nil
}

// sortedClasses lists the distinct labels, in numeric order when every label
// is a number (so 2 comes before 10, as scikit-learn orders them) and in
// string order otherwise.
func sortedClasses(answers []string) []string {
	seen := map[string]bool{}
	var classes []string
	numeric := true
	for _, a := range answers {
		if !seen[a] {
			seen[a] = true
			classes = append(classes, a)
			if _, err := strconv.ParseFloat(a, 64); err != nil {
				numeric = false
			}
		}
	}
	if !numeric {
		slices.Sort(classes)
		return classes
	}
	slices.SortFunc(classes, func(a, b string) int {
		x, _ := strconv.ParseFloat(a, 64)
		y, _ := strconv.ParseFloat(b, 64)
		return cmp.Or(cmp.Compare(x, y), cmp.Compare(a, b))
	})
	return classes
}

// Rows is the number of rows a submission must have.
func (s *Solution) Rows() int { return len(s.ids) }

// PublicRows is the number of rows scored for the public leaderboard.
func (s *Solution) PublicRows() int { return len(s.publicRows) }

// Metric is the metric the solution is scored with.
func (s *Solution) Metric() MetricInfo { return s.metric }

// Header is the header a submission must have: the id column, then one
// probability column per class for log_loss and roc_auc_ovr (classes in the
// order the solution's labels sort), or else one column named like the
// target: a label, a number, the positive class's probability for roc_auc
// (the later of the two classes), or space-separated ranked labels for
// map_at_k.
func (s *Solution) Header() []string {
	if s.probabilityColumns() {
		return append([]string{s.cfg.IDColumn}, s.classes...)
	}
	return []string{s.cfg.IDColumn, s.cfg.TargetColumn}
}

// probabilityColumns reports whether submissions give a column per class.
func (s *Solution) probabilityColumns() bool {
	return s.metric.Kind == KindProbability && s.cfg.Metric != ROCAUC
}

// WriteSample writes a valid submission with a constant prediction for
// every id: the first class, equal probabilities, zero, or the first k
// labels. The constants reveal nothing about the hidden answers.
func (s *Solution) WriteSample(w io.Writer) error {
	cw := csv.NewWriter(w)
	header := s.Header()
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("write sample submission: %w", err)
	}
	var prediction []string
	switch {
	case s.probabilityColumns():
		p := strconv.FormatFloat(1/float64(len(s.classes)), 'g', -1, 64)
		for range s.classes {
			prediction = append(prediction, p)
		}
	case s.cfg.Metric == ROCAUC:
		prediction = []string{"0.5"}
	case s.metric.Kind == KindClassification:
		prediction = []string{s.classes[0]}
	case s.metric.Kind == KindRegression:
		prediction = []string{"0"}
	case s.metric.Kind == KindRanking:
		prediction = []string{strings.Join(s.rankingVocabulary(s.cfg.K), " ")}
	}
	row := make([]string, 0, len(header))
	for _, id := range s.ids {
		row = append(append(row[:0], id), prediction...)
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("write sample submission: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write sample submission: %w", err)
	}
	return nil
}

// rankingVocabulary is the first k distinct labels of the solution, sorted.
func (s *Solution) rankingVocabulary(k int) []string {
	seen := map[string]bool{}
	var all []string
	for _, rel := range s.relevant {
		for _, l := range rel {
			if !seen[l] {
				seen[l] = true
				all = append(all, l)
			}
		}
	}
	slices.Sort(all)
	return all[:min(k, len(all))]
}
