package talent

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hibiken/asynq"
	"go.mongodb.org/mongo-driver/bson"

	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/events"
	"academy/services/talent/matching"
)

// ImportRequest is the body of an import: an Open Badges 3.0 VC-JWT.
type ImportRequest struct {
	Credential string `json:"credential"`
}

// MaxImports bounds the imports of a profile.
const MaxImports = 50

// ImportCredential verifies an external credential and adds its skills to
// the caller's profile as verified evidence.
func (s *Service) ImportCredential(ctx context.Context, pr auth.Principal, jwt string) (Import, error) {
	if err := signedIn(pr); err != nil {
		return Import{}, err
	}
	jwt = strings.TrimSpace(jwt)
	if jwt == "" {
		return Import{}, unprocessable(apperr.InvalidField("credential", "is required: paste the credential as a VC-JWT"))
	}
	vi, err := s.creds.VerifyImport(ctx, pr.UserID, jwt)
	if err != nil {
		return Import{}, err
	}
	if vi.HolderID != "" && vi.HolderID != pr.UserID {
		return Import{}, &apperr.Error{Kind: apperr.Unprocessable, Code: ImportNotYours, Detail: "this credential was issued to someone else"}
	}
	now := s.clock()
	im := Import{ID: newID(), CredentialID: vi.CredentialID, Issuer: vi.Issuer, Title: vi.Title, Achievement: vi.Achievement, Skills: []Ref{},
		VerifiedAt: now, Status: ImportVerified, CheckedAt: now, Outcome: ImportVerified, JWT: jwt}
	for _, id := range vi.Skills {
		if sk, err := s.catalog.Skill(ctx, id); err == nil {
			im.Skills = append(im.Skills, Ref{ID: id, Label: sk.Label("en")})
		}
	}
	// Written at the revision read, so of simultaneous imports of one
	// credential a single one is stored: the guard cannot look inside the
	// list of imports on the embedded database. A profile changed by
	// something else meanwhile is read again.
	for range importAttempts {
		p, err := s.profile(ctx, pr.UserID)
		if err != nil {
			return Import{}, err
		}
		if slices.ContainsFunc(p.Imports, func(x Import) bool { return x.CredentialID == vi.CredentialID }) {
			return Import{}, apperr.Conflictf("already-imported", "this credential is imported already")
		}
		if len(p.Imports) >= MaxImports {
			return Import{}, apperr.Conflictf("too-many-imports", "a profile holds at most %d imported credentials: remove one first", MaxImports)
		}
		ev, err := s.profileChanged(pr.UserID, p.InPool)
		if err != nil {
			return Import{}, err
		}
		set := events.Embed(ev)
		set["updated_at"] = s.clock()
		_, ok, err := s.store.UpsertProfile(ctx, pr.UserID, bson.M{"rev": p.Rev},
			bson.M{"$push": bson.M{"imports": im}, "$set": set, "$inc": bson.M{"rev": 1}})
		if err != nil {
			return Import{}, err
		}
		if !ok {
			continue
		}
		s.publish(ctx, pr.UserID, ev)
		if err := s.store.AddToList(ctx, importersList, pr.UserID); err != nil {
			return Import{}, err
		}
		return im, nil
	}
	return Import{}, apperr.Conflictf("edit-conflict", "the profile changed meanwhile; try again")
}

// importAttempts bounds how often an import reads a profile that keeps
// changing under it.
const importAttempts = 5

// DeleteImport removes an imported credential from the caller's profile.
func (s *Service) DeleteImport(ctx context.Context, pr auth.Principal, id string) error {
	if err := signedIn(pr); err != nil {
		return err
	}
	p, err := s.profile(ctx, pr.UserID)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(p.Imports, func(im Import) bool { return im.ID == id }) {
		return apperr.NotFoundf("no such import")
	}
	ev, err := s.profileChanged(pr.UserID, p.InPool)
	if err != nil {
		return err
	}
	set := events.Embed(ev)
	set["updated_at"] = s.clock()
	// The list as read, less the import, at the revision read: the embedded
	// database does not pull by a condition.
	set["imports"] = slices.DeleteFunc(slices.Clone(p.Imports), func(im Import) bool { return im.ID == id })
	_, ok, err := s.store.UpdateProfile(ctx, pr.UserID, bson.M{"rev": p.Rev}, bson.M{"$set": set, "$inc": bson.M{"rev": 1}})
	if err != nil {
		return err
	}
	if !ok {
		return apperr.Conflictf("edit-conflict", "the profile changed meanwhile; try again")
	}
	s.publish(ctx, pr.UserID, ev)
	return nil
}

// Gap is a skill an opening asks for that the candidate lacks, with the
// courses that teach it.
type Gap struct {
	Skill     string      `json:"skill"`
	Label     string      `json:"label"`
	Essential bool        `json:"essential"`
	Courses   []CourseRef `json:"courses"`
}

// MyMatch is an opening that matches the learner, explained.
type MyMatch struct {
	Opening OpeningSummary `json:"opening"`
	Match   matching.Match `json:"match"`
	Gaps    []Gap          `json:"gaps"`
	// DecisionVisible is false: a company's decision is its own until it contacts the learner.
	DecisionVisible bool `json:"decision_visible"`
}

// coursesPerGap is how many courses a gap lists.
const coursesPerGap = 3

// MyMatches lists the open openings the caller matches, best first.
func (s *Service) MyMatches(ctx context.Context, pr auth.Principal) ([]MyMatch, error) {
	if err := signedIn(pr); err != nil {
		return nil, err
	}
	p, err := s.profile(ctx, pr.UserID)
	if err != nil || !p.InPool {
		return []MyMatch{}, err
	}
	ranked, err := s.store.Ranking(ctx, candidateRanking(pr.UserID))
	if err != nil {
		return nil, err
	}
	out := []MyMatch{}
	for _, r := range ranked {
		o, err := s.store.Opening(ctx, r.ID)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if o.Status != OpeningOpen {
			continue
		}
		m, ok := r.storedMatch(pr.UserID)
		if !ok {
			continue
		}
		gaps, err := s.gaps(ctx, o, m.Match)
		if err != nil {
			return nil, err
		}
		out = append(out, MyMatch{Opening: summaryOf(o), Match: m.Match, Gaps: gaps})
	}
	return out, nil
}

// gaps lists the skills a match misses, each with courses that teach it.
func (s *Service) gaps(ctx context.Context, o Opening, m matching.Match) ([]Gap, error) {
	out := []Gap{}
	for _, r := range o.Skills {
		essential := slices.Contains(m.MissingEssential, r.Skill)
		if !essential && !slices.Contains(m.MissingOptional, r.Skill) {
			continue
		}
		courses, err := s.catalog.CoursesTeaching(ctx, r.Skill, coursesPerGap)
		if err != nil {
			return nil, fmt.Errorf("find courses teaching %s: %w", r.Skill, err)
		}
		out = append(out, Gap{Skill: r.Skill, Label: r.Label, Essential: essential, Courses: nonNil(courses)})
	}
	return out, nil
}

// ContestRequest is the body of a contest.
type ContestRequest struct {
	Message string `json:"message"`
}

// ContestView is a contest as its author sees it.
type ContestView struct {
	ID        string    `json:"id"`
	OpeningID string    `json:"opening_id"`
	Message   string    `json:"message"`
	CreatedAt time.Time `json:"created_at"`
}

// MaxMessage is the longest message of a contest or a contact request, in characters.
const MaxMessage = 2000

func checkMessage(message string) (string, error) {
	message = strings.TrimSpace(message)
	n := len([]rune(message))
	if n == 0 || n > MaxMessage {
		return "", unprocessable(apperr.InvalidField("message", "must be from 1 to %d characters", MaxMessage))
	}
	return message, nil
}

// ContestMatch sends the caller's objection to a match to the company's inbox.
func (s *Service) ContestMatch(ctx context.Context, pr auth.Principal, openingID, message string) (ContestView, error) {
	if err := signedIn(pr); err != nil {
		return ContestView{}, err
	}
	message, err := checkMessage(message)
	if err != nil {
		return ContestView{}, err
	}
	if _, err := s.store.Match(ctx, openingID, pr.UserID); err != nil {
		return ContestView{}, err
	}
	o, err := s.store.Opening(ctx, openingID)
	if err != nil {
		return ContestView{}, err
	}
	c := Contest{ID: newID(), OrgID: o.OrgID, OpeningID: o.ID, UserID: pr.UserID, Message: message, CreatedAt: s.clock()}
	if err := s.store.InsertContest(ctx, c); err != nil {
		return ContestView{}, err
	}
	if err := s.store.AddToList(ctx, userContestsList(pr.UserID), c.ID); err != nil {
		return ContestView{}, err
	}
	return ContestView{ID: c.ID, OpeningID: c.OpeningID, Message: c.Message, CreatedAt: c.CreatedAt}, nil
}

func userContestsList(userID string) string { return "user-contests:" + userID }

// CompanyRef names a company.
type CompanyRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// ContactView is a contact request as its recipient sees it.
type ContactView struct {
	ID         string          `json:"id"`
	Company    CompanyRef      `json:"company"`
	Opening    *OpeningSummary `json:"opening"`
	Message    string          `json:"message"`
	Status     string          `json:"status"`
	CreatedAt  time.Time       `json:"created_at"`
	AnsweredAt *time.Time      `json:"answered_at"`
}

func (s *Service) contactView(ctx context.Context, c Contact) (ContactView, error) {
	v := ContactView{ID: c.ID, Company: CompanyRef{ID: c.OrgID, Name: c.OrgName}, Message: c.Message, Status: c.Status, CreatedAt: c.CreatedAt, AnsweredAt: c.AnsweredAt}
	if c.OpeningID != "" {
		o, err := s.store.Opening(ctx, c.OpeningID)
		switch {
		case err == nil:
			sum := summaryOf(o)
			v.Opening = &sum
		case !apperr.Is(err, apperr.NotFound):
			return v, err
		}
	}
	return v, nil
}

// MyContacts lists the contact requests the caller received, newest first.
func (s *Service) MyContacts(ctx context.Context, pr auth.Principal) ([]ContactView, error) {
	if err := signedIn(pr); err != nil {
		return nil, err
	}
	ids, err := s.store.List(ctx, userContactsList(pr.UserID))
	if err != nil {
		return nil, err
	}
	out := []ContactView{}
	for _, id := range slices.Backward(ids) {
		c, err := s.store.Contact(ctx, id)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		v, err := s.contactView(ctx, c)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// AnswerContact accepts or declines a contact request, once.
func (s *Service) AnswerContact(ctx context.Context, pr auth.Principal, id string, accept bool) (ContactView, error) {
	if err := signedIn(pr); err != nil {
		return ContactView{}, err
	}
	c, err := s.store.Contact(ctx, id)
	if err != nil {
		return ContactView{}, err
	}
	if c.UserID != pr.UserID {
		return ContactView{}, apperr.NotFoundf("no such contact request")
	}
	status := ContactDeclined
	if accept {
		status = ContactAccepted
	}
	now := s.clock()
	c, ok, err := s.store.UpdateContact(ctx, id, bson.M{"status": ContactPending}, bson.M{"$set": bson.M{"status": status, "answered_at": now}})
	if err != nil {
		return ContactView{}, err
	}
	if !ok {
		return ContactView{}, apperr.Conflictf("already-answered", "this contact request was answered already")
	}
	if accept {
		if err := s.store.NoteReveal(ctx, c.UserID, c.OrgID); err != nil {
			return ContactView{}, err
		}
	}
	if err := s.store.ReleaseSlot(ctx, c.OrgID, c.UserID, c.ID, accept); err != nil {
		return ContactView{}, err
	}
	return s.contactView(ctx, c)
}

// AccessView is an entry of the access log as its learner sees it.
type AccessView struct {
	Company CompanyRef `json:"company"`
	Action  string     `json:"action"`
	At      time.Time  `json:"at"`
}

// MyAccessLog lists which companies viewed, contacted or decided on the caller, newest first.
func (s *Service) MyAccessLog(ctx context.Context, pr auth.Principal) ([]AccessView, error) {
	if err := signedIn(pr); err != nil {
		return nil, err
	}
	entries, err := s.store.AccessLog(ctx, pr.UserID)
	if err != nil {
		return nil, err
	}
	out := make([]AccessView, 0, len(entries))
	for _, a := range slices.Backward(entries) {
		out = append(out, AccessView{Company: CompanyRef{ID: a.OrgID, Name: a.OrgName}, Action: a.Action, At: a.At})
	}
	return out, nil
}

// removeCandidate takes a person out of the talent index, out of every
// opening's ranking, and deletes their matches and the decisions on them.
func (s *Service) removeCandidate(ctx context.Context, userID string) error {
	if err := s.index.Delete(ctx, talentDocID(userID)); err != nil {
		return fmt.Errorf("remove %s from the talent index: %w", userID, err)
	}
	return s.removeMatches(ctx, userID)
}

// removeMatches takes a person out of the pool and every opening's
// ranking, and deletes their matches and the decisions on them.
func (s *Service) removeMatches(ctx context.Context, userID string) error {
	if err := s.store.RemoveFromList(ctx, poolList, userID); err != nil {
		return err
	}
	ranked, err := s.store.Ranking(ctx, candidateRanking(userID))
	if err != nil {
		return err
	}
	for _, r := range ranked {
		if err := s.dropMatch(ctx, r.ID, userID); err != nil {
			return err
		}
		if err := s.store.DeleteDecision(ctx, r.ID, userID); err != nil {
			return err
		}
	}
	return s.store.DeleteRanking(ctx, candidateRanking(userID))
}

// dropMatch removes one candidate's match with one opening from both read models.
func (s *Service) dropMatch(ctx context.Context, openingID, userID string) error {
	defer s.pairs.lock(openingID, userID).Unlock()
	if err := s.store.SetRanked(ctx, openingRanking(openingID), Ranked{ID: userID}, true); err != nil {
		return err
	}
	return s.store.SetRanked(ctx, candidateRanking(userID), Ranked{ID: openingID}, true)
}

// Erase deletes the caller's talent profile and everything derived from it:
// matches, decisions, pseudonyms, contacts, contests, imports and access
// log. The consent ledger keeps its entries, the proof of consent the law asks for.
func (s *Service) Erase(ctx context.Context, pr auth.Principal) error {
	if err := signedIn(pr); err != nil {
		return err
	}
	return s.EraseUser(ctx, pr.UserID)
}

// HandleAccountDeleted is the talent pool's subscriber to AccountDeleted:
// the person's profile and all that derives from it are erased.
func (s *Service) HandleAccountDeleted(ctx context.Context, ev events.Event) error {
	var d events.UserData
	if err := ev.Decode(&d); err != nil {
		return fmt.Errorf("%w: %w", err, asynq.SkipRetry)
	}
	return s.EraseUser(ctx, d.UserID)
}

// EraseUser is Erase for a user whose account is being deleted.
func (s *Service) EraseUser(ctx context.Context, userID string) error {
	if err := s.index.Delete(ctx, talentDocID(userID)); err != nil {
		return fmt.Errorf("remove %s from the talent index: %w", userID, err)
	}
	return s.eraseUnindexed(ctx, userID)
}

// eraseUnindexed is EraseUser for a user no longer in the talent index.
func (s *Service) eraseUnindexed(ctx context.Context, userID string) error {
	p, err := s.profile(ctx, userID)
	if err != nil {
		return err
	}
	if p.InPool {
		// The erasure withdraws the consent: the ledger says so.
		now := s.clock()
		p, _, err = s.store.UpdateProfile(ctx, userID, bson.M{"in_pool": true}, bson.M{"$set": bson.M{"in_pool": false, "consent": nil, "consent_at": now}, "$inc": bson.M{"consent_seq": 1}})
		if err != nil {
			return err
		}
		if err := s.ensureLedger(ctx, p); err != nil {
			return err
		}
	}
	if err := s.noteMatching(ctx, []string{userID}, nil); err != nil {
		return err
	}
	if err := s.removeMatches(ctx, userID); err != nil {
		return err
	}
	viewers, err := s.store.List(ctx, viewersList)
	if err != nil {
		return err
	}
	pseudonymOf := map[string]string{}
	for _, orgID := range slices.Concat(viewers, p.PseudonymOrgs) {
		pseudonymOf[orgID] = s.pseudonym(orgID, userID)
	}
	if err := s.store.DeletePseudonyms(ctx, userID, pseudonymOf); err != nil {
		return err
	}
	contacts, err := s.store.List(ctx, userContactsList(userID))
	if err != nil {
		return err
	}
	for _, id := range contacts {
		if err := s.store.DeleteContact(ctx, id); err != nil {
			return err
		}
	}
	contests, err := s.store.List(ctx, userContestsList(userID))
	if err != nil {
		return err
	}
	for _, id := range contests {
		c, err := s.store.Contest(ctx, id)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if err := s.store.DeleteContest(ctx, c); err != nil {
			return err
		}
	}
	if err := s.store.RemoveFromList(ctx, importersList, userID); err != nil {
		return err
	}
	for _, name := range []string{userContactsList(userID), userContestsList(userID)} {
		if err := s.store.DeleteList(ctx, name); err != nil {
			return err
		}
	}
	if err := s.store.DeleteAccessLog(ctx, userID); err != nil {
		return err
	}
	return s.store.DeleteProfile(ctx, userID)
}

// Export is the talent pool's part of a learner's data export.
type Export struct {
	Profile   ProfileView    `json:"profile"`
	Consents  []ConsentEntry `json:"consents"`
	Matches   []MyMatch      `json:"matches"`
	Contacts  []ContactView  `json:"contacts"`
	AccessLog []AccessView   `json:"access_log"`
}

// ExportFor gathers what the talent pool holds about a user.
func (s *Service) ExportFor(ctx context.Context, userID string) (Export, error) {
	pr := auth.Principal{UserID: userID}
	p, err := s.profile(ctx, userID)
	if err != nil {
		return Export{}, err
	}
	var out Export
	if out.Profile, err = s.view(ctx, p); err != nil {
		return out, err
	}
	if out.Consents, err = s.store.Consents(ctx, userID, p.ConsentSeq); err != nil {
		return out, err
	}
	if out.Matches, err = s.MyMatches(ctx, pr); err != nil {
		return out, err
	}
	if out.Contacts, err = s.MyContacts(ctx, pr); err != nil {
		return out, err
	}
	out.AccessLog, err = s.MyAccessLog(ctx, pr)
	return out, err
}
