// Package issuertest is another Open Badges 3.0 issuer for tests: an HTTP
// server on loopback publishing a did:web DID document, a JWK set and
// Bitstring Status Lists, and signing VC-JWTs with its own Ed25519 key.
package issuertest

import (
	"bytes"
	"cmp"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"academy/services/credentials/statuslist"
)

// listEntries is the size of the issuer's status lists, the minimum allowed.
const listEntries = statuslist.MinEntries

// Issuer is a running test issuer.
type Issuer struct {
	URL  string // http://127.0.0.1:port
	DID  string // did:web:127.0.0.1%3Aport
	Name string

	key    crypto.Signer
	method jwt.SigningMethod
	server *httptest.Server

	mu        sync.Mutex
	next      int
	revoked   map[int]bool
	suspended map[int]bool
	// padKeys makes the key documents larger than any verifier accepts.
	padKeys bool
	// statusFetches counts the requests for its status lists.
	statusFetches int
}

// New starts an issuer named name, signing with Ed25519 (EdDSA); the test stops it.
func New(tb testing.TB, name string) *Issuer {
	tb.Helper()
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	return start(tb, name, key, jwt.SigningMethodEdDSA)
}

// NewES256 starts an issuer named name, signing with a P-256 key (ES256).
func NewES256(tb testing.TB, name string) *Issuer {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	return start(tb, name, key, jwt.SigningMethodES256)
}

func start(tb testing.TB, name string, key crypto.Signer, method jwt.SigningMethod) *Issuer {
	is := &Issuer{Name: name, key: key, method: method, revoked: map[int]bool{}, suspended: map[int]bool{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/did.json", is.didDocument)
	mux.HandleFunc("GET /keys.json", is.keySet)
	mux.HandleFunc("GET /status/{purpose}", is.statusList)
	is.server = httptest.NewServer(mux)
	tb.Cleanup(is.server.Close)
	is.URL = is.server.URL
	u, _ := url.Parse(is.URL)
	is.DID = "did:web:" + strings.ReplaceAll(u.Host, ":", "%3A")
	return is
}

// Close stops the server: the issuer becomes unreachable.
func (is *Issuer) Close() { is.server.Close() }

// KeyID is the DID URL of the issuer's key.
func (is *Issuer) KeyID() string { return is.DID + "#key-1" }

// JWKSKeyID is the URL of the issuer's key in its JWK set.
func (is *Issuer) JWKSKeyID() string { return is.URL + "/keys.json#key-1" }

// PadKeyDocuments makes every key document the issuer serves oversized.
func (is *Issuer) PadKeyDocuments() {
	is.mu.Lock()
	defer is.mu.Unlock()
	is.padKeys = true
}

// Revoke revokes the credential with the status index.
func (is *Issuer) Revoke(index int) {
	is.mu.Lock()
	defer is.mu.Unlock()
	is.revoked[index] = true
}

// StatusFetches is how many times its status lists were requested.
func (is *Issuer) StatusFetches() int {
	is.mu.Lock()
	defer is.mu.Unlock()
	return is.statusFetches
}

// Suspend suspends the credential with the status index.
func (is *Issuer) Suspend(index int) {
	is.mu.Lock()
	defer is.mu.Unlock()
	is.suspended[index] = true
}

func (is *Issuer) jwk(kid string) map[string]any {
	b64 := base64.RawURLEncoding.EncodeToString
	if pub, ok := is.key.Public().(*ecdsa.PublicKey); ok {
		point, err := pub.Bytes()
		if err != nil {
			panic(err)
		}
		// An uncompressed point: 0x04, then x and y of 32 bytes each.
		return map[string]any{"kty": "EC", "crv": "P-256", "kid": kid, "x": b64(point[1:33]), "y": b64(point[33:])}
	}
	return map[string]any{"kty": "OKP", "crv": "Ed25519", "kid": kid, "x": b64(is.key.Public().(ed25519.PublicKey))}
}

func (is *Issuer) writeJSON(w http.ResponseWriter, v map[string]any) {
	is.mu.Lock()
	pad := is.padKeys
	is.mu.Unlock()
	if pad {
		v["padding"] = strings.Repeat("x", 200<<10)
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func (is *Issuer) didDocument(w http.ResponseWriter, _ *http.Request) {
	is.writeJSON(w, map[string]any{
		"@context": []string{"https://www.w3.org/ns/did/v1"},
		"id":       is.DID,
		"verificationMethod": []map[string]any{{
			"id": is.KeyID(), "type": "JsonWebKey2020", "controller": is.DID, "publicKeyJwk": is.jwk("key-1"),
		}},
		"assertionMethod": []string{is.KeyID()},
	})
}

func (is *Issuer) keySet(w http.ResponseWriter, _ *http.Request) {
	is.writeJSON(w, map[string]any{"keys": []map[string]any{is.jwk(is.JWKSKeyID())}})
}

func (is *Issuer) statusList(w http.ResponseWriter, r *http.Request) {
	purpose := r.PathValue("purpose")
	is.mu.Lock()
	is.statusFetches++
	set := is.revoked
	if purpose == "suspension" {
		set = is.suspended
	}
	bits := statuslist.New(listEntries, 1)
	for i := range set {
		bits.Set(i, 1)
	}
	is.mu.Unlock()
	encoded, err := bits.Encode()
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	listURL := is.URL + "/status/" + purpose
	claims := jwt.MapClaims{
		"@context": []string{"https://www.w3.org/ns/credentials/v2"},
		"id":       listURL, "type": []string{"VerifiableCredential", "BitstringStatusListCredential"},
		"issuer": is.DID, "validFrom": time.Now().UTC().Format(time.RFC3339),
		"credentialSubject": map[string]any{"id": listURL + "#list", "type": "BitstringStatusList", "statusPurpose": purpose, "encodedList": encoded},
	}
	w.Header().Set("Content-Type", "application/vc+jwt")
	_, _ = w.Write([]byte(is.sign(is.KeyID(), claims)))
}

func (is *Issuer) sign(kid string, claims jwt.Claims) string {
	return is.signWith(map[string]any{"alg": is.method.Alg(), "typ": "vc+jwt", "kid": kid}, claims)
}

func (is *Issuer) signWith(header map[string]any, claims jwt.Claims) string {
	tok := jwt.NewWithClaims(is.method, claims)
	tok.Header = header
	s, err := tok.SignedString(is.key)
	if err != nil {
		panic(err)
	}
	return s
}

// Credential describes a credential to issue.
type Credential struct {
	// Email identifies the holder: hashed with a salt, unless Plain.
	Email string
	Plain bool
	// Mailto identifies the holder by a mailto: subject id instead.
	Mailto bool
	Title  string
	// Skills are alignment target URLs, ESCO skill URIs or others.
	Skills     []string
	ValidFrom  time.Time // now when zero
	ValidUntil time.Time // none when zero
	// KeyID overrides the key id in the header.
	KeyID string
	// EmbedKey puts the public key in the header as a jwk, without a kid.
	EmbedKey bool
	// Issuer, when set, is the issuer the credential claims instead of this one.
	Issuer string
	// StatusType, when set, replaces BitstringStatusListEntry in the status entries.
	StatusType string
	// StatusFrom, when set, is the issuer whose status lists the entries name.
	StatusFrom *Issuer
	// StatusEntries is how many status entries it carries, revocation and
	// suspension in turn: two when zero.
	StatusEntries int
}

// Issued is a signed credential and its status index.
type Issued struct {
	JWT   string
	ID    string
	Index int
}

// Issue signs a credential.
func (is *Issuer) Issue(c Credential) Issued {
	is.mu.Lock()
	index := is.next
	is.next++
	is.mu.Unlock()
	id := "urn:uuid:" + randomHex(16)
	from := c.ValidFrom
	if from.IsZero() {
		from = time.Now().Add(-time.Hour)
	}
	title := c.Title
	if title == "" {
		title = "Data analysis"
	}
	subject := map[string]any{"type": []string{"AchievementSubject"}}
	switch {
	case c.Mailto:
		subject["id"] = "mailto:" + c.Email
	case c.Plain:
		subject["identifier"] = []map[string]any{{"type": "IdentityObject", "identityType": "emailAddress", "hashed": false, "identityHash": c.Email}}
	default:
		salt := randomHex(8)
		sum := sha256.Sum256([]byte(strings.ToLower(c.Email) + salt))
		subject["identifier"] = []map[string]any{{"type": "IdentityObject", "identityType": "emailAddress", "hashed": true,
			"identityHash": "sha256$" + hex.EncodeToString(sum[:]), "salt": salt}}
	}
	var alignments []map[string]any
	for _, s := range c.Skills {
		alignments = append(alignments, map[string]any{"type": []string{"Alignment"}, "targetName": s, "targetUrl": s, "targetType": "ceasn:Competency", "targetFramework": "ESCO"})
	}
	subject["achievement"] = map[string]any{
		"id": is.URL + "/achievements/" + url.PathEscape(title), "type": []string{"Achievement"}, "name": title,
		"description": title, "criteria": map[string]any{"narrative": "Passed the assessment."}, "alignment": alignments,
	}
	issuer := is.DID
	if c.Issuer != "" {
		issuer = c.Issuer
	}
	claims := jwt.MapClaims{
		"@context": []string{"https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"},
		"id":       id, "jti": id, "iss": issuer,
		"type":      []string{"VerifiableCredential", "OpenBadgeCredential"},
		"name":      title,
		"issuer":    map[string]any{"id": issuer, "type": []string{"Profile"}, "name": is.Name},
		"validFrom": from.UTC().Format(time.RFC3339), "nbf": from.Unix(),
		"credentialSubject": subject,
	}
	lists := is
	if c.StatusFrom != nil {
		lists = c.StatusFrom
	}
	entries := []map[string]any{}
	for i := range cmp.Or(c.StatusEntries, 2) {
		entries = append(entries, lists.entry([]string{"revocation", "suspension"}[i%2], index))
	}
	claims["credentialStatus"] = entries
	if c.StatusType != "" {
		for _, e := range claims["credentialStatus"].([]map[string]any) {
			e["type"] = c.StatusType
		}
	}
	if !c.ValidUntil.IsZero() {
		claims["validUntil"] = c.ValidUntil.UTC().Format(time.RFC3339)
		claims["exp"] = c.ValidUntil.Unix()
	}
	kid := c.KeyID
	if kid == "" {
		kid = is.KeyID()
	}
	if c.EmbedKey {
		return Issued{JWT: is.signWith(map[string]any{"alg": is.method.Alg(), "typ": "vc+jwt", "jwk": is.jwk("")}, claims), ID: id, Index: index}
	}
	return Issued{JWT: is.sign(kid, claims), ID: id, Index: index}
}

func (is *Issuer) entry(purpose string, index int) map[string]any {
	list := is.URL + "/status/" + purpose
	return map[string]any{"id": list + "#" + strconv.Itoa(index), "type": "BitstringStatusListEntry", "statusPurpose": purpose,
		"statusListIndex": strconv.Itoa(index), "statusListCredential": list}
}

// Tamper changes the title in a signed credential, keeping its signature.
func Tamper(compact string) string {
	parts := strings.Split(compact, ".")
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		panic(err)
	}
	var m map[string]any
	if err := json.Unmarshal(payload, &m); err != nil {
		panic(err)
	}
	m["name"] = fmt.Sprint(m["name"], " (with honours)")
	var buf bytes.Buffer
	_ = json.NewEncoder(&buf).Encode(m)
	parts[1] = base64.RawURLEncoding.EncodeToString(bytes.TrimSpace(buf.Bytes()))
	return strings.Join(parts, ".")
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
