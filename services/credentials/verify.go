package credentials

import (
	"bytes"
	"context"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
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
	publicKey(id string) (*rsa.PublicKey, bool, error)
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
	return s.verifier().verifyJWT(ctx, c.JWT, nil), nil
}

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
	VerdictMalformed, VerdictUnknownCredential, VerdictUnknownKey, VerdictUnsupportedAlgorithm, VerdictTampered,
	VerdictInvalid, VerdictRevoked, VerdictSuspended, VerdictExpired, VerdictNotYetValid, VerdictIncomplete,
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
	dec.DisallowUnknownFields()
	if err := dec.Decode(&h); err != nil {
		return h, nil, fmt.Errorf("the header is not a JOSE header of an Open Badges credential: %v", err)
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
		var found bool
		key, found, err = v.keys.publicKey(kid)
		if err != nil {
			r.fail(StepIssuerKey, VerdictUnknownKey, "the platform's keys could not be read: %v", err)
		} else if !found {
			key = nil
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
	v.checkStatus(ctx, r, cred, purposeRevocation)
	v.checkStatus(ctx, r, cred, purposeSuspension)
	checkContent(r, cred)
	return r.finish()
}

// withoutJWTClaims returns the credential a payload carries, without the
// registered claims that mirror its properties.
func withoutJWTClaims(payload map[string]any) map[string]any {
	out := make(map[string]any, len(payload))
	for k, val := range payload {
		switch k {
		case "iss", "sub", "jti", "nbf", "exp", "iat", "aud":
		default:
			out[k] = val
		}
	}
	return out
}

// jsonDiff lists up to max paths where a and b differ.
func jsonDiff(path string, a, b any, max int) []string {
	name := path
	if name == "" {
		name = "the top level"
	}
	switch av := a.(type) {
	case map[string]any:
		bv, ok := b.(map[string]any)
		if !ok {
			return []string{name}
		}
		keys := map[string]bool{}
		for k := range av {
			keys[k] = true
		}
		for k := range bv {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		var out []string
		for _, k := range sorted {
			p := k
			if path != "" {
				p = path + "." + k
			}
			out = append(out, jsonDiff(p, av[k], bv[k], max-len(out))...)
			if len(out) >= max {
				return out[:max]
			}
		}
		return out
	case []any:
		bv, ok := b.([]any)
		if !ok || len(av) != len(bv) {
			return []string{name}
		}
		var out []string
		for i := range av {
			out = append(out, jsonDiff(fmt.Sprintf("%s[%d]", path, i), av[i], bv[i], max-len(out))...)
			if len(out) >= max {
				return out[:max]
			}
		}
		return out
	default:
		if !reflect.DeepEqual(a, b) {
			return []string{name}
		}
		return nil
	}
}

// signedCredential is the part of a signed payload the checks read.
type signedCredential struct {
	Iss               string          `json:"iss"`
	Sub               string          `json:"sub"`
	Jti               string          `json:"jti"`
	Nbf               *float64        `json:"nbf"`
	Exp               *float64        `json:"exp"`
	Context           []any           `json:"@context"`
	ID                string          `json:"id"`
	Type              []string        `json:"type"`
	Name              string          `json:"name"`
	Issuer            obProfile       `json:"issuer"`
	ValidFrom         string          `json:"validFrom"`
	ValidUntil        string          `json:"validUntil"`
	CredentialSubject obSubject       `json:"credentialSubject"`
	CredentialStatus  json.RawMessage `json:"credentialStatus"`
}

// statusEntry reads a BitstringStatusListEntry whose index may be a string
// (as the specification says) or a number.
type statusEntry struct {
	Type                 string      `json:"type"`
	StatusPurpose        string      `json:"statusPurpose"`
	StatusListIndex      json.Number `json:"statusListIndex"`
	StatusListCredential string      `json:"statusListCredential"`
}

func decodeCredential(payload map[string]any) (signedCredential, error) {
	var c signedCredential
	raw, err := json.Marshal(payload)
	if err != nil {
		return c, err
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		return c, err
	}
	return c, nil
}

func (c signedCredential) statusEntries() ([]statusEntry, error) {
	raw := bytes.TrimSpace(c.CredentialStatus)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, nil
	}
	if raw[0] == '{' {
		var e statusEntry
		err := json.Unmarshal(raw, &e)
		return []statusEntry{e}, err
	}
	var list []statusEntry
	err := json.Unmarshal(raw, &list)
	return list, err
}

func numericDate(f *float64) (time.Time, bool) {
	if f == nil {
		return time.Time{}, false
	}
	return time.Unix(int64(*f), 0).UTC(), true
}

func (v *verifier) checkClaims(r *report, c signedCredential) {
	var problems []string
	if len(c.Context) < 2 || c.Context[0] != contextVC || c.Context[1] != contextOB {
		problems = append(problems, "@context does not start with the Verifiable Credentials 2.0 and Open Badges 3.0 contexts")
	}
	if !slices.Contains(c.Type, "VerifiableCredential") || !(slices.Contains(c.Type, "OpenBadgeCredential") || slices.Contains(c.Type, "AchievementCredential")) {
		problems = append(problems, "type is not an OpenBadgeCredential")
	}
	if c.Iss == "" || c.Iss != c.Issuer.ID {
		problems = append(problems, "iss does not equal issuer.id")
	}
	if !strings.HasPrefix(c.Issuer.ID, v.links.issuer("")) {
		problems = append(problems, "the issuer is not hosted on this platform")
	}
	if c.Jti == "" || c.Jti != c.ID {
		problems = append(problems, "jti does not equal id")
	}
	if c.Sub == "" || c.Sub != c.CredentialSubject.ID {
		problems = append(problems, "sub does not equal credentialSubject.id")
	}
	validFrom, err := time.Parse(time.RFC3339, c.ValidFrom)
	if nbf, ok := numericDate(c.Nbf); !ok || err != nil || !nbf.Equal(validFrom) {
		problems = append(problems, "nbf does not equal validFrom")
	}
	exp, hasExp := numericDate(c.Exp)
	if hasExp != (c.ValidUntil != "") {
		problems = append(problems, "exp and validUntil are not both present or both absent")
	} else if hasExp {
		if until, err := time.Parse(time.RFC3339, c.ValidUntil); err != nil || !exp.Equal(until) {
			problems = append(problems, "exp does not equal validUntil")
		}
	}
	if len(problems) > 0 {
		r.fail(StepClaims, VerdictInvalid, "the credential is inconsistent: %s", strings.Join(problems, "; "))
		return
	}
	r.pass(StepClaims, "an OpenBadgeCredential issued by %s; its JWT claims agree with it", c.Issuer.Name)
}

func (v *verifier) checkValidity(r *report, c signedCredential) {
	now := v.now()
	from, err := time.Parse(time.RFC3339, c.ValidFrom)
	if err != nil {
		r.fail(StepValidity, VerdictInvalid, "validFrom %q is not a date and time", c.ValidFrom)
		return
	}
	if now.Add(leeway).Before(from) {
		r.fail(StepValidity, VerdictNotYetValid, "not valid before %s", from.Format(time.RFC3339))
		return
	}
	if c.ValidUntil == "" {
		r.pass(StepValidity, "valid since %s; it does not expire", from.Format("2 January 2006"))
		return
	}
	until, err := time.Parse(time.RFC3339, c.ValidUntil)
	if err != nil {
		r.fail(StepValidity, VerdictInvalid, "validUntil %q is not a date and time", c.ValidUntil)
		return
	}
	if !now.Add(-leeway).Before(until) {
		r.fail(StepValidity, VerdictExpired, "expired on %s", until.Format(time.RFC3339))
		return
	}
	r.pass(StepValidity, "valid from %s until %s", from.Format("2 January 2006"), until.Format("2 January 2006"))
}

// checkStatus fetches the credential's status list for purpose, checks
// the list's own signature and issuer, decodes it and reads the bit.
func (v *verifier) checkStatus(ctx context.Context, r *report, c signedCredential, purpose string) {
	step, verdict, word := StepRevocation, VerdictRevoked, "revoked"
	if purpose == purposeSuspension {
		step, verdict, word = StepSuspension, VerdictSuspended, "suspended"
	}
	entries, err := c.statusEntries()
	if err != nil {
		r.fail(step, VerdictInvalid, "credentialStatus cannot be read: %v", err)
		return
	}
	var entry *statusEntry
	for i := range entries {
		if entries[i].StatusPurpose == purpose && entries[i].Type == "BitstringStatusListEntry" {
			entry = &entries[i]
		}
	}
	if entry == nil {
		r.pass(step, "the credential has no %s status entry, so it cannot be %s", purpose, word)
		return
	}
	index, err := strconv.Atoi(entry.StatusListIndex.String())
	if err != nil || index < 0 {
		r.fail(step, VerdictInvalid, "statusListIndex %q is not a non-negative integer", entry.StatusListIndex)
		return
	}
	listID, ok := strings.CutPrefix(entry.StatusListCredential, v.links.statusListPrefix())
	if !ok {
		r.fail(step, VerdictInvalid, "the status list %s is not published by this platform, so it was not fetched", entry.StatusListCredential)
		return
	}
	set, err := v.readStatusBit(ctx, listID, purpose, c.Issuer.ID, index)
	if err != nil {
		r.fail(step, VerdictInvalid, "the %s status list could not be checked: %v", purpose, err)
		return
	}
	if !set {
		r.pass(step, "entry %d of %s is clear: not %s", index, entry.StatusListCredential, word)
		return
	}
	r.fail(step, verdict, "%s", v.statusReason(ctx, r.id, purpose))
}

// statusReason explains a set status bit with the recorded change when the
// credential was issued here.
func (v *verifier) statusReason(ctx context.Context, id, purpose string) string {
	action, word := "revoke", "revoked"
	if purpose == purposeSuspension {
		action, word = "suspend", "suspended"
	}
	msg := "the issuer has " + word + " this credential"
	if id == "" {
		return msg
	}
	c, err := v.credentials.Credential(ctx, id)
	if err != nil {
		return msg
	}
	for i := len(c.History) - 1; i >= 0; i-- {
		if ev := c.History[i]; ev.Action == action {
			return fmt.Sprintf("%s on %s: %s", msg, ev.At.UTC().Format("2 January 2006"), ev.Reason)
		}
	}
	return msg
}

// statusListPayload is the part of a status list credential the check reads.
type statusListPayload struct {
	Issuer            string   `json:"issuer"`
	Type              []string `json:"type"`
	CredentialSubject struct {
		StatusPurpose string `json:"statusPurpose"`
		EncodedList   string `json:"encodedList"`
	} `json:"credentialSubject"`
}

func (v *verifier) readStatusBit(ctx context.Context, listID, purpose, issuer string, index int) (bool, error) {
	compact, err := v.statusLists.StatusList(ctx, listID)
	if err != nil {
		return false, err
	}
	header, _, err := decodeJWS(compact, maxStatusListJWTLen)
	if err != nil {
		return false, fmt.Errorf("the list is not a VC-JWT: %v", err)
	}
	kid, ok := strings.CutPrefix(header.Kid, v.links.keyPrefix())
	if !ok {
		return false, fmt.Errorf("the list is signed with key %q, not one of this platform's", header.Kid)
	}
	key, found, err := v.keys.publicKey(kid)
	if err != nil {
		return false, err
	}
	if !found {
		return false, fmt.Errorf("the list is signed with an unknown key %q", header.Kid)
	}
	var claims struct {
		statusListPayload
		jwt.RegisteredClaims
	}
	parser := jwt.NewParser(jwt.WithValidMethods([]string{signingAlg}), jwt.WithoutClaimsValidation())
	if _, err := parser.ParseWithClaims(compact, &claims, func(*jwt.Token) (any, error) { return key, nil }); err != nil {
		return false, fmt.Errorf("the list's signature does not hold: %v", err)
	}
	if !slices.Contains(claims.Type, "BitstringStatusListCredential") {
		return false, errors.New("the list is not a BitstringStatusListCredential")
	}
	if claims.CredentialSubject.StatusPurpose != purpose {
		return false, fmt.Errorf("the list is for %q, not %s", claims.CredentialSubject.StatusPurpose, purpose)
	}
	if got := claims.statusListPayload.Issuer; got != issuer {
		return false, fmt.Errorf("the list is issued by %s, not by the credential's issuer", got)
	}
	bits, err := statuslist.Decode(claims.CredentialSubject.EncodedList)
	if err != nil {
		return false, err
	}
	return bits.Get(index)
}

// checkContent checks that a credential states what it claims to be: an EU
// micro-credential must carry every mandatory element.
func checkContent(r *report, c signedCredential) {
	ach := c.CredentialSubject.Achievement
	identified := false
	for _, id := range c.CredentialSubject.Identifier {
		identified = identified || id.IdentityHash != ""
	}
	if ach.Name == "" || c.Issuer.Name == "" {
		r.fail(StepContent, VerdictIncomplete, "the credential does not name its achievement and issuer")
		return
	}
	checks := []struct {
		name string
		ok   bool
	}{
		{ElementLearner, identified},
		{ElementTitle, ach.Name != ""},
		{ElementCountry, c.Issuer.Address != nil && len(c.Issuer.Address.AddressCountryCode) == 2},
		{ElementAwardingBody, c.Issuer.Name != ""},
		{ElementDateOfIssue, c.ValidFrom != ""},
		{ElementLearningOutcomes, hasText(ach.LearningOutcomes)},
		{ElementWorkload, ach.ECTSCredits > 0 || ach.CreditsAvailable > 0},
		{ElementEQFLevel, ach.EQFLevel >= 1 && ach.EQFLevel <= 8},
		{ElementAssessmentType, ach.AssessmentType != ""},
		{ElementParticipationForm, ach.ParticipationForm != ""},
		{ElementQualityAssurance, ach.QualityAssurance != ""},
	}
	var missing []string
	for _, chk := range checks {
		if !chk.ok {
			missing = append(missing, chk.name)
		}
	}
	switch {
	case ach.AchievementType == AchievementMicroCredential && len(missing) > 0:
		r.fail(StepContent, VerdictIncomplete, "it claims to be an EU micro-credential but lacks %s", strings.Join(missing, ", "))
	case ach.AchievementType == AchievementMicroCredential:
		r.pass(StepContent, "an EU micro-credential carrying all %d mandatory elements", len(checks))
	case len(missing) > 0:
		r.pass(StepContent, "a course credential for %q; not an EU micro-credential (it lacks %s)", ach.Name, strings.Join(missing, ", "))
	default:
		r.pass(StepContent, "a course credential for %q carrying every EU micro-credential element", ach.Name)
	}
}
