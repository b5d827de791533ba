package competitions

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"

	"academy/services/competitions/scoring"
	"academy/services/kit/mongokit"
)

// A ranked view of a board (public, private or final) is a head document
// and pages of rows. A page never changes once written: a new ranking
// writes only the pages whose rows changed, under new ids, moves the head
// to them in one guarded write, and deletes the pages it replaced. A row's
// rank is its position, counted over the sizes of the pages before it, and
// a page holds the rows up to its last key, so a team that moves rewrites
// the page it left and the page it joined, not the pages in between: a
// scored submission on a board of 10,000 teams writes a few small
// documents, not the whole ranking.

// boardPageSize is how many rows a page is made with. A page grown past
// twice that is split; one shrunk under a quarter of it is merged with its
// neighbour.
const boardPageSize = 100

// rankKey is where a row sorts on its board: by score, a tie going to the
// earlier submission, then to the lower submission id.
type rankKey struct {
	Score float64   `bson:"score"`
	At    time.Time `bson:"at"`
	Sub   string    `bson:"sub"`
}

// compareKeys orders two rows' keys on a board of direction dir.
func compareKeys(dir scoring.Direction, x, y rankKey) int {
	if better(dir, x.Score, y.Score, x.At, y.At) {
		return -1
	}
	if better(dir, y.Score, x.Score, y.At, x.At) {
		return 1
	}
	// Submission ids sort by when they were made, to the millisecond and
	// in order within it: the teams' order on the board's shards says nothing.
	return strings.Compare(x.Sub, y.Sub)
}

func sameKey(x, y rankKey) bool { return x.Score == y.Score && x.At.Equal(y.At) && x.Sub == y.Sub }

// pageRef is a page as its head lists it.
type pageRef struct {
	ID   string  `bson:"id"`
	N    int     `bson:"n"`
	Last rankKey `bson:"last"`
}

// rankedHead is the head document of a ranked view: which revision of the
// board it shows, its pages in rank order, and the baselines shown beside
// the ranking.
type rankedHead struct {
	ID        string          `bson:"_id"`
	Rev       int             `bson:"rev"`
	Count     int             `bson:"count"`
	Direction string          `bson:"direction"`
	Pages     []pageRef       `bson:"pages"`
	Baselines []BoardBaseline `bson:"baselines,omitempty"`
	// Ranks is each team's rank in a head written before pages were listed
	// (legacy); its pages are legacyPageID(ID, Rev, p), of boardPageSize rows.
	Ranks  map[string]int `bson:"ranks,omitempty"`
	legacy bool
}

type rankedPage struct {
	ID   string
	Rows []Row
}

// rankedPageDoc is a page as stored: its rows, read and written whole,
// packed into one binary value, which the embedded database does not parse.
type rankedPageDoc struct {
	ID   string                 `bson:"_id"`
	Rows mongokit.Packed[[]Row] `bson:"rows"`
}

// MarshalBSON stores the page with its rows packed.
func (p rankedPage) MarshalBSON() ([]byte, error) {
	return bson.Marshal(rankedPageDoc{ID: p.ID, Rows: mongokit.Packed[[]Row]{V: p.Rows}})
}

// UnmarshalBSON reads a stored page.
func (p *rankedPage) UnmarshalBSON(data []byte) error {
	var d rankedPageDoc
	if err := bson.Unmarshal(data, &d); err != nil {
		return err
	}
	*p = rankedPage{ID: d.ID, Rows: d.Rows.V}
	return nil
}

func legacyPageID(headID string, rev, page int) string {
	return fmt.Sprintf("%s:%d:%d", headID, rev, page)
}

// listLegacyPages lists the pages of a head written before pages were listed.
func (h *rankedHead) listLegacyPages() {
	if len(h.Pages) > 0 || h.Count == 0 {
		return
	}
	h.legacy = true
	for p := 0; p*boardPageSize < h.Count; p++ {
		h.Pages = append(h.Pages, pageRef{ID: legacyPageID(h.ID, h.Rev, p), N: min(boardPageSize, h.Count-p*boardPageSize)})
	}
}

// pageGroup is a run of a ranking's rows, [from, to), to be shown as one
// page: the page ref of the view shown when its rows are the same.
type pageGroup struct {
	from, to int
	ref      pageRef
	fresh    bool
}

// layout lays a ranking's rows over the pages of the view shown (refs,
// with their rows in old): each row goes to the first page whose last key
// it does not sort after, the last page taking the rest, so that a page
// whose rows are the same keeps its id. Empty pages go, and fresh pages
// are merged or split to stay between a quarter of boardPageSize and twice
// it.
func layout(dir scoring.Direction, refs []pageRef, old [][]Row, rows []Row) []pageGroup {
	var groups []pageGroup
	if len(refs) == 0 {
		for from := 0; from < len(rows); from += boardPageSize {
			groups = append(groups, pageGroup{from: from, to: min(from+boardPageSize, len(rows)), fresh: true})
		}
		return groups
	}
	j := 0
	for i, ref := range refs {
		g := pageGroup{from: j, ref: ref}
		for j < len(rows) && (i == len(refs)-1 || compareKeys(dir, rows[j].Key, ref.Last) <= 0) {
			j++
		}
		g.to = j
		g.fresh = !sameRows(rows[g.from:g.to], old[i])
		if g.to > g.from {
			groups = append(groups, g)
		}
	}
	const small, large = boardPageSize / 4, 2 * boardPageSize
	var merged []pageGroup
	for _, g := range groups {
		if n := len(merged); n > 0 {
			last := &merged[n-1]
			size, lastSize := g.to-g.from, last.to-last.from
			if (g.fresh || last.fresh) && (size < small || lastSize < small) && size+lastSize <= large {
				last.to, last.fresh = g.to, true
				continue
			}
		}
		merged = append(merged, g)
	}
	var out []pageGroup
	for _, g := range merged {
		if g.to-g.from <= large {
			out = append(out, g)
			continue
		}
		for from := g.from; from < g.to; {
			to := min(from+boardPageSize, g.to)
			if g.to-to < small {
				to = g.to
			}
			out = append(out, pageGroup{from: from, to: to, fresh: true})
			from = to
		}
	}
	return out
}

// sameRows reports whether a page's rows show the same as xs.
func sameRows(xs, ys []Row) bool {
	if len(xs) != len(ys) {
		return false
	}
	for i, x := range xs {
		y := ys[i]
		if x.TeamID != y.TeamID || x.TeamName != y.TeamName || x.Score != y.Score || x.Entries != y.Entries ||
			!x.LastAt.Equal(y.LastAt) || x.PublicRank != y.PublicRank || !sameKey(x.Key, y.Key) ||
			(x.PublicKey == nil) != (y.PublicKey == nil) || (x.PublicKey != nil && !sameKey(*x.PublicKey, *y.PublicKey)) {
			return false
		}
	}
	return true
}

// PutRanked shows rows, ranked, as the view headID at revision rev, unless
// a later revision is shown: it writes the pages whose rows changed, moves
// the head to them, and deletes the pages it replaced.
func (s *Store) PutRanked(ctx context.Context, headID string, rev int, dir scoring.Direction, rows []Row, baselines []BoardBaseline) error {
	defer s.shownBoards.forget(headID)
	for {
		old := rankedHead{ID: headID}
		err := s.boards.FindOne(ctx, bson.M{"_id": headID}).Decode(&old)
		if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
			return fmt.Errorf("read ranked board %s: %w", headID, err)
		}
		old.listLegacyPages()
		if old.Rev >= rev && !old.legacy {
			return nil
		}
		// Legacy pages hold no keys: a ranking over them starts afresh.
		var refs []pageRef
		var oldRows [][]Row
		moved := false
		if !old.legacy && old.Direction == string(dir) {
			refs = old.Pages
			for _, ref := range refs {
				page, err := s.RankedPage(ctx, ref.ID)
				if errors.Is(err, errPageGone) {
					moved = true
					break
				}
				if err != nil {
					return err
				}
				oldRows = append(oldRows, page)
			}
		}
		if moved {
			// Another writer moved the head on meanwhile.
			continue
		}
		groups := layout(dir, refs, oldRows, rows)
		nonce := make([]byte, 4)
		_, _ = rand.Read(nonce) // never fails
		pages := make([]pageRef, len(groups))
		var written []string
		var fresh []any
		for i, g := range groups {
			if !g.fresh {
				pages[i] = g.ref
				continue
			}
			page := rankedPage{ID: fmt.Sprintf("%s:%d:%s:%d", headID, rev, hex.EncodeToString(nonce), i), Rows: rows[g.from:g.to]}
			fresh, written = append(fresh, page), append(written, page.ID)
			pages[i] = pageRef{ID: page.ID, N: g.to - g.from, Last: rows[g.to-1].Key}
		}
		if len(fresh) > 0 {
			// One round trip for the pages, however many changed.
			if _, err := s.boards.InsertMany(ctx, fresh); err != nil {
				s.deletePages(ctx, written)
				return fmt.Errorf("write ranked board %s: %w", headID, err)
			}
		}
		guard := bson.M{"rev": old.Rev}
		if old.legacy {
			guard["pages"] = bson.M{"$exists": false}
		}
		ok, err := s.guard.Upsert(ctx, s.boards, headID, guard,
			bson.M{"$set": bson.M{"rev": rev, "count": len(rows), "direction": string(dir), "pages": pages, "baselines": baselines},
				"$unset": bson.M{"ranks": ""}}, nil)
		if err != nil {
			s.deletePages(ctx, written)
			return fmt.Errorf("write ranked board %s: %w", headID, err)
		}
		if !ok {
			// Another writer came first: its ranking is the one shown.
			s.deletePages(ctx, written)
			continue
		}
		kept := map[string]bool{}
		for _, p := range pages {
			kept[p.ID] = true
		}
		var replaced []string
		for _, p := range old.Pages {
			if !kept[p.ID] {
				replaced = append(replaced, p.ID)
			}
		}
		s.deletePages(ctx, replaced)
		return nil
	}
}

// deletePages deletes pages no longer shown; a page left behind is never read.
func (s *Store) deletePages(ctx context.Context, ids []string) {
	_ = mongokit.DeleteByID(ctx, s.boards, ids)
}

// RankedHead returns the head of a ranked view, empty when none is shown.
func (s *Store) RankedHead(ctx context.Context, headID string) (rankedHead, error) {
	return cachedRead(&s.shownBoards, headID, boardCacheTTL, func() (rankedHead, error) {
		h := rankedHead{ID: headID}
		err := s.boards.FindOne(ctx, bson.M{"_id": headID}).Decode(&h)
		if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
			return h, fmt.Errorf("read ranked board %s: %w", headID, err)
		}
		h.listLegacyPages()
		return h, nil
	})
}

// errPageGone says a page a head listed was replaced meanwhile.
var errPageGone = errors.New("the ranked page was replaced")

// RankedPage returns the rows of a page of a ranked view, without their
// ranks; errPageGone when a later ranking replaced it. Pages never change,
// so they are kept in the cache for long.
func (s *Store) RankedPage(ctx context.Context, id string) ([]Row, error) {
	p, err := cachedRead(&s.shownBoards, id, pageCacheTTL, func() (rankedPage, error) {
		var p rankedPage
		err := s.boards.FindOne(ctx, bson.M{"_id": id}).Decode(&p)
		if errors.Is(err, mongo.ErrNoDocuments) {
			return p, errPageGone
		}
		if err != nil {
			return p, fmt.Errorf("read ranked board %s: %w", id, err)
		}
		return p, nil
	})
	return p.Rows, err
}

// BoardTeam returns a team as its board's shard holds it, false when it
// is not on the board: the shard comes from the cache when it holds the
// revision the board lists (read through the cache too).
func (s *Store) BoardTeam(ctx context.Context, boardID, teamID string) (BoardTeam, bool, error) {
	revs, err := s.BoardRevs(ctx, boardID)
	if err != nil {
		return BoardTeam{}, false, err
	}
	sh, err := s.shard(ctx, Board{ID: boardID, ShardRevs: revs.ShardRevs}, shardOf(teamID))
	if err != nil {
		return BoardTeam{}, false, err
	}
	for _, bt := range sh.teams {
		if bt.TeamID == teamID {
			return bt, true, nil
		}
	}
	return BoardTeam{}, false, nil
}
