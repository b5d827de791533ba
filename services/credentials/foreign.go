package credentials

import (
	"bytes"
	"cmp"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"
)

// StepSubject checks that another issuer's credential names its importer.
const StepSubject = "subject"

// The verdicts only a credential of another issuer can get.
const (
	VerdictIssuerUnreachable = "issuer_unreachable"
	VerdictTooLarge          = "too_large"
	VerdictSubjectMismatch   = "subject_mismatch"
)

// foreignAlgs are the JWS algorithms accepted from other issuers: the ones
// Open Badges 3.0 and VC-JOSE-COSE issuers use.
var foreignAlgs = []string{"EdDSA", "ES256", "ES384", "RS256", "PS256"}

// escoSkillPrefix starts the concept URI of every ESCO skill.
const escoSkillPrefix = "data.europa.eu/esco/skill/"

// ForeignCredential is what an import keeps of a credential another issuer
// signed, once it verified.
type ForeignCredential struct {
	ID          string // the credential's id, or a digest of it when it has none
	IssuerID    string
	IssuerName  string
	Title       string
	Achievement string
	// Skills are the ESCO skill URIs the achievement aligns to.
	Skills []string
}

// foreignPayload is the part of another issuer's credential the checks read.
// It accepts the Verifiable Credentials 1.1 dates Open Badges 3.0 started with.
type foreignPayload struct {
	Iss               string          `json:"iss"`
	Jti               string          `json:"jti"`
	Exp               *float64        `json:"exp"`
	ID                string          `json:"id"`
	Type              []string        `json:"type"`
	Name              string          `json:"name"`
	Issuer            json.RawMessage `json:"issuer"`
	ValidFrom         string          `json:"validFrom"`
	ValidUntil        string          `json:"validUntil"`
	IssuanceDate      string          `json:"issuanceDate"`
	ExpirationDate    string          `json:"expirationDate"`
	CredentialSubject struct {
		ID          string       `json:"id"`
		Identifier  []obIdentity `json:"identifier"`
		Achievement struct {
			Name      string        `json:"name"`
			Alignment []obAlignment `json:"alignment"`
		} `json:"achievement"`
	} `json:"credentialSubject"`
	CredentialStatus json.RawMessage `json:"credentialStatus"`
}

// VerifyForeign verifies an Open Badges 3.0 VC-JWT signed by another issuer
// for the holder with this verified email address: the issuer's key is
// resolved from the header's kid (a did:web DID URL or the https URL of a
// JWK or JWK set), the signature, the validity period and the status list
// entry are checked, and the subject must be identified by the email
// address. The credential is returned when the verification is valid.
func (f *Fetcher) VerifyForeign(ctx context.Context, compact, email string) (Verification, ForeignCredential) {
	v := &verifier{now: f.now}
	r := &report{v: v}
	later := []string{StepIssuerKey, StepSignature, StepClaims, StepValidity, StepRevocation, StepSuspension, StepSubject}
	if len(compact) > maxJWTLen {
		r.fail(StepFormat, VerdictTooLarge, "the credential has %d bytes, more than %d", len(compact), maxJWTLen)
		r.skip("the input is too large", later...)
		return r.finish(), ForeignCredential{}
	}
	header, payload, err := decodeForeignJWS(compact, maxJWTLen)
	if err != nil {
		r.fail(StepFormat, VerdictMalformed, "not a VC-JWT: %v", err)
		r.skip("the input could not be read", later...)
		return r.finish(), ForeignCredential{}
	}
	var c foreignPayload
	raw, _ := json.Marshal(payload)
	if err := json.Unmarshal(raw, &c); err != nil {
		r.fail(StepFormat, VerdictMalformed, "the payload is not an Open Badges credential: %v", err)
		r.skip("the input could not be read", later...)
		return r.finish(), ForeignCredential{}
	}
	r.pass(StepFormat, "a compact JWS whose header and payload decode")
	issuer := issuerID(c.Issuer)
	r.id = cmp.Or(c.ID, c.Jti)

	key, err := f.resolveKey(ctx, header, issuer)
	if err != nil {
		r.fail(StepIssuerKey, verdictOf(err, VerdictUnknownKey), "the issuer's key (%s) could not be obtained: %v", header.keyName(), err)
		r.skip("the signing key is unknown", later[1:]...)
		return r.finish(), ForeignCredential{}
	}
	r.pass(StepIssuerKey, "signed with a key (%s) published by %s", header.keyName(), issuer)

	if !slices.Contains(foreignAlgs, header.Alg) {
		r.fail(StepSignature, VerdictUnsupportedAlgorithm, "the algorithm %q is refused: accepted are %s", header.Alg, strings.Join(foreignAlgs, ", "))
		r.skip("the signature was not verified", later[2:]...)
		return r.finish(), ForeignCredential{}
	}
	if err := verifySignature(compact, header.Alg, key); err != nil {
		r.fail(StepSignature, VerdictTampered, "the signature does not hold: the credential was altered after signing, or not signed with the issuer's key (%v)", err)
		r.skip("the signature does not hold", later[2:]...)
		return r.finish(), ForeignCredential{}
	}
	r.pass(StepSignature, "the %s signature holds: the content is exactly what the issuer signed", header.Alg)
	r.payload = payload

	cred, ok := checkForeignClaims(r, c, issuer)
	if !ok {
		r.skip("the payload is not an Open Badges credential", StepValidity, StepRevocation, StepSuspension, StepSubject)
		return r.finish(), ForeignCredential{}
	}
	sc := signedCredential{ValidFrom: cmp.Or(c.ValidFrom, c.IssuanceDate), ValidUntil: cmp.Or(c.ValidUntil, c.ExpirationDate)}
	if exp, ok := numericDate(c.Exp); ok && sc.ValidUntil == "" {
		sc.ValidUntil = exp.Format(time.RFC3339)
	}
	v.checkValidity(r, sc)
	f.checkForeignStatus(ctx, r, c.CredentialStatus, issuer)
	checkSubject(r, c, email)
	return r.finish(), cred
}

// foreignHeader is the JOSE header of another issuer's credential: its key
// named by kid, or embedded as jwk, as Open Badges 3.0 allows.
type foreignHeader struct {
	jwsHeader
	JWK json.RawMessage
}

// decodeForeignJWS decodes a compact JWS of another issuer, whose header
// must name or carry its key.
func decodeForeignJWS(compact string, max int) (foreignHeader, map[string]any, error) {
	h, payload, err := decodeJWSHeader(compact, max, false)
	if err != nil {
		return foreignHeader{jwsHeader: h}, nil, err
	}
	out := foreignHeader{jwsHeader: h}
	raw, _ := base64.RawURLEncoding.DecodeString(compact[:strings.IndexByte(compact, '.')])
	var extra struct {
		JWK json.RawMessage `json:"jwk"`
	}
	_ = json.Unmarshal(raw, &extra)
	out.JWK = extra.JWK
	if h.Kid == "" && len(out.JWK) == 0 {
		return out, nil, errors.New("the header names no key (kid) and carries none (jwk)")
	}
	return out, payload, nil
}

// keyName is how a header names its key in a report.
func (h foreignHeader) keyName() string {
	if h.Kid != "" {
		return h.Kid
	}
	return "embedded in the header"
}

// verifySignature checks the JWS with key under alg; the key's type must
// be the algorithm's.
func verifySignature(compact, alg string, key any) error {
	switch key.(type) {
	case ed25519.PublicKey:
		if alg != "EdDSA" {
			return fmt.Errorf("an Ed25519 key cannot verify %s", alg)
		}
	case *ecdsa.PublicKey:
		if !strings.HasPrefix(alg, "ES") {
			return fmt.Errorf("an EC key cannot verify %s", alg)
		}
	case *rsa.PublicKey:
		if !strings.HasPrefix(alg, "RS") && !strings.HasPrefix(alg, "PS") {
			return fmt.Errorf("an RSA key cannot verify %s", alg)
		}
	default:
		return fmt.Errorf("the key of type %T is not supported", key)
	}
	parser := jwt.NewParser(jwt.WithValidMethods([]string{alg}), jwt.WithoutClaimsValidation())
	_, err := parser.Parse(compact, func(*jwt.Token) (any, error) { return key, nil })
	return err
}

// checkForeignClaims checks the credential is an Open Badges credential of
// the issuer whose key signed it, and returns what an import keeps.
func checkForeignClaims(r *report, c foreignPayload, issuer string) (ForeignCredential, bool) {
	var problems []string
	if !slices.Contains(c.Type, "VerifiableCredential") || !(slices.Contains(c.Type, "OpenBadgeCredential") || slices.Contains(c.Type, "AchievementCredential")) {
		problems = append(problems, "type is not an OpenBadgeCredential")
	}
	if issuer == "" {
		problems = append(problems, "it names no issuer")
	}
	if c.Iss != "" && c.Iss != issuer {
		problems = append(problems, "iss does not equal issuer.id")
	}
	if c.Jti != "" && c.ID != "" && c.Jti != c.ID {
		problems = append(problems, "jti does not equal id")
	}
	if c.CredentialSubject.Achievement.Name == "" {
		problems = append(problems, "the achievement has no name")
	}
	if len(problems) > 0 {
		r.fail(StepClaims, VerdictMalformed, "the credential is not a complete Open Badges credential: %s", strings.Join(problems, "; "))
		return ForeignCredential{}, false
	}
	var profile struct {
		Name string `json:"name"`
	}
	_ = json.Unmarshal(c.Issuer, &profile)
	out := ForeignCredential{ID: cmp.Or(c.ID, c.Jti), IssuerID: issuer, IssuerName: cmp.Or(profile.Name, hostOf(issuer)),
		Title: cmp.Or(c.Name, c.CredentialSubject.Achievement.Name), Achievement: c.CredentialSubject.Achievement.Name, Skills: []string{}}
	if out.ID == "" {
		raw, _ := json.Marshal(c)
		sum := sha256.Sum256(raw)
		out.ID = "urn:sha256:" + hex.EncodeToString(sum[:])
	}
	for _, al := range c.CredentialSubject.Achievement.Alignment {
		for _, u := range []string{al.TargetURL, al.TargetCode} {
			if uri, ok := escoSkillURI(u); ok && !slices.Contains(out.Skills, uri) {
				out.Skills = append(out.Skills, uri)
			}
		}
	}
	r.pass(StepClaims, "an OpenBadgeCredential issued by %s", out.IssuerName)
	return out, true
}

// escoSkillURI returns the ESCO concept URI a target names, in the http
// form ESCO publishes, whichever scheme it was written with.
func escoSkillURI(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, scheme := range []string{"http://", "https://"} {
		if rest, ok := strings.CutPrefix(s, scheme+escoSkillPrefix); ok && rest != "" && !strings.ContainsAny(rest, "/?#") {
			return "http://" + escoSkillPrefix + rest, true
		}
	}
	return "", false
}

// maxForeignStatusEntries bounds the status lists one pasted credential has
// the platform fetch: a revocation and a suspension entry are all it needs.
const maxForeignStatusEntries = 2

// checkForeignStatus reads the credential's status list entries: a
// revocation or a suspension bit, or a "message" status whose message
// says revoked or suspended. A credential without an entry cannot be
// revoked; one with an entry of another kind, with more than two entries,
// or naming a status list off the issuer's host is refused before anything
// is fetched.
func (f *Fetcher) checkForeignStatus(ctx context.Context, r *report, raw json.RawMessage, issuer string) {
	entries, err := parseStatusEntries(raw)
	if err != nil {
		r.fail(StepRevocation, VerdictMalformed, "credentialStatus cannot be read: %v", err)
		r.skip("credentialStatus cannot be read", StepSuspension)
		return
	}
	if len(entries) > maxForeignStatusEntries {
		r.fail(StepRevocation, VerdictMalformed, "credentialStatus has %d entries; at most %d are checked", len(entries), maxForeignStatusEntries)
		r.skip("the status could not be checked", StepSuspension)
		return
	}
	for _, e := range entries {
		if !onIssuerHost(e.StatusListCredential, issuer) {
			r.fail(StepRevocation, VerdictMalformed, "the status list %s is not on the issuer's host %s", e.StatusListCredential, authorityOf(issuer))
			r.skip("the status could not be checked", StepSuspension)
			return
		}
	}
	revoked, suspended := false, false
	for _, e := range entries {
		// A status this platform cannot read might say revoked: refuse rather than guess.
		if e.Type != "BitstringStatusListEntry" && e.Type != "StatusList2021Entry" {
			r.fail(StepRevocation, VerdictMalformed, "its status is a %q entry, which cannot be checked here: only BitstringStatusListEntry and StatusList2021Entry can", e.Type)
			r.skip("the status could not be checked", StepSuspension)
			return
		}
		index, err := strconv.Atoi(e.StatusListIndex.String())
		size := 1
		if e.StatusSize != nil {
			size = *e.StatusSize
		}
		var value uint8
		if err == nil {
			value, err = f.readForeignStatus(ctx, e.StatusListCredential, e.StatusPurpose, size, issuer, index)
		}
		if err != nil {
			r.fail(StepRevocation, verdictOf(err, VerdictMalformed), "the status list %s could not be checked: %v", e.StatusListCredential, err)
			r.skip("the status list could not be checked", StepSuspension)
			return
		}
		if value == 0 {
			continue
		}
		switch e.StatusPurpose {
		case purposeRevocation:
			revoked = true
		case purposeSuspension:
			suspended = true
		case purposeMessage:
			code := fmt.Sprintf("0x%x", value)
			for _, m := range e.StatusMessage {
				if m.Status == code {
					revoked = revoked || strings.EqualFold(m.Message, StatusRevoked)
					suspended = suspended || strings.EqualFold(m.Message, StatusSuspended)
				}
			}
		}
	}
	if revoked {
		r.fail(StepRevocation, VerdictRevoked, "the issuer has revoked this credential")
	} else {
		r.pass(StepRevocation, "not revoked")
	}
	if suspended {
		r.fail(StepSuspension, VerdictSuspended, "the issuer has suspended this credential")
	} else {
		r.pass(StepSuspension, "not suspended")
	}
}

// readForeignStatus fetches a status list credential secured as a VC-JWT
// by the credential's issuer and returns the status at index.
func (f *Fetcher) readForeignStatus(ctx context.Context, listURL, purpose string, size int, issuer string, index int) (uint8, error) {
	if index < 0 {
		return 0, errors.New("statusListIndex is negative")
	}
	body, err := f.get(ctx, listURL, maxStatusListJWTLen)
	if err != nil {
		return 0, err
	}
	compact := strings.TrimSpace(string(body))
	header, payload, err := decodeForeignJWS(compact, maxStatusListJWTLen)
	if err != nil {
		return 0, fmt.Errorf("the list is not a VC-JWT: %v", err)
	}
	key, err := f.resolveKey(ctx, header, issuer)
	if err != nil {
		return 0, err
	}
	if !slices.Contains(foreignAlgs, header.Alg) {
		return 0, fmt.Errorf("the list's algorithm %q is refused", header.Alg)
	}
	if err := verifySignature(compact, header.Alg, key); err != nil {
		return 0, fmt.Errorf("the list's signature does not hold: %v", err)
	}
	var claims statusListPayload
	raw, _ := json.Marshal(payload)
	if err := json.Unmarshal(raw, &claims); err != nil {
		return 0, fmt.Errorf("the list is not a status list credential: %v", err)
	}
	return claims.statusAt(purpose, size, issuer, index)
}

// checkSubject accepts a credential whose subject is identified by the
// holder's email address: a mailto: id, or an emailAddress identity,
// plain or hashed as Open Badges 3.0 hashes it (sha256$ of the address and
// the salt).
func checkSubject(r *report, c foreignPayload, email string) {
	email = strings.TrimSpace(email)
	if email == "" {
		r.fail(StepSubject, VerdictSubjectMismatch, "your email address is not verified, so the credential cannot be matched to you")
		return
	}
	if addr, ok := strings.CutPrefix(c.CredentialSubject.ID, "mailto:"); ok && strings.EqualFold(strings.TrimSpace(addr), email) {
		r.pass(StepSubject, "issued to %s", c.CredentialSubject.ID)
		return
	}
	for _, id := range c.CredentialSubject.Identifier {
		if id.IdentityType != "emailAddress" {
			continue
		}
		if !id.Hashed && strings.EqualFold(strings.TrimSpace(id.IdentityHash), email) {
			r.pass(StepSubject, "issued to the email address %s", email)
			return
		}
		// Issuers hash the address as they hold it, or lower-cased as this platform does.
		if id.Hashed && (strings.EqualFold(id.IdentityHash, hashedEmail(email, id.Salt)) || strings.EqualFold(id.IdentityHash, rawHash(email, id.Salt))) {
			r.pass(StepSubject, "issued to the email address %s, as its hashed identity confirms", email)
			return
		}
	}
	r.fail(StepSubject, VerdictSubjectMismatch, "the credential is not issued to your verified email address %s", email)
}

// rawHash is the Open Badges identity hash of an address as written.
func rawHash(email, salt string) string {
	sum := sha256.Sum256([]byte(email + salt))
	return "sha256$" + hex.EncodeToString(sum[:])
}

// resolveKey returns the public key a header names, published where its
// kid says: in the DID document of a did:web DID URL, or at an https URL
// serving a JWK or a JWK set. The key must belong to the issuer: its DID is
// the issuer's, or its URL is on the issuer's host. A key embedded in the
// header counts only when the issuer's DID document publishes it too.
func (f *Fetcher) resolveKey(ctx context.Context, h foreignHeader, issuer string) (any, error) {
	kid := h.Kid
	if kid == "" {
		return f.publishedKey(ctx, h.JWK, issuer)
	}
	if did, frag, ok := strings.Cut(kid, "#"); ok && strings.HasPrefix(did, "did:web:") {
		if did != issuer && !strings.HasPrefix(issuer, did+"#") {
			return nil, unknownKey("the key's DID %s is not the issuer %s", did, issuer)
		}
		methods, err := f.didMethods(ctx, did)
		if err != nil {
			return nil, err
		}
		for _, m := range methods {
			if m.ID == kid || m.ID == "#"+frag {
				return parseJWK(m.PublicKeyJwk)
			}
		}
		return nil, unknownKey("the DID document of %s has no verification method %s", did, kid)
	}
	u, err := url.Parse(kid)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, unknownKey("the kid %q is neither a did:web DID URL nor a URL", kid)
	}
	if u.Hostname() != hostOf(issuer) {
		return nil, unknownKey("the key at %s is not on the issuer's host %s", u.Host, hostOf(issuer))
	}
	body, err := f.get(ctx, kid, maxKeyDocLen)
	if err != nil {
		return nil, err
	}
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if json.Unmarshal(body, &set) == nil && set.Keys != nil {
		for _, raw := range set.Keys {
			var k struct {
				Kid string `json:"kid"`
			}
			_ = json.Unmarshal(raw, &k)
			if k.Kid == kid || (u.Fragment != "" && k.Kid == u.Fragment) || len(set.Keys) == 1 {
				return parseJWK(raw)
			}
		}
		return nil, unknownKey("the key set at %s has no key %s", kid, kid)
	}
	return parseJWK(body)
}

// verificationMethod is a key of a DID document.
type verificationMethod struct {
	ID           string          `json:"id"`
	PublicKeyJwk json.RawMessage `json:"publicKeyJwk"`
}

// didMethods fetches the verification methods of a did:web DID.
func (f *Fetcher) didMethods(ctx context.Context, did string) ([]verificationMethod, error) {
	docURL, err := f.didWebURL(did)
	if err != nil {
		return nil, unknownKey("%v", err)
	}
	body, err := f.get(ctx, docURL, maxKeyDocLen)
	if err != nil {
		return nil, err
	}
	var doc struct {
		VerificationMethod []verificationMethod `json:"verificationMethod"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, unknownKey("the DID document at %s is not JSON: %v", docURL, err)
	}
	return doc.VerificationMethod, nil
}

// publishedKey returns a key embedded in a header once the issuer's did:web
// DID document is found to publish the same key (by JWK thumbprint).
func (f *Fetcher) publishedKey(ctx context.Context, embedded json.RawMessage, issuer string) (any, error) {
	var k jose.JSONWebKey
	if err := k.UnmarshalJSON(embedded); err != nil {
		return nil, unknownKey("the key in the header is not a JWK: %v", err)
	}
	want, err := k.Thumbprint(crypto.SHA256)
	if err != nil {
		return nil, unknownKey("the key in the header has no thumbprint: %v", err)
	}
	did, _, _ := strings.Cut(issuer, "#")
	if !strings.HasPrefix(did, "did:web:") {
		return nil, unknownKey("a key embedded in the header is trusted only from an issuer whose did:web document publishes it, not from %s", issuer)
	}
	methods, err := f.didMethods(ctx, did)
	if err != nil {
		return nil, err
	}
	for _, m := range methods {
		var pk jose.JSONWebKey
		if pk.UnmarshalJSON(m.PublicKeyJwk) != nil {
			continue
		}
		if got, err := pk.Thumbprint(crypto.SHA256); err == nil && bytes.Equal(got, want) {
			return parseJWK(m.PublicKeyJwk)
		}
	}
	return nil, unknownKey("the key in the header is not one the DID document of %s publishes", did)
}

// didWebURL is where a did:web DID publishes its document: over https,
// or plain http on a loopback host when loopback addresses are allowed.
func (f *Fetcher) didWebURL(did string) (string, error) {
	parts := strings.Split(strings.TrimPrefix(did, "did:web:"), ":")
	host, err := url.PathUnescape(parts[0])
	if err != nil || host == "" || strings.ContainsAny(host, "/?#@") {
		return "", fmt.Errorf("%s is not a valid did:web DID", did)
	}
	base := "https://" + host
	if f.allowLoopback && isLoopbackHost(hostOf(did)) {
		base = "http://" + host
	}
	if len(parts) == 1 {
		return base + "/.well-known/did.json", nil
	}
	return base + "/" + strings.Join(parts[1:], "/") + "/did.json", nil
}

// hostOf is the host name an issuer id names: a URL's, or a did:web DID's.
func hostOf(issuer string) string {
	if rest, ok := strings.CutPrefix(issuer, "did:web:"); ok {
		host, _, _ := strings.Cut(rest, ":")
		host, _ = url.PathUnescape(host)
		if h, _, ok := strings.Cut(host, "#"); ok {
			host = h
		}
		if u, err := url.Parse("https://" + host); err == nil {
			return u.Hostname()
		}
		return host
	}
	if u, err := url.Parse(issuer); err == nil && u.Host != "" {
		return u.Hostname()
	}
	return issuer
}

// authorityOf is the host and port an issuer id names, a URL's or a did:web
// DID's, without the default https port.
func authorityOf(issuer string) string {
	raw := issuer
	if rest, ok := strings.CutPrefix(issuer, "did:web:"); ok {
		host, _, _ := strings.Cut(rest, ":")
		host, _, _ = strings.Cut(host, "#")
		host, _ = url.PathUnescape(host)
		raw = "https://" + host
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	return strings.ToLower(strings.TrimSuffix(u.Host, ":443"))
}

// onIssuerHost reports whether rawURL is on the host and port the issuer id names.
func onIssuerHost(rawURL, issuer string) bool {
	want := authorityOf(issuer)
	u, err := url.Parse(rawURL)
	return err == nil && want != "" && u.Host != "" && strings.ToLower(strings.TrimSuffix(u.Host, ":443")) == want
}

// parseJWK reads a public JWK: Ed25519, EC or RSA.
func parseJWK(raw []byte) (any, error) {
	var k jose.JSONWebKey
	if err := k.UnmarshalJSON(raw); err != nil {
		return nil, unknownKey("the published key is not a JWK: %v", err)
	}
	if !k.IsPublic() {
		return nil, unknownKey("the published key is not a public key")
	}
	switch key := k.Key.(type) {
	case ed25519.PublicKey, *ecdsa.PublicKey, *rsa.PublicKey:
		return key, nil
	}
	return nil, unknownKey("the published key of type %T is not supported", k.Key)
}

// verdictError is a failure whose verdict says why.
type verdictError struct {
	verdict string
	err     error
}

func (e *verdictError) Error() string { return e.err.Error() }
func (e *verdictError) Unwrap() error { return e.err }

func unknownKey(format string, args ...any) error {
	return &verdictError{verdict: VerdictUnknownKey, err: fmt.Errorf(format, args...)}
}

// verdictOf is the verdict an error carries, or otherwise.
func verdictOf(err error, otherwise string) string {
	var ve *verdictError
	if errors.As(err, &ve) {
		return ve.verdict
	}
	return otherwise
}
