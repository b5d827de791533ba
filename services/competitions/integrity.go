package competitions

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hibiken/asynq"
	"go.mongodb.org/mongo-driver/bson"

	"academy/jobs"
	"academy/services/competitions/scoring"
	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/blob"
)

// Kinds of integrity flags.
const (
	// FlagNearIdentical: teams' best submissions agree on more than
	// NearIdenticalAgreement of the rows (labels) or correlate above it
	// (values), each with another of the teams flagged together.
	FlagNearIdentical = "near-identical"
	// FlagQuickTopScore: a member joined and the team reached the top decile
	// of the public board within QuickWindow.
	FlagQuickTopScore = "quick-top-score"
)

// Thresholds of the integrity check.
const (
	NearIdenticalAgreement = 0.99
	QuickWindow            = time.Hour
	// maxComparedTeams bounds the pairwise comparison to the top of the
	// board, and the search for quick top scores to its top decile or as
	// many teams, whichever is fewer.
	maxComparedTeams = 200
)

// Host decisions on a flag.
const (
	DecisionDismiss    = "dismiss"
	DecisionDisqualify = "disqualify"
)

// FlagSet is the integrity read model of a competition, one document read
// by _id. Seq counts the requests to compute it again (one per scored
// submission); Pending is cleared only by a computation that started after
// the last request.
type FlagSet struct {
	ID  string `bson:"_id"`
	Seq int    `bson:"-"`
	// Rev counts the writes of the flags and their decisions.
	Rev        int        `bson:"rev"`
	Pending    bool       `bson:"-"`
	Flags      []Flag     `bson:"flags,omitempty"`
	ComputedAt *time.Time `bson:"computed_at,omitempty"`
}

// rev is the guard on the revision read: a document never rewritten has none.
func (f FlagSet) rev() any {
	if f.Rev == 0 {
		// Not nil: an upsert filtering on rev: null would insert a null to increment.
		return bson.M{"$exists": false}
	}
	return f.Rev
}

// Flag is a pattern the host should look at; its id derives from what it
// names, so a decision stays with it when the flags are computed again.
type Flag struct {
	ID         string        `bson:"id" json:"id"`
	Kind       string        `bson:"kind" json:"kind"`
	PhaseID    string        `bson:"phase_id" json:"phase_id"`
	TeamIDs    []string      `bson:"team_ids" json:"team_ids"`
	TeamNames  []string      `bson:"team_names" json:"team_names"`
	UserID     string        `bson:"user_id,omitempty" json:"user_id,omitempty"`
	Agreement  float64       `bson:"agreement,omitempty" json:"agreement,omitempty"`
	Detail     string        `bson:"detail" json:"detail"`
	DetectedAt time.Time     `bson:"detected_at" json:"detected_at"`
	Decision   *FlagDecision `bson:"decision,omitempty" json:"decision,omitempty"`
}

// FlagDecision is the host's decision on a flag.
type FlagDecision struct {
	Decision string    `bson:"decision" json:"decision"`
	Reason   string    `bson:"reason" json:"reason"`
	By       string    `bson:"by" json:"by"`
	At       time.Time `bson:"at" json:"at"`
}

// FlagsView is the host's list of flags.
type FlagsView struct {
	ComputedAt *time.Time `json:"computed_at,omitempty"`
	// Pending says a computation is due: scores arrived since the last one.
	Pending bool   `json:"pending"`
	Items   []Flag `json:"items"`
}

// requestIntegrityCheck records that a competition's flags are due and
// enqueues their computation on the bulk queue.
func (s *Service) requestIntegrityCheck(ctx context.Context, competitionID string) error {
	if err := s.store.RequestFlags(ctx, competitionID); err != nil {
		return err
	}
	if _, err := s.queue.Add(ctx, jobs.NewIntegrityTask(competitionID, 0)); err != nil {
		s.log.Warn("enqueue the integrity check; the reconciler will", "competition", competitionID, "err", err)
	}
	return nil
}

// HandleIntegrityTask is the asynq handler of jobs.TypeIntegrity.
func (s *Service) HandleIntegrityTask(ctx context.Context, t *asynq.Task) error {
	id, err := jobs.CompetitionIDOf(t)
	if err != nil {
		return err
	}
	err = s.CheckIntegrity(ctx, id)
	if apperr.Is(err, apperr.NotFound) {
		return fmt.Errorf("check integrity of %s: %w: %w", id, err, asynq.SkipRetry)
	}
	return err
}

// integrityRuns lets one integrity check of a competition run at a time in
// this process: a check asked for while one runs makes that one run once
// more, so a burst of scores costs a few checks, not one each.
type integrityRuns struct {
	mu      sync.Mutex
	running map[string]bool // by competition: whether it is asked for again
}

func newIntegrityRuns() *integrityRuns {
	return &integrityRuns{running: map[string]bool{}}
}

// start reports whether the caller is to run the check; if not, the
// running one will run again.
func (r *integrityRuns) start(competitionID string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.running[competitionID]; ok {
		r.running[competitionID] = true
		return false
	}
	r.running[competitionID] = false
	return true
}

// again reports whether the check was asked for while it ran; if not, or
// if it failed, the run ends.
func (r *integrityRuns) again(competitionID string, failed bool) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.running[competitionID] && !failed {
		r.running[competitionID] = false
		return true
	}
	delete(r.running, competitionID)
	return false
}

// CheckIntegrity computes a competition's flags, if due, from its boards
// and the submissions' files, keeping the host's decisions; scores that
// arrive meanwhile make it run again. While a check of the competition runs
// in this process, it returns at once and that check runs once more.
func (s *Service) CheckIntegrity(ctx context.Context, competitionID string) error {
	if !s.checks.start(competitionID) {
		return nil
	}
	for {
		err := s.checkIntegrity(ctx, competitionID)
		if !s.checks.again(competitionID, err != nil) {
			return err
		}
	}
}

func (s *Service) checkIntegrity(ctx context.Context, competitionID string) error {
	seq := 0
	for range 5 {
		fs, err := s.store.Flags(ctx, competitionID)
		if err != nil || !fs.Pending {
			return err
		}
		seq = fs.Seq
		c, err := s.store.Competition(ctx, competitionID)
		if err != nil {
			return err
		}
		flags, err := s.computeFlags(ctx, c)
		if err != nil {
			return err
		}
		decided := map[string]*FlagDecision{}
		for _, f := range fs.Flags {
			decided[f.ID] = f.Decision
		}
		for i := range flags {
			flags[i].Decision = decided[flags[i].ID]
		}
		now := s.clock()
		ok, err := s.store.UpsertFlags(ctx, competitionID, bson.M{"rev": fs.rev()},
			bson.M{"$set": bson.M{"flags": flags, "computed_at": now}, "$inc": bson.M{"rev": 1}})
		if err != nil {
			return err
		}
		if !ok {
			// A host's decision came between: compute again with it.
			continue
		}
		// Requests that came while computing keep the check pending.
		if settled, err := s.store.SettleFlagRequests(ctx, competitionID, seq); err != nil || settled {
			return err
		}
	}
	// Scores keep arriving. Their requests found this task's id taken, so a
	// task of its own goes on with them.
	if _, err := s.queue.Add(ctx, jobs.NewIntegrityTask(competitionID, seq)); err != nil {
		return fmt.Errorf("check integrity of %s: scores keep arriving: %w", competitionID, err)
	}
	return nil
}

// computeFlags finds, per phase, the groups of teams whose best
// submissions are near-identical and the top-decile teams a member reached
// soon after joining.
func (s *Service) computeFlags(ctx context.Context, c Competition) ([]Flag, error) {
	now := s.clock()
	flags := []Flag{}
	for _, ph := range c.Phases {
		b, err := s.store.Board(ctx, boardID(c.ID, ph.ID))
		if err != nil {
			return nil, err
		}
		rows := b.rows(BoardPublic)
		if len(rows) == 0 {
			continue
		}
		best := map[string]Candidate{}
		for _, bt := range b.Teams {
			if len(bt.Top) > 0 {
				best[bt.TeamID] = bt.Top[0]
			}
		}
		pairs, err := s.nearIdentical(ctx, c, ph, rows[:min(len(rows), maxComparedTeams)], best, now)
		if err != nil {
			return nil, err
		}
		flags = append(flags, pairs...)
		quick, err := s.quickTopScores(ctx, c, ph, rows[:min((len(rows)+9)/10, maxComparedTeams)], best, now)
		if err != nil {
			return nil, err
		}
		flags = append(flags, quick...)
	}
	return flags, nil
}

func (s *Service) nearIdentical(ctx context.Context, c Competition, ph Phase, rows []Row, best map[string]Candidate, now time.Time) ([]Flag, error) {
	if len(rows) < 2 {
		return nil, nil
	}
	sol, err := s.solution(ctx, c, ph)
	if err != nil {
		return nil, err
	}
	kept := s.comparisons.phase(solutionCacheKey(c.ID, ph.ID, ph.Solution.UploadID), sol)
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = best[r.TeamID].SubmissionID
	}
	defer s.comparisons.retain(kept, ids)
	// Only the submissions of pairs not compared before are read, each once.
	read := map[string]*scoring.Predictions{}
	predictions := func(id string) (*scoring.Predictions, error) {
		if p, ok := read[id]; ok {
			return p, nil
		}
		p, ok := s.comparisons.predictions(kept, id)
		if !ok {
			var err error
			if p, err = s.readPredictions(ctx, c, ph, sol, id); err != nil {
				return nil, err
			}
			if p != nil {
				s.comparisons.keep(kept, id, p)
			}
		}
		read[id] = p
		return p, nil
	}
	// Teams whose best submissions agree are flagged as one group, the
	// teams linked by agreements above the threshold: a sample submission
	// sent by 200 teams is one flag, not 19,900. A group is named by its
	// members, so a decision stays with the group decided on, and a team
	// joining it makes a new flag for the host to look at.
	group := make([]int, len(rows))
	for i := range group {
		group[i] = i
	}
	var root func(int) int
	root = func(i int) int {
		if group[i] != i {
			group[i] = root(group[i])
		}
		return group[i]
	}
	highest := map[int]float64{}
	for i := range rows {
		for j := i + 1; j < len(rows); j++ {
			a, ok := s.comparisons.agreement(kept, ids[i], ids[j])
			if !ok {
				pi, err := predictions(ids[i])
				if err != nil {
					return nil, err
				}
				pj, err := predictions(ids[j])
				if err != nil {
					return nil, err
				}
				if pi == nil || pj == nil {
					continue
				}
				if a, err = scoring.Agreement(pi, pj); err != nil {
					return nil, err
				}
				s.comparisons.setAgreement(kept, ids[i], ids[j], a)
			}
			if a <= NearIdenticalAgreement {
				continue
			}
			ri, rj := root(i), root(j)
			top := max(a, highest[ri], highest[rj])
			group[rj] = ri
			highest[ri] = top
		}
	}
	members := map[int][]Row{}
	for i, r := range rows {
		members[root(i)] = append(members[root(i)], r)
	}
	var flags []Flag
	for g, teams := range members {
		if len(teams) < 2 {
			continue
		}
		slices.SortFunc(teams, func(x, y Row) int { return strings.Compare(x.TeamID, y.TeamID) })
		f := Flag{Kind: FlagNearIdentical, PhaseID: ph.ID, Agreement: highest[g], DetectedAt: now}
		for _, t := range teams {
			f.TeamIDs, f.TeamNames = append(f.TeamIDs, t.TeamID), append(f.TeamNames, t.TeamName)
		}
		sum := sha256.Sum256([]byte(strings.Join(f.TeamIDs, "\n")))
		f.ID = FlagNearIdentical + ":" + ph.ID + ":" + hex.EncodeToString(sum[:8])
		f.Detail = fmt.Sprintf("the best submissions of %s agree at up to %.4f", namesOf(f.TeamNames), f.Agreement)
		flags = append(flags, f)
	}
	slices.SortFunc(flags, func(x, y Flag) int { return strings.Compare(x.ID, y.ID) })
	return flags, nil
}

// namesOf lists the first teams' names, quoted, and how many more there are.
func namesOf(names []string) string {
	const shown = 5
	quoted := make([]string, 0, shown)
	for _, n := range names[:min(len(names), shown)] {
		quoted = append(quoted, strconv.Quote(n))
	}
	if more := len(names) - len(quoted); more > 0 {
		return fmt.Sprintf("%s and %d other teams", strings.Join(quoted, ", "), more)
	}
	return strings.Join(quoted[:len(quoted)-1], ", ") + " and " + quoted[len(quoted)-1]
}

// readPredictions reads a stored submission against the solution; a file
// no longer stored, or no longer valid, is left out.
func (s *Service) readPredictions(ctx context.Context, c Competition, ph Phase, sol *scoring.Solution, submissionID string) (*scoring.Predictions, error) {
	p, err := s.predictions(ctx, c, ph, sol, submissionID)
	var fe *scoring.FileError
	if errors.Is(err, blob.ErrNotFound) || errors.As(err, &fe) {
		return nil, nil
	}
	return p, err
}

func (s *Service) quickTopScores(ctx context.Context, c Competition, ph Phase, top []Row, best map[string]Candidate, now time.Time) ([]Flag, error) {
	var flags []Flag
	prefix := c.ID + ":" + ph.ID + ":"
	shown := make(map[string]bool, len(top))
	for _, r := range top {
		b := best[r.TeamID]
		key := prefix + r.TeamID
		shown[key] = true
		hits, ok := s.quick.get(key, b.SubmissionID)
		if !ok {
			var err error
			if hits, err = s.quickHits(ctx, c, r.TeamID, b.At); err != nil {
				return nil, err
			}
			s.quick.set(key, b.SubmissionID, hits)
		}
		for _, h := range hits {
			flags = append(flags, Flag{ID: FlagQuickTopScore + ":" + ph.ID + ":" + r.TeamID + ":" + h.userID, Kind: FlagQuickTopScore, PhaseID: ph.ID,
				TeamIDs: []string{r.TeamID}, TeamNames: []string{r.TeamName}, UserID: h.userID, DetectedAt: now,
				Detail: fmt.Sprintf("%s joined %s before the team's rank-%d submission", h.name, h.gap.Round(time.Second), r.Rank)})
		}
	}
	s.quick.retain(prefix, shown)
	return flags, nil
}

// quickHit is a member who joined a team within QuickWindow before its best submission.
type quickHit struct {
	userID, name string
	gap          time.Duration
}

// quickHits finds the members of a team who joined within QuickWindow
// before its best submission, made at.
func (s *Service) quickHits(ctx context.Context, c Competition, teamID string, at time.Time) ([]quickHit, error) {
	t, err := s.store.Team(ctx, teamID)
	if apperr.Is(err, apperr.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var hits []quickHit
	for _, m := range t.Members {
		e, err := s.store.Entry(ctx, entryID(c.ID, m.UserID))
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if gap := at.Sub(e.AcceptedRulesAt); gap >= 0 && gap <= QuickWindow {
			hits = append(hits, quickHit{userID: m.UserID, name: m.Name, gap: gap})
		}
	}
	return hits, nil
}

// quickChecks keeps, per phase and team, the members found to have joined
// just before the team's best submission. They depend only on that
// submission and on when the members joined, and a member joining after it
// cannot be one: a check reads a team and its members' entries again only
// when its best submission changed, not 200 teams at every scored
// submission.
type quickChecks struct {
	mu    sync.Mutex
	teams map[string]quickTeam // by competition, phase and team ids
}

type quickTeam struct {
	submissionID string
	hits         []quickHit
}

func newQuickChecks() *quickChecks { return &quickChecks{teams: map[string]quickTeam{}} }

// get returns a team's hits if they were found for this best submission.
func (q *quickChecks) get(key, submissionID string) ([]quickHit, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	t, ok := q.teams[key]
	return t.hits, ok && t.submissionID == submissionID
}

func (q *quickChecks) set(key, submissionID string, hits []quickHit) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.teams[key] = quickTeam{submissionID: submissionID, hits: hits}
}

// retain keeps, of the teams under prefix, only those a check looked at.
func (q *quickChecks) retain(prefix string, shown map[string]bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for key := range q.teams {
		if strings.HasPrefix(key, prefix) && !shown[key] {
			delete(q.teams, key)
		}
	}
}

// Flags returns a competition's integrity flags to its host.
func (s *Service) Flags(ctx context.Context, p auth.Principal, slug string) (FlagsView, error) {
	c, err := s.hosted(ctx, p, slug)
	if err != nil {
		return FlagsView{}, err
	}
	fs, err := s.store.Flags(ctx, c.ID)
	if err != nil {
		return FlagsView{}, err
	}
	v := FlagsView{ComputedAt: fs.ComputedAt, Pending: fs.Pending, Items: fs.Flags}
	if v.Items == nil {
		v.Items = []Flag{}
	}
	return v, nil
}

// DecideFlag records the host's decision on a flag, audited: dismiss it,
// or disqualify its team (of a pair, the one named, or both).
func (s *Service) DecideFlag(ctx context.Context, p auth.Principal, slug, flagID string, req FlagDecisionRequest) (Flag, error) {
	c, err := s.hosted(ctx, p, slug)
	if err != nil {
		return Flag{}, err
	}
	var v apperr.Validation
	v.Check(req.Decision == DecisionDismiss || req.Decision == DecisionDisqualify, "decision", "must be dismiss or disqualify")
	checkText(&v, "reason", req.Reason, 3, 1000)
	if err := v.Err(); err != nil {
		return Flag{}, err
	}
	fs, err := s.store.Flags(ctx, c.ID)
	if err != nil {
		return Flag{}, err
	}
	i := slices.IndexFunc(fs.Flags, func(f Flag) bool { return f.ID == flagID })
	if i < 0 {
		return Flag{}, apperr.NotFoundf("no such flag")
	}
	f := fs.Flags[i]
	if f.Decision != nil {
		return Flag{}, apperr.Conflictf("flag-decided", "this flag was decided already (%s)", f.Decision.Decision)
	}
	teams := f.TeamIDs
	if req.TeamID != "" {
		if !slices.Contains(f.TeamIDs, req.TeamID) {
			return Flag{}, apperr.InvalidField("team_id", "must be one of the flag's teams")
		}
		teams = []string{req.TeamID}
	}
	now := s.clock()
	if req.Decision == DecisionDismiss {
		a := AuditEntry{ID: newID(), CompetitionID: c.ID, Action: ActionDismissFlag, FlagID: f.ID, By: p.UserID, At: now, Reason: req.Reason}
		if err := s.store.InsertAudit(ctx, a); err != nil {
			return Flag{}, err
		}
	} else {
		for _, id := range teams {
			t, err := s.store.Team(ctx, id)
			if err != nil {
				return Flag{}, err
			}
			if t.Disqualified {
				continue
			}
			if _, err := s.setDisqualified(ctx, p, c, t, req.Reason, true, f.ID); err != nil {
				return Flag{}, err
			}
		}
	}
	f.Decision = &FlagDecision{Decision: req.Decision, Reason: req.Reason, By: p.UserID, At: now}
	// The check rewrites the flags: the decision goes on the flag at the
	// revision read, again if the check wrote meanwhile.
	for range 5 {
		fs, err := s.store.Flags(ctx, c.ID)
		if err != nil {
			return Flag{}, err
		}
		i := slices.IndexFunc(fs.Flags, func(x Flag) bool { return x.ID == flagID })
		if i < 0 {
			return Flag{}, apperr.NotFoundf("no such flag")
		}
		_, ok, err := s.store.UpdateFlags(ctx, c.ID, bson.M{"rev": fs.rev()},
			bson.M{"$set": bson.M{fmt.Sprintf("flags.%d.decision", i): f.Decision}, "$inc": bson.M{"rev": 1}})
		if err != nil || ok {
			return f, err
		}
	}
	return Flag{}, apperr.New(apperr.Unavailable, "busy", "the flags are being computed; try again")
}
