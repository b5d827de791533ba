package credentials

import (
	"cmp"
	"context"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oklog/ulid/v2"

	"academy/services/credentials/certificate"
	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/events"
)

// maxReasonLen bounds the reason recorded with a status change.
const maxReasonLen = 500

// Options configures a Service.
type Options struct {
	PublicBaseURL string    // e.g. https://academy.example.eu; credential, issuer and status list URLs start with it
	PlatformName  string    // the hosting platform as issuer profiles name it; "Academy" by default
	Events        Publisher // publishes CredentialIssued and CredentialStatusChanged; required
	Log           *slog.Logger
	Now           func() time.Time // the clock; time.Now by default
}

// Service issues, serves, changes the status of and verifies credentials.
type Service struct {
	store    *Store
	keys     *Keyring
	awards   Awards
	orgs     Orgs
	events   Publisher
	links    links
	platform string
	log      *slog.Logger
	now      func() time.Time

	lists    *listCache
	listHint sync.Map // organisation id → number of its current list pair
}

// NewService returns the credentials service.
func NewService(store *Store, keys *Keyring, awards Awards, orgs Orgs, o Options) (*Service, error) {
	base := strings.TrimRight(o.PublicBaseURL, "/")
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("credentials: public base URL %q is not an absolute http(s) URL", o.PublicBaseURL)
	}
	if o.PlatformName == "" {
		o.PlatformName = "Academy"
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Service{
		store: store, keys: keys, awards: awards, orgs: orgs, events: o.Events,
		links: links{base: base}, platform: o.PlatformName, log: o.Log, now: o.Now,
		lists: &listCache{entries: map[string]cachedList{}},
	}, nil
}

// Issue issues the credential an award source earns, once: when it already
// exists, running again returns the existing credential.
func (s *Service) Issue(ctx context.Context, src AwardSource) (StoredCredential, error) {
	var v apperr.Validation
	v.Check(!blank(src.Kind), "source.kind", "is required")
	v.Check(!blank(src.ID), "source.id", "is required")
	if err := v.Err(); err != nil {
		return StoredCredential{}, err
	}
	c, err := s.store.credentialForSource(ctx, src)
	if !apperr.Is(err, apperr.NotFound) {
		return c, err
	}
	award, err := s.awards.Award(ctx, src)
	if err != nil {
		return StoredCredential{}, fmt.Errorf("describe award for %s %s: %w", src.Kind, src.ID, err)
	}
	award.Source = src
	if c, _, err = s.issue(ctx, award); err != nil {
		return StoredCredential{}, err
	}
	return c, s.store.recordSource(ctx, src, c.ID)
}

// ManualAward is what staff give to award a credential without a recorded
// completion.
type ManualAward struct {
	LearnerID   string
	CourseID    string
	Grade       *float64   // percent; none by default
	CompletedAt *time.Time // now by default
}

// IssueManually lets owners and staff of a verified organisation award one
// of its courses to a learner. It reports whether the credential is new: a
// learner holds at most one credential per course.
func (s *Service) IssueManually(ctx context.Context, p auth.Principal, orgID string, m ManualAward) (StoredCredential, bool, error) {
	staff, err := s.orgs.IsVerifiedStaff(ctx, p.UserID, orgID)
	if err != nil {
		return StoredCredential{}, false, fmt.Errorf("check staff of %s: %w", orgID, err)
	}
	if !staff {
		return StoredCredential{}, false, apperr.Forbiddenf("only owners and staff of a verified organisation may issue its credentials")
	}
	var v apperr.Validation
	v.Check(!blank(m.LearnerID), "learner_id", "is required")
	v.Check(!blank(m.CourseID), "course_id", "is required")
	v.Check(m.Grade == nil || (*m.Grade >= 0 && *m.Grade <= 100), "grade", "must be a percentage from 0 to 100")
	v.Check(m.CompletedAt == nil || !m.CompletedAt.After(s.now()), "completed_at", "must not be in the future")
	if err := v.Err(); err != nil {
		return StoredCredential{}, false, err
	}
	award, err := s.awards.ManualAward(ctx, orgID, m.LearnerID, m.CourseID)
	if err != nil {
		return StoredCredential{}, false, fmt.Errorf("describe manual award: %w", err)
	}
	if award.Issuer.OrgID != orgID {
		return StoredCredential{}, false, apperr.Forbiddenf("the course is not the organisation's")
	}
	award.Source = AwardSource{}
	award.CompletedAt = s.now()
	if m.CompletedAt != nil {
		award.CompletedAt = *m.CompletedAt
	}
	if m.Grade != nil {
		award.Grade = *m.Grade
	}
	return s.issue(ctx, award)
}

// issue signs and stores the credential for an award, unless the learner
// already holds one for the achievement, which it then returns.
func (s *Service) issue(ctx context.Context, a Award) (StoredCredential, bool, error) {
	if err := checkAward(a); err != nil {
		return StoredCredential{}, false, err
	}
	// The unique index on learner and achievement decides whether the
	// credential is new; searching first would cost a scan on backends that
	// filter without indexes, for the rare award made twice.
	list, index, err := s.allocateEntry(ctx, a.Issuer.OrgID, a.Issuer.Slug)
	if err != nil {
		return StoredCredential{}, false, err
	}
	issuedAt := s.now().UTC().Truncate(time.Second)
	is := issuance{
		id: ulid.Make().String(), award: a, issuedAt: issuedAt, list: list, index: index,
		salt: randomHex(16), subjectID: newSubjectID(),
	}
	cred := s.links.buildCredential(is, s.platform)
	doc, err := json.Marshal(cred)
	if err != nil {
		return StoredCredential{}, false, fmt.Errorf("encode credential %s: %w", is.id, err)
	}
	signed, err := s.sign(cred.claims())
	if err != nil {
		return StoredCredential{}, false, fmt.Errorf("sign credential %s: %w", is.id, err)
	}
	achType := cred.CredentialSubject.Achievement.AchievementType
	c := StoredCredential{
		ID: is.id, LearnerID: a.Learner.ID, AchievementID: a.Achievement.ID, AchievementType: achType,
		SourceKind: a.Source.Kind, SourceID: a.Source.ID, Skills: escoURIs(a.Achievement.Skills),
		OrgID: a.Issuer.OrgID, IssuerSlug: a.Issuer.Slug, MicroCredential: achType == AchievementMicroCredential,
		IssuedAt: issuedAt, Status: StatusActive, StatusList: list, StatusIndex: index,
		Document: string(doc), JWT: signed,
		Certificate: CertificateFacts{
			LearnerName: a.Learner.Name, InstitutionName: a.Issuer.Name, Country: strings.ToUpper(a.Issuer.Country),
			AchievementName: a.Achievement.Name, ECTS: a.Achievement.ECTS, WorkloadHours: a.Achievement.WorkloadHours,
			EQFLevel: a.Achievement.EQFLevel, Grade: a.Grade,
		},
	}
	if a.ValidFor > 0 {
		until := issuedAt.Add(a.ValidFor)
		c.ValidUntil = &until
	}
	ev, err := events.New(events.CredentialIssued, credentialData(c, c.Status), issuedAt)
	if err != nil {
		return StoredCredential{}, false, err
	}
	c.Outbox = map[string]events.Event{ev.ID: ev}
	created, err := s.store.insertCredential(ctx, c)
	if err != nil {
		return StoredCredential{}, false, err
	}
	if !created {
		// The learner already holds this credential; the entry taken in the
		// status list stays unused.
		existing, err := s.store.credentialFor(ctx, a.Learner.ID, a.Achievement.ID)
		if err != nil {
			return existing, false, err
		}
		return existing, false, s.store.listCredential(ctx, existing)
	}
	if err := s.store.saveIssuer(ctx, issuerDoc{
		Slug: a.Issuer.Slug, OrgID: a.Issuer.OrgID, Name: a.Issuer.Name, Country: strings.ToUpper(a.Issuer.Country),
		Website: a.Issuer.Website, Description: a.Issuer.Description, UpdatedAt: issuedAt,
	}); err != nil {
		return StoredCredential{}, false, err
	}
	s.log.InfoContext(ctx, "credential issued", "credential_id", c.ID, "learner_id", c.LearnerID, "achievement_id", c.AchievementID, "org_id", c.OrgID)
	s.publish(ctx, c.ID, ev)
	c.Outbox = nil
	return c, true, nil
}

// publish moves the events just written with credential id to the outbox; a
// failure is left to the events reconciler.
func (s *Service) publish(ctx context.Context, id string, evs ...events.Event) {
	if err := s.events.Publish(ctx, s.store.creds, id, evs...); err != nil {
		s.log.WarnContext(ctx, "credential event not published; the events reconciler will", "credential_id", id, "err", err)
	}
}

// credentialData is what the events of a credential say of it.
func credentialData(c StoredCredential, status string) events.CredentialData {
	return events.CredentialData{
		CredentialID: c.ID, LearnerID: c.LearnerID, OrgID: c.OrgID, AchievementType: c.AchievementType,
		Skills: c.Skills, Status: status, SourceKind: c.SourceKind, SourceID: c.SourceID,
	}
}

// escoURIs lists the ESCO concept URIs of skills, leaving out those not in ESCO.
func escoURIs(skills []Skill) []string {
	out := []string{}
	for _, sk := range skills {
		if sk.ESCOURI != "" {
			out = append(out, sk.ESCOURI)
		}
	}
	return out
}

// ActiveProving lists the credentials that prove the skill with this ESCO
// concept URI and are valid now: neither revoked, suspended nor expired.
func (s *Service) ActiveProving(ctx context.Context, escoURI string) ([]SkillEvidence, error) {
	if blank(escoURI) {
		return nil, apperr.InvalidField("skill", "is required")
	}
	return s.store.activeProving(ctx, escoURI, s.now())
}

// checkAward refuses awards a credential cannot be built from.
func checkAward(a Award) error {
	var v apperr.Validation
	v.Check(!blank(a.Learner.ID), "learner.id", "is required")
	v.Check(!blank(a.Learner.Email), "learner.email", "is required: it identifies the learner in the credential")
	v.Check(!blank(a.Achievement.ID), "achievement.id", "is required")
	v.Check(!blank(a.Achievement.Slug), "achievement.slug", "is required")
	v.Check(!blank(a.Achievement.Name), "achievement.name", "is required")
	v.Check(!blank(a.Issuer.OrgID), "issuer.org_id", "is required")
	v.Check(!blank(a.Issuer.Slug), "issuer.slug", "is required")
	v.Check(!blank(a.Issuer.Name), "issuer.name", "is required")
	v.Check(!a.CompletedAt.IsZero(), "completed_at", "is required")
	v.Check(a.Grade >= 0 && a.Grade <= 100, "grade", "must be a percentage from 0 to 100")
	v.Check(!a.Achievement.Ranked || (a.Rank >= 1 && (a.Entrants == 0 || a.Rank <= a.Entrants)), "rank", "must be a place from 1 to the number of entrants")
	v.Check(a.ValidFor >= 0, "valid_for", "must not be negative")
	return v.Err()
}

// sign secures claims as a compact JWS with the signing key, in the Open
// Badges 3.0 JSON Web Token proof format: header alg RS256, a kid that
// dereferences to the public key as a JWK, and typ vc+jwt, the type
// VC-JOSE-COSE gives a VC Data Model 2.0 credential secured as a JWT.
func (s *Service) sign(claims jwt.Claims) (string, error) {
	key := s.keys.Signer()
	return signJWT(s.links.key(key.ID), key.Private, claims)
}

func signJWT(kid string, key *rsa.PrivateKey, claims jwt.Claims) (string, error) {
	t := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	t.Header["kid"] = kid
	t.Header["typ"] = typVCJWT
	return t.SignedString(key)
}

// Credential returns a credential; credentials are public to whoever has
// their id, like the certificate a learner hands out.
func (s *Service) Credential(ctx context.Context, id string) (StoredCredential, error) {
	return s.store.credential(ctx, id)
}

// Wallet returns a page of the caller's credentials, newest first, and the
// id to continue after, empty on the last page.
func (s *Service) Wallet(ctx context.Context, p auth.Principal, after string, limit int) ([]StoredCredential, string, error) {
	if !p.Authenticated() {
		return nil, "", apperr.Unauthorizedf("sign in to see your credentials")
	}
	list, err := s.store.credentialsOf(ctx, p.UserID, after, limit+1)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(list) > limit {
		list = list[:limit]
		next = list[limit-1].ID
	}
	return list, next, nil
}

// HeldCredential is a credential as its holder's dashboard lists it.
type HeldCredential struct {
	ID              string     `json:"id"`
	AchievementID   string     `json:"achievement_id"`
	AchievementType string     `json:"achievement_type"`
	Name            string     `json:"name"`
	InstitutionName string     `json:"institution_name"`
	MicroCredential bool       `json:"micro_credential"`
	IssuedAt        time.Time  `json:"issued_at"`
	ValidUntil      *time.Time `json:"valid_until,omitempty"`
	Status          string     `json:"status"`
	// SourceKind says what it was awarded for; empty for a manual award.
	SourceKind string `json:"source_kind,omitempty"`
	// Skills are the ESCO concept URIs of the skills it proves.
	Skills []string `json:"skills"`
}

// Held returns every credential a user holds, newest first, without their
// signed documents. It reads the user's list of credentials and then each
// by _id.
func (s *Service) Held(ctx context.Context, userID string) ([]HeldCredential, error) {
	list, err := s.store.held(ctx, userID)
	if err != nil {
		return nil, err
	}
	return heldList(list), nil
}

// HeldByHolder returns every holder's credentials, newest first, without
// their signed documents, in one read of every credential: for a pass over
// many holders, which would otherwise read each holder's list and each of
// its credentials one round trip at a time.
func (s *Service) HeldByHolder(ctx context.Context) (map[string][]HeldCredential, error) {
	byHolder, err := s.store.heldByHolder(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]HeldCredential, len(byHolder))
	for holder, list := range byHolder {
		out[holder] = heldList(list)
	}
	return out, nil
}

// heldList is credentials as their holder's dashboard lists them, newest first.
func heldList(list []StoredCredential) []HeldCredential {
	out := make([]HeldCredential, len(list))
	for i, c := range list {
		if c.Skills == nil {
			c.Skills = []string{}
		}
		out[i] = HeldCredential{ID: c.ID, AchievementID: c.AchievementID, AchievementType: c.AchievementType,
			Name: c.Certificate.AchievementName, InstitutionName: c.Certificate.InstitutionName, MicroCredential: c.MicroCredential,
			IssuedAt: c.IssuedAt, ValidUntil: c.ValidUntil, Status: c.Status, SourceKind: c.SourceKind, Skills: c.Skills}
	}
	slices.SortStableFunc(out, func(a, b HeldCredential) int { return cmp.Or(b.IssuedAt.Compare(a.IssuedAt), cmp.Compare(b.ID, a.ID)) })
	return out
}

// ExportFor returns every credential of a user, for their data export.
func (s *Service) ExportFor(ctx context.Context, userID string) ([]StoredCredential, error) {
	return s.store.credentialsOf(ctx, userID, "", 0)
}

// Revoke revokes a credential for good.
func (s *Service) Revoke(ctx context.Context, p auth.Principal, id, reason string) (StoredCredential, error) {
	return s.changeStatus(ctx, p, id, "revoke", reason, []string{StatusActive, StatusSuspended}, StatusRevoked)
}

// Suspend makes a credential invalid until it is reinstated.
func (s *Service) Suspend(ctx context.Context, p auth.Principal, id, reason string) (StoredCredential, error) {
	return s.changeStatus(ctx, p, id, "suspend", reason, []string{StatusActive}, StatusSuspended)
}

// Reinstate makes a suspended credential valid again.
func (s *Service) Reinstate(ctx context.Context, p auth.Principal, id, reason string) (StoredCredential, error) {
	return s.changeStatus(ctx, p, id, "reinstate", reason, []string{StatusSuspended}, StatusActive)
}

func (s *Service) changeStatus(ctx context.Context, p auth.Principal, id, action, reason string, from []string, to string) (StoredCredential, error) {
	c, err := s.store.credential(ctx, id)
	if err != nil {
		return c, err
	}
	if err := s.authorizeStaff(ctx, p, c.OrgID); err != nil {
		return StoredCredential{}, err
	}
	reason = strings.TrimSpace(reason)
	var v apperr.Validation
	v.Check(action == "reinstate" || reason != "", "reason", "is required: say why the credential is %s", pastTense(action))
	v.Check(utf8.RuneCountInString(reason) <= maxReasonLen, "reason", "must be at most %d characters", maxReasonLen)
	if err := v.Err(); err != nil {
		return StoredCredential{}, err
	}
	at := s.now().UTC()
	ev, err := events.New(events.CredentialStatusChanged, credentialData(c, to), at)
	if err != nil {
		return StoredCredential{}, err
	}
	updated, err := s.store.changeStatus(ctx, id, from, to, StatusEvent{Action: action, By: p.UserID, At: at, Reason: reason}, ev)
	if err != nil {
		return updated, err
	}
	s.publish(ctx, id, ev)
	updated.Outbox = nil
	if err := s.invalidateLists(ctx, c.OrgID, c.StatusList); err != nil {
		return updated, err
	}
	s.log.InfoContext(ctx, "credential status changed", "credential_id", id, "action", action, "by", p.UserID)
	return updated, nil
}

// authorizeStaff lets administrators and the owners and staff of the
// issuing organisation, once it is verified, act on its credentials.
func (s *Service) authorizeStaff(ctx context.Context, p auth.Principal, orgID string) error {
	if !p.Authenticated() {
		return apperr.Unauthorizedf("sign in to manage credentials")
	}
	if p.Admin {
		return nil
	}
	staff, err := s.orgs.IsVerifiedStaff(ctx, p.UserID, orgID)
	if err != nil {
		return fmt.Errorf("check staff of %s: %w", orgID, err)
	}
	if !staff {
		return apperr.Forbiddenf("only staff of the verified issuing organisation may change this credential")
	}
	return nil
}

func pastTense(action string) string {
	switch action {
	case "revoke":
		return "revoked"
	case "suspend":
		return "suspended"
	case "reinstate":
		return "reinstated"
	}
	return action
}

// Certificate writes the PDF certificate of a credential in lang (en, fr or
// de). Like the credential, it is public to whoever has the id.
func (s *Service) Certificate(ctx context.Context, id, lang string, w io.Writer) error {
	c, err := s.store.credential(ctx, id)
	if err != nil {
		return err
	}
	status := ""
	switch c.Status {
	case StatusRevoked:
		status = certificate.StatusRevoked
	case StatusSuspended:
		status = certificate.StatusSuspended
	}
	f := c.Certificate
	return certificate.Render(w, certificate.Certificate{
		CredentialID: c.ID, VerifyURL: s.links.verifyPage(c.ID), LearnerName: f.LearnerName,
		InstitutionName: f.InstitutionName, Country: f.Country, AchievementName: f.AchievementName,
		ECTS: f.ECTS, WorkloadHours: f.WorkloadHours, EQFLevel: f.EQFLevel, Grade: f.Grade, HasGrade: true,
		IssuedAt: c.IssuedAt, Status: status, Platform: s.platform,
	}, lang)
}

// achievementDocument is an achievement on its own, as its id URL serves it.
type achievementDocument struct {
	Context []any `json:"@context"`
	obAchievement
	Creator obProfile `json:"creator"`
}

// AchievementJSON returns the Open Badges Achievement of the published
// course with this slug, as credentials for it describe it, with the
// institution as its creator.
func (s *Service) AchievementJSON(ctx context.Context, slug string) ([]byte, error) {
	ach, iss, err := s.awards.Achievement(ctx, slug)
	if err != nil {
		return nil, err
	}
	achType := AchievementCourse
	if len(CheckMicroCredentialCourse(ach, iss)) == 0 {
		achType = AchievementMicroCredential
	}
	return s.achievementDocument(ach, iss, achType)
}

// CompetitionAchievementJSON is the Open Badges Achievement of an award
// tier of a finalised competition, served at its id URL.
func (s *Service) CompetitionAchievementJSON(ctx context.Context, slug, tier string) ([]byte, error) {
	ach, iss, err := s.awards.CompetitionAchievement(ctx, slug, tier)
	if err != nil {
		return nil, err
	}
	return s.achievementDocument(ach, iss, ach.Type)
}

func (s *Service) achievementDocument(ach Achievement, iss Issuer, achType string) ([]byte, error) {
	return json.Marshal(achievementDocument{
		Context:       []any{contextVC, contextOB, elmContext},
		obAchievement: s.links.buildAchievement(ach, achType, 0),
		Creator:       obProfile{ID: s.links.issuer(iss.Slug), Type: []string{"Profile"}, Name: iss.Name, URL: iss.Website},
	})
}

// PageMeta returns the Open Graph title and description of the public
// verification page of a credential. They name the achievement and the
// issuer, never the learner.
func (s *Service) PageMeta(ctx context.Context, id string) (title, description string, err error) {
	c, err := s.store.credential(ctx, id)
	if err != nil {
		return "", "", err
	}
	f := c.Certificate
	title = fmt.Sprintf("%s — %s", f.AchievementName, f.InstitutionName)
	kind := "Open Badges credential"
	if c.MicroCredential {
		kind = "EU micro-credential"
	}
	description = fmt.Sprintf("A verifiable %s awarded by %s on %s.", kind, f.InstitutionName, c.IssuedAt.UTC().Format("2 January 2006"))
	switch c.Status {
	case StatusRevoked:
		description += " It has been revoked."
	case StatusSuspended:
		description += " It is currently suspended."
	default:
		description += " Check its signature and status here."
	}
	return title, description, nil
}

// LinkedInURL returns the address that opens LinkedIn's "Add to profile"
// form filled in with the credential as a certification.
func (s *Service) LinkedInURL(c StoredCredential) string {
	q := url.Values{}
	q.Set("startTask", "CERTIFICATION_NAME")
	q.Set("name", c.Certificate.AchievementName)
	q.Set("organizationName", c.Certificate.InstitutionName)
	q.Set("issueYear", strconv.Itoa(c.IssuedAt.UTC().Year()))
	q.Set("issueMonth", strconv.Itoa(int(c.IssuedAt.UTC().Month())))
	if c.ValidUntil != nil {
		q.Set("expirationYear", strconv.Itoa(c.ValidUntil.UTC().Year()))
		q.Set("expirationMonth", strconv.Itoa(int(c.ValidUntil.UTC().Month())))
	}
	q.Set("certUrl", s.links.verifyPage(c.ID))
	q.Set("certId", c.ID)
	return "https://www.linkedin.com/profile/add?" + q.Encode()
}

// DeleteSampleHolder deletes every credential of a sample learner, whose
// account is being deleted with the rest of the sample data, and returns
// how many it deleted. Nobody else's credentials are ever deleted: they are
// revoked, and their status stays published.
func (s *Service) DeleteSampleHolder(ctx context.Context, learnerID string) (int, error) {
	return s.store.deleteHeld(ctx, learnerID)
}
