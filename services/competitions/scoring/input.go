package scoring

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"unicode/utf8"
)

// errTooLarge and columnsError stop a read early; table turns them into the
// person's problem.
var errTooLarge = errors.New("file larger than the limit")

type columnsError struct{ line, max int }

func (e *columnsError) Error() string {
	return fmt.Sprintf("line %d has more than %d columns", e.line, e.max)
}

// table is a CSV file being read row by row, bounded by Limits.
type table struct {
	csv    *csv.Reader
	limits Limits
	gzip   bool
	what   string // "a submission" or "a solution", for messages
}

var (
	gzipMagic = []byte{0x1f, 0x8b}
	utf8BOM   = []byte{0xef, 0xbb, 0xbf}
)

// openTable undoes gzip when the bytes say so, bounds the decompressed size
// and the number of columns, and skips a UTF-8 byte-order mark. A file that
// cannot be a UTF-8 CSV at all is a *FileError here.
func openTable(r io.Reader, limits Limits, what string) (*table, error) {
	limits = limits.withDefaults()
	// The compressed bytes are bounded too: a stream of empty gzip members
	// would otherwise be read for ever.
	br := bufio.NewReaderSize(&boundedReader{r: r, max: limits.MaxBytes}, 64<<10)
	t := &table{limits: limits, what: what}
	var src io.Reader = br
	if magic, _ := br.Peek(len(gzipMagic)); bytes.Equal(magic, gzipMagic) {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return nil, fileError(badGzip(err))
		}
		src, t.gzip = gz, true
	}
	src = &boundedReader{r: src, max: limits.MaxBytes}

	head := make([]byte, len(utf8BOM))
	n, err := io.ReadFull(src, head)
	switch {
	case errors.Is(err, errTooLarge):
		return nil, fileError(tooLarge(limits))
	case err != nil && err != io.EOF && err != io.ErrUnexpectedEOF:
		return nil, t.readProblem(err)
	}
	head = head[:n]
	if p, ok := utf16Problem(head); ok {
		return nil, fileError(p)
	}
	head = bytes.TrimPrefix(head, utf8BOM)
	src = &columnCounter{r: io.MultiReader(bytes.NewReader(head), src), max: limits.MaxColumns, line: 1, fields: 1}

	c := csv.NewReader(src)
	c.FieldsPerRecord = -1 // column counts are checked against the header, with the line
	c.ReuseRecord = true
	t.csv = c
	return t, nil
}

// next returns the next record, the line it starts on, and io.EOF at the
// end. Any other error is a *csv.ParseError or a stop from the bounds.
func (t *table) next() ([]string, int, error) {
	rec, err := t.csv.Read()
	if err != nil {
		return nil, 0, err
	}
	line, _ := t.csv.FieldPos(0)
	return rec, line, nil
}

// readProblem is the *FileError for a read that cannot go on.
func (t *table) readProblem(err error) *FileError {
	var cols *columnsError
	var pe *csv.ParseError
	switch {
	case errors.As(err, &pe):
		return fileError(parseProblem(pe))
	case errors.Is(err, errTooLarge):
		return fileError(tooLarge(t.limits))
	case errors.As(err, &cols):
		return fileError(Problem{Code: "too-many-columns", Line: cols.line,
			Message: fmt.Sprintf("Line %d has more than %d columns; this file cannot be %s.", cols.line, cols.max, t.what)})
	case t.gzip:
		return fileError(badGzip(err))
	}
	return fileError(Problem{Code: "unreadable", Message: fmt.Sprintf("The file could not be read: %v.", err)})
}

// parseProblem words a CSV syntax error for a person.
func parseProblem(pe *csv.ParseError) Problem {
	what := "is not valid CSV"
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		what = `has a " inside a value that is not quoted; quote the value and double the inner quote ("")`
	case errors.Is(pe.Err, csv.ErrQuote):
		what = `has a quoted value that is never closed`
	}
	return Problem{Code: "malformed-csv", Line: pe.Line, Message: fmt.Sprintf("Line %d %s.", pe.Line, what)}
}

// invalidUTF8 reports whether any field is not UTF-8.
func invalidUTF8(rec []string) bool {
	for _, f := range rec {
		if !utf8.ValidString(f) {
			return true
		}
	}
	return false
}

func encodingProblem(line, count int) Problem {
	return Problem{Code: "encoding", Line: line, Count: count,
		Message: fmt.Sprintf("Line %d is not UTF-8 text (%d lines in all); save the file as CSV UTF-8.", line, count)}
}

func utf16Problem(head []byte) (Problem, bool) {
	if len(head) >= 2 && (head[0] == 0xff && head[1] == 0xfe || head[0] == 0xfe && head[1] == 0xff) {
		return Problem{Code: "encoding", Line: 1,
			Message: "The file is UTF-16 text; save it as CSV UTF-8."}, true
	}
	return Problem{}, false
}

func tooLarge(l Limits) Problem {
	size := fmt.Sprintf("%d bytes", l.MaxBytes)
	if l.MaxBytes%(1<<20) == 0 {
		size = fmt.Sprintf("%d MiB", l.MaxBytes>>20)
	}
	return Problem{Code: "too-large", Message: fmt.Sprintf("The file is larger than %s, once decompressed.", size)}
}

func badGzip(err error) Problem {
	return Problem{Code: "bad-gzip", Message: fmt.Sprintf("The file starts like gzip but does not decompress: %v.", err)}
}

// boundedReader fails with errTooLarge as soon as more than max bytes come
// through, so a gzip bomb costs at most max bytes of work.
type boundedReader struct {
	r   io.Reader
	max int64
	n   int64
}

func (b *boundedReader) Read(p []byte) (int, error) {
	if b.n > b.max {
		return 0, errTooLarge
	}
	if room := b.max - b.n + 1; int64(len(p)) > room {
		p = p[:room]
	}
	n, err := b.r.Read(p)
	b.n += int64(n)
	if b.n > b.max {
		return n - int(b.n-b.max), errTooLarge
	}
	return n, err
}

// columnCounter follows RFC 4180 quoting as the bytes stream past and fails
// once a record has more than max fields, before encoding/csv has to hold
// the whole line.
type columnCounter struct {
	r        io.Reader
	max      int
	inQuotes bool
	fields   int
	line     int
}

func (c *columnCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if cerr := c.count(p[:n]); cerr != nil {
		return 0, cerr
	}
	return n, err
}

func (c *columnCounter) count(p []byte) error {
	if !c.inQuotes && bytes.IndexByte(p, '"') < 0 {
		// The common case: no quotes, so commas and newlines are all there is.
		for len(p) > 0 {
			nl := bytes.IndexByte(p, '\n')
			seg := p
			if nl >= 0 {
				seg = p[:nl]
			}
			c.fields += bytes.Count(seg, []byte{','})
			if c.fields > c.max {
				return &columnsError{line: c.line, max: c.max}
			}
			if nl < 0 {
				return nil
			}
			c.line++
			c.fields = 1
			p = p[nl+1:]
		}
		return nil
	}
	for _, b := range p {
		switch {
		case b == '"':
			// A doubled quote inside a quoted value toggles twice: no change.
			c.inQuotes = !c.inQuotes
		case b == '\n':
			c.line++
			if !c.inQuotes {
				c.fields = 1
			}
		case b == ',' && !c.inQuotes:
			c.fields++
			if c.fields > c.max {
				return &columnsError{line: c.line, max: c.max}
			}
		}
	}
	return nil
}

// maxListed bounds the per-line problems listed; the rest are counted.
const maxListed = 20

// problems gathers what is wrong with a file so that a person sees it all
// at once: per-line problems up to maxListed, and per-file summaries.
type problems struct {
	summary []Problem
	lines   []Problem
	more    int
}

func (ps *problems) line(p Problem) {
	if len(ps.lines) < maxListed {
		ps.lines = append(ps.lines, p)
		return
	}
	ps.more++
}

func (ps *problems) file(p Problem) { ps.summary = append(ps.summary, p) }

func (ps *problems) empty() bool { return len(ps.summary)+len(ps.lines) == 0 }

func (ps *problems) err() *FileError {
	if ps.empty() {
		return nil
	}
	all := append(append([]Problem{}, ps.summary...), ps.lines...)
	if ps.more > 0 {
		all = append(all, Problem{Code: "more-problems", Count: ps.more,
			Message: fmt.Sprintf("%d more problems like these are not listed.", ps.more)})
	}
	return &FileError{Problems: all}
}

func fileError(p ...Problem) *FileError { return &FileError{Problems: p} }

// idTally gathers ids that are wrong in one way: how many rows, and the
// first few distinct ids.
type idTally struct {
	count    int
	examples []string
}

const maxExamples = 5

func (t *idTally) add(id string) {
	t.count++
	if len(t.examples) < maxExamples && !slices.Contains(t.examples, id) {
		t.examples = append(t.examples, id)
	}
}
