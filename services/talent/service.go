package talent

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/oklog/ulid/v2"
	"go.mongodb.org/mongo-driver/bson"
	"golang.org/x/text/language"

	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/events"
	"academy/services/kit/mongokit"
	"academy/services/kit/tally"
	"academy/services/talent/bluecard"
	"academy/services/talent/matching"
)

// Service holds the talent pool's use cases; it authorises every call per
// resource: a learner reaches their own profile only, a company (staff of a
// verified organisation of kind company, or an administrator) its own
// openings and the pseudonymous cards of consenting learners.
type Service struct {
	tally    tally.Counter
	store    *Store
	orgs     Orgs
	catalog  Catalog
	creds    Credentials
	index    Index
	queue    Enqueuer
	events   Publisher
	key      []byte
	bluecard bluecard.Table
	log      *slog.Logger
	now      func() time.Time
	pairs    pairLocks
	shown    shownCache
}

// Options are the optional settings of NewService.
type Options struct {
	// Events publishes the facts the context records; required.
	Events Publisher
	// Tally counts the facts of the platform dashboard no event carries; nil counts nothing.
	Tally tally.Counter
	// PseudonymKey keys the HMAC of pseudonyms: at least 32 bytes, the same
	// in every process and for good, or every company sees new pseudonyms.
	PseudonymKey []byte
	// BlueCard holds the EU Blue Card salary thresholds.
	BlueCard bluecard.Table
	Log      *slog.Logger
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// MinPseudonymKeySize is the shortest pseudonym key accepted.
const MinPseudonymKeySize = 32

// NewService returns the talent service.
func NewService(store *Store, orgs Orgs, cat Catalog, creds Credentials, index Index, queue Enqueuer, o Options) (*Service, error) {
	if len(o.PseudonymKey) < MinPseudonymKeySize {
		return nil, fmt.Errorf("talent: the pseudonym key has %d bytes, fewer than %d", len(o.PseudonymKey), MinPseudonymKeySize)
	}
	if o.Tally == nil {
		o.Tally = tally.None{}
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Service{tally: o.Tally, store: store, orgs: orgs, catalog: cat, creds: creds, index: index, queue: queue, events: o.Events, key: o.PseudonymKey,
		bluecard: o.BlueCard, log: o.Log, now: o.Now}, nil
}

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

func newID() string { return ulid.Make().String() }

// pseudonymEncoding leaves out the letters and digits people confuse.
var pseudonymEncoding = base32.NewEncoding("23456789ABCDEFGHJKLMNPQRSTUVWXYZ").WithPadding(base32.NoPadding)

// pseudonym is the name a company knows a person by: an HMAC of both, so
// two companies cannot link their candidates and nobody can reverse it
// without the key and the store.
func (s *Service) pseudonym(orgID, userID string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(orgID + "\x00" + userID))
	return "C-" + pseudonymEncoding.EncodeToString(m.Sum(nil))[:8]
}

// unprocessable turns field errors into a 422: the request was read, its content cannot be used.
func unprocessable(err error) error {
	var e *apperr.Error
	if errors.As(err, &e) && e.Kind == apperr.Invalid {
		e.Kind = apperr.Unprocessable
	}
	return err
}

func signedIn(p auth.Principal) error {
	if !p.Authenticated() {
		return apperr.Unauthorizedf("sign in to use the talent pool")
	}
	return nil
}

// SourceView is a credential that proves a skill.
type SourceView struct {
	CredentialID string `json:"credential_id"`
	Title        string `json:"title"`
	VerifyURL    string `json:"verify_url"`
}

// SkillView is a skill of a profile with its evidence.
type SkillView struct {
	Skill    string            `json:"skill"`
	Label    string            `json:"label"`
	Level    int               `json:"level"`
	Evidence matching.Evidence `json:"evidence"`
	Sources  []SourceView      `json:"sources"`
}

// ProfileView is a learner's talent profile as they see it.
type ProfileView struct {
	InPool            bool                `json:"in_pool"`
	Consent           *Consent            `json:"consent"`
	Version           int                 `json:"version"`
	Headline          string              `json:"headline"`
	Occupations       []Ref               `json:"occupations"`
	Skills            []SkillView         `json:"skills"`
	SelfDeclared      []DeclaredSkill     `json:"self_declared"`
	Languages         []matching.Language `json:"languages"`
	Country           string              `json:"country"`
	Places            []string            `json:"places"`
	Remote            bool                `json:"remote"`
	AvailableFrom     string              `json:"available_from"`
	WorkAuthorisation WorkAuthorisation   `json:"work_authorisation"`
	Visible           Visibility          `json:"visible"`
	Imports           []Import            `json:"imports"`
}

// profile reads the user's profile; an empty one when there is none.
func (s *Service) profile(ctx context.Context, userID string) (Profile, error) {
	p, err := s.store.Profile(ctx, userID)
	if apperr.Is(err, apperr.NotFound) {
		return Profile{UserID: userID}, nil
	}
	return p, err
}

// evidence is what a person's skills rest on now: the credentials in force,
// and the skills read from them and the profile.
type evidence struct {
	held   []HeldCredential
	skills []SkillView
}

// evidenceOf reads the credentials in force now and a profile's skills from them.
func (s *Service) evidenceOf(ctx context.Context, p Profile) (evidence, error) {
	held, err := s.creds.ActiveOf(ctx, p.UserID)
	if err != nil {
		return evidence{}, fmt.Errorf("read the credentials of %s: %w", p.UserID, err)
	}
	return evidence{held: held, skills: s.skillsFrom(ctx, p, held)}, nil
}

// skills gathers a profile's skills from the credentials in force now.
func (s *Service) skills(ctx context.Context, p Profile) ([]SkillView, error) {
	ev, err := s.evidenceOf(ctx, p)
	return ev.skills, err
}

// matchedSkills are a profile's skills from the credentials matching read
// and still in force, while the profile is still at the revision it
// matched; nil otherwise. A credential issued or revoked since is matched
// again within seconds, and the talent index with it.
func (s *Service) matchedSkills(ctx context.Context, p Profile) []SkillView {
	if p.MatchedRev != p.Rev || p.Held == nil {
		return nil
	}
	return s.skillsFrom(ctx, p, inForce(p.Held, s.clock()))
}

// skillsFrom gathers a profile's skills: verified ones from the credentials
// held and the verified imports, then the self-declared ones no evidence
// covers; each skill once, with its strongest evidence.
func (s *Service) skillsFrom(ctx context.Context, p Profile, held []HeldCredential) []SkillView {
	declared := map[string]int{}
	for _, d := range p.SelfDeclared {
		declared[d.Skill] = d.Level
	}
	byID := map[string]*SkillView{}
	var order []string
	add := func(skill string, ev matching.Evidence, src *SourceView) {
		v, ok := byID[skill]
		if !ok {
			v = &SkillView{Skill: skill, Level: declared[skill], Evidence: ev, Sources: []SourceView{}}
			byID[skill] = v
			order = append(order, skill)
		}
		if ev.Strength() > v.Evidence.Strength() {
			v.Evidence = ev
		}
		if src != nil && !slices.ContainsFunc(v.Sources, func(x SourceView) bool { return x.CredentialID == src.CredentialID }) {
			v.Sources = append(v.Sources, *src)
		}
	}
	for _, c := range held {
		ev := matching.EvidenceCredential
		if c.Competition {
			ev = matching.EvidenceCompetition
		}
		for _, sk := range c.Skills {
			add(sk, ev, &SourceView{CredentialID: c.ID, Title: c.Title, VerifyURL: c.VerifyURL})
		}
	}
	for _, im := range p.Imports {
		if !im.Counts() {
			continue
		}
		for _, sk := range im.Skills {
			add(sk.ID, matching.EvidenceImported, &SourceView{CredentialID: im.CredentialID, Title: im.Title})
		}
	}
	for _, d := range p.SelfDeclared {
		add(d.Skill, matching.EvidenceSelfDeclared, nil)
	}
	out := make([]SkillView, 0, len(order))
	for _, id := range order {
		v := byID[id]
		v.Label = s.skillLabel(ctx, id)
		out = append(out, *v)
	}
	return out
}

// skillLabel is a skill's English label, its id when the taxonomy lacks it.
func (s *Service) skillLabel(ctx context.Context, id string) string {
	sk, err := s.catalog.Skill(ctx, id)
	if err != nil {
		return id
	}
	return sk.Label("en")
}

func (s *Service) view(ctx context.Context, p Profile) (ProfileView, error) {
	v := ProfileView{InPool: p.InPool, Consent: p.Consent, Version: p.Version, Headline: p.Headline, Occupations: nonNil(p.Occupations),
		SelfDeclared: nonNil(p.SelfDeclared), Languages: nonNil(p.Languages), Country: p.Country, Places: nonNil(p.Places), Remote: p.Remote,
		AvailableFrom: p.AvailableFrom, WorkAuthorisation: p.WorkAuthorisation, Visible: p.Visible, Imports: nonNil(p.Imports)}
	v.WorkAuthorisation.RightToWork = nonNil(v.WorkAuthorisation.RightToWork)
	skills, err := s.skills(ctx, p)
	if err != nil {
		return v, err
	}
	v.Skills = skills
	return v, nil
}

func nonNil[S ~[]T, T any](s S) S {
	if s == nil {
		return S{}
	}
	return s
}

// MyProfile returns the caller's profile; an empty one, out of the pool,
// before they join.
func (s *Service) MyProfile(ctx context.Context, pr auth.Principal) (ProfileView, error) {
	if err := signedIn(pr); err != nil {
		return ProfileView{}, err
	}
	p, err := s.profile(ctx, pr.UserID)
	if err != nil {
		return ProfileView{}, err
	}
	return s.view(ctx, p)
}

// profileChanged is the event recorded with every change of a profile.
func (s *Service) profileChanged(userID string, inPool bool) (events.Event, error) {
	return events.New(events.ProfileChanged, events.ProfileData{UserID: userID, InPool: inPool}, s.clock())
}

// publish moves a profile's events to the outbox; the reconciler retries a failure.
func (s *Service) publish(ctx context.Context, userID string, evs ...events.Event) {
	if err := s.events.Publish(ctx, s.store.Profiles(), userID, evs...); err != nil {
		s.log.Warn("publish talent profile events", "user", userID, "err", err)
	}
}

// ensureLedger records in the ledger the consent change a profile's last
// write made; written again, it is the same entry. Every join and
// withdrawal calls it, so one that stopped between the two writes is
// completed by the next try.
func (s *Service) ensureLedger(ctx context.Context, p Profile) error {
	if p.ConsentSeq == 0 {
		return nil
	}
	e := ConsentEntry{ID: consentID(p.UserID, p.ConsentSeq), UserID: p.UserID, Action: ActionWithdrawn, Purpose: Purpose, NoticeVersion: p.ConsentNotice, At: p.ConsentAt}
	if p.InPool {
		e.Action = ActionGiven
	}
	return s.store.AppendConsent(ctx, e)
}

// JoinRequest is the body of a consent.
type JoinRequest struct {
	NoticeVersion string `json:"notice_version"`
}

// Join records the caller's consent to the notice's current version and
// puts their profile in the pool; joining again changes nothing.
func (s *Service) Join(ctx context.Context, pr auth.Principal, noticeVersion string) (ProfileView, error) {
	if err := signedIn(pr); err != nil {
		return ProfileView{}, err
	}
	if noticeVersion == "" {
		return ProfileView{}, unprocessable(apperr.InvalidField("notice_version", "is required: the version of the notice you were shown"))
	}
	if noticeVersion != NoticeVersion {
		return ProfileView{}, &apperr.Error{Kind: apperr.Unprocessable, Code: "stale-notice",
			Detail: fmt.Sprintf("the notice you were shown (%s) is not the current one (%s): read the current notice and consent again", noticeVersion, NoticeVersion)}
	}
	now := s.clock()
	ev, err := s.profileChanged(pr.UserID, true)
	if err != nil {
		return ProfileView{}, err
	}
	set := bson.M{"in_pool": true, "consent": Consent{Version: noticeVersion, GivenAt: now}, "consent_notice": noticeVersion, "consent_at": now, "updated_at": now}
	for k, v := range events.Embed(ev) {
		set[k] = v
	}
	p, joined, err := s.store.UpsertProfile(ctx, pr.UserID, bson.M{"in_pool": bson.M{"$ne": true}},
		bson.M{"$set": set, "$inc": bson.M{"consent_seq": 1, "rev": 1}})
	if err != nil {
		return ProfileView{}, err
	}
	if !joined {
		if p, err = s.store.Profile(ctx, pr.UserID); err != nil {
			return ProfileView{}, err
		}
	}
	if err := s.ensureLedger(ctx, p); err != nil {
		return ProfileView{}, err
	}
	if err := s.store.AddToList(ctx, poolList, pr.UserID); err != nil {
		return ProfileView{}, err
	}
	if joined {
		s.publish(ctx, pr.UserID, ev)
	}
	return s.view(ctx, p)
}

// Withdraw records the withdrawal of the caller's consent and takes them
// out of the pool: out of the talent index and every read model before it
// returns.
func (s *Service) Withdraw(ctx context.Context, pr auth.Principal) (ProfileView, error) {
	if err := signedIn(pr); err != nil {
		return ProfileView{}, err
	}
	now := s.clock()
	ev, err := s.profileChanged(pr.UserID, false)
	if err != nil {
		return ProfileView{}, err
	}
	set := bson.M{"in_pool": false, "consent": nil, "consent_at": now, "updated_at": now}
	for k, v := range events.Embed(ev) {
		set[k] = v
	}
	p, withdrawn, err := s.store.UpdateProfile(ctx, pr.UserID, bson.M{"in_pool": true}, bson.M{"$set": set, "$inc": bson.M{"consent_seq": 1, "rev": 1}})
	if err != nil {
		return ProfileView{}, err
	}
	if !withdrawn {
		if p, err = s.profile(ctx, pr.UserID); err != nil {
			return ProfileView{}, err
		}
	}
	if err := s.ensureLedger(ctx, p); err != nil {
		return ProfileView{}, err
	}
	if err := s.noteMatching(ctx, []string{pr.UserID}, nil); err != nil {
		return ProfileView{}, err
	}
	if err := s.removeCandidate(ctx, pr.UserID); err != nil {
		return ProfileView{}, err
	}
	if withdrawn {
		s.publish(ctx, pr.UserID, ev)
	}
	return s.view(ctx, p)
}

// ProfileInput is the body of a profile's edit: its editable fields and
// the version edited.
type ProfileInput struct {
	Version           *int                `json:"version"`
	Headline          string              `json:"headline"`
	Occupations       []Ref               `json:"occupations"`
	SelfDeclared      []DeclaredSkill     `json:"self_declared"`
	Languages         []matching.Language `json:"languages"`
	Country           string              `json:"country"`
	Places            []string            `json:"places"`
	Remote            bool                `json:"remote"`
	AvailableFrom     string              `json:"available_from"`
	WorkAuthorisation WorkAuthorisation   `json:"work_authorisation"`
	Visible           Visibility          `json:"visible"`
}

// Limits of a profile.
const (
	MaxSkills      = 50
	MaxOccupations = 10
	MaxLanguages   = 20
	MaxPlaces      = 30
	MaxHeadline    = 200
)

// cefrLevels are the CEFR levels, lowest first.
var cefrLevels = []string{"A1", "A2", "B1", "B2", "C1", "C2"}

func checkLanguages(v *apperr.Validation, field string, langs []matching.Language) {
	v.Check(len(langs) <= MaxLanguages, field, "has %d languages, more than %d", len(langs), MaxLanguages)
	for i, l := range langs {
		v.Check(isCode(l.Code, 'a', 'z'), fmt.Sprintf("%s[%d].code", field, i), "must be a lower-case ISO 639-1 language code such as en")
		v.Check(slices.Contains(cefrLevels, l.CEFR), fmt.Sprintf("%s[%d].cefr", field, i), "must be a CEFR level from A1 to C2")
	}
}

func isCode(s string, lo, hi byte) bool {
	return len(s) == 2 && s[0] >= lo && s[0] <= hi && s[1] >= lo && s[1] <= hi
}

// checkCountry requires a current ISO 3166-1 alpha-2 country code in capitals.
func checkCountry(v *apperr.Validation, field, code string) {
	ok := isCode(code, 'A', 'Z')
	if ok {
		r, err := language.ParseRegion(code)
		ok = err == nil && r.IsCountry() && r.String() == code
	}
	v.Check(ok, field, "must be an ISO 3166-1 alpha-2 country code such as DE")
}

func checkDate(v *apperr.Validation, field, date string) {
	if date == "" {
		return
	}
	_, err := time.Parse(time.DateOnly, date)
	v.Check(err == nil, field, "must be a date as YYYY-MM-DD")
}

// checkSkill checks a skill id and a level, and returns its label.
func (s *Service) checkSkill(ctx context.Context, v *apperr.Validation, field, id string, level int) (string, error) {
	v.Check(level >= 0 && level <= matching.LevelExpert, field+".level", "must be from 0 (unstated) to 4 (expert)")
	if id == "" {
		v.Add(field+".skill", "is required")
		return "", nil
	}
	sk, err := s.catalog.Skill(ctx, id)
	if apperr.Is(err, apperr.NotFound) || apperr.Is(err, apperr.Invalid) {
		v.Add(field+".skill", "unknown skill %q", id)
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return sk.Label("en"), nil
}

// checkOccupation checks an occupation id and returns its label.
func (s *Service) checkOccupation(ctx context.Context, v *apperr.Validation, field, id string) (string, error) {
	occ, err := s.catalog.Occupation(ctx, id, "en")
	if apperr.Is(err, apperr.NotFound) || apperr.Is(err, apperr.Invalid) {
		v.Add(field, "unknown occupation %q", id)
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return occ.Label, nil
}

// UpdateProfile applies an edit to the version of the profile the learner read.
func (s *Service) UpdateProfile(ctx context.Context, pr auth.Principal, in ProfileInput) (ProfileView, error) {
	if err := signedIn(pr); err != nil {
		return ProfileView{}, err
	}
	var v apperr.Validation
	if in.Version == nil {
		v.Add("version", "is required: send the version of the profile you edited")
	}
	v.Check(len([]rune(in.Headline)) <= MaxHeadline, "headline", "must be at most %d characters", MaxHeadline)
	v.Check(len(in.Occupations) <= MaxOccupations, "occupations", "has %d occupations, more than %d", len(in.Occupations), MaxOccupations)
	for i := range in.Occupations {
		label, err := s.checkOccupation(ctx, &v, fmt.Sprintf("occupations[%d].id", i), in.Occupations[i].ID)
		if err != nil {
			return ProfileView{}, err
		}
		in.Occupations[i].Label = label
	}
	v.Check(len(in.SelfDeclared) <= MaxSkills, "self_declared", "has %d skills, more than %d", len(in.SelfDeclared), MaxSkills)
	if len(in.SelfDeclared) <= MaxSkills {
		seen := map[string]bool{}
		for i := range in.SelfDeclared {
			d := &in.SelfDeclared[i]
			field := fmt.Sprintf("self_declared[%d]", i)
			v.Check(!seen[d.Skill], field+".skill", "lists %q twice", d.Skill)
			seen[d.Skill] = true
			label, err := s.checkSkill(ctx, &v, field, d.Skill, d.Level)
			if err != nil {
				return ProfileView{}, err
			}
			d.Label = label
		}
	}
	checkLanguages(&v, "languages", in.Languages)
	if in.Country != "" {
		checkCountry(&v, "country", in.Country)
	}
	v.Check(len(in.Places) <= MaxPlaces, "places", "has %d countries, more than %d", len(in.Places), MaxPlaces)
	for i, c := range in.Places {
		checkCountry(&v, fmt.Sprintf("places[%d]", i), c)
	}
	checkDate(&v, "available_from", in.AvailableFrom)
	for i, c := range in.WorkAuthorisation.RightToWork {
		checkCountry(&v, fmt.Sprintf("work_authorisation.right_to_work[%d]", i), c)
	}
	if err := v.Err(); err != nil {
		return ProfileView{}, unprocessable(err)
	}
	// Matching reads the profile as it is when it runs; InPool is what it was.
	before, err := s.profile(ctx, pr.UserID)
	if err != nil {
		return ProfileView{}, err
	}
	ev, err := s.profileChanged(pr.UserID, before.InPool)
	if err != nil {
		return ProfileView{}, err
	}
	set := bson.M{"version": *in.Version + 1, "headline": strings.TrimSpace(in.Headline), "occupations": mongokit.PackedList[Ref](nonNil(in.Occupations)),
		"self_declared": mongokit.PackedList[DeclaredSkill](nonNil(in.SelfDeclared)), "languages": mongokit.PackedList[matching.Language](nonNil(in.Languages)),
		"country": in.Country, "places": mongokit.PackedList[string](nonNil(in.Places)), "remote": in.Remote, "available_from": in.AvailableFrom,
		"work_authorisation": WorkAuthorisation{RightToWork: nonNil(in.WorkAuthorisation.RightToWork), NeedsPermit: in.WorkAuthorisation.NeedsPermit},
		"visible":            in.Visible, "updated_at": s.clock()}
	for k, val := range events.Embed(ev) {
		set[k] = val
	}
	guard := bson.M{"version": *in.Version}
	if *in.Version == 0 {
		// A profile never edited may not exist yet.
		guard = bson.M{"version": nil}
	}
	p, ok, err := s.store.UpsertProfile(ctx, pr.UserID, guard, bson.M{"$set": set, "$inc": bson.M{"rev": 1}})
	if err != nil {
		return ProfileView{}, err
	}
	if !ok {
		cur, err := s.profile(ctx, pr.UserID)
		if err != nil {
			return ProfileView{}, err
		}
		return ProfileView{}, apperr.Conflictf("edit-conflict", "the profile is at version %d, not %d; reload it and edit again", cur.Version, *in.Version)
	}
	s.publish(ctx, pr.UserID, ev)
	return s.view(ctx, p)
}
