package credentials

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"academy/services/credentials/certificate"
	"academy/services/kit/auth"
	"academy/services/kit/httpkit"
	"academy/services/kit/openapi"
)

const tag = "credentials"

// Page sizes of the wallet.
const (
	defaultPageSize = 20
	maxPageSize     = 100
)

// Media types of what this context serves besides JSON.
const (
	mediaVCJWT  = "application/vc+jwt" // a credential secured as a JWT, per VC-JOSE-COSE
	mediaLDJSON = "application/ld+json"
	mediaPDF    = "application/pdf"
)

// Cache lifetimes: keys and credentials change rarely; status lists must
// show a revocation soon; verifications are computed per request.
const (
	cacheKeys        = "public, max-age=300"
	cacheCredential  = "public, max-age=300"
	cacheStatusList  = "public, max-age=60"
	cacheNever       = "no-store"
	cidContext       = "https://www.w3.org/ns/cid/v1"
	jwksWellKnownURL = "/.well-known/credential-jwks.json"
)

// Handler serves the credentials context over HTTP.
type Handler struct {
	svc *Service
}

// NewHandler returns the HTTP handlers over svc.
func NewHandler(svc *Service) *Handler { return &Handler{svc: svc} }

// StatusChangeRequest is the body of POST /credentials/:id/revoke, /suspend
// and /reinstate.
type StatusChangeRequest struct {
	Reason string `json:"reason" jsonschema:"description=why; required to revoke or suspend; shown to whoever verifies the credential,maxLength=500"`
}

// ManualIssueRequest is the body of POST /orgs/:org_id/credentials.
type ManualIssueRequest struct {
	LearnerID   string     `json:"learner_id"`
	CourseID    string     `json:"course_id"`
	Grade       *float64   `json:"grade,omitempty" jsonschema:"minimum=0,maximum=100,description=percent"`
	CompletedAt *time.Time `json:"completed_at,omitempty" jsonschema:"description=when the learner completed the course; now by default"`
}

// CredentialResponse is a credential as the wallet and staff see it, with
// the links to use it.
type CredentialResponse struct {
	ID              string     `json:"id"`
	Name            string     `json:"name"`
	AchievementID   string     `json:"achievement_id"`
	IssuerName      string     `json:"issuer_name"`
	IssuerSlug      string     `json:"issuer_slug"`
	MicroCredential bool       `json:"micro_credential"`
	IssuedAt        time.Time  `json:"issued_at"`
	ValidUntil      *time.Time `json:"valid_until,omitempty"`
	Status          string     `json:"status" jsonschema:"enum=active,enum=suspended,enum=revoked"`
	CredentialURL   string     `json:"credential_url" jsonschema:"description=the credential's id"`
	VerifyURL       string     `json:"verify_url" jsonschema:"description=the public verification page"`
	JSONURL         string     `json:"json_url"`
	JWTURL          string     `json:"jwt_url"`
	CertificateURL  string     `json:"certificate_url"`
	LinkedInURL     string     `json:"linkedin_url" jsonschema:"description=adds the credential to a LinkedIn profile"`
}

// JWK is an RSA public key as a JSON Web Key.
type JWK struct {
	Kty string `json:"kty"`
	N   string `json:"n"`
	E   string `json:"e"`
	Kid string `json:"kid"`
	Alg string `json:"alg"`
	Use string `json:"use"`
}

// JWKS is a JSON Web Key Set.
type JWKS struct {
	Keys []JWK `json:"keys"`
}

// VerificationMethod is one public key in an issuer profile.
type VerificationMethod struct {
	ID           string `json:"id"`
	Type         string `json:"type"`
	Controller   string `json:"controller"`
	PublicKeyJWK JWK    `json:"publicKeyJwk"`
}

// IssuerProfile is the Open Badges Profile of an institution that issued
// credentials here, with the public keys that verify them.
type IssuerProfile struct {
	Context            []string             `json:"@context"`
	ID                 string               `json:"id"`
	Type               []string             `json:"type"`
	Name               string               `json:"name"`
	URL                string               `json:"url,omitempty"`
	Description        string               `json:"description,omitempty"`
	Address            *obAddress           `json:"address,omitempty"`
	OtherIdentifier    []obIdentifierEntry  `json:"otherIdentifier,omitempty"`
	VerificationMethod []VerificationMethod `json:"verificationMethod"`
	AssertionMethod    []string             `json:"assertionMethod"`
	JWKSURL            string               `json:"jwksUri"`
}

// Register adds the context's routes under the API prefix.
func (h *Handler) Register(r *openapi.Routes) {
	idParam := func(c *fiber.Ctx) string { return strings.Clone(c.Params("id")) }
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/me/credentials", ID: "listMyCredentials", Summary: "List the caller's credentials, newest first", Tag: tag, Auth: true,
		Query: openapi.PageParams, Response: httpkit.Page[CredentialResponse]{}}, h.wallet)
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/orgs/:org_id/credentials", ID: "issueCredential", Summary: "Award a course of the organisation to a learner (owners and staff of a verified organisation)", Tag: tag, Auth: true,
		Request: ManualIssueRequest{}, Response: CredentialResponse{}, Status: fiber.StatusCreated}, h.issue)
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/credentials/verify", ID: "verifyCredential", Summary: "Verify a credential given as a VC-JWT or as JSON, step by step", Tag: tag,
		Request: VerifyRequest{}, Response: Verification{}}, h.verify)
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/credentials/:id", ID: "getCredential", Summary: "Get a credential as Open Badges 3.0 JSON", Tag: tag,
		Response: map[string]any{}, Produces: mediaLDJSON}, func(c *fiber.Ctx) error { return h.document(c, idParam(c)) })
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/credentials/:id/credential.jwt", ID: "getCredentialJWT", Summary: "Get a credential secured as a VC-JWT", Tag: tag,
		Response: "", Produces: mediaVCJWT}, func(c *fiber.Ctx) error { return h.jwt(c, idParam(c)) })
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/credentials/:id/verification", ID: "getCredentialVerification", Summary: "Verify a credential issued here, step by step", Tag: tag,
		Response: Verification{}}, func(c *fiber.Ctx) error { return h.verification(c, idParam(c)) })
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/credentials/:id/certificate.pdf", ID: "getCredentialCertificate", Summary: "Get the printable certificate of a credential (public to whoever has the link)", Tag: tag,
		Query: []openapi.Param{{Name: "lang", Description: "en, fr or de; the Accept-Language header otherwise"}}, Response: "", Produces: mediaPDF},
		func(c *fiber.Ctx) error { return h.certificate(c, idParam(c)) })
	for _, action := range []string{"revoke", "suspend", "reinstate"} {
		r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/credentials/:id/" + action, ID: action + "Credential",
			Summary: strings.ToUpper(action[:1]) + action[1:] + " a credential (staff of the issuing organisation or administrators)", Tag: tag, Auth: true,
			Request: StatusChangeRequest{}, Response: CredentialResponse{}}, func(c *fiber.Ctx) error { return h.changeStatus(c, idParam(c), action) })
	}
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/status-lists/:id", ID: "getStatusList", Summary: "Get a Bitstring Status List credential as a VC-JWT", Tag: tag,
		Response: "", Produces: mediaVCJWT}, func(c *fiber.Ctx) error { return h.statusList(c, idParam(c)) })
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/issuers/:slug", ID: "getIssuerProfile", Summary: "Get the Open Badges profile of an issuer, with its public keys", Tag: tag,
		Response: IssuerProfile{}, Produces: mediaLDJSON}, h.IssuerProfile)
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/credential-keys/:kid", ID: "getCredentialKey", Summary: "Get a public key that verifies credentials, as a JWK (a credential's kid)", Tag: tag,
		Response: JWK{}}, h.key)
}

func (h *Handler) response(c StoredCredential) CredentialResponse {
	l := h.svc.links
	return CredentialResponse{
		ID: c.ID, Name: c.Certificate.AchievementName, AchievementID: c.AchievementID,
		IssuerName: c.Certificate.InstitutionName, IssuerSlug: c.IssuerSlug, MicroCredential: c.MicroCredential,
		IssuedAt: c.IssuedAt, ValidUntil: c.ValidUntil, Status: c.Status,
		CredentialURL: l.credential(c.ID), VerifyURL: l.verifyPage(c.ID),
		JSONURL: l.api("/credentials/" + c.ID), JWTURL: l.api("/credentials/" + c.ID + "/credential.jwt"),
		CertificateURL: l.api("/credentials/" + c.ID + "/certificate.pdf"), LinkedInURL: h.svc.LinkedInURL(c),
	}
}

type walletCursor struct {
	After string `json:"a"`
}

func (h *Handler) wallet(c *fiber.Ctx) error {
	p, err := auth.Required(c)
	if err != nil {
		return err
	}
	cur, limit, err := httpkit.PageRequest[walletCursor](c, defaultPageSize, maxPageSize)
	if err != nil {
		return err
	}
	list, next, err := h.svc.Wallet(c.UserContext(), p, cur.After, limit)
	if err != nil {
		return err
	}
	page := httpkit.Page[CredentialResponse]{Items: make([]CredentialResponse, len(list))}
	for i, cred := range list {
		page.Items[i] = h.response(cred)
	}
	if next != "" {
		page.NextCursor = httpkit.EncodeCursor(walletCursor{After: next})
	}
	return c.JSON(page)
}

func (h *Handler) issue(c *fiber.Ctx) error {
	p, err := auth.Required(c)
	if err != nil {
		return err
	}
	var req ManualIssueRequest
	if err := httpkit.DecodeJSON(c, &req); err != nil {
		return err
	}
	cred, created, err := h.svc.IssueManually(c.UserContext(), p, strings.Clone(c.Params("org_id")), ManualAward{
		LearnerID: req.LearnerID, CourseID: req.CourseID, Grade: req.Grade, CompletedAt: req.CompletedAt,
	})
	if err != nil {
		return err
	}
	return httpkit.CreatedOrOK(c, created, h.response(cred))
}

func (h *Handler) verify(c *fiber.Ctx) error {
	var req VerifyRequest
	if err := httpkit.DecodeJSON(c, &req); err != nil {
		return err
	}
	v, err := h.svc.Verify(c.UserContext(), req)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, cacheNever)
	return c.JSON(v)
}

func (h *Handler) document(c *fiber.Ctx, id string) error {
	cred, err := h.svc.Credential(c.UserContext(), id)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, mediaLDJSON)
	c.Set(fiber.HeaderCacheControl, cacheCredential)
	return c.SendString(cred.Document)
}

func (h *Handler) jwt(c *fiber.Ctx, id string) error {
	cred, err := h.svc.Credential(c.UserContext(), id)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, mediaVCJWT)
	c.Set(fiber.HeaderCacheControl, cacheCredential)
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`inline; filename="credential-%s.jwt"`, cred.ID))
	return c.SendString(cred.JWT)
}

func (h *Handler) verification(c *fiber.Ctx, id string) error {
	v, err := h.svc.VerifyStored(c.UserContext(), id)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, cacheNever)
	return c.JSON(v)
}

func (h *Handler) certificate(c *fiber.Ctx, id string) error {
	lang := certificate.Match(c.Query("lang"), c.Get(fiber.HeaderAcceptLanguage))
	var buf bytes.Buffer
	if err := h.svc.Certificate(c.UserContext(), id, lang, &buf); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, mediaPDF)
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`inline; filename="certificate-%s-%s.pdf"`, id, lang))
	c.Set(fiber.HeaderContentLanguage, lang)
	c.Set(fiber.HeaderCacheControl, cacheNever)
	return c.Send(buf.Bytes())
}

func (h *Handler) changeStatus(c *fiber.Ctx, id, action string) error {
	p, err := auth.Required(c)
	if err != nil {
		return err
	}
	var req StatusChangeRequest
	if action != "reinstate" || len(bytes.TrimSpace(c.Body())) > 0 {
		if err := httpkit.DecodeJSON(c, &req); err != nil {
			return err
		}
	}
	change := map[string]func(context.Context, auth.Principal, string, string) (StoredCredential, error){
		"revoke": h.svc.Revoke, "suspend": h.svc.Suspend, "reinstate": h.svc.Reinstate,
	}[action]
	cred, err := change(c.UserContext(), p, id, req.Reason)
	if err != nil {
		return err
	}
	return c.JSON(h.response(cred))
}

func (h *Handler) statusList(c *fiber.Ctx, id string) error {
	jwt, err := h.svc.StatusList(c.UserContext(), id)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, mediaVCJWT)
	c.Set(fiber.HeaderCacheControl, cacheStatusList)
	return c.SendString(jwt)
}

func (h *Handler) key(c *fiber.Ctx) error {
	k, err := h.svc.PublicKey(c.Params("kid"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, cacheKeys)
	return c.JSON(k)
}

// CredentialID serves a credential's id URL, /credentials/:id outside the
// API: machines asking for JSON get the credential, people are sent to its
// verification page. The composition root mounts it.
func (h *Handler) CredentialID(c *fiber.Ctx) error {
	id := strings.Clone(c.Params("id"))
	if c.Accepts(fiber.MIMETextHTML, mediaLDJSON, fiber.MIMEApplicationJSON) == fiber.MIMETextHTML {
		return c.Redirect(h.svc.links.verifyPage(id), fiber.StatusSeeOther)
	}
	return h.document(c, id)
}

// AchievementID serves an achievement's id URL, /courses/:slug outside the
// API: machines asking for JSON get the Open Badges Achievement, browsers the
// course page of the next handler. The composition root mounts it.
func (h *Handler) AchievementID(c *fiber.Ctx) error {
	c.Vary(fiber.HeaderAccept)
	media := c.Accepts(fiber.MIMETextHTML, mediaLDJSON, fiber.MIMEApplicationJSON)
	if media == fiber.MIMETextHTML || media == "" {
		return c.Next()
	}
	body, err := h.svc.AchievementJSON(c.UserContext(), strings.Clone(c.Params("slug")))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, media)
	c.Set(fiber.HeaderCacheControl, cacheCredential)
	return c.Send(body)
}

// CompetitionAchievementID serves the Achievement of a competition's award
// tier at its id URL, /competitions/:slug/awards/:tier, to clients asking for
// JSON; a browser goes to the competition's page.
func (h *Handler) CompetitionAchievementID(c *fiber.Ctx) error {
	c.Vary(fiber.HeaderAccept)
	slug := strings.Clone(c.Params("slug"))
	media := c.Accepts(fiber.MIMETextHTML, mediaLDJSON, fiber.MIMEApplicationJSON)
	if media == fiber.MIMETextHTML || media == "" {
		return c.Redirect("/competitions/"+url.PathEscape(slug), fiber.StatusSeeOther)
	}
	body, err := h.svc.CompetitionAchievementJSON(c.UserContext(), slug, strings.Clone(c.Params("tier")))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, media)
	c.Set(fiber.HeaderCacheControl, cacheCredential)
	return c.Send(body)
}

// JWKS serves the JSON Web Key Set of the keys that verify credentials; the
// composition root mounts it at /.well-known/credential-jwks.json.
func (h *Handler) JWKS(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, cacheKeys)
	return c.JSON(h.svc.JWKS())
}

// IssuerProfile serves the Open Badges profile of an issuer. It is
// registered under the API at /issuers/:slug; the composition root also
// mounts it at /issuers/:slug, the profile's id.
func (h *Handler) IssuerProfile(c *fiber.Ctx) error {
	p, err := h.svc.IssuerProfile(c.UserContext(), c.Params("slug"))
	if err != nil {
		return err
	}
	body, err := c.App().Config().JSONEncoder(p)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, mediaLDJSON)
	c.Set(fiber.HeaderCacheControl, cacheKeys)
	return c.Send(body)
}
