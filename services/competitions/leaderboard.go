package competitions

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"academy/services/competitions/scoring"
	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/events"
)

// Board is the state a phase's leaderboard is ranked from, one document
// read by _id: each team with its best public score and the submissions
// that count for the private board (the final selections, by default the
// best public ones). Every write of it ranks it again into its public and
// private ranked views (rankedHead), pages of rows that leaderboards read.
// The frozen private board of a finalised competition is a second document
// holding the CompetitionFinalised event; its final rows are the ranked
// view viewFinal.
type Board struct {
	ID        string      `bson:"_id"`
	Rev       int         `bson:"rev"`
	Direction string      `bson:"direction"`
	Teams     []BoardTeam `bson:"teams"`
	Frozen    bool        `bson:"frozen"`
	// Final holds the final rows of a board frozen before they were
	// ranked into pages; rankedRows moves them there when first read.
	Final []Row `bson:"final,omitempty"`
	// Excluded are the disqualified teams, off both boards.
	Excluded []string `bson:"excluded,omitempty"`
	// Baselines are the host's scored baselines, shown beside the ranking.
	Baselines []BoardBaseline `bson:"baselines,omitempty"`
	// Outbox holds the CompetitionFinalised event until it is in the outbox.
	Outbox map[string]events.Event `bson:"outbox,omitempty"`
	// ShardRevs are the revisions of the board's shards as its last write
	// left them, so that a reader knows which shards it holds already.
	ShardRevs []int `bson:"shard_revs,omitempty"`
	// load is what Store.Board read, which PutBoardState writes over.
	load *boardLoad
}

// BoardTeam is a team on a board.
type BoardTeam struct {
	TeamID string `bson:"team_id"`
	Name   string `bson:"name"`
	// Top are the team's best submissions by public score, best first, as
	// many as the competition's final selections.
	Top []Candidate `bson:"top"`
	// Selected are the team's final selections: the private board ranks
	// the team by the best of them, or of Top when there are none.
	Selected []Candidate `bson:"selected,omitempty"`
	// SelectionRev is the team's SelectionRev that Selected shows: an older
	// selection arriving late does not overwrite a newer one.
	SelectionRev int       `bson:"selection_rev,omitempty"`
	Entries      int       `bson:"entries"`
	LastAt       time.Time `bson:"last_at"`
}

// Candidate is a scored submission on a board.
type Candidate struct {
	SubmissionID string    `bson:"submission_id"`
	Public       float64   `bson:"public"`
	Private      float64   `bson:"private"`
	At           time.Time `bson:"at"`
}

// BoardBaseline is a host's baseline on a board.
type BoardBaseline struct {
	SubmissionID string  `bson:"submission_id"`
	Name         string  `bson:"name"`
	Public       float64 `bson:"public"`
	Private      float64 `bson:"private"`
}

// Row is a team's place on a board.
type Row struct {
	// Rank is the row's position, counted when it is read.
	Rank     int       `bson:"-" json:"rank"`
	TeamID   string    `bson:"team_id" json:"team_id"`
	TeamName string    `bson:"team_name" json:"team_name"`
	Score    float64   `bson:"score" json:"score"`
	Entries  int       `bson:"entries" json:"entries"`
	LastAt   time.Time `bson:"last_submission_at" json:"last_submission_at"`
	IsMe     bool      `bson:"-" json:"is_me"`
	// PublicRank is the team's rank on the public board, beside its rank
	// on a private one: stored on the frozen board, counted when read on a
	// live one, where PublicKey says where the team stands on the public.
	PublicRank int      `bson:"public_rank,omitempty" json:"public_rank,omitempty"`
	Key        rankKey  `bson:"key" json:"-"`
	PublicKey  *rankKey `bson:"public_key,omitempty" json:"-"`
}

func boardID(competitionID, phaseID string) string { return competitionID + ":" + phaseID }

func frozenBoardID(competitionID, phaseID string) string {
	return competitionID + ":" + phaseID + ":" + BoardPrivate
}

// viewFinal names the ranked view of a frozen private board.
const viewFinal = "final"

// rankedID is the id of the head of a board's ranked view: public,
// private or viewFinal.
func rankedID(boardID, view string) string { return boardID + ":" + view + ":ranked" }

// better reports whether score a beats b in the direction; a tie goes to
// the earlier submission.
func better(dir scoring.Direction, a, b float64, aAt, bAt time.Time) bool {
	if a != b {
		if dir == scoring.LowerIsBetter {
			return a < b
		}
		return a > b
	}
	return aAt.Before(bAt)
}

// add puts a scored submission on the board, idempotently: a submission
// already there changes nothing but the team's counters.
func (b *Board) add(t Team, sub Submission, keep int) {
	dir := scoring.Direction(b.Direction)
	i := slices.IndexFunc(b.Teams, func(bt BoardTeam) bool { return bt.TeamID == t.ID })
	if i < 0 {
		b.Teams = append(b.Teams, BoardTeam{TeamID: t.ID})
		i = len(b.Teams) - 1
	}
	bt := &b.Teams[i]
	bt.Name, bt.Entries = t.Name, t.Total
	if sub.CreatedAt.After(bt.LastAt) {
		bt.LastAt = sub.CreatedAt
	}
	if slices.ContainsFunc(bt.Top, func(c Candidate) bool { return c.SubmissionID == sub.ID }) {
		return
	}
	bt.Top = bestCandidates(dir, append(bt.Top, candidate(sub)), keep)
}

func candidate(sub Submission) Candidate {
	return Candidate{SubmissionID: sub.ID, Public: *sub.PublicScore, Private: *sub.PrivateScore, At: sub.CreatedAt}
}

// best returns the submission a team is ranked by: its best public score,
// or on the private board the best private score among its counted
// submissions (its final selections, or its best public ones).
func (bt BoardTeam) best(dir scoring.Direction, board string) Candidate {
	best := bt.Top[0]
	if board == BoardPrivate {
		pool := bt.Top
		if len(bt.Selected) > 0 {
			pool = bt.Selected
		}
		best = pool[0]
		for _, c := range pool[1:] {
			if better(dir, c.Private, best.Private, c.At, best.At) {
				best = c
			}
		}
	}
	return best
}

// key returns where the team sorts on a board; false when it is not ranked.
func (bt BoardTeam) key(dir scoring.Direction, board string) (rankKey, bool) {
	if len(bt.Top) == 0 {
		return rankKey{}, false
	}
	c := bt.best(dir, board)
	score := c.Public
	if board == BoardPrivate {
		score = c.Private
	}
	return rankKey{Score: score, At: c.At, Sub: c.SubmissionID}, true
}

// rows ranks the board's teams on the public or the private board. Rows
// of the private board say where each team stands on the public one.
func (b *Board) rows(board string) []Row {
	dir := scoring.Direction(b.Direction)
	rows := make([]Row, 0, len(b.Teams))
	for _, bt := range b.Teams {
		k, ok := bt.key(dir, board)
		if !ok || slices.Contains(b.Excluded, bt.TeamID) {
			continue
		}
		r := Row{TeamID: bt.TeamID, TeamName: bt.Name, Score: k.Score, Entries: bt.Entries, LastAt: bt.LastAt, Key: k}
		if board == BoardPrivate {
			pk, _ := bt.key(dir, BoardPublic)
			r.PublicKey = &pk
		}
		rows = append(rows, r)
	}
	slices.SortFunc(rows, func(x, y Row) int { return compareKeys(dir, x.Key, y.Key) })
	for i := range rows {
		rows[i].Rank = i + 1
	}
	return rows
}

// withPublicRanks sets each private row's rank on the public board.
func (b *Board) withPublicRanks(private []Row) []Row {
	public := map[string]int{}
	for _, r := range b.rows(BoardPublic) {
		public[r.TeamID] = r.Rank
	}
	for i := range private {
		private[i].PublicRank = public[private[i].TeamID]
	}
	return private
}

// placeOnBoard puts a scored submission on its phase's board: read, add,
// write back at the revision read, again if another writer came first.
// known is the submission's competition if the caller read it (nil: it is read).
func (s *Service) placeOnBoard(ctx context.Context, known *Competition, sub Submission) error {
	c, err := s.competitionOf(ctx, known, sub)
	if err != nil {
		return err
	}
	ph, ok := c.Phase(sub.PhaseID)
	if !ok {
		return nil
	}
	m, err := scoring.LookupMetric(ph.Evaluation.Metric)
	if err != nil {
		return fmt.Errorf("board of %s: %w", ph.ID, err)
	}
	if sub.Baseline {
		return s.editBoard(ctx, boardID(c.ID, ph.ID), func(b *Board) error {
			b.Direction = string(m.Direction)
			if !slices.ContainsFunc(b.Baselines, func(x BoardBaseline) bool { return x.SubmissionID == sub.ID }) {
				b.Baselines = append(b.Baselines, BoardBaseline{SubmissionID: sub.ID, Name: sub.BaselineName, Public: *sub.PublicScore, Private: *sub.PrivateScore})
			}
			return nil
		})
	}
	team, err := s.store.Team(ctx, sub.TeamID)
	if err != nil {
		return err
	}
	// A submission of a team merged away counts for the team it joined.
	for range 8 {
		if team.MergedInto == "" {
			break
		}
		if team, err = s.store.Team(ctx, team.MergedInto); err != nil {
			return err
		}
	}
	return s.editBoard(ctx, boardID(c.ID, ph.ID), func(b *Board) error {
		b.Direction = string(m.Direction)
		b.add(team, sub, max(1, c.FinalSelections))
		return nil
	})
}

// errBoardUnchanged, returned by a board's edit, says that the board
// already shows what the edit would write: nothing is written.
var errBoardUnchanged = errors.New("the board is unchanged")

// Retries of a board edit that another writer came before: each waits a
// little longer, by a random part, so that writers racing spread out.
const (
	boardEditTries = 50
	boardEditPause = 2 * time.Millisecond
)

// editBoard applies edit to a board: read, edit, write back at the
// revision read, again if another writer came first. An edit that fails
// writes nothing.
func (s *Service) editBoard(ctx context.Context, id string, edit func(*Board) error) error {
	for i := range boardEditTries {
		b, err := s.store.Board(ctx, id)
		if err != nil {
			return err
		}
		if err := edit(&b); err != nil {
			if errors.Is(err, errBoardUnchanged) {
				return nil
			}
			return err
		}
		b.Rev++
		ok, err := s.store.PutBoardState(ctx, b)
		if err != nil {
			return err
		}
		if ok {
			return s.rank(ctx, b, BoardPublic)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(rand.Int64N(int64(min(i+1, 10)) * int64(boardEditPause)))):
		}
	}
	return fmt.Errorf("edit leaderboard %s: too many concurrent writers", id)
}

// rank shows the board's rows as these ranked views. A board's write ranks
// the public view alone: the private one, which only the host reads before
// the end, is ranked when read behind the board, which spares each score
// half the ranking's writes.
func (s *Service) rank(ctx context.Context, b Board, views ...string) error {
	for _, view := range views {
		if err := s.store.PutRanked(ctx, rankedID(b.ID, view), b.Rev, scoring.Direction(b.Direction), b.rows(view), b.Baselines); err != nil {
			return err
		}
	}
	return nil
}

// rankedRows returns the head of a ranked view of a phase's board, the
// rows from offset up to limit of them, and the row of team myTeam, if
// ranked. The rows are the reader's own to change.
func (s *Service) rankedRows(ctx context.Context, competitionID, phaseID, view string, offset, limit int, myTeam string) (rankedHead, []Row, *Row, error) {
	id := rankedID(boardID(competitionID, phaseID), view)
	for range 5 {
		head, err := s.store.RankedHead(ctx, id)
		if err != nil {
			return head, nil, nil, err
		}
		if head, err = s.rankBehind(ctx, head, competitionID, phaseID, view); err != nil {
			return head, nil, nil, err
		}
		rows, err := s.rowsOf(ctx, head, offset, limit)
		var mine *Row
		if err == nil && myTeam != "" {
			mine, err = s.teamRow(ctx, head, boardID(competitionID, phaseID), view, myTeam)
		}
		if errors.Is(err, errPageGone) {
			// A later ranking replaced the pages of the head read.
			s.store.shownBoards.forget(id)
			continue
		}
		return head, rows, mine, err
	}
	return rankedHead{}, nil, nil, fmt.Errorf("read leaderboard %s: it changed at every read", id)
}

// rowsOf reads the rows of a ranked view from offset up to limit of them.
func (s *Service) rowsOf(ctx context.Context, head rankedHead, offset, limit int) ([]Row, error) {
	end := min(offset+limit, head.Count)
	rows := []Row{}
	start := 0 // the position of the page's first row
	for _, ref := range head.Pages {
		if start >= end {
			break
		}
		if start+ref.N > offset {
			page, err := s.store.RankedPage(ctx, ref.ID)
			if err != nil {
				return nil, err
			}
			for i := max(offset-start, 0); i < min(end-start, len(page)); i++ {
				r := page[i]
				r.Rank = start + i + 1
				rows = append(rows, r)
			}
		}
		start += ref.N
	}
	return rows, nil
}

// teamRow returns a team's row on a ranked view, nil when it is not ranked
// there. The team's key on its board says which page holds it.
func (s *Service) teamRow(ctx context.Context, head rankedHead, boardID, view, teamID string) (*Row, error) {
	if head.Ranks != nil {
		rank, ok := head.Ranks[teamID]
		if !ok {
			return nil, nil
		}
		rows, err := s.rowsOf(ctx, head, rank-1, 1)
		if err != nil || len(rows) == 0 || rows[0].TeamID != teamID {
			return nil, err
		}
		return &rows[0], nil
	}
	bt, ok, err := s.store.BoardTeam(ctx, boardID, teamID)
	if err != nil || !ok {
		return nil, err
	}
	board := view
	if view == viewFinal {
		board = BoardPrivate
	}
	k, ok := bt.key(scoring.Direction(head.Direction), board)
	if !ok {
		return nil, nil
	}
	return s.rowAt(ctx, head, k, teamID)
}

// rowAt returns the row of a team whose key is k on a ranked view, nil
// when the page that key falls on does not hold the team: it is not
// ranked there, or it moved since the view was ranked.
func (s *Service) rowAt(ctx context.Context, head rankedHead, k rankKey, teamID string) (*Row, error) {
	dir := scoring.Direction(head.Direction)
	start := 0
	for i, ref := range head.Pages {
		if i < len(head.Pages)-1 && compareKeys(dir, k, ref.Last) > 0 {
			start += ref.N
			continue
		}
		page, err := s.store.RankedPage(ctx, ref.ID)
		if err != nil {
			return nil, err
		}
		for j, r := range page {
			if r.TeamID == teamID {
				r.Rank = start + j + 1
				return &r, nil
			}
		}
		return nil, nil
	}
	return nil, nil
}

// withPublicRanks sets the public rank of the rows of a live private
// board, read from the public board's ranked view.
func (s *Service) withPublicRanks(ctx context.Context, competitionID, phaseID string, rows []Row) error {
	public, err := s.store.RankedHead(ctx, rankedID(boardID(competitionID, phaseID), BoardPublic))
	if err != nil {
		return err
	}
	for i, r := range rows {
		if r.PublicRank != 0 || r.PublicKey == nil {
			continue
		}
		p, err := s.rowAt(ctx, public, *r.PublicKey, r.TeamID)
		if errors.Is(err, errPageGone) {
			// The public board moved on: its rank shows at the next read.
			continue
		}
		if err != nil {
			return err
		}
		if p != nil {
			rows[i].PublicRank = p.Rank
		}
	}
	return nil
}

// rankBehind ranks into pages a board whose ranked view is behind it: a
// writer that stopped between writing the board and ranking it, a board
// stored before its views were, or the final rows a frozen board held
// itself before they were ranked. It returns the view's head as it is then.
func (s *Service) rankBehind(ctx context.Context, head rankedHead, competitionID, phaseID, view string) (rankedHead, error) {
	id := boardID(competitionID, phaseID)
	if view == viewFinal {
		if head.Rev > 0 {
			return head, nil
		}
		frozen, err := s.store.Board(ctx, frozenBoardID(competitionID, phaseID))
		if err != nil || !frozen.Frozen {
			return head, err
		}
		if err := s.store.PutRanked(ctx, head.ID, 1, scoring.Direction(frozen.Direction), frozen.Final, frozen.Baselines); err != nil {
			return head, err
		}
		return s.store.RankedHead(ctx, head.ID)
	}
	revs, err := s.store.BoardRevs(ctx, id)
	if err != nil || (revs.Rev <= head.Rev && !head.legacy) {
		return head, err
	}
	// Reading and ranking a large board is costly: the readers that find it
	// behind share one catch-up, which outlives the reader that started it.
	done := s.catchUps.DoChan(id, func() (any, error) {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), catchUpTimeout)
		defer cancel()
		b, err := s.store.Board(ctx, id)
		if err != nil {
			return nil, err
		}
		return nil, s.rank(ctx, b, BoardPublic, BoardPrivate)
	})
	// With ranked pages to show meanwhile, a reader waits for it only a little.
	var shown <-chan time.Time
	if head.Rev > 0 {
		t := time.NewTimer(s.catchUpWait)
		defer t.Stop()
		shown = t.C
	}
	select {
	case r := <-done:
		if r.Err != nil {
			return head, r.Err
		}
		return s.store.RankedHead(ctx, head.ID)
	case <-shown:
		return head, nil
	case <-ctx.Done():
		return head, ctx.Err()
	}
}

// How long a reader waits for the catch-up of a board behind before it is
// shown the ranking it found, and how long the catch-up may take.
const (
	catchUpWait    = 200 * time.Millisecond
	catchUpTimeout = time.Minute
)

// Leaderboard returns a page of a phase's board. The private board is the
// host's alone until the competition is finished; then it is the frozen one.
func (s *Service) Leaderboard(ctx context.Context, p auth.Principal, slug, phaseID, board string, offset, limit int) (LeaderboardView, error) {
	c, host, err := s.visible(ctx, p, slug)
	if err != nil {
		return LeaderboardView{}, err
	}
	if board == "" {
		board = BoardPublic
	}
	if board != BoardPublic && board != BoardPrivate {
		return LeaderboardView{}, apperr.InvalidField("board", "must be public or private")
	}
	ph := c.FinalPhase()
	if phaseID != "" {
		var ok bool
		if ph, ok = c.Phase(phaseID); !ok {
			return LeaderboardView{}, apperr.NotFoundf("no such phase")
		}
	} else if cur, ok := currentPhase(c, s.clock()); ok {
		ph = cur
	}
	if board == BoardPrivate && c.State != StateFinished && !host {
		return LeaderboardView{}, apperr.New(apperr.Forbidden, "private-board-hidden", "the private leaderboard is shown once the competition is finished")
	}
	v := LeaderboardView{PhaseID: ph.ID, Board: board, Baselines: []Baseline{}}
	var myTeam string
	if p.Authenticated() {
		if e, err := s.store.Entry(ctx, entryID(c.ID, p.UserID)); err == nil {
			myTeam = e.TeamID
		}
	}
	view := board
	if board == BoardPrivate && c.State == StateFinished {
		view, v.Frozen = viewFinal, true
	}
	head, rows, mine, err := s.rankedRows(ctx, c.ID, ph.ID, view, offset, limit, myTeam)
	if err != nil {
		return v, err
	}
	if view == BoardPrivate {
		if mine != nil {
			rows = append(rows, *mine)
		}
		if err := s.withPublicRanks(ctx, c.ID, ph.ID, rows); err != nil {
			return v, err
		}
		if mine != nil {
			*mine, rows = rows[len(rows)-1], rows[:len(rows)-1]
		}
	}
	for _, bl := range head.Baselines {
		score := bl.Public
		if board == BoardPrivate {
			score = bl.Private
		}
		v.Baselines = append(v.Baselines, Baseline{Name: bl.Name, Score: score})
	}
	v.Total, v.Items = head.Count, rows
	for i := range rows {
		rows[i].IsMe = rows[i].TeamID == myTeam
	}
	if mine != nil {
		mine.IsMe = true
		v.MyEntry = mine
	}
	if end := offset + len(rows); len(rows) > 0 && end < head.Count {
		v.next = end
	}
	return v, nil
}

// finaliseLease is how long a finalisation under way holds the
// competition: a request that finds it younger is told to wait, an older
// one (its process stopped) is taken over.
const finaliseLease = time.Minute

// Finalise freezes the final phase's private board once the competition
// has ended, recording CompetitionFinalised in the same write, and then
// marks the competition finished. One request finalises: it claims the
// competition with a guarded write, and the others are told that it is
// being finalised or was. Run again after a crash, once the claim has
// lapsed, it completes what is left.
func (s *Service) Finalise(ctx context.Context, p auth.Principal, slug string) error {
	c, err := s.hosted(ctx, p, slug)
	if err != nil {
		return err
	}
	now := s.clock()
	switch c.Status(now) {
	case StatusFinished:
		return errFinalised()
	case StatusFinalising:
	default:
		return apperr.Conflictf("competition-not-ended", "a competition is finalised after its end")
	}
	// Every submission made before the end counts: the board is frozen
	// once they are all scored or failed.
	set, err := s.store.Unfinished(ctx)
	if err != nil {
		return err
	}
	for _, p := range set {
		if p.CompetitionID == c.ID {
			return apperr.Conflictf("scoring-in-progress", "submissions are still being scored; finalise again in a minute")
		}
	}
	if err := s.claimFinalisation(ctx, c, now); err != nil {
		return err
	}
	ph := c.FinalPhase()
	frozenID := frozenBoardID(c.ID, ph.ID)
	frozen, err := s.store.Board(ctx, frozenID)
	if err != nil {
		return err
	}
	if !frozen.Frozen {
		if err := s.freeze(ctx, c, ph, frozenID, now); err != nil {
			return err
		}
	}
	finished, ok, err := s.store.UpdateCompetition(ctx, c.ID, bson.M{"state": StateFinalising},
		bson.M{"$set": bson.M{"state": StateFinished, "finalised_at": now}})
	if ok {
		s.index(ctx, finished)
	}
	return err
}

func errFinalised() error {
	return apperr.Conflictf("competition-finalised", "the competition is finalised already: its private leaderboard is frozen")
}

// claimFinalisation makes this request the one that finalises c: it moves
// a published competition to finalising, or takes over a finalisation whose
// claim has lapsed, with a write guarded by what was read.
func (s *Service) claimFinalisation(ctx context.Context, c Competition, now time.Time) error {
	guard := bson.M{"state": StatePublished}
	if c.State == StateFinalising {
		if c.FinalisingSince != nil && now.Sub(*c.FinalisingSince) < finaliseLease {
			return errFinalising(c.FinalisingSince.Add(finaliseLease).Sub(now))
		}
		var since any // nil matches a claim made before claims were dated
		if c.FinalisingSince != nil {
			since = *c.FinalisingSince
		}
		guard = bson.M{"state": StateFinalising, "finalising_since": since}
	}
	_, ok, err := s.store.UpdateCompetition(ctx, c.ID, guard, bson.M{"$set": bson.M{"state": StateFinalising, "finalising_since": now}})
	if err != nil || ok {
		return err
	}
	// Another request came first.
	latest, err := s.store.Competition(ctx, c.ID)
	if err != nil {
		return err
	}
	if latest.State == StateFinished {
		return errFinalised()
	}
	return errFinalising(finaliseLease)
}

func errFinalising(retry time.Duration) error {
	e := apperr.Conflictf("finalisation-in-progress", "the competition is being finalised; its results are published in a moment")
	e.RetryAfter = retry
	return e
}

func (s *Service) freeze(ctx context.Context, c Competition, ph Phase, frozenID string, now time.Time) error {
	b, err := s.store.Board(ctx, boardID(c.ID, ph.ID))
	if err != nil {
		return err
	}
	rows := b.withPublicRanks(b.rows(BoardPrivate))
	data := events.CompetitionFinalisedData{CompetitionID: c.ID, PhaseID: ph.ID, Metric: ph.Evaluation.Metric, Direction: b.Direction,
		Teams: len(rows), Ranking: make([]events.RankedTeam, len(rows)), FinalisedAt: now}
	for i, r := range rows {
		t, err := s.store.Team(ctx, r.TeamID)
		if err != nil {
			return err
		}
		members := make([]string, len(t.Members))
		for j, m := range t.Members {
			members[j] = m.UserID
		}
		data.Ranking[i] = events.RankedTeam{Rank: r.Rank, TeamID: r.TeamID, Name: r.TeamName, Members: members, Score: r.Score}
	}
	ev, err := events.New(events.CompetitionFinalised, data, now)
	if err != nil {
		return err
	}
	// The final rows are shown before the event that announces them is recorded.
	if err := s.store.PutRanked(ctx, rankedID(boardID(c.ID, ph.ID), viewFinal), 1, scoring.Direction(b.Direction), rows, b.Baselines); err != nil {
		return err
	}
	fb := Board{ID: frozenID, Rev: 1, Direction: b.Direction, Teams: []BoardTeam{}, Frozen: true, Baselines: b.Baselines, Outbox: map[string]events.Event{ev.ID: ev}}
	written, err := s.store.PutBoard(ctx, fb)
	if err != nil {
		return err
	}
	if written {
		if err := s.events.Publish(ctx, s.store.Outbox(), frozenID, ev); err != nil {
			// The outbox reconciler publishes it later.
			s.log.Warn("publish CompetitionFinalised", "competition", c.ID, "err", err)
		}
	}
	return nil
}

// mergeOnBoards moves an absorbed team's place on every board of the
// competition into the team that absorbed it.
func (s *Service) mergeOnBoards(ctx context.Context, c Competition, into Team, fromID string) error {
	keep := max(1, c.FinalSelections)
	for _, ph := range c.Phases {
		err := s.editBoard(ctx, boardID(c.ID, ph.ID), func(b *Board) error {
			i := slices.IndexFunc(b.Teams, func(bt BoardTeam) bool { return bt.TeamID == fromID })
			if i < 0 {
				return nil
			}
			from := b.Teams[i]
			b.Teams = slices.Delete(b.Teams, i, i+1)
			j := slices.IndexFunc(b.Teams, func(bt BoardTeam) bool { return bt.TeamID == into.ID })
			if j < 0 {
				b.Teams = append(b.Teams, BoardTeam{TeamID: into.ID})
				j = len(b.Teams) - 1
			}
			bt := &b.Teams[j]
			bt.Name, bt.Entries = into.Name, into.Total
			bt.LastAt = maxTime(bt.LastAt, from.LastAt)
			// Made again after a write of it stopped half-way, the team
			// absorbed may still be on the board with candidates already moved.
			for _, cand := range from.Top {
				if !slices.ContainsFunc(bt.Top, func(x Candidate) bool { return x.SubmissionID == cand.SubmissionID }) {
					bt.Top = append(bt.Top, cand)
				}
			}
			bt.Top = bestCandidates(scoring.Direction(b.Direction), bt.Top, keep)
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// bestCandidates sorts candidates by public score, best first, and keeps the first keep.
func bestCandidates(dir scoring.Direction, cs []Candidate, keep int) []Candidate {
	slices.SortFunc(cs, func(x, y Candidate) int {
		if better(dir, x.Public, y.Public, x.At, y.At) {
			return -1
		}
		return 1
	})
	return cs[:min(keep, len(cs))]
}

// excludeOnBoards takes a team off every board of the competition while it
// is disqualified, or puts it back. The team is read again with each board,
// after it, and the board is written even when it already agrees: of two
// decisions racing, the edit that reads a board the other is about to
// write over must fail its write and read again, so that every board ends
// as the later decision left the team.
func (s *Service) excludeOnBoards(ctx context.Context, c Competition, teamID string) error {
	for _, ph := range c.Phases {
		err := s.editBoard(ctx, boardID(c.ID, ph.ID), func(b *Board) error {
			t, err := s.store.Team(ctx, teamID)
			if err != nil {
				return err
			}
			b.Excluded = slices.DeleteFunc(b.Excluded, func(id string) bool { return id == teamID })
			if t.Disqualified {
				b.Excluded = append(b.Excluded, teamID)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
