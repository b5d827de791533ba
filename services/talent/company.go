package talent

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"academy/services/identity"
	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/events"
	"academy/services/kit/tally"
	"academy/services/search"
	"academy/services/talent/bluecard"
	"academy/services/talent/matching"
)

// Pay periods.
const (
	PeriodYear  = "year"
	PeriodMonth = "month"
	PeriodHour  = "hour"
)

// Limits of an opening.
const (
	MaxTitle       = 200
	MaxDescription = 20000
	MaxCity        = 100
	MaxReason      = 2000
)

// company returns the organisation if p acts for it in the talent pool:
// staff of a verified organisation of kind company, or an administrator.
func (s *Service) company(ctx context.Context, p auth.Principal, orgID string) (identity.OrgView, error) {
	if err := signedIn(p); err != nil {
		return identity.OrgView{}, err
	}
	if !p.Admin {
		staff, err := s.orgs.IsVerifiedStaff(ctx, p.UserID, orgID)
		if err != nil {
			return identity.OrgView{}, fmt.Errorf("check staff of %s: %w", orgID, err)
		}
		if !staff {
			return identity.OrgView{}, apperr.Forbiddenf("only staff of the verified company may do this")
		}
	}
	org, err := s.orgs.Org(ctx, p, orgID)
	if err != nil {
		return org, err
	}
	if org.Kind != identity.KindCompany {
		return org, apperr.New(apperr.Forbidden, "not-a-company", "only organisations of kind company use the talent pool")
	}
	if org.VerifiedAt == nil {
		return org, apperr.Forbiddenf("the organisation is not verified yet")
	}
	return org, nil
}

// OpeningSummary is an opening in a list.
type OpeningSummary struct {
	ID            string     `json:"id"`
	Title         string     `json:"title"`
	Company       CompanyRef `json:"company"`
	Occupation    *Ref       `json:"occupation"`
	Country       string     `json:"country"`
	City          string     `json:"city"`
	RemotePolicy  string     `json:"remote_policy"`
	PermitSupport bool       `json:"permit_support"`
	Pay           Pay        `json:"pay"`
	StartDate     string     `json:"start_date"`
	Status        string     `json:"status"`
}

// OpeningView is an opening as its company edits it.
type OpeningView struct {
	OpeningSummary
	Description string              `json:"description"`
	Skills      []RequiredSkill     `json:"skills"`
	Languages   []matching.Language `json:"languages"`
	Version     int                 `json:"version"`
	BlueCard    *bluecard.Check     `json:"bluecard"`
}

func summaryOf(o Opening) OpeningSummary {
	return OpeningSummary{ID: o.ID, Title: o.Title, Company: CompanyRef{ID: o.OrgID, Name: o.OrgName}, Occupation: o.Occupation, Country: o.Country,
		City: o.City, RemotePolicy: o.RemotePolicy, PermitSupport: o.PermitSupport, Pay: o.Pay, StartDate: o.StartDate, Status: o.Status}
}

func (s *Service) openingView(o Opening) OpeningView {
	return OpeningView{OpeningSummary: summaryOf(o), Description: o.Description, Skills: nonNil(o.Skills), Languages: nonNil(o.Languages),
		Version: o.Version, BlueCard: blueCardCheck(s.bluecard, o)}
}

// OpeningInput is the body of an opening's creation or edit; an edit
// sends the version it edited.
type OpeningInput struct {
	Version       *int                `json:"version,omitempty"`
	Title         string              `json:"title"`
	Description   string              `json:"description"`
	Occupation    *Ref                `json:"occupation"`
	Skills        []RequiredSkill     `json:"skills"`
	Languages     []matching.Language `json:"languages"`
	Country       string              `json:"country"`
	City          string              `json:"city"`
	RemotePolicy  string              `json:"remote_policy"`
	PermitSupport bool                `json:"permit_support"`
	Pay           Pay                 `json:"pay"`
	StartDate     string              `json:"start_date"`
}

// checkOpening checks the values given; a draft may leave fields empty.
func (s *Service) checkOpening(ctx context.Context, in *OpeningInput) error {
	var v apperr.Validation
	in.Title = strings.TrimSpace(in.Title)
	in.City = strings.TrimSpace(in.City)
	v.Check(len([]rune(in.Title)) <= MaxTitle, "title", "must be at most %d characters", MaxTitle)
	v.Check(len(in.Description) <= MaxDescription, "description", "must be at most %d characters", MaxDescription)
	v.Check(len([]rune(in.City)) <= MaxCity, "city", "must be at most %d characters", MaxCity)
	if in.Occupation != nil {
		label, err := s.checkOccupation(ctx, &v, "occupation.id", in.Occupation.ID)
		if err != nil {
			return err
		}
		in.Occupation.Label = label
	}
	v.Check(len(in.Skills) <= MaxSkills, "skills", "has %d skills, more than %d", len(in.Skills), MaxSkills)
	if len(in.Skills) <= MaxSkills {
		seen := map[string]bool{}
		for i := range in.Skills {
			r := &in.Skills[i]
			field := fmt.Sprintf("skills[%d]", i)
			v.Check(!seen[r.Skill], field+".skill", "lists %q twice", r.Skill)
			seen[r.Skill] = true
			v.Check(r.MinLevel >= 0 && r.MinLevel <= matching.LevelExpert, field+".min_level", "must be from 0 (any) to 4 (expert)")
			if r.Skill == "" {
				v.Add(field+".skill", "is required")
				continue
			}
			sk, err := s.catalog.Skill(ctx, r.Skill)
			switch {
			case apperr.Is(err, apperr.NotFound), apperr.Is(err, apperr.Invalid):
				v.Add(field+".skill", "unknown skill %q", r.Skill)
			case err != nil:
				return err
			default:
				r.Label = sk.Label("en")
			}
		}
	}
	checkLanguages(&v, "languages", in.Languages)
	if in.Country != "" {
		checkCountry(&v, "country", in.Country)
	}
	v.Check(in.RemotePolicy == "" || slices.Contains([]string{matching.OnSite, matching.Hybrid, matching.Remote}, in.RemotePolicy),
		"remote_policy", "must be on_site, hybrid or remote")
	v.Check(in.Pay.Min >= 0, "pay.min", "must not be negative")
	v.Check(in.Pay.Max >= 0, "pay.max", "must not be negative")
	v.Check(in.Pay.Currency == "" || isCode3(in.Pay.Currency), "pay.currency", "must be an ISO 4217 currency code such as EUR")
	v.Check(in.Pay.Period == "" || slices.Contains([]string{PeriodYear, PeriodMonth, PeriodHour}, in.Pay.Period), "pay.period", "must be year, month or hour")
	checkDate(&v, "start_date", in.StartDate)
	return unprocessable(v.Err())
}

func isCode3(s string) bool {
	return len(s) == 3 && strings.ToUpper(s) == s && strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == ""
}

// checkPublishable lists every field an opening still lacks to be published.
func checkPublishable(o Opening) error {
	var v apperr.Validation
	v.Check(o.Title != "", "title", "is required to publish")
	v.Check(o.Country != "", "country", "is required to publish: where the work is, or where the company employs from")
	v.Check(o.RemotePolicy != "", "remote_policy", "is required to publish: on_site, hybrid or remote")
	v.Check(o.City != "" || o.RemotePolicy == matching.Remote, "city", "is required to publish unless the opening is remote")
	v.Check(o.Pay.Min > 0, "pay.min", "must be above 0 to publish: the EU Pay Transparency Directive requires the pay range")
	v.Check(o.Pay.Max > 0 && o.Pay.Max >= o.Pay.Min, "pay.max", "must be at least pay.min to publish")
	v.Check(o.Pay.Currency != "", "pay.currency", "is required to publish")
	v.Check(o.Pay.Period != "", "pay.period", "is required to publish: year, month or hour")
	v.Check(slices.ContainsFunc(o.Skills, func(r RequiredSkill) bool { return r.Essential }), "skills", "must hold at least one essential skill to publish")
	return unprocessable(v.Err())
}

func (in OpeningInput) apply(o *Opening) {
	o.Title, o.Description, o.Occupation, o.Skills, o.Languages = in.Title, in.Description, in.Occupation, nonNil(in.Skills), nonNil(in.Languages)
	o.Country, o.City, o.RemotePolicy, o.PermitSupport, o.Pay, o.StartDate = in.Country, in.City, in.RemotePolicy, in.PermitSupport, in.Pay, in.StartDate
}

// CreateOpening stores a draft opening of the company.
func (s *Service) CreateOpening(ctx context.Context, p auth.Principal, orgID string, in OpeningInput) (OpeningView, error) {
	org, err := s.company(ctx, p, orgID)
	if err != nil {
		return OpeningView{}, err
	}
	if err := s.checkOpening(ctx, &in); err != nil {
		return OpeningView{}, err
	}
	now := s.clock()
	o := Opening{ID: newID(), OrgID: orgID, OrgName: org.Name, Status: OpeningDraft, Version: 1, CreatedBy: p.UserID, CreatedAt: now, UpdatedAt: now}
	in.apply(&o)
	if err := s.store.InsertOpening(ctx, o); err != nil {
		return OpeningView{}, err
	}
	return s.openingView(o), nil
}

// ownOpening returns an opening of the company p acts for.
func (s *Service) ownOpening(ctx context.Context, p auth.Principal, orgID, openingID string) (Opening, error) {
	if _, err := s.company(ctx, p, orgID); err != nil {
		return Opening{}, err
	}
	o, err := s.store.Opening(ctx, openingID)
	if err != nil {
		return o, err
	}
	if o.OrgID != orgID {
		return o, apperr.NotFoundf("no such opening")
	}
	return o, nil
}

// GetOpening returns an opening to its company.
func (s *Service) GetOpening(ctx context.Context, p auth.Principal, orgID, openingID string) (OpeningView, error) {
	o, err := s.ownOpening(ctx, p, orgID, openingID)
	if err != nil {
		return OpeningView{}, err
	}
	return s.openingView(o), nil
}

// Openings lists the company's openings, newest first, those with a status only when given.
func (s *Service) Openings(ctx context.Context, p auth.Principal, orgID, status string, offset, limit int) ([]OpeningSummary, int, error) {
	if _, err := s.company(ctx, p, orgID); err != nil {
		return nil, 0, err
	}
	if status != "" && !slices.Contains([]string{OpeningDraft, OpeningOpen, OpeningClosed}, status) {
		return nil, 0, apperr.InvalidField("status", "must be draft, open or closed")
	}
	ids, err := s.store.List(ctx, orgOpeningsList(orgID))
	if err != nil {
		return nil, 0, err
	}
	out := []OpeningSummary{}
	skipped := 0
	for _, id := range slices.Backward(ids) {
		o, err := s.store.Opening(ctx, id)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return nil, 0, err
		}
		if status != "" && o.Status != status {
			continue
		}
		if skipped < offset {
			skipped++
			continue
		}
		if len(out) == limit {
			return out, offset + limit, nil
		}
		out = append(out, summaryOf(o))
	}
	return out, 0, nil
}

// openingChanged embeds an OpeningPublished event in update.
func (s *Service) openingChanged(o Opening, set bson.M) (events.Event, error) {
	ev, err := events.New(events.OpeningPublished, events.OpeningData{OpeningID: o.ID, OrgID: o.OrgID}, s.clock())
	if err != nil {
		return ev, err
	}
	for k, v := range events.Embed(ev) {
		set[k] = v
	}
	return ev, nil
}

func (s *Service) publishOpening(ctx context.Context, id string, ev events.Event) {
	if err := s.events.Publish(ctx, s.store.Openings(), id, ev); err != nil {
		s.log.Warn("publish opening events", "opening", id, "err", err)
	}
}

// UpdateOpening applies an edit to the version of the opening its company
// read; an open opening stays publishable and is matched again.
func (s *Service) UpdateOpening(ctx context.Context, p auth.Principal, orgID, openingID string, in OpeningInput) (OpeningView, error) {
	o, err := s.ownOpening(ctx, p, orgID, openingID)
	if err != nil {
		return OpeningView{}, err
	}
	if in.Version == nil {
		return OpeningView{}, unprocessable(apperr.InvalidField("version", "is required: send the version of the opening you edited"))
	}
	if o.Status == OpeningClosed {
		return OpeningView{}, apperr.Conflictf("opening-closed", "a closed opening can no longer be edited")
	}
	if err := s.checkOpening(ctx, &in); err != nil {
		return OpeningView{}, err
	}
	if *in.Version != o.Version {
		return OpeningView{}, apperr.Conflictf("edit-conflict", "the opening is at version %d, not %d; reload it and edit again", o.Version, *in.Version)
	}
	in.apply(&o)
	if o.Status == OpeningOpen {
		if err := checkPublishable(o); err != nil {
			return OpeningView{}, err
		}
	}
	set := bson.M{"title": o.Title, "description": o.Description, "occupation": o.Occupation, "skills": o.Skills, "languages": o.Languages,
		"country": o.Country, "city": o.City, "remote_policy": o.RemotePolicy, "permit_support": o.PermitSupport, "pay": o.Pay,
		"start_date": o.StartDate, "updated_at": s.clock()}
	var ev events.Event
	if o.Status == OpeningOpen {
		if ev, err = s.openingChanged(o, set); err != nil {
			return OpeningView{}, err
		}
	}
	updated, ok, err := s.store.UpdateOpening(ctx, o.ID, bson.M{"version": *in.Version, "status": o.Status}, bson.M{"$set": set, "$inc": bson.M{"version": 1}})
	if err != nil {
		return OpeningView{}, err
	}
	if !ok {
		return OpeningView{}, apperr.Conflictf("edit-conflict", "the opening changed since version %d; reload it and edit again", *in.Version)
	}
	if ev.ID != "" {
		s.publishOpening(ctx, o.ID, ev)
	}
	return s.openingView(updated), nil
}

// PublishOpening opens a draft to matching once every required field is
// there; every missing one is named at once.
func (s *Service) PublishOpening(ctx context.Context, p auth.Principal, orgID, openingID string) (OpeningView, error) {
	o, err := s.ownOpening(ctx, p, orgID, openingID)
	if err != nil {
		return OpeningView{}, err
	}
	switch o.Status {
	case OpeningOpen:
		return s.openingView(o), nil
	case OpeningClosed:
		return OpeningView{}, apperr.Conflictf("opening-closed", "a closed opening cannot be published again")
	}
	if err := checkPublishable(o); err != nil {
		return OpeningView{}, err
	}
	set := bson.M{"status": OpeningOpen, "updated_at": s.clock()}
	ev, err := s.openingChanged(o, set)
	if err != nil {
		return OpeningView{}, err
	}
	updated, ok, err := s.store.UpdateOpening(ctx, o.ID, bson.M{"status": OpeningDraft, "version": o.Version}, bson.M{"$set": set, "$inc": bson.M{"version": 1}})
	if err != nil {
		return OpeningView{}, err
	}
	if !ok {
		return OpeningView{}, apperr.Conflictf("edit-conflict", "the opening changed while it was being published; try again")
	}
	if err := s.store.AddToList(ctx, openList, o.ID); err != nil {
		return OpeningView{}, err
	}
	s.publishOpening(ctx, o.ID, ev)
	return s.openingView(updated), nil
}

// CloseOpening closes an opening: it leaves matching and its ranking is cleared.
func (s *Service) CloseOpening(ctx context.Context, p auth.Principal, orgID, openingID string) (OpeningView, error) {
	o, err := s.ownOpening(ctx, p, orgID, openingID)
	if err != nil {
		return OpeningView{}, err
	}
	if o.Status == OpeningClosed {
		return s.openingView(o), nil
	}
	set := bson.M{"status": OpeningClosed, "updated_at": s.clock()}
	ev, err := s.openingChanged(o, set)
	if err != nil {
		return OpeningView{}, err
	}
	updated, ok, err := s.store.UpdateOpening(ctx, o.ID, bson.M{"status": o.Status, "version": o.Version}, bson.M{"$set": set, "$inc": bson.M{"version": 1}})
	if err != nil {
		return OpeningView{}, err
	}
	if !ok {
		return OpeningView{}, apperr.Conflictf("edit-conflict", "the opening changed while it was being closed; try again")
	}
	if err := s.store.RemoveFromList(ctx, openList, o.ID); err != nil {
		return OpeningView{}, err
	}
	s.publishOpening(ctx, o.ID, ev)
	return s.openingView(updated), nil
}

// CardSkill is a skill on a card with its evidence.
type CardSkill struct {
	Skill      string            `json:"skill"`
	Label      string            `json:"label"`
	Evidence   matching.Evidence `json:"evidence"`
	VerifyURLs []string          `json:"verify_urls"`
}

// Identity is who a candidate is, shown once they accepted the company's contact request.
type Identity struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

// CardMatch is a candidate's match with one of the company's open openings.
type CardMatch struct {
	Opening OpeningSummary `json:"opening"`
	Match   matching.Match `json:"match"`
}

// Card is a candidate as a company sees them: under the company's
// pseudonym, with what the candidate lets companies see.
type Card struct {
	Pseudonym         string              `json:"pseudonym"`
	Headline          string              `json:"headline,omitempty"`
	Occupations       []Ref               `json:"occupations"`
	Skills            []CardSkill         `json:"skills"`
	Languages         []matching.Language `json:"languages,omitempty"`
	Country           string              `json:"country,omitempty"`
	Remote            *bool               `json:"remote,omitempty"`
	AvailableFrom     string              `json:"available_from,omitempty"`
	WorkAuthorisation WorkAuthorisation   `json:"work_authorisation"`
	Identity          *Identity           `json:"identity"`
	Matches           []CardMatch         `json:"matches,omitempty"`
}

// inPool returns the profile of a person in the pool; NotFound otherwise,
// so a company cannot tell a withdrawn candidate from none.
func (s *Service) inPool(ctx context.Context, userID string) (Profile, error) {
	p, err := s.store.Profile(ctx, userID)
	if err == nil && !p.InPool {
		err = apperr.NotFoundf("no such candidate")
	}
	return p, err
}

// card shows a profile to a company under its pseudonym, which the caller
// records with showPseudonyms before answering. Its skills are skills when
// not nil, read from the evidence otherwise.
func (s *Service) card(ctx context.Context, orgID string, p Profile, skills []SkillView) (Card, error) {
	pseudonym := s.pseudonym(orgID, p.UserID)
	c := Card{Pseudonym: pseudonym, Occupations: nonNil(p.Occupations), Skills: []CardSkill{},
		WorkAuthorisation: WorkAuthorisation{RightToWork: nonNil(p.WorkAuthorisation.RightToWork), NeedsPermit: p.WorkAuthorisation.NeedsPermit}}
	if p.Visible.Headline {
		c.Headline = p.Headline
	}
	if p.Visible.Languages {
		c.Languages = p.Languages
	}
	if p.Visible.Location {
		remote := p.Remote
		c.Country, c.Remote = p.Country, &remote
	}
	if p.Visible.Availability {
		c.AvailableFrom = p.AvailableFrom
	}
	if skills == nil {
		var err error
		if skills, err = s.skills(ctx, p); err != nil {
			return Card{}, err
		}
	}
	for _, sk := range skills {
		if sk.Evidence == matching.EvidenceSelfDeclared && !p.Visible.SelfDeclared {
			continue
		}
		cs := CardSkill{Skill: sk.Skill, Label: sk.Label, Evidence: sk.Evidence, VerifyURLs: []string{}}
		for _, src := range sk.Sources {
			if src.VerifyURL != "" {
				cs.VerifyURLs = append(cs.VerifyURLs, src.VerifyURL)
			}
		}
		c.Skills = append(c.Skills, cs)
	}
	if !slices.Contains(p.RevealedTo, orgID) {
		return c, nil
	}
	sl, err := s.store.Slot(ctx, orgID, p.UserID)
	if err != nil {
		return Card{}, err
	}
	if sl.Accepted {
		name, email, err := s.orgs.Contact(ctx, p.UserID)
		if err != nil {
			return Card{}, fmt.Errorf("read the contact of candidate %s: %w", pseudonym, err)
		}
		c.Identity = &Identity{Name: name, Email: email}
	}
	return c, nil
}

// showPseudonyms records the company's pseudonyms of the profiles it is
// about to be shown, so that they resolve, in one write; the company is
// listed first among the viewers, whose pseudonyms erasure deletes. What
// this process recorded is not written again.
func (s *Service) showPseudonyms(ctx context.Context, orgID string, profiles ...Profile) error {
	listed, fresh := s.shown.unrecorded(orgID, profiles)
	if len(fresh) == 0 {
		return nil
	}
	if !listed {
		if err := s.store.AddToList(ctx, viewersList, orgID); err != nil {
			return err
		}
	}
	userOf := make(map[string]string, len(fresh))
	for _, p := range fresh {
		userOf[s.pseudonym(orgID, p.UserID)] = p.UserID
	}
	if err := s.store.PutPseudonyms(ctx, orgID, userOf); err != nil {
		return err
	}
	s.shown.record(orgID, fresh)
	return nil
}

// shownCache is what this process recorded of the cards it showed: the
// companies listed as viewers, and the pseudonyms of each profile by its
// consent, which changes when an erased person joins again.
type shownCache struct {
	mu        sync.Mutex
	viewers   map[string]bool
	pseudonym map[string]bool
}

// shownCacheSize bounds the pseudonyms remembered; past it they are forgotten.
const shownCacheSize = 200_000

func shownKey(orgID string, p Profile) string {
	return orgID + "|" + p.UserID + "|" + strconv.FormatInt(p.ConsentAt.UnixNano(), 36)
}

// unrecorded says whether the company is listed as a viewer, and which
// profiles have no pseudonym for it recorded by this process.
func (c *shownCache) unrecorded(orgID string, profiles []Profile) (listed bool, fresh []Profile) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range profiles {
		if !c.pseudonym[shownKey(orgID, p)] {
			fresh = append(fresh, p)
		}
	}
	return c.viewers[orgID], fresh
}

func (c *shownCache) record(orgID string, profiles []Profile) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.viewers == nil || len(c.pseudonym)+len(profiles) > shownCacheSize {
		c.viewers, c.pseudonym = map[string]bool{}, map[string]bool{}
	}
	c.viewers[orgID] = true
	for _, p := range profiles {
		c.pseudonym[shownKey(orgID, p)] = true
	}
}

// shown is an item of a page of cards with the profile its card shows.
type shown[T any] struct {
	item T
	prof Profile
}

// showPage records the pseudonyms of a page's cards and returns its items.
func showPage[T any](ctx context.Context, s *Service, orgID string, page []shown[T], next int, err error) ([]T, int, error) {
	if err != nil {
		return nil, 0, err
	}
	items, profiles := make([]T, len(page)), make([]Profile, len(page))
	for i, x := range page {
		items[i], profiles[i] = x.item, x.prof
	}
	return items, next, s.showPseudonyms(ctx, orgID, profiles...)
}

// candidate resolves a company's pseudonym to a person in the pool.
func (s *Service) candidate(ctx context.Context, orgID, pseudonym string) (Profile, error) {
	userID, err := s.store.ResolvePseudonym(ctx, orgID, pseudonym)
	if err != nil {
		return Profile{}, err
	}
	return s.inPool(ctx, userID)
}

func (s *Service) logAccess(ctx context.Context, org identity.OrgView, userID, action string) error {
	return s.store.LogAccess(ctx, userID, Access{OrgID: org.ID, OrgName: org.Name, Action: action, At: s.clock()})
}

// RankedCandidate is an entry of an opening's match list.
type RankedCandidate struct {
	Candidate Card           `json:"candidate"`
	Match     matching.Match `json:"match"`
	Decision  *Decision      `json:"decision"`
}

// OpeningMatches returns a page of an opening's ranked candidates, best
// first: the opening's ranking and the people decided on, then for each
// candidate of the page their stored match, profile (which holds the skills
// matching read and the companies they accepted contact from) and any
// decision, each read by _id, several candidates at once.
func (s *Service) OpeningMatches(ctx context.Context, p auth.Principal, orgID, openingID string, offset, limit int) ([]RankedCandidate, int, error) {
	o, err := s.ownOpening(ctx, p, orgID, openingID)
	if err != nil {
		return nil, 0, err
	}
	ranked, err := s.store.Ranking(ctx, openingRanking(o.ID))
	if err != nil {
		return nil, 0, err
	}
	decided, err := s.store.List(ctx, openingDecisionsList(o.ID))
	if err != nil {
		return nil, 0, err
	}
	page, next, err := pageOf(ctx, ranked, offset, limit, func(ctx context.Context, r Ranked) (shown[RankedCandidate], error) {
		m, err := s.store.Match(ctx, o.ID, r.ID)
		if err != nil {
			return shown[RankedCandidate]{}, err
		}
		prof, err := s.inPool(ctx, r.ID)
		if err != nil {
			return shown[RankedCandidate]{}, err
		}
		card, err := s.card(ctx, orgID, prof, s.matchedSkills(ctx, prof))
		if err != nil {
			return shown[RankedCandidate]{}, err
		}
		var d *Decision
		if slices.Contains(decided, prof.UserID) {
			if d, err = s.store.Decision(ctx, o.ID, prof.UserID); err != nil {
				return shown[RankedCandidate]{}, err
			}
		}
		return shown[RankedCandidate]{RankedCandidate{Candidate: card, Match: m.Match, Decision: d}, prof}, nil
	})
	return showPage(ctx, s, orgID, page, next, err)
}

// SearchParams is a company's talent search.
type SearchParams struct {
	Text              string
	Skills            []string
	Occupation        []string
	Country           []string
	Language          []string
	WorkAuthorisation []string
	AvailableBy       string
	Offset, Limit     int
}

// SearchResult is a page of talent search.
type SearchResult struct {
	Items  []Card                    `json:"items"`
	Total  int                       `json:"total"`
	Facets map[string]map[string]int `json:"facets"`
}

// talentFacets are the facets of talent search.
var talentFacets = []string{search.FacetSkills, search.FacetOccupation, search.FacetCountry, search.FacetLanguage, search.FacetWorkAuthorisation}

// Search searches the talent index for the company.
func (s *Service) Search(ctx context.Context, p auth.Principal, orgID string, sp SearchParams) (SearchResult, error) {
	if _, err := s.company(ctx, p, orgID); err != nil {
		return SearchResult{}, err
	}
	q := search.Query{Text: sp.Text, Filters: map[string][]string{search.FacetType: {search.TypeTalent}}, Facets: talentFacets, Offset: sp.Offset, Limit: sp.Limit}
	for facet, values := range map[string][]string{search.FacetSkills: sp.Skills, search.FacetOccupation: sp.Occupation, search.FacetCountry: sp.Country,
		search.FacetLanguage: sp.Language, search.FacetWorkAuthorisation: sp.WorkAuthorisation} {
		if len(values) > 0 {
			q.Filters[facet] = values
		}
	}
	if sp.AvailableBy != "" {
		t, err := time.Parse(time.DateOnly, sp.AvailableBy)
		if err != nil {
			return SearchResult{}, apperr.InvalidField("available_by", "must be a date as YYYY-MM-DD")
		}
		q.AvailableFrom = search.AtMost(float64(t.Unix() / 86400))
	}
	res, err := s.index.Search(ctx, q)
	if err != nil {
		var fe *search.FilterError
		if errors.As(err, &fe) {
			return SearchResult{}, apperr.InvalidField(fe.Filter, "%s", fe.Reason)
		}
		return SearchResult{}, fmt.Errorf("search talent: %w", err)
	}
	out := SearchResult{Items: []Card{}, Total: res.Total, Facets: map[string]map[string]int{}}
	for _, f := range talentFacets {
		out.Facets[f] = res.Facets[f]
		if out.Facets[f] == nil {
			out.Facets[f] = map[string]int{}
		}
	}
	page, next, err := pageOf(ctx, res.Hits, 0, len(res.Hits), func(ctx context.Context, h search.Hit) (shown[Card], error) {
		userID, ok := strings.CutPrefix(h.Document.ID, search.TypeTalent+":")
		if !ok {
			return shown[Card]{}, apperr.NotFoundf("not a candidate: %s", h.Document.ID)
		}
		prof, err := s.inPool(ctx, userID)
		if err != nil {
			return shown[Card]{}, err
		}
		card, err := s.card(ctx, orgID, prof, s.matchedSkills(ctx, prof))
		return shown[Card]{card, prof}, err
	})
	out.Items, _, err = showPage(ctx, s, orgID, page, next, err)
	return out, err
}

// Candidate shows a candidate's card with their matches with the company's
// open openings, and logs the view in the candidate's access log.
func (s *Service) Candidate(ctx context.Context, p auth.Principal, orgID, pseudonym string) (Card, error) {
	org, err := s.company(ctx, p, orgID)
	if err != nil {
		return Card{}, err
	}
	prof, err := s.candidate(ctx, orgID, pseudonym)
	if err != nil {
		return Card{}, err
	}
	// The pseudonym resolved: it is recorded.
	card, err := s.card(ctx, orgID, prof, nil)
	if err != nil {
		return Card{}, err
	}
	ranked, err := s.store.Ranking(ctx, candidateRanking(prof.UserID))
	if err != nil {
		return Card{}, err
	}
	card.Matches = []CardMatch{}
	for _, r := range ranked {
		o, err := s.store.Opening(ctx, r.ID)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return Card{}, err
		}
		if o.OrgID != orgID || o.Status != OpeningOpen {
			continue
		}
		if m, ok := r.storedMatch(prof.UserID); ok {
			card.Matches = append(card.Matches, CardMatch{Opening: summaryOf(o), Match: m.Match})
		}
	}
	if err := s.logAccess(ctx, org, prof.UserID, AccessViewed); err != nil {
		return Card{}, err
	}
	return card, nil
}

// staleClaim is how old a claim on the contact slot must be, its request
// missing, to be taken over.
const staleClaim = time.Minute

// ContactRequest is the body of a company's contact request.
type ContactRequest struct {
	OpeningID string `json:"opening_id,omitempty"`
	Message   string `json:"message"`
}

// CompanyContactView is a contact request as its company sees it.
type CompanyContactView struct {
	ID        string          `json:"id"`
	Pseudonym string          `json:"pseudonym"`
	Opening   *OpeningSummary `json:"opening"`
	Message   string          `json:"message"`
	Status    string          `json:"status"`
	CreatedAt time.Time       `json:"created_at"`
}

// ContactCandidate sends a contact request; a company has at most one
// pending request to a candidate.
func (s *Service) ContactCandidate(ctx context.Context, p auth.Principal, orgID, pseudonym string, req ContactRequest) (CompanyContactView, error) {
	org, err := s.company(ctx, p, orgID)
	if err != nil {
		return CompanyContactView{}, err
	}
	message, err := checkMessage(req.Message)
	if err != nil {
		return CompanyContactView{}, err
	}
	prof, err := s.candidate(ctx, orgID, pseudonym)
	if err != nil {
		return CompanyContactView{}, err
	}
	var opening *OpeningSummary
	if req.OpeningID != "" {
		o, err := s.store.Opening(ctx, req.OpeningID)
		if apperr.Is(err, apperr.NotFound) || (err == nil && o.OrgID != orgID) {
			return CompanyContactView{}, unprocessable(apperr.InvalidField("opening_id", "is not an opening of this company"))
		}
		if err != nil {
			return CompanyContactView{}, err
		}
		sum := summaryOf(o)
		opening = &sum
	}
	c := Contact{ID: newID(), OrgID: orgID, OrgName: org.Name, UserID: prof.UserID, OpeningID: req.OpeningID, Message: message,
		Status: ContactPending, By: p.UserID, CreatedAt: s.clock()}
	ok, err := s.store.ClaimSlot(ctx, orgID, prof.UserID, "", c.ID, c.CreatedAt)
	if err != nil {
		return CompanyContactView{}, err
	}
	if !ok {
		// A claim whose request was never stored (the process stopped
		// between the two writes) is no request: once it is older than any
		// request takes to store, it is taken over.
		sl, err := s.store.Slot(ctx, orgID, prof.UserID)
		if err != nil {
			return CompanyContactView{}, err
		}
		if sl.Pending != "" && c.CreatedAt.Sub(sl.ClaimedAt) > staleClaim {
			if _, err := s.store.Contact(ctx, sl.Pending); apperr.Is(err, apperr.NotFound) {
				if ok, err = s.store.ClaimSlot(ctx, orgID, prof.UserID, sl.Pending, c.ID, c.CreatedAt); err != nil {
					return CompanyContactView{}, err
				}
			}
		}
	}
	if !ok {
		return CompanyContactView{}, apperr.Conflictf("contact-pending", "this candidate has not answered the company's previous request yet")
	}
	if err := s.store.InsertContact(ctx, c); err != nil {
		return CompanyContactView{}, err
	}
	s.tally.Count(ctx, tally.TalentContacts, c.ID, "", c.CreatedAt)
	if err := s.logAccess(ctx, org, prof.UserID, AccessContacted); err != nil {
		return CompanyContactView{}, err
	}
	return CompanyContactView{ID: c.ID, Pseudonym: pseudonym, Opening: opening, Message: c.Message, Status: c.Status, CreatedAt: c.CreatedAt}, nil
}

// DecisionRequest is the body of a decision.
type DecisionRequest struct {
	Decision string `json:"decision"`
	Reason   string `json:"reason,omitempty"`
}

// Decide records a person's decision on a candidate for an opening; the
// ranking only advises, nothing is decided without this.
func (s *Service) Decide(ctx context.Context, p auth.Principal, orgID, openingID, pseudonym string, req DecisionRequest) (Decision, error) {
	org, err := s.company(ctx, p, orgID)
	if err != nil {
		return Decision{}, err
	}
	var v apperr.Validation
	v.Check(slices.Contains([]string{DecisionShortlist, DecisionReject, DecisionContact}, req.Decision), "decision", "must be shortlist, reject or contact")
	v.Check(len([]rune(req.Reason)) <= MaxReason, "reason", "must be at most %d characters", MaxReason)
	if err := v.Err(); err != nil {
		return Decision{}, unprocessable(err)
	}
	o, err := s.ownOpening(ctx, p, orgID, openingID)
	if err != nil {
		return Decision{}, err
	}
	prof, err := s.candidate(ctx, orgID, pseudonym)
	if err != nil {
		return Decision{}, err
	}
	d := Decision{ID: matchID(o.ID, prof.UserID), OrgID: orgID, OpeningID: o.ID, UserID: prof.UserID, Decision: req.Decision,
		Reason: strings.TrimSpace(req.Reason), By: p.UserID, At: s.clock()}
	if err := s.store.PutDecision(ctx, d); err != nil {
		return Decision{}, err
	}
	if err := s.logAccess(ctx, org, prof.UserID, AccessDecided); err != nil {
		return Decision{}, err
	}
	return d, nil
}

// ContestInboxItem is a contest as the company sees it.
type ContestInboxItem struct {
	ID        string         `json:"id"`
	Pseudonym string         `json:"pseudonym"`
	Opening   OpeningSummary `json:"opening"`
	Message   string         `json:"message"`
	CreatedAt time.Time      `json:"created_at"`
}

// Contests lists the contests the company received, newest first.
func (s *Service) Contests(ctx context.Context, p auth.Principal, orgID string) ([]ContestInboxItem, error) {
	if _, err := s.company(ctx, p, orgID); err != nil {
		return nil, err
	}
	ids, err := s.store.List(ctx, orgContestsList(orgID))
	if err != nil {
		return nil, err
	}
	out := []ContestInboxItem{}
	for _, id := range slices.Backward(ids) {
		c, err := s.store.Contest(ctx, id)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		o, err := s.store.Opening(ctx, c.OpeningID)
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return nil, err
		}
		prof, err := s.profile(ctx, c.UserID)
		if err != nil {
			return nil, err
		}
		if err := s.showPseudonyms(ctx, orgID, prof); err != nil {
			return nil, err
		}
		out = append(out, ContestInboxItem{ID: c.ID, Pseudonym: s.pseudonym(orgID, c.UserID), Opening: summaryOf(o), Message: c.Message, CreatedAt: c.CreatedAt})
	}
	return out, nil
}
