package identity

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"

	"github.com/oklog/ulid/v2"
	"go.mongodb.org/mongo-driver/bson"

	"academy/services/kit/adminlog"
	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/events"
)

// orgAccess is what one caller may do with one organisation.
type orgAccess struct {
	org  orgDoc
	role string // the caller's role; empty when not a member
	full bool   // the caller is a member or an administrator
}

// access loads the organisation and the caller's role in it.
func (s *Service) access(ctx context.Context, p auth.Principal, orgID string) (orgAccess, error) {
	o, err := s.store.orgByID(ctx, orgID)
	if err != nil {
		return orgAccess{}, err
	}
	a := orgAccess{org: o, full: p.Admin}
	if !p.Authenticated() {
		return a, nil
	}
	m, err := s.store.membership(ctx, orgID, p.UserID)
	if err == nil {
		a.role = m.Role
		a.full = true
	} else if !apperr.Is(err, apperr.NotFound) {
		return a, err
	}
	return a, nil
}

// deny refuses the caller: an organisation the caller cannot see at all is
// not found; one it can see is forbidden.
func (a orgAccess) deny(action string) error {
	if a.full || a.org.Verified() {
		return apperr.Forbiddenf("only the organisation's owners can %s", action)
	}
	return apperr.NotFoundf("organisation not found")
}

// CreateOrg creates an organisation, unverified, with the caller as its owner.
func (s *Service) CreateOrg(ctx context.Context, p auth.Principal, n NewOrganisation) (OrgView, error) {
	if !p.Authenticated() {
		return OrgView{}, apperr.Unauthorizedf("sign in to create an organisation")
	}
	n.Name = strings.TrimSpace(n.Name)
	n.Country = strings.TrimSpace(n.Country)
	n.Website = strings.TrimSpace(n.Website)
	n.Description = strings.TrimSpace(n.Description)
	n.LogoURL = strings.TrimSpace(n.LogoURL)
	var v apperr.Validation
	checkText(&v, "name", n.Name, 2, maxOrgNameLen)
	checkOrgKind(&v, "kind", n.Kind)
	checkCountry(&v, "country", n.Country)
	checkWebsite(&v, "website", n.Website)
	checkDescription(&v, "description", n.Description)
	checkWebsite(&v, "logo_url", n.LogoURL)
	if err := v.Err(); err != nil {
		return OrgView{}, err
	}
	now := s.clock()
	o := orgDoc{
		Organisation: Organisation{
			ID: ulid.Make().String(), Kind: n.Kind, Name: n.Name, Country: n.Country, Website: n.Website,
			Description: n.Description, LogoURL: n.LogoURL, CreatedBy: p.UserID, CreatedAt: now,
		},
		Owners: 1,
	}
	base := slugify(n.Name)
	err := errSlugTaken
	for i := 0; i < slugAttempts && errors.Is(err, errSlugTaken); i++ {
		o.Slug = base
		if i > 0 {
			o.Slug = base + "-" + strings.ToLower(rand.Text()[:6])
		}
		err = s.store.insertOrg(ctx, o)
	}
	if err != nil {
		return OrgView{}, fmt.Errorf("create organisation %q: %w", n.Name, err)
	}
	m := Membership{ID: ulid.Make().String(), OrgID: o.ID, UserID: p.UserID, Role: RoleOwner, CreatedAt: now}
	if err := s.store.insertMembership(ctx, m); err != nil {
		// Without its owner nobody could manage the organisation: take it back.
		if derr := s.store.deleteOrg(ctx, o.ID); derr != nil {
			return OrgView{}, errors.Join(err, derr)
		}
		return OrgView{}, err
	}
	return OrgView{Organisation: o.Organisation, Role: RoleOwner, Full: true}, nil
}

// Org returns the organisation as the caller may see it: all of it for its
// members and administrators, its public fields for others once verified.
func (s *Service) Org(ctx context.Context, p auth.Principal, orgID string) (OrgView, error) {
	a, err := s.access(ctx, p, orgID)
	if err != nil {
		return OrgView{}, err
	}
	if !a.full && !a.org.Verified() {
		return OrgView{}, apperr.NotFoundf("organisation not found")
	}
	return OrgView{Organisation: a.org.Organisation, Role: a.role, Full: a.full}, nil
}

// Members returns a page of the organisation's members, to its members and
// administrators only, and the id to continue after ("" on the last page).
func (s *Service) Members(ctx context.Context, p auth.Principal, orgID, after string, limit int) ([]Member, string, error) {
	a, err := s.access(ctx, p, orgID)
	if err != nil {
		return nil, "", err
	}
	if !a.full {
		if a.org.Verified() {
			return nil, "", apperr.Forbiddenf("only the organisation's members can see its members")
		}
		return nil, "", apperr.NotFoundf("organisation not found")
	}
	ms, err := s.store.listMemberships(ctx, bson.M{"org_id": orgID}, after, limit+1)
	if err != nil {
		return nil, "", err
	}
	ms, next := page(ms, limit, func(m Membership) string { return m.ID })
	ids := make([]string, len(ms))
	for i, m := range ms {
		ids[i] = m.UserID
	}
	users, err := s.store.usersByID(ctx, ids)
	if err != nil {
		return nil, "", err
	}
	members := make([]Member, len(ms))
	for i, m := range ms {
		u := users[m.UserID]
		members[i] = Member{Membership: m, Email: u.Email, DisplayName: u.DisplayName}
	}
	return members, next, nil
}

// page trims items fetched with one extra to limit and returns the id of the
// last one kept when there are more.
func page[T any](items []T, limit int, id func(T) string) ([]T, string) {
	if len(items) <= limit {
		return items, ""
	}
	items = items[:limit]
	return items, id(items[limit-1])
}

// RemoveMember takes the user out of the organisation; its owners and
// administrators may, and never its last owner.
func (s *Service) RemoveMember(ctx context.Context, p auth.Principal, orgID, userID string) error {
	a, err := s.access(ctx, p, orgID)
	if err != nil {
		return err
	}
	if a.role != RoleOwner && !p.Admin {
		return a.deny("remove members")
	}
	m, err := s.store.membership(ctx, orgID, userID)
	if apperr.Is(err, apperr.NotFound) {
		return apperr.NotFoundf("member not found")
	}
	if err != nil {
		return fmt.Errorf("remove member: %w", err)
	}
	return s.removeMembership(ctx, m)
}

// SetMemberRole makes a member an owner or staff; the organisation's owners
// and administrators may. Ownership is transferred by making a staff member
// owner, then stepping down; the last owner never steps down.
func (s *Service) SetMemberRole(ctx context.Context, p auth.Principal, orgID, userID, role string) (Member, error) {
	var v apperr.Validation
	checkRole(&v, "role", role)
	if err := v.Err(); err != nil {
		return Member{}, err
	}
	a, err := s.access(ctx, p, orgID)
	if err != nil {
		return Member{}, err
	}
	if a.role != RoleOwner && !p.Admin {
		return Member{}, a.deny("change members' roles")
	}
	m, err := s.store.membership(ctx, orgID, userID)
	if apperr.Is(err, apperr.NotFound) {
		return Member{}, apperr.NotFoundf("member not found")
	}
	if err != nil {
		return Member{}, fmt.Errorf("set member role: %w", err)
	}
	if m.Role != role {
		if err := s.changeRole(ctx, m, role); err != nil {
			return Member{}, err
		}
		m.Role = role
	}
	users, err := s.store.usersByID(ctx, []string{userID})
	if err != nil {
		return Member{}, err
	}
	u := users[userID]
	return Member{Membership: m, Email: u.Email, DisplayName: u.DisplayName}, nil
}

// changeRole moves the membership to role and keeps the owner count, which
// guards the last owner, in step. The count is raised only after a
// promotion and lowered before a demotion, so that a crash in between leaves
// it too low, never too high: the guard then refuses too early, never too late.
func (s *Service) changeRole(ctx context.Context, m Membership, role string) error {
	if role == RoleOwner {
		ok, err := s.store.setMembershipRole(ctx, m.ID, RoleStaff, RoleOwner)
		if err != nil || !ok {
			// Another request promoted the member meanwhile and counted them.
			return err
		}
		return s.store.addOwners(ctx, m.OrgID, 1)
	}
	ok, err := s.store.takeOwnerSlot(ctx, m.OrgID)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.Conflictf("last-owner", "an organisation keeps at least one owner; make another member owner first")
	}
	demoted, err := s.store.setMembershipRole(ctx, m.ID, RoleOwner, RoleStaff)
	if err != nil {
		return err
	}
	if !demoted {
		// Another request demoted the member meanwhile: give the slot back.
		return s.store.addOwners(ctx, m.OrgID, 1)
	}
	return nil
}

// removeMembership deletes the membership, unless it holds the
// organisation's last owner.
func (s *Service) removeMembership(ctx context.Context, m Membership) error {
	orgID := m.OrgID
	if m.Role == RoleOwner {
		ok, err := s.store.takeOwnerSlot(ctx, orgID)
		if err != nil {
			return err
		}
		if !ok {
			return apperr.Conflictf("last-owner", "an organisation keeps at least one owner; invite another owner first")
		}
	}
	deleted, err := s.store.deleteMembership(ctx, m.ID)
	if err != nil {
		return err
	}
	if !deleted {
		// Someone else removed this member meanwhile: give the slot back.
		if m.Role == RoleOwner {
			if err := s.store.addOwners(ctx, orgID, 1); err != nil {
				return err
			}
		}
		return apperr.NotFoundf("member not found")
	}
	return nil
}

// VerifyOrg marks the organisation verified; only administrators may. The
// OrganisationVerified fact is written with the verification itself, so that
// a crash before it reaches the outbox leaves it in the organisation's
// document for the events reconciler, and the catalogue still makes the
// institution profile of a university or provider.
func (s *Service) VerifyOrg(ctx context.Context, p auth.Principal, orgID string) (Organisation, error) {
	if !p.Admin {
		return Organisation{}, apperr.Forbiddenf("only administrators can verify organisations")
	}
	current, err := s.store.orgByID(ctx, orgID)
	if err != nil {
		return Organisation{}, err
	}
	if current.Verified() {
		return current.Organisation, nil
	}
	c := current.Organisation
	now := s.clock()
	ev, err := events.New(events.OrganisationVerified, events.OrganisationData{
		OrgID: c.ID, Kind: c.Kind, Name: c.Name, Slug: c.Slug, Country: c.Country, Website: c.Website, LogoURL: c.LogoURL, Description: c.Description,
	}, now)
	if err != nil {
		return Organisation{}, err
	}
	o, verified, err := s.store.verifyOrg(ctx, orgID, now, ev)
	if err != nil || !verified {
		return o, err
	}
	if s.events != nil {
		if err := s.events.Publish(ctx, s.store.orgs, orgID, ev); err != nil {
			s.log.WarnContext(ctx, "organisation verified event not published; the events reconciler will", "org", orgID, "err", err)
		}
	}
	return o, s.audited(ctx, p, adminlog.OrgVerify, adminlog.TargetOrg, o.ID, o.Name, "")
}

// EvidenceInput is what an organisation's owners submit to be verified.
type EvidenceInput struct {
	RegistrationNumber string
	EmailDomain        string
}

// SubmitEvidence records the evidence an administrator checks before
// verifying the organisation; its owners may, until it is verified.
func (s *Service) SubmitEvidence(ctx context.Context, p auth.Principal, orgID string, in EvidenceInput) (OrgView, error) {
	a, err := s.access(ctx, p, orgID)
	if err != nil {
		return OrgView{}, err
	}
	if a.role != RoleOwner {
		return OrgView{}, a.deny("submit evidence for verification")
	}
	var v apperr.Validation
	number := strings.TrimSpace(in.RegistrationNumber)
	checkRegistrationNumber(&v, "registration_number", number)
	domain := emailDomain(&v, "email_domain", strings.ToLower(strings.TrimSpace(in.EmailDomain)))
	if err := v.Err(); err != nil {
		return OrgView{}, err
	}
	e := Evidence{RegistrationNumber: number, EmailDomain: domain, SubmittedAt: s.clock()}
	o, ok, err := s.store.updateUnverifiedOrg(ctx, orgID, bson.M{"$set": bson.M{"evidence": e}, "$unset": bson.M{"rejection_reason": ""}})
	if err != nil {
		return OrgView{}, err
	}
	if !ok {
		return OrgView{}, apperr.Conflictf("already-verified", "the organisation is verified; its evidence is kept as it was checked")
	}
	return OrgView{Organisation: o, Role: a.role, Full: true}, nil
}

// RejectOrg declines to verify the organisation, with a reason its owners
// read; only administrators may, and only while it is unverified.
func (s *Service) RejectOrg(ctx context.Context, p auth.Principal, orgID, reason string) (Organisation, error) {
	if !p.Admin {
		return Organisation{}, apperr.Forbiddenf("only administrators can reject organisations")
	}
	reason, err := checkReason(reason)
	if err != nil {
		return Organisation{}, err
	}
	if _, err := s.store.orgByID(ctx, orgID); err != nil {
		return Organisation{}, err
	}
	o, ok, err := s.store.updateUnverifiedOrg(ctx, orgID, bson.M{"$set": bson.M{"rejection_reason": reason}})
	if err != nil {
		return Organisation{}, err
	}
	if !ok {
		return Organisation{}, apperr.Conflictf("already-verified", "the organisation is verified")
	}
	return o, s.audited(ctx, p, adminlog.OrgReject, adminlog.TargetOrg, o.ID, o.Name, reason)
}

// MyOrgs returns a page of the organisations the user belongs to, with the
// user's role in each.
func (s *Service) MyOrgs(ctx context.Context, userID, after string, limit int) ([]OrgView, string, error) {
	ms, err := s.store.listMemberships(ctx, bson.M{"user_id": userID}, after, limit+1)
	if err != nil {
		return nil, "", err
	}
	ms, next := page(ms, limit, func(m Membership) string { return m.ID })
	ids := make([]string, len(ms))
	for i, m := range ms {
		ids[i] = m.OrgID
	}
	orgs, err := s.store.orgsByID(ctx, ids)
	if err != nil {
		return nil, "", err
	}
	views := make([]OrgView, 0, len(ms))
	for _, m := range ms {
		if o, ok := orgs[m.OrgID]; ok {
			views = append(views, OrgView{Organisation: o, Role: m.Role, Full: true})
		}
	}
	return views, next, nil
}

// roleIn returns the user's role in the organisation (empty when the user
// is not a member) and whether the organisation is in good standing:
// verified and not suspended.
func (s *Service) roleIn(ctx context.Context, userID, orgID string) (role string, verified bool, err error) {
	o, err := s.store.orgByID(ctx, orgID)
	if err != nil {
		return "", false, err
	}
	standing := o.State() == OrgVerified
	m, err := s.store.membership(ctx, orgID, userID)
	if apperr.Is(err, apperr.NotFound) {
		return "", standing, nil
	}
	if err != nil {
		return "", false, err
	}
	return m.Role, standing, nil
}

// IsVerifiedStaff reports whether the user may act for the organisation: an
// owner or staff member of it while it is verified and not suspended. Every
// context that lets an organisation's people publish, teach, host or issue
// credentials asks this one question, reading the organisation's state each
// time, so un-verifying or suspending it takes their rights at once; an
// unknown organisation has no staff.
func (s *Service) IsVerifiedStaff(ctx context.Context, userID, orgID string) (bool, error) {
	role, verified, err := s.roleIn(ctx, userID, orgID)
	if apperr.Is(err, apperr.NotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return verified && (role == RoleOwner || role == RoleStaff), nil
}

// OrgsOf returns every membership of the user.
func (s *Service) OrgsOf(ctx context.Context, userID string) ([]Membership, error) {
	return s.store.listMemberships(ctx, bson.M{"user_id": userID}, "", 0)
}

// seedCreator is the creator of the organisations EnsureVerifiedOrg makes,
// where a person's would hold their user id.
const seedCreator = "seed"

// EnsureVerifiedOrg creates or updates the organisation with this slug and
// marks it verified. The seed catalogue uses it for its sample institutions,
// which have no owner until an administrator adds members. An organisation
// someone registered under the slug is refused, never rewritten or verified.
func (s *Service) EnsureVerifiedOrg(ctx context.Context, slug, name, kind, country, website, description string) (string, error) {
	var v apperr.Validation
	checkText(&v, "name", name, 2, maxOrgNameLen)
	checkOrgKind(&v, "kind", kind)
	checkCountry(&v, "country", country)
	checkWebsite(&v, "website", website)
	checkDescription(&v, "description", description)
	v.Check(slug != "" && slugify(slug) == slug, "slug", "must be lower-case letters, digits and hyphens")
	if err := v.Err(); err != nil {
		return "", fmt.Errorf("organisation %s: %w", slug, err)
	}
	now := s.clock()
	fields := Organisation{Kind: kind, Name: name, Slug: slug, Country: country, Website: website, Description: description}
	for attempt := 0; attempt < 2; attempt++ {
		id, err := s.store.updateOrgBySlug(ctx, fields, now)
		if err == nil {
			return id, nil
		}
		if !apperr.Is(err, apperr.NotFound) {
			return "", err
		}
		fields.ID, fields.CreatedBy, fields.CreatedAt, fields.VerifiedAt = ulid.Make().String(), seedCreator, now, &now
		err = s.store.insertOrg(ctx, orgDoc{Organisation: fields})
		if err == nil {
			return fields.ID, nil
		}
		if !errors.Is(err, errSlugTaken) {
			return "", err
		}
	}
	return "", fmt.Errorf("organisation %s: created and removed concurrently", slug)
}

// DeleteSeedOrg deletes the organisation EnsureVerifiedOrg made with this
// slug, and reports whether there was one. It refuses one that has owners:
// someone took it over.
func (s *Service) DeleteSeedOrg(ctx context.Context, slug string) (bool, error) {
	o, err := s.store.orgBySlug(ctx, slug)
	if apperr.Is(err, apperr.NotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if o.CreatedBy != seedCreator || o.Owners > 0 {
		return false, fmt.Errorf("organisation %s is not a seed organisation without owners", slug)
	}
	return true, s.store.deleteOrg(ctx, o.ID)
}
