package credentials

import (
	"bytes"
	"context"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"academy/services/credentials/statuslist"
	"academy/services/kit/apperr"
)

// Bounds on what the verifier reads: a credential is a few kilobytes; a
// status list may carry an encoded list up to statuslist.MaxEncodedLen.
const (
	maxJWTLen           = 256 << 10
	maxStatusListJWTLen = statuslist.MaxEncodedLen*4/3 + 64<<10 // base64url of the payload
	leeway              = time.Minute
)

// The steps of a verification, in order.
const (
	StepFormat        = "format"
	StepIssuerKey     = "issuer_key"
	StepSignature     = "signature"
	StepMatchesSigned = "matches_signed"
	StepClaims        = "claims"
	StepValidity      = "validity_period"
	StepRevocation    = "revocation"
	StepSuspension    = "suspension"
	StepContent       = "content"
)

// The outcomes of a verification; only VerdictValid means the credential
// can be trusted.
const (
	VerdictValid                = "valid"
	VerdictMalformed            = "malformed"
	VerdictUnknownCredential    = "unknown_credential"
	VerdictUnknownKey           = "unknown_key"
	VerdictUnsupportedAlgorithm = "unsupported_algorithm"
	VerdictTampered             = "tampered"
	VerdictInvalid              = "invalid"
	VerdictRevoked              = "revoked"
	VerdictSuspended            = "suspended"
	VerdictExpired              = "expired"
	VerdictNotYetValid          = "not_yet_valid"
	VerdictIncomplete           = "incomplete"
)

// VerificationStep is one check of a verification and what it found.
type VerificationStep struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail"`
}

// Verification is the result of checking a credential step by step.
type Verification struct {
	Valid        bool               `json:"valid"`
	Verdict      string             `json:"verdict"`
	Reason       string             `json:"reason"`
	CredentialID string             `json:"credential_id,omitempty"`
	CheckedAt    time.Time          `json:"checked_at"`
	Steps        []VerificationStep `json:"steps"`
	// Credential is the signed credential, shown once its signature holds.
	Credential map[string]any `json:"credential,omitempty"`
	// HolderName is the holder's name as the certificate prints it, for a
	// credential issued here and checked by its id; the signed credential
	// identifies the holder only by a hashed email address.
	HolderName string `json:"holder_name,omitempty" jsonschema:"description=the holder's name as printed on the certificate; not part of the signed credential"`
}

// VerifyRequest is what a verifier submits: a VC-JWT, or a credential's JSON
// whose signed original this platform looks up by its id.
type VerifyRequest struct {
	JWT        string          `json:"jwt,omitempty" jsonschema:"description=the credential as a compact JWS (VC-JWT)"`
	Credential json.RawMessage `json:"credential,omitempty" jsonschema:"type=object,description=the credential's JSON"`
}

// verifier checks credentials against this platform's published keys and
// status lists. Its sources are small interfaces so the checks run the same
// against the database and against fakes.
type verifier struct {
	links       links
	keys        keySource
	statusLists statusListSource
	credentials credentialSource
	now         func() time.Time
}

type keySource interface {
	Lookup(id string) (signingKey, bool, error)
}

type statusListSource interface {
	StatusList(ctx context.Context, id string) (string, error)
}

type credentialSource interface {
	Credential(ctx context.Context, id string) (StoredCredential, error)
}

func (s *Service) verifier() *verifier {
	return &verifier{links: s.links, keys: s.keys, statusLists: s, credentials: s, now: s.now}
}

// Verify checks what a verifier submitted.
func (s *Service) Verify(ctx context.Context, req VerifyRequest) (Verification, error) {
	return s.verifier().verifyRequest(ctx, req)
}

// VerifyStored checks a credential issued here, by its id.
func (s *Service) VerifyStored(ctx context.Context, id string) (Verification, error) {
	c, err := s.store.credential(ctx, id)
	if err != nil {
		return Verification{}, err
	}
	v := s.verifier().verifyJWT(ctx, c.JWT, nil)
	// Like the certificate, the page of a credential names its holder.
	v.HolderName = c.Certificate.LearnerName
	return v, nil
}

// SignedHere reports whether a VC-JWT names one of this platform's keys;
// any other is another issuer's, verified with VerifyForeign.
func (s *Service) SignedHere(compact string) bool {
	compact = strings.TrimSpace(compact)
	if len(compact) > maxJWTLen {
		return false
	}
	h, _, err := decodeJWSHeader(compact, maxJWTLen, false)
	return err != nil || strings.HasPrefix(h.Kid, s.links.keyPrefix())
}

// checkVerifyRequest accepts a request naming exactly one credential.
func checkVerifyRequest(req VerifyRequest) error {
	hasJSON := len(bytes.TrimSpace(req.Credential)) > 0 && !bytes.Equal(bytes.TrimSpace(req.Credential), []byte("null"))
	if (req.JWT == "") == !hasJSON {
		return apperr.New(apperr.Invalid, "verify-one", "send either jwt or credential, not both and not neither")
	}
	return nil
}

func (v *verifier) verifyRequest(ctx context.Context, req VerifyRequest) (Verification, error) {
	if err := checkVerifyRequest(req); err != nil {
		return Verification{}, err
	}
	if req.JWT != "" {
		return v.verifyJWT(ctx, strings.TrimSpace(req.JWT), nil), nil
	}
	return v.verifyJSON(ctx, req.Credential)
}

// verifyJSON looks the submitted credential up by its id, verifies the
// signed original, and reports any difference between the two as tampering.
func (v *verifier) verifyJSON(ctx context.Context, raw json.RawMessage) (Verification, error) {
	var submitted map[string]any
	if err := json.Unmarshal(raw, &submitted); err != nil || submitted == nil {
		return Verification{}, apperr.InvalidField("credential", "must be a JSON object")
	}
	credURL, _ := submitted["id"].(string)
	id, ok := strings.CutPrefix(credURL, v.links.credential(""))
	if !ok || id == "" || strings.Contains(id, "/") {
		r := &report{v: v}
		r.fail(StepFormat, VerdictUnknownCredential, "the credential's id %q is not a credential of this platform, so its signed original cannot be found", credURL)
		return r.finish(), nil
	}
	stored, err := v.credentials.Credential(ctx, id)
	if apperr.Is(err, apperr.NotFound) {
		r := &report{v: v, id: id}
		r.fail(StepFormat, VerdictUnknownCredential, "no credential %s was issued by this platform", id)
		return r.finish(), nil
	}
	if err != nil {
		return Verification{}, err
	}
	return v.verifyJWT(ctx, stored.JWT, submitted), nil
}

// report collects the steps of one verification.
type report struct {
	v        *verifier
	id       string
	steps    []VerificationStep
	verdicts []string
	reasons  []string
	payload  map[string]any
}

func (r *report) pass(name, format string, args ...any) {
	r.steps = append(r.steps, VerificationStep{Name: name, OK: true, Detail: fmt.Sprintf(format, args...)})
}

func (r *report) fail(name, verdict, format string, args ...any) {
	detail := fmt.Sprintf(format, args...)
	r.steps = append(r.steps, VerificationStep{Name: name, Detail: detail})
	r.verdicts = append(r.verdicts, verdict)
	r.reasons = append(r.reasons, detail)
}

// skip records steps that cannot run once an earlier one failed.
func (r *report) skip(because string, names ...string) {
	for _, n := range names {
		r.steps = append(r.steps, VerificationStep{Name: n, Detail: "not checked: " + because})
	}
}

// verdictPriority orders verdicts by how much they say: a revoked credential
// is reported as revoked even when it has also expired.
var verdictPriority = []string{
	VerdictMalformed, VerdictTooLarge, VerdictUnknownCredential, VerdictUnknownKey, VerdictIssuerUnreachable, VerdictUnsupportedAlgorithm, VerdictTampered,
	VerdictInvalid, VerdictSubjectMismatch, VerdictRevoked, VerdictSuspended, VerdictExpired, VerdictNotYetValid, VerdictIncomplete,
}

func (r *report) finish() Verification {
	out := Verification{Valid: len(r.verdicts) == 0, Verdict: VerdictValid, CredentialID: r.id, CheckedAt: r.v.now().UTC(), Steps: r.steps, Credential: r.payload}
	out.Reason = "every check passed: the credential is genuine, unaltered and in force"
	best := len(verdictPriority)
	for i, verdict := range r.verdicts {
		if p := slices.Index(verdictPriority, verdict); p < best {
			best, out.Verdict, out.Reason = p, verdict, r.reasons[i]
		}
	}
	return out
}

// The JOSE header types of a credential: vc+jwt as VC-JOSE-COSE specifies,
// and JWT, which credentials issued before it carry.
const (
	typVCJWT = "vc+jwt"
	typJWT   = "JWT"
)

// jwsHeader is the JOSE header of a credential: Open Badges 3.0 allows no
// other members.
type jwsHeader struct {
	Alg string `json:"alg"`
	Kid string `json:"kid"`
	Typ string `json:"typ"`
}

// decodeJWS splits a compact JWS of at most max bytes and decodes its
// header and payload. The signature is checked later, by the algorithm the
// header names.
func decodeJWS(compact string, max int) (jwsHeader, map[string]any, error) {
	return decodeJWSHeader(compact, max, true)
}

// decodeJWSHeader is decodeJWS; a header that is not strict may carry
// other members (VC-JOSE-COSE allows cty, iss and more), but not crit, whose
// extensions no check here would honour.
func decodeJWSHeader(compact string, max int, strict bool) (jwsHeader, map[string]any, error) {
	var h jwsHeader
	if len(compact) > max {
		return h, nil, fmt.Errorf("the token has %d bytes, more than %d", len(compact), max)
	}
	parts := strings.Split(compact, ".")
	if len(parts) != 3 {
		return h, nil, fmt.Errorf("a compact JWS has 3 dot-separated parts, this has %d", len(parts))
	}
	rawHeader, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil {
		return h, nil, fmt.Errorf("the header is not base64url: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(rawHeader))
	if strict {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(&h); err != nil {
		return h, nil, fmt.Errorf("the header is not a JOSE header of an Open Badges credential: %v", err)
	}
	if !strict {
		var members map[string]json.RawMessage
		_ = json.Unmarshal(rawHeader, &members)
		if _, crit := members["crit"]; crit {
			return h, nil, errors.New("the header names critical extensions (crit), which are not supported")
		}
	}
	rawPayload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return h, nil, fmt.Errorf("the payload is not base64url: %v", err)
	}
	var payload map[string]any
	if err := json.Unmarshal(rawPayload, &payload); err != nil || payload == nil {
		return h, nil, errors.New("the payload is not a JSON object")
	}
	if _, err := base64.RawURLEncoding.DecodeString(parts[2]); err != nil {
		return h, nil, errors.New("the signature is not base64url")
	}
	// Any other type is another kind of token, which must not pass for a credential.
	if typ := strings.TrimPrefix(strings.ToLower(h.Typ), "application/"); typ != "" && typ != typVCJWT && typ != strings.ToLower(typJWT) {
		return h, nil, fmt.Errorf("the header's typ %q is neither %s nor %s", h.Typ, typVCJWT, typJWT)
	}
	return h, payload, nil
}

// verifyJWT checks a credential secured as a VC-JWT. When submitted is not
// nil, it is the JSON a verifier presented for this JWT, and must equal the
// signed credential.
func (v *verifier) verifyJWT(ctx context.Context, compact string, submitted map[string]any) Verification {
	r := &report{v: v}
	later := []string{StepIssuerKey, StepSignature, StepClaims, StepValidity, StepRevocation, StepSuspension, StepContent}
	if submitted != nil {
		later = slices.Insert(later, 2, StepMatchesSigned)
	}
	header, payload, err := decodeJWS(compact, maxJWTLen)
	if err != nil {
		r.fail(StepFormat, VerdictMalformed, "not a VC-JWT: %v", err)
		r.skip("the input could not be read", later...)
		return r.finish()
	}
	r.pass(StepFormat, "a compact JWS whose header and payload decode")
	if jti, ok := payload["jti"].(string); ok {
		r.id, _ = strings.CutPrefix(jti, v.links.credential(""))
	}

	kid, ok := strings.CutPrefix(header.Kid, v.links.keyPrefix())
	var key *rsa.PublicKey
	if ok && kid != "" {
		found, ok, err := v.keys.Lookup(kid)
		if err != nil {
			r.fail(StepIssuerKey, VerdictUnknownKey, "the platform's keys could not be read: %v", err)
		} else if ok {
			key = found.Public
		}
	}
	switch {
	case err != nil:
	case header.Kid == "":
		r.fail(StepIssuerKey, VerdictUnknownKey, "the header names no key (kid)")
	case key == nil:
		r.fail(StepIssuerKey, VerdictUnknownKey, "the key %q is not one this platform publishes", header.Kid)
	default:
		r.pass(StepIssuerKey, "signed with key %s, published in the platform's key set", header.Kid)
	}
	if key == nil {
		r.skip("the signing key is unknown", later[1:]...)
		return r.finish()
	}

	if header.Alg != signingAlg {
		r.fail(StepSignature, VerdictUnsupportedAlgorithm, "the algorithm %q is refused: credentials of this platform are signed with %s", header.Alg, signingAlg)
		r.skip("the signature was not verified", later[2:]...)
		return r.finish()
	}
	parser := jwt.NewParser(jwt.WithValidMethods([]string{signingAlg}), jwt.WithoutClaimsValidation())
	if _, err := parser.Parse(compact, func(*jwt.Token) (any, error) { return key, nil }); err != nil {
		r.fail(StepSignature, VerdictTampered, "the signature does not match the content: the credential was altered after signing (%v)", err)
		r.skip("the signature does not hold", later[2:]...)
		return r.finish()
	}
	r.pass(StepSignature, "the %s signature holds: the content is exactly what the issuer signed", signingAlg)
	r.payload = payload

	if submitted != nil {
		if diffs := jsonDiff("", submitted, withoutJWTClaims(payload), 5); len(diffs) > 0 {
			r.fail(StepMatchesSigned, VerdictTampered, "the submitted credential differs from the signed one at %s", strings.Join(diffs, ", "))
		} else {
			r.pass(StepMatchesSigned, "the submitted credential is identical to the signed one")
		}
	}

	cred, err := decodeCredential(payload)
	if err != nil {
		r.fail(StepClaims, VerdictInvalid, "the payload is not an Open Badges credential: %v", err)
		r.skip("the payload is not an Open Badges credential", StepValidity, StepRevocation, StepSuspension, StepContent)
		return r.finish()
	}
	v.checkClaims(r, cred)
	v.checkValidity(r, cred)
	v.checkStatus(ctx, r, cred)
	checkContent(r, cred)
	return r.finish()
}
