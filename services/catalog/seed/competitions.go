package seed

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"academy/services/competitions"
	"academy/services/competitions/scoring"
	"academy/services/kit/apperr"
)

// CompetitionTarget is where the competitions of the seed load: the
// competitions context, the catalogue for hosts and identity for the
// sample participants.
type CompetitionTarget interface {
	// Host returns the host of a competition: the institution with this
	// slug, or the platform for "platform"; NotFound for an unknown slug.
	Host(ctx context.Context, slug string) (competitions.Host, error)
	SeedCompetition(ctx context.Context, sd competitions.Seed) (bool, error)
}

// SampleTarget is where the sample participants of a seeded finished
// competition take part: identity opens their accounts, the competitions
// context takes their submissions, scores them and finalises.
type SampleTarget interface {
	// SampleAccount returns the id of the sample account with email, opened when new.
	SampleAccount(ctx context.Context, email, name string) (string, error)
	SeedSamples(ctx context.Context, slug string, entries []competitions.SampleEntry) ([]string, error)
	FinaliseSamples(ctx context.Context, slug string, submissionIDs []string) error
}

// Timeline states of a seeded competition on its load day.
const (
	timelineUpcoming = "upcoming"
	timelineRunning  = "running"
	timelineFinished = "finished"
)

// Prize tiers a seeded competition may state.
var prizeTiers = []string{"winner", "top_10_percent", "top_25_percent", "participation"}

// competitionFile is the front matter of competition.md.
type competitionFile struct {
	Slug            string   `yaml:"slug"`
	Title           string   `yaml:"title"`
	Summary         string   `yaml:"summary"`
	Host            string   `yaml:"host"`
	Level           string   `yaml:"level"`
	Languages       []string `yaml:"languages"`
	Tags            []string `yaml:"tags"`
	Skills          []string `yaml:"skills"`
	DataLicence     string   `yaml:"data_licence"`
	Eligibility     string   `yaml:"eligibility"`
	TeamSizeLimit   int      `yaml:"team_size_limit"`
	DailyLimit      int      `yaml:"daily_limit"`
	FinalSelections int      `yaml:"final_selections"`
	Timeline        struct {
		State                    string `yaml:"state"`
		StartOffsetDays          int    `yaml:"start_offset_days"`
		EndOffsetDays            int    `yaml:"end_offset_days"`
		EntryDeadlineOffsetDays  *int   `yaml:"entry_deadline_offset_days"`
		MergerDeadlineOffsetDays *int   `yaml:"merger_deadline_offset_days"`
	} `yaml:"timeline"`
	Phases []struct {
		ID              string `yaml:"id"`
		Title           string `yaml:"title"`
		StartOffsetDays int    `yaml:"start_offset_days"`
		EndOffsetDays   int    `yaml:"end_offset_days"`
		Metric          string `yaml:"metric"`
		IDColumn        string `yaml:"id_column"`
		TargetColumn    string `yaml:"target_column"`
	} `yaml:"phases"`
	Files []struct {
		Name        string `yaml:"name"`
		Description string `yaml:"description"`
	} `yaml:"files"`
	Solution string `yaml:"solution"`
	Rules    string `yaml:"rules"`
	Prizes   []struct {
		Tier        string `yaml:"tier"`
		Description string `yaml:"description"`
	} `yaml:"prizes"`
	Sample bool `yaml:"sample"`
}

// requiredCompetitionFields are the keys competition.md must state.
var requiredCompetitionFields = []string{"slug", "title", "summary", "host", "level", "languages", "tags", "skills", "data_licence",
	"eligibility", "team_size_limit", "daily_limit", "final_selections", "timeline", "timeline.state", "timeline.start_offset_days",
	"timeline.end_offset_days", "phases", "files", "solution", "rules", "prizes", "sample"}

// competitionSeed is a read and checked competition directory.
type competitionSeed struct {
	src      *source
	dir      string
	file     competitionFile
	seed     competitions.Seed
	solution [][]string // the solution's rows, header first
}

// CompetitionReport says what loading the competitions did.
type CompetitionReport struct {
	Competitions Counts `json:"competitions"`
	// Finish lists the finished competitions created by this load, with
	// their sample participants: FinishSamples enters them, scores their
	// submissions and finalises.
	Finish []SampleRun `json:"-"`
}

// SampleRun is a seeded finished competition's sample participants.
type SampleRun struct {
	Slug         string
	Participants []SampleParticipant
}

// SampleParticipant is a sample account and its one submission.
type SampleParticipant struct {
	Email, Name string
	Entry       competitions.SampleEntry // its UserID is the account's, once opened
}

// FinishSamples opens the sample participants' accounts, makes their
// submissions as of their dates, scores them and finalises each
// competition, which awards their credentials.
func FinishSamples(ctx context.Context, target SampleTarget, runs []SampleRun) error {
	for _, r := range runs {
		entries := make([]competitions.SampleEntry, len(r.Participants))
		for i, p := range r.Participants {
			id, err := target.SampleAccount(ctx, p.Email, p.Name)
			if err != nil {
				return fmt.Errorf("sample account %s: %w", p.Email, err)
			}
			entries[i] = p.Entry
			entries[i].UserID = id
		}
		ids, err := target.SeedSamples(ctx, r.Slug, entries)
		if err != nil {
			return err
		}
		if err := target.FinaliseSamples(ctx, r.Slug, ids); err != nil {
			return fmt.Errorf("finalise seeded competition %s: %w", r.Slug, err)
		}
	}
	return nil
}

// LoadCompetitions reads every competitions/<slug>/ directory of fsys,
// checks every field and file, and loads the valid ones published, with
// dates counted from the load day (now). A finished competition created by
// this load gets sample participants whose submissions are made as of
// their dates; the caller scores and finalises it (see CompetitionReport).
// Broken directories are reported in an *Error, after the others load.
func LoadCompetitions(ctx context.Context, fsys fs.FS, target CompetitionTarget, now time.Time) (CompetitionReport, error) {
	var report CompetitionReport
	var probs problems
	day := now.UTC().Truncate(24 * time.Hour)
	dirs, _ := fs.Glob(fsys, "competitions/*/competition.md")
	for _, file := range dirs {
		cs := readCompetition(fsys, file, day, &probs)
		if cs == nil {
			continue
		}
		host, err := target.Host(ctx, cs.file.Host)
		if apperr.Is(err, apperr.NotFound) {
			probs.add(file, cs.src.line("host"), "host %q is neither an institution of institutions/ nor platform", cs.file.Host)
			continue
		}
		if err != nil {
			return report, err
		}
		cs.seed.Host = host
		created, err := target.SeedCompetition(ctx, cs.seed)
		if probs.addFields(cs.src, err, competitionField) {
			continue
		}
		if err != nil {
			return report, fmt.Errorf("seed %s: %w", file, err)
		}
		if !created {
			report.Competitions.Unchanged++
			continue
		}
		report.Competitions.Created++
		if cs.file.Timeline.State != timelineFinished {
			continue
		}
		report.Finish = append(report.Finish, SampleRun{Slug: cs.file.Slug, Participants: sampleParticipantsOf(cs)})
	}
	if len(probs.list) > 0 {
		return report, &Error{Problems: probs.list}
	}
	return report, nil
}

// competitionField names the front-matter key of a field of competitions.CompetitionInput.
func competitionField(field string) string {
	switch {
	case field == "start_at":
		return "timeline.start_offset_days"
	case field == "end_at":
		return "timeline.end_offset_days"
	case field == "entry_deadline":
		return "timeline.entry_deadline_offset_days"
	case field == "merger_deadline":
		return "timeline.merger_deadline_offset_days"
	case field == "overview":
		return "body"
	case strings.HasPrefix(field, "phases["):
		r := strings.NewReplacer(".evaluation.", ".", ".start_at", ".start_offset_days", ".end_at", ".end_offset_days")
		return r.Replace(field)
	}
	return field
}

// readCompetition reads and checks one competition directory; it returns
// nil when anything in it is broken.
func readCompetition(fsys fs.FS, file string, day time.Time, probs *problems) *competitionSeed {
	data, ok := readFile(fsys, file, probs)
	if !ok {
		return nil
	}
	dir := path.Dir(file)
	fm, body, bodyLine, ok := splitFrontMatter(data)
	if !ok {
		probs.add(file, 1, "must start with YAML front matter between --- lines")
		return nil
	}
	cs := &competitionSeed{dir: dir}
	cs.src = decodeYAML(file, fm, 1, &cs.file, probs)
	if cs.src == nil {
		return nil
	}
	cs.src.bodyLine = bodyLine
	before := len(probs.list)
	f := cs.file
	for _, key := range requiredCompetitionFields {
		if !has(cs.src, key) {
			probs.add(file, cs.src.line(key), "%s is required", key)
		}
	}
	if f.Slug != path.Base(dir) {
		probs.add(file, cs.src.line("slug"), "slug %q must match the directory name %q", f.Slug, path.Base(dir))
	}
	if !f.Sample {
		probs.add(file, cs.src.line("sample"), "sample must be true: the seed's competitions are sample data")
	}
	checkTimeline(cs, probs)
	in := competitions.CompetitionInput{
		Title: f.Title, Slug: f.Slug, Summary: f.Summary, Overview: strings.TrimSpace(body), Rules: f.Rules,
		Skills: f.Skills, Level: f.Level, Languages: f.Languages, Tags: f.Tags,
		StartAt: offset(day, f.Timeline.StartOffsetDays), EndAt: offset(day, f.Timeline.EndOffsetDays),
		TeamSizeLimit: f.TeamSizeLimit, DailyLimit: f.DailyLimit, FinalSelections: f.FinalSelections,
		Eligibility: f.Eligibility, DataLicence: f.DataLicence,
	}
	if d := f.Timeline.EntryDeadlineOffsetDays; d != nil {
		t := offset(day, *d)
		in.EntryDeadline = &t
	}
	if d := f.Timeline.MergerDeadlineOffsetDays; d != nil {
		t := offset(day, *d)
		in.MergerDeadline = &t
	}
	var prizes []string
	for i, p := range f.Prizes {
		if !slices.Contains(prizeTiers, p.Tier) {
			probs.add(file, cs.src.line(fmt.Sprintf("prizes[%d].tier", i)), "tier must be one of %s", strings.Join(prizeTiers, ", "))
		}
		prizes = append(prizes, fmt.Sprintf("- **%s**: %s", tierTitle(p.Tier), strings.TrimSpace(p.Description)))
	}
	in.Prizes = strings.Join(prizes, "\n")
	for i, ph := range f.Phases {
		if _, err := scoring.LookupMetric(ph.Metric); err != nil {
			probs.add(file, cs.src.line(fmt.Sprintf("phases[%d].metric", i)), "metric %q is not a built-in metric of services/competitions/scoring", ph.Metric)
		}
		in.Phases = append(in.Phases, competitions.PhaseInput{ID: ph.ID, Title: ph.Title,
			StartAt: offset(day, ph.StartOffsetDays), EndAt: offset(day, ph.EndOffsetDays),
			Evaluation: scoring.Config{Metric: ph.Metric, IDColumn: ph.IDColumn, TargetColumn: ph.TargetColumn}})
	}
	cs.seed.Input = in
	if len(probs.list) > before || len(f.Phases) == 0 {
		return nil
	}
	if !readCompetitionFiles(fsys, cs, probs) {
		return nil
	}
	return cs
}

// checkTimeline checks that the timeline's state agrees with its offsets,
// the deadlines lie within it and the phases within it, in order.
func checkTimeline(cs *competitionSeed, probs *problems) {
	t, file := cs.file.Timeline, cs.src.file
	start, end := t.StartOffsetDays, t.EndOffsetDays
	if end <= start {
		probs.add(file, cs.src.line("timeline.end_offset_days"), "end_offset_days must be after start_offset_days")
	}
	agrees := map[string]bool{timelineUpcoming: start > 0, timelineRunning: start <= 0 && end > 0, timelineFinished: end <= 0}
	if ok, known := agrees[t.State]; !known {
		probs.add(file, cs.src.line("timeline.state"), "state must be upcoming, running or finished")
	} else if !ok {
		probs.add(file, cs.src.line("timeline.state"), "state %s does not agree with the offsets %d to %d days", t.State, start, end)
	}
	for key, d := range map[string]*int{"entry_deadline_offset_days": t.EntryDeadlineOffsetDays, "merger_deadline_offset_days": t.MergerDeadlineOffsetDays} {
		if d != nil && (*d <= start || *d > end) {
			probs.add(file, cs.src.line("timeline."+key), "%s must lie after the start and not after the end", key)
		}
	}
	prevEnd := start
	for i, ph := range cs.file.Phases {
		if ph.StartOffsetDays < prevEnd || ph.EndOffsetDays > end || ph.EndOffsetDays <= ph.StartOffsetDays {
			probs.add(file, cs.src.line(fmt.Sprintf("phases[%d].start_offset_days", i)),
				"the phase must lie within the timeline, after the previous phase, and end after it starts")
		}
		prevEnd = ph.EndOffsetDays
	}
}

// readCompetitionFiles reads the public files and the solution, checking
// them against each other: the solution has a row for every test row and
// a Public or Private usage, the sample submission is a valid submission.
func readCompetitionFiles(fsys fs.FS, cs *competitionSeed, probs *problems) bool {
	f, file, before := cs.file, cs.src.file, len(probs.list)
	ph := f.Phases[len(f.Phases)-1]
	for i, pf := range f.Files {
		name := path.Join(cs.dir, pf.Name)
		if pf.Name == f.Solution || path.Base(pf.Name) != pf.Name {
			probs.add(file, cs.src.line(fmt.Sprintf("files[%d].name", i)), "%q must be a public file of the directory, not the solution", pf.Name)
			continue
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			probs.add(file, cs.src.line(fmt.Sprintf("files[%d].name", i)), "file %s is missing", pf.Name)
			continue
		}
		ct := "text/markdown"
		if strings.HasSuffix(pf.Name, ".csv") {
			ct = "text/csv"
			rows, ok := readDataCSV(name, data, probs)
			if ok && (len(rows[0]) == 0 || rows[0][0] != ph.IDColumn) {
				probs.add(name, 1, "the first column must be the id column %q", ph.IDColumn)
			}
		}
		cs.seed.Files = append(cs.seed.Files, competitions.SeedFile{Name: pf.Name, Description: pf.Description, ContentType: ct, Data: data})
	}
	solName := path.Join(cs.dir, f.Solution)
	sol, err := fs.ReadFile(fsys, solName)
	if err != nil {
		probs.add(file, cs.src.line("solution"), "solution file %s is missing", f.Solution)
		return false
	}
	rows, ok := readDataCSV(solName, sol, probs)
	if !ok {
		return false
	}
	if want := []string{ph.IDColumn, ph.TargetColumn, "Usage"}; !slices.Equal(rows[0], want) {
		probs.add(solName, 1, "the header must be %s", strings.Join(want, ","))
		return false
	}
	seen := map[string]int{}
	for i, r := range rows[1:] {
		if r[2] != "Public" && r[2] != "Private" {
			probs.add(solName, i+2, "Usage must be Public or Private, not %q", r[2])
		}
		if at, dup := seen[r[0]]; dup {
			probs.add(solName, i+2, "id %s is also on line %d", r[0], at)
		}
		seen[r[0]] = i + 2
	}
	checkIDs := func(name string) {
		for _, sf := range cs.seed.Files {
			if sf.Name != name {
				continue
			}
			test, ok := readDataCSV(path.Join(cs.dir, name), sf.Data, probs)
			if !ok {
				return
			}
			if len(test)-1 != len(rows)-1 {
				probs.add(path.Join(cs.dir, name), 1, "%d rows, but the solution has %d", len(test)-1, len(rows)-1)
			}
			for i, r := range test[1:] {
				if _, ok := seen[r[0]]; !ok {
					probs.add(path.Join(cs.dir, name), i+2, "id %s is not in the solution", r[0])
				}
			}
		}
	}
	checkIDs("test.csv")
	checkIDs("sample_submission.csv")
	cs.solution = rows
	cs.seed.Solutions = map[string][]byte{}
	for _, p := range f.Phases {
		cs.seed.Solutions[p.ID] = sol
	}
	return len(probs.list) == before
}

// readDataCSV parses a competition CSV file, reporting a problem at its line; every
// row has the header's width.
func readDataCSV(name string, data []byte, probs *problems) ([][]string, bool) {
	r := csv.NewReader(bytes.NewReader(data))
	var rows [][]string
	for {
		row, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			// The line the broken record starts on, where a quote is left open.
			var pe *csv.ParseError
			line := 1
			if errors.As(err, &pe) {
				line = pe.StartLine
				err = pe.Err
			}
			probs.add(name, line, "%v (the record starting here)", err)
			return nil, false
		}
		rows = append(rows, row)
	}
	if len(rows) < 2 {
		probs.add(name, 1, "the file must have a header and at least one row")
		return nil, false
	}
	return rows, true
}

// has reports whether the front matter states the key at path.
func has(src *source, key string) bool {
	node := src.root
	for _, part := range strings.Split(key, ".") {
		if node == nil {
			return false
		}
		node, _ = child(node, part, "")
	}
	return node != nil
}

// offset is 00:00 UTC of the load day plus days.
func offset(day time.Time, days int) time.Time { return day.AddDate(0, 0, days) }

func tierTitle(tier string) string {
	switch tier {
	case "winner":
		return "Winner"
	case "top_10_percent":
		return "Top 10 %"
	case "top_25_percent":
		return "Top 25 %"
	}
	return "Participation"
}

// sampleParticipants are the seed's sample accounts; their addresses are on
// an .example domain and their names say "(sample)".
var sampleParticipants = []string{"Mila Novak", "Jonas Berg", "Aoife Byrne", "Luca Romano", "Ines Duarte", "Tomasz Wójcik"}

// sampleParticipantsOf makes one submission per sample participant, a
// few days into the competition: the solution with a growing share of its
// answers changed, so that the participants rank in their order. The
// changes are seeded by the competition's slug and reproducible.
func sampleParticipantsOf(cs *competitionSeed) []SampleParticipant {
	ph := cs.seed.Input.Phases[0]
	metric, _ := scoring.LookupMetric(ph.Evaluation.Metric)
	var labels []string
	for _, r := range cs.solution[1:] {
		if !slices.Contains(labels, r[1]) {
			labels = append(labels, r[1])
		}
	}
	var seed uint64
	for _, b := range []byte(cs.file.Slug) {
		seed = seed*31 + uint64(b)
	}
	rng := rand.New(rand.NewPCG(seed, 1))
	out := make([]SampleParticipant, 0, len(sampleParticipants))
	for k, name := range sampleParticipants {
		var b strings.Builder
		w := csv.NewWriter(&b)
		_ = w.Write([]string{ph.Evaluation.IDColumn, ph.Evaluation.TargetColumn})
		for _, r := range cs.solution[1:] {
			answer := r[1]
			if metric.Kind == scoring.KindRegression {
				if v, err := strconv.ParseFloat(answer, 64); err == nil {
					answer = strconv.FormatFloat(v+rng.NormFloat64()*(1+float64(k)), 'f', 1, 64)
				}
			} else if rng.Float64() < 0.04+0.06*float64(k) {
				answer = labels[rng.IntN(len(labels))]
			}
			_ = w.Write([]string{r[0], answer})
		}
		w.Flush()
		out = append(out, SampleParticipant{
			Email: strings.ToLower(strings.Fields(name)[0]) + ".sample@participants.academy.example",
			Name:  name + " (sample)",
			Entry: competitions.SampleEntry{Description: "Sample submission", Predictions: []byte(b.String()),
				At: ph.StartAt.Add(time.Duration(2+k)*24*time.Hour + 10*time.Hour)},
		})
	}
	return out
}
