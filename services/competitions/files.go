package competitions

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sync"

	"go.mongodb.org/mongo-driver/bson"
	"golang.org/x/sync/singleflight"

	"academy/services/competitions/scoring"
	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/blob"
)

var fileNamePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$`)

func fileKey(competitionID, name string) string {
	return "competitions/" + competitionID + "/files/" + name
}

func submissionKey(competitionID, submissionID string) string {
	return "competitions/" + competitionID + "/submissions/" + submissionID
}

// parsedKey names a submission's predictions as parsed on their way in
// against one upload of the solution.
func parsedKey(competitionID, submissionID, uploadID string) string {
	return submissionKey(competitionID, submissionID) + ".parsed-" + uploadID
}

// solutionKey names one upload of a phase's solution: a fresh key per
// upload, so that an invalid one never replaces the solution in use.
func solutionKey(competitionID, phaseID, uploadID string) string {
	return "competitions/" + competitionID + "/phases/" + phaseID + "/solution-" + uploadID
}

// tooLarge is the answer to a file over its limit.
func tooLarge(limit int64) error {
	return apperr.New(apperr.TooLarge, "body-too-large", "the file is larger than %d bytes", limit)
}

// invalidFile is the answer to a file that cannot be used, with its problems.
func invalidFile(code, what string, fe *scoring.FileError) error {
	e := apperr.New(apperr.Unprocessable, code, "the %s is not valid: %d problem(s), see problems", what, len(fe.Problems))
	e.Problems = fe.Problems
	return e
}

// storeChecked streams body into the blob key while check reads the same
// bytes, so a file is validated on its way in without being held in memory.
// A file check refuses is deleted; the check's error is returned.
func (s *Service) storeChecked(ctx context.Context, key string, body io.Reader, opts blob.PutOptions, check func(io.Reader) error) (blob.Info, error) {
	pr, pw := io.Pipe()
	checked := make(chan error, 1)
	go func() {
		err := check(pr)
		// The check may stop early; the rest is drained so the upload ends.
		_, _ = io.Copy(io.Discard, pr)
		checked <- err
	}()
	info, putErr := s.files.Put(ctx, key, io.TeeReader(body, pw), opts)
	pw.CloseWithError(putErr)
	checkErr := <-checked
	switch {
	case errors.Is(putErr, blob.ErrTooLarge):
		return info, tooLarge(opts.MaxSize)
	case putErr != nil:
		return info, fmt.Errorf("store %s: %w", key, putErr)
	case checkErr != nil:
		if err := s.files.Delete(context.WithoutCancel(ctx), key); err != nil {
			s.log.Warn("delete a refused upload", "key", key, "err", err)
		}
		return info, checkErr
	}
	return info, nil
}

// PutFile stores a public data file of the competition, replacing one of the same name.
func (s *Service) PutFile(ctx context.Context, p auth.Principal, slug, name, description, contentType string, body io.Reader) (FileInfo, error) {
	c, err := s.hosted(ctx, p, slug)
	if err != nil {
		return FileInfo{}, err
	}
	if !fileNamePattern.MatchString(name) {
		return FileInfo{}, apperr.InvalidField("name", "must be 1 to 100 letters, digits, '.', '-' and '_', starting with a letter or digit")
	}
	if len(description) > 500 {
		return FileInfo{}, apperr.InvalidField("description", "must have at most 500 characters")
	}
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	info, err := s.files.Put(ctx, fileKey(c.ID, name), body, blob.PutOptions{ContentType: contentType, MaxSize: MaxDataFileSize})
	if errors.Is(err, blob.ErrTooLarge) {
		return FileInfo{}, tooLarge(MaxDataFileSize)
	}
	if err != nil {
		return FileInfo{}, fmt.Errorf("store file %s: %w", name, err)
	}
	f := FileInfo{Name: name, Size: info.Size, ContentType: contentType, Description: description, SHA256: info.SHA256, UploadedAt: s.clock()}
	err = s.editFiles(ctx, c, func(files []FileInfo) []FileInfo {
		files = slices.DeleteFunc(files, func(o FileInfo) bool { return o.Name == name })
		return append(files, f)
	})
	return f, err
}

// DeleteFile removes a data file.
func (s *Service) DeleteFile(ctx context.Context, p auth.Principal, slug, name string) error {
	c, err := s.hosted(ctx, p, slug)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(c.Files, func(f FileInfo) bool { return f.Name == name }) {
		return apperr.NotFoundf("no such file")
	}
	err = s.editFiles(ctx, c, func(files []FileInfo) []FileInfo {
		return slices.DeleteFunc(files, func(o FileInfo) bool { return o.Name == name })
	})
	if err != nil {
		return err
	}
	return s.files.Delete(ctx, fileKey(c.ID, name))
}

// editFiles changes the competition's file list, guarded by the list it
// read, so that two uploads at once both land.
func (s *Service) editFiles(ctx context.Context, c Competition, edit func([]FileInfo) []FileInfo) error {
	for range 10 {
		files := edit(slices.Clone(c.Files))
		_, ok, err := s.store.UpdateCompetition(ctx, c.ID, bson.M{"files": c.Files}, bson.M{"$set": bson.M{"files": files}})
		if err != nil || ok {
			return err
		}
		if c, err = s.store.Competition(ctx, c.ID); err != nil {
			return err
		}
	}
	return apperr.Conflictf("edit-conflict", "the competition's files changed too often meanwhile; try again")
}

// File opens a data file for a participant who accepted the rules, or the host.
func (s *Service) File(ctx context.Context, p auth.Principal, slug, name string) (io.ReadCloser, FileInfo, error) {
	c, f, err := s.downloadable(ctx, p, slug, name)
	if err != nil {
		return nil, FileInfo{}, err
	}
	r, err := s.openFile(ctx, c, f)
	return r, f, err
}

func (s *Service) openFile(ctx context.Context, c Competition, f FileInfo) (io.ReadCloser, error) {
	r, _, err := s.files.Get(ctx, fileKey(c.ID, f.Name))
	if errors.Is(err, blob.ErrNotFound) {
		return nil, apperr.NotFoundf("no such file")
	}
	if err != nil {
		return nil, fmt.Errorf("open file %s: %w", f.Name, err)
	}
	return r, nil
}

// PutSolution stores and parses a phase's solution while the competition
// is a draft: scores depend on it.
func (s *Service) PutSolution(ctx context.Context, p auth.Principal, slug, phaseID string, body io.Reader) (SolutionInfo, error) {
	c, err := s.hosted(ctx, p, slug)
	if err != nil {
		return SolutionInfo{}, err
	}
	i := slices.IndexFunc(c.Phases, func(ph Phase) bool { return ph.ID == phaseID })
	if i < 0 {
		return SolutionInfo{}, apperr.NotFoundf("no such phase")
	}
	if c.State != StateDraft {
		return SolutionInfo{}, apperr.Conflictf("competition-published", "the solution of a published competition cannot change: submissions were scored with it")
	}
	uploadID := newID()
	key := solutionKey(c.ID, phaseID, uploadID)
	var sol *scoring.Solution
	info, err := s.storeChecked(ctx, key, body, blob.PutOptions{ContentType: "text/csv", MaxSize: MaxSolutionSize}, func(r io.Reader) error {
		var err error
		sol, err = scoring.ParseSolution(r, c.Phases[i].Evaluation)
		var fe *scoring.FileError
		if errors.As(err, &fe) {
			return invalidFile("invalid-solution", "solution", fe)
		}
		if err != nil {
			return apperr.New(apperr.Unprocessable, "invalid-solution", "the solution cannot be used: %v", err)
		}
		return nil
	})
	if err != nil {
		return SolutionInfo{}, err
	}
	si := SolutionInfo{UploadID: uploadID, SHA256: info.SHA256, Rows: sol.Rows(), PublicRows: sol.PublicRows(), PrivateRows: sol.Rows() - sol.PublicRows(),
		Header: sol.Header(), UploadedAt: s.clock()}
	old := c.Phases[i].Solution
	_, ok, err := s.store.UpdateCompetition(ctx, c.ID, bson.M{"version": c.Version, "state": StateDraft},
		bson.M{"$set": bson.M{fmt.Sprintf("phases.%d.solution", i): si}, "$inc": bson.M{"version": 1}})
	if err == nil && !ok {
		err = apperr.Conflictf("edit-conflict", "the competition changed while the solution was uploaded; upload it again")
	}
	if err != nil {
		_ = s.files.Delete(context.WithoutCancel(ctx), key)
		return SolutionInfo{}, err
	}
	s.solutions.put(c.ID, phaseID, uploadID, sol)
	if old != nil {
		if err := s.files.Delete(ctx, solutionKey(c.ID, phaseID, old.UploadID)); err != nil {
			s.log.Warn("delete a replaced solution", "competition", c.ID, "phase", phaseID, "err", err)
		}
	}
	return si, nil
}

// Solution opens a phase's solution, for the host only.
func (s *Service) Solution(ctx context.Context, p auth.Principal, slug, phaseID string) (io.ReadCloser, error) {
	c, ph, err := s.hostedSolution(ctx, p, slug, phaseID)
	if err != nil {
		return nil, err
	}
	return s.openSolution(ctx, c, ph)
}

// hostedSolution returns the competition and the phase if p hosts it and the
// phase has a solution.
func (s *Service) hostedSolution(ctx context.Context, p auth.Principal, slug, phaseID string) (Competition, Phase, error) {
	c, err := s.hosted(ctx, p, slug)
	if err != nil {
		return c, Phase{}, err
	}
	ph, ok := c.Phase(phaseID)
	if !ok {
		return c, ph, apperr.NotFoundf("no such phase")
	}
	if ph.Solution == nil {
		return c, ph, apperr.NotFoundf("the phase has no solution yet")
	}
	return c, ph, nil
}

func (s *Service) openSolution(ctx context.Context, c Competition, ph Phase) (io.ReadCloser, error) {
	r, _, err := s.files.Get(ctx, solutionKey(c.ID, ph.ID, ph.Solution.UploadID))
	if err != nil {
		return nil, fmt.Errorf("open the solution of %s: %w", ph.ID, err)
	}
	return r, nil
}

// solutionCacheSize bounds the parsed solutions kept in memory.
const solutionCacheSize = 16

// solutionCache keeps parsed solutions by phase and upload: an upload is
// never changed, so an entry never goes stale.
type solutionCache struct {
	mu    sync.Mutex
	max   int
	items map[string]*scoring.Solution
	group singleflight.Group
}

func newSolutionCache(max int) *solutionCache {
	return &solutionCache{max: max, items: map[string]*scoring.Solution{}}
}

func solutionCacheKey(competitionID, phaseID, uploadID string) string {
	return competitionID + "/" + phaseID + "/" + uploadID
}

func (c *solutionCache) put(competitionID, phaseID, uploadID string, sol *scoring.Solution) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.items) >= c.max {
		for k := range c.items {
			delete(c.items, k)
			break
		}
	}
	c.items[solutionCacheKey(competitionID, phaseID, uploadID)] = sol
}

// solution returns the parsed solution of a phase, parsing it once however
// many submissions ask at the same time.
func (s *Service) solution(ctx context.Context, c Competition, ph Phase) (*scoring.Solution, error) {
	if ph.Solution == nil {
		return nil, apperr.Conflictf("no-solution", "phase %q has no solution", ph.ID)
	}
	key := solutionCacheKey(c.ID, ph.ID, ph.Solution.UploadID)
	s.solutions.mu.Lock()
	sol, ok := s.solutions.items[key]
	s.solutions.mu.Unlock()
	if ok {
		return sol, nil
	}
	v, err, _ := s.solutions.group.Do(key, func() (any, error) {
		r, _, err := s.files.Get(ctx, solutionKey(c.ID, ph.ID, ph.Solution.UploadID))
		if err != nil {
			return nil, fmt.Errorf("open the solution of %s: %w", ph.ID, err)
		}
		defer r.Close()
		sol, err := scoring.ParseSolution(r, ph.Evaluation)
		if err != nil {
			return nil, fmt.Errorf("parse the solution of %s: %w", ph.ID, err)
		}
		s.solutions.put(c.ID, ph.ID, ph.Solution.UploadID, sol)
		return sol, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*scoring.Solution), nil
}
