package credentials

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oklog/ulid/v2"

	"academy/services/credentials/statuslist"
	"academy/services/kit/auth"
	"academy/services/kit/keyring"
)

// resign returns compact with its header replaced and signed by sign, or
// with an empty signature when sign is nil.
func forge(tb testing.TB, header map[string]any, payload []byte, sign func(signingInput string) []byte) string {
	tb.Helper()
	h, err := json.Marshal(header)
	if err != nil {
		tb.Fatal(err)
	}
	input := base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(payload)
	var sig []byte
	if sign != nil {
		sig = sign(input)
	}
	return input + "." + base64.RawURLEncoding.EncodeToString(sig)
}

func payloadOf(tb testing.TB, compact string) []byte {
	tb.Helper()
	p, err := base64.RawURLEncoding.DecodeString(strings.Split(compact, ".")[1])
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

func kidOf(tb testing.TB, compact string) string {
	tb.Helper()
	h, _, err := decodeJWS(compact, maxJWTLen)
	if err != nil {
		tb.Fatal(err)
	}
	return h.Kid
}

func TestVerifyRejectsForgeries(t *testing.T) {
	f := newFixture(t)
	c := f.issue(t, "completion-1", "learner-1")
	kid := kidOf(t, c.JWT)
	payload := payloadOf(t, c.JWT)
	parts := strings.Split(c.JWT, ".")

	pub := f.keys.Signer().Public
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
	hmacWith := func(secret []byte) func(string) []byte {
		return func(input string) []byte {
			sig, err := jwt.SigningMethodHS256.Sign(input, secret)
			if err != nil {
				t.Fatal(err)
			}
			return sig
		}
	}
	other, err := pooledKey()
	if err != nil {
		t.Fatal(err)
	}
	for other.Equal(f.keys.Signer().Private) {
		if other, err = pooledKey(); err != nil {
			t.Fatal(err)
		}
	}
	otherRS256 := func(input string) []byte {
		sig, err := jwt.SigningMethodRS256.Sign(input, other)
		if err != nil {
			t.Fatal(err)
		}
		return sig
	}
	var tampered map[string]any
	if err := json.Unmarshal(payload, &tampered); err != nil {
		t.Fatal(err)
	}
	tampered["credentialSubject"].(map[string]any)["result"].([]any)[0].(map[string]any)["value"] = "100"
	tamperedPayload, err := json.Marshal(tampered)
	if err != nil {
		t.Fatal(err)
	}
	header := func(alg, kid string) map[string]any { return map[string]any{"alg": alg, "kid": kid, "typ": "JWT"} }

	tests := []struct {
		name    string
		jwt     string
		verdict string
		step    string
		detail  string
	}{
		{"two parts", parts[0] + "." + parts[1], VerdictMalformed, StepFormat, "3 dot-separated parts"},
		{"garbage", "not a token at all", VerdictMalformed, StepFormat, "3 dot-separated parts"},
		{"header not base64", "%%%." + parts[1] + "." + parts[2], VerdictMalformed, StepFormat, "not base64url"},
		{"payload not JSON", parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte("[1,2]")) + "." + parts[2], VerdictMalformed, StepFormat, "not a JSON object"},
		{"extra JOSE header", forge(t, map[string]any{"alg": "RS256", "kid": kid, "typ": "JWT", "jku": "https://evil.example/keys"}, payload, otherRS256), VerdictMalformed, StepFormat, "jku"},
		{"oversized", c.JWT + strings.Repeat("A", maxJWTLen), VerdictMalformed, StepFormat, "more than"},
		{"alg none", forge(t, header("none", kid), payload, nil), VerdictUnsupportedAlgorithm, StepSignature, `"none" is refused`},
		{"HS256 keyed with the public key PEM", forge(t, header("HS256", kid), payload, hmacWith(pemKey)), VerdictUnsupportedAlgorithm, StepSignature, `"HS256" is refused`},
		{"HS256 keyed with the public key DER", forge(t, header("HS256", kid), payload, hmacWith(der)), VerdictUnsupportedAlgorithm, StepSignature, `"HS256" is refused`},
		{"no kid", forge(t, map[string]any{"alg": "RS256", "typ": "JWT"}, payload, otherRS256), VerdictUnknownKey, StepIssuerKey, "names no key"},
		{"unknown kid", forge(t, header("RS256", testBaseURL+"/api/v1/credential-keys/"+ulid.Make().String()), payload, otherRS256), VerdictUnknownKey, StepIssuerKey, "not one this platform publishes"},
		{"foreign kid", forge(t, header("RS256", "https://evil.example/keys/1"), payload, otherRS256), VerdictUnknownKey, StepIssuerKey, "not one this platform publishes"},
		{"signed by another key under our kid", forge(t, header("RS256", kid), payload, otherRS256), VerdictTampered, StepSignature, "does not match"},
		{"tampered payload", parts[0] + "." + base64.RawURLEncoding.EncodeToString(tamperedPayload) + "." + parts[2], VerdictTampered, StepSignature, "altered"},
		{"signature of another credential", parts[0] + "." + parts[1] + "." + strings.Split(f.issue(t, "completion-2", "learner-2").JWT, ".")[2], VerdictTampered, StepSignature, "altered"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := f.svc.Verify(context.Background(), VerifyRequest{JWT: tt.jwt})
			if err != nil {
				t.Fatal(err)
			}
			if v.Valid || v.Verdict != tt.verdict {
				t.Fatalf("verdict %s, want %s:\n%s", v.Verdict, tt.verdict, describe(v))
			}
			if s := stepOf(t, v, tt.step); s.OK || !strings.Contains(s.Detail, tt.detail) {
				t.Fatalf("step %s = %+v, want a failure saying %q", tt.step, s, tt.detail)
			}
			if v.Credential != nil {
				t.Error("a credential whose signature does not hold is shown")
			}
			if len(v.Steps) < 8 {
				t.Errorf("only %d steps are reported; every step is listed, checked or not", len(v.Steps))
			}
		})
	}
}

func TestVerifyExpiredAndNotYetValid(t *testing.T) {
	f := newFixture(t)
	a := f.awardFor("completion-1", "learner-1")
	a.ValidFor = 365 * 24 * time.Hour
	f.awards.add(a)
	c, err := f.svc.Issue(context.Background(), completion("completion-1"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(c.JWT, ".") || c.ValidUntil == nil {
		t.Fatal("an expiring award gave a credential without validUntil")
	}
	if v, _ := f.svc.VerifyStored(context.Background(), c.ID); !v.Valid {
		t.Fatalf("fresh credential: %s", describe(v))
	}
	claims := joseVerify(t, f, c.JWT)
	if exp, _ := claims["exp"].(float64); int64(exp) != c.ValidUntil.Unix() {
		t.Errorf("exp = %v, want %d", claims["exp"], c.ValidUntil.Unix())
	}

	f.clock.Advance(366 * 24 * time.Hour)
	v, _ := f.svc.VerifyStored(context.Background(), c.ID)
	if v.Valid || v.Verdict != VerdictExpired || !strings.Contains(stepOf(t, v, StepValidity).Detail, "expired on") {
		t.Fatalf("expired credential: %s", describe(v))
	}

	f.clock.Advance(-400 * 24 * time.Hour)
	v, _ = f.svc.VerifyStored(context.Background(), c.ID)
	if v.Valid || v.Verdict != VerdictNotYetValid {
		t.Fatalf("credential before its validFrom: %s", describe(v))
	}
}

func TestRevokeSuspendReinstate(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.issue(t, "completion-1", "learner-1")
	bystander := f.issue(t, "completion-2", "learner-2")
	staff := auth.Principal{UserID: staffUni}
	verdict := func(id string) Verification {
		t.Helper()
		v, err := f.svc.VerifyStored(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}

	// Warm the status list cache, so the changes below must invalidate it.
	if v := verdict(c.ID); !v.Valid {
		t.Fatalf("before: %s", describe(v))
	}

	if _, err := f.svc.Suspend(ctx, staff, c.ID, "identity check pending"); err != nil {
		t.Fatal(err)
	}
	v := verdict(c.ID)
	if v.Valid || v.Verdict != VerdictSuspended || !strings.Contains(v.Reason, "identity check pending") {
		t.Fatalf("suspended: %s", describe(v))
	}
	if s := stepOf(t, v, StepRevocation); !s.OK {
		t.Errorf("a suspended credential fails the revocation step: %s", s.Detail)
	}
	if v := verdict(bystander.ID); !v.Valid {
		t.Fatalf("suspending one credential changed another: %s", describe(v))
	}

	if _, err := f.svc.Reinstate(ctx, staff, c.ID, ""); err != nil {
		t.Fatal(err)
	}
	if v := verdict(c.ID); !v.Valid {
		t.Fatalf("reinstated: %s", describe(v))
	}

	if _, err := f.svc.Revoke(ctx, staff, c.ID, "plagiarism in the final assessment"); err != nil {
		t.Fatal(err)
	}
	v = verdict(c.ID)
	if v.Valid || v.Verdict != VerdictRevoked || !strings.Contains(v.Reason, "plagiarism") {
		t.Fatalf("revoked: %s", describe(v))
	}
	if _, err := f.svc.Reinstate(ctx, staff, c.ID, ""); err == nil {
		t.Fatal("a revoked credential was reinstated")
	}
	stored, err := f.store.credential(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, ev := range stored.History {
		if ev.By != staffUni || ev.At.IsZero() {
			t.Errorf("event %+v does not record who and when", ev)
		}
		actions = append(actions, ev.Action+":"+ev.Reason)
	}
	if got := strings.Join(actions, ","); got != "suspend:identity check pending,reinstate:,revoke:plagiarism in the final assessment" {
		t.Errorf("history = %s", got)
	}
}

func TestStatusChangeRefusals(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.issue(t, "completion-1", "learner-1")
	tests := []struct {
		name   string
		p      auth.Principal
		reason string
		check  func(error) bool
	}{
		{"anonymous", auth.Principal{}, "x", func(err error) bool { return strings.Contains(err.Error(), "sign in") }},
		{"another organisation's staff", auth.Principal{UserID: outsider}, "x", func(err error) bool { return strings.Contains(err.Error(), "only staff") }},
		{"the learner", auth.Principal{UserID: "learner-1"}, "x", func(err error) bool { return strings.Contains(err.Error(), "only staff") }},
		{"no reason", auth.Principal{UserID: ownerUni}, " ", func(err error) bool { return strings.Contains(err.Error(), "invalid fields") }},
		{"unknown credential", auth.Principal{UserID: ownerUni, Admin: true}, "x", func(err error) bool { return strings.Contains(err.Error(), "no credential") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := c.ID
			if tt.name == "unknown credential" {
				id = "01JUNKNOWN0000000000000000"
			}
			if _, err := f.svc.Revoke(ctx, tt.p, id, tt.reason); err == nil || !tt.check(err) {
				t.Fatalf("Revoke = %v", err)
			}
		})
	}
	if v, _ := f.svc.VerifyStored(ctx, c.ID); !v.Valid {
		t.Fatalf("a refused revocation changed the credential: %s", describe(v))
	}
	if _, err := f.svc.Revoke(ctx, auth.Principal{UserID: "root", Admin: true}, c.ID, "issued in error"); err != nil {
		t.Fatalf("an administrator cannot revoke: %v", err)
	}
}

func TestVerifySubmittedJSON(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.issue(t, "completion-1", "learner-1")

	v, err := f.svc.Verify(ctx, VerifyRequest{Credential: json.RawMessage(c.Document)})
	if err != nil {
		t.Fatal(err)
	}
	if !v.Valid || !stepOf(t, v, StepMatchesSigned).OK {
		t.Fatalf("the issued JSON: %s", describe(v))
	}

	var doc map[string]any
	if err := json.Unmarshal([]byte(c.Document), &doc); err != nil {
		t.Fatal(err)
	}
	doc["credentialSubject"].(map[string]any)["achievement"].(map[string]any)["eqfLevel"] = 8
	edited, _ := json.Marshal(doc)
	v, err = f.svc.Verify(ctx, VerifyRequest{Credential: edited})
	if err != nil {
		t.Fatal(err)
	}
	if s := stepOf(t, v, StepMatchesSigned); v.Valid || v.Verdict != VerdictTampered || !strings.Contains(s.Detail, "credentialSubject.achievement.eqfLevel") {
		t.Fatalf("edited JSON: %s", describe(v))
	}

	doc["id"] = testBaseURL + "/credentials/01JUNKNOWN0000000000000000"
	unknown, _ := json.Marshal(doc)
	v, err = f.svc.Verify(ctx, VerifyRequest{Credential: unknown})
	if err != nil {
		t.Fatal(err)
	}
	if v.Valid || v.Verdict != VerdictUnknownCredential {
		t.Fatalf("unknown id: %s", describe(v))
	}

	for _, bad := range []VerifyRequest{{}, {JWT: c.JWT, Credential: json.RawMessage(c.Document)}, {Credential: json.RawMessage(`[1]`)}} {
		if _, err := f.svc.Verify(ctx, bad); err == nil {
			t.Errorf("Verify(%+v) accepted a request that is neither a JWT nor a credential object", bad)
		}
	}
}

// fakeLists serves one fixed status list JWT for every id.
type fakeLists struct{ jwt string }

func (l fakeLists) StatusList(context.Context, string) (string, error) { return l.jwt, nil }

func gzipBytes(tb testing.TB, raw []byte) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(raw); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func TestVerifyRejectsBadStatusLists(t *testing.T) {
	f := newFixture(t)
	c := f.issue(t, "completion-1", "learner-1")
	issuer := testBaseURL + "/issuers/tu-beispiel"
	list := func(purpose, issuer, encoded string) statusListCredential {
		return statusListCredential{
			Context: []string{contextVC}, ID: "x", Type: []string{"VerifiableCredential", "BitstringStatusListCredential"},
			Issuer: issuer, ValidFrom: dateTime(f.clock.Now()),
			CredentialSubject: statusListSubject{
				ID: "x#list", Type: "BitstringStatusList", StatusPurpose: purpose, EncodedList: encoded,
				StatusSize: statusSize, StatusMessages: statusMessages,
			},
		}
	}
	multibase := func(b []byte) string { return "u" + base64.RawURLEncoding.EncodeToString(b) }
	valid := gzipBytes(t, make([]byte, statuslist.MinEntries*statusSize/8))
	oneBit := list(purposeMessage, issuer, multibase(valid))
	oneBit.CredentialSubject.StatusSize = 0
	tests := []struct {
		name   string
		cred   statusListCredential
		detail string
	}{
		{"inflates beyond the bound", list(purposeMessage, issuer, multibase(gzipBytes(t, make([]byte, statuslist.MaxInflatedLen+1)))), "larger than allowed"},
		{"encoded beyond the bound", list(purposeMessage, issuer, "u"+strings.Repeat("A", statuslist.MaxEncodedLen+1)), "larger than allowed"},
		{"not gzip", list(purposeMessage, issuer, multibase(make([]byte, statuslist.MinEntries*statusSize/8))), "not GZIP"},
		{"truncated gzip", list(purposeMessage, issuer, multibase(valid[:len(valid)-12])), "does not decompress"},
		{"too short", list(purposeMessage, issuer, multibase(gzipBytes(t, make([]byte, statuslist.MinEntries/8)))), "131,072"},
		{"wrong purpose", list(purposeSuspension, issuer, multibase(valid)), `for "suspension"`},
		{"one-bit statuses", oneBit, "holds 1-bit statuses"},
		{"another issuer's list", list(purposeMessage, testBaseURL+"/issuers/someone-else", multibase(valid)), "not by the credential's issuer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			signed, err := f.svc.sign(tt.cred.claims())
			if err != nil {
				t.Fatal(err)
			}
			v := &verifier{links: f.svc.links, keys: f.keys, statusLists: fakeLists{signed}, credentials: f.svc, now: f.clock.Now}
			res := v.verifyJWT(context.Background(), c.JWT, nil)
			s := stepOf(t, res, StepRevocation)
			if res.Valid || s.OK || !strings.Contains(s.Detail, tt.detail) {
				t.Fatalf("revocation step = %+v, want a failure saying %q\n%s", s, tt.detail, describe(res))
			}
		})
	}

	unsigned := forge(t, map[string]any{"alg": "RS256", "kid": kidOf(t, c.JWT), "typ": "JWT"}, []byte(`{"type":["BitstringStatusListCredential"]}`), func(string) []byte { return []byte("junk") })
	v := &verifier{links: f.svc.links, keys: f.keys, statusLists: fakeLists{unsigned}, credentials: f.svc, now: f.clock.Now}
	if s := stepOf(t, v.verifyJWT(context.Background(), c.JWT, nil), StepRevocation); s.OK || !strings.Contains(s.Detail, "signature does not hold") {
		t.Fatalf("a status list with a bad signature: %+v", s)
	}
}

func TestKeyRotationKeepsEarlierCredentialsVerifiable(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	// Another process of the platform, started before the rotation.
	otherKeys, err := newKeyring(ctx, f.db, f.writes, nil, pooledKey)
	if err != nil {
		t.Fatal(err)
	}
	other, err := NewService(f.store, otherKeys, f.awards, f.orgs, Options{PublicBaseURL: testBaseURL, Events: f.outbox, Now: f.clock.Now})
	if err != nil {
		t.Fatal(err)
	}

	before := f.issue(t, "completion-1", "learner-1")
	if err := f.keys.Rotate(ctx); err != nil {
		t.Fatal(err)
	}
	after := f.issue(t, "completion-2", "learner-2")
	if kidOf(t, before.JWT) == kidOf(t, after.JWT) {
		t.Fatal("the rotation did not change the signing key")
	}
	if got := len(f.svc.JWKS().Keys); got != 2 {
		t.Fatalf("the JWKS lists %d keys after one rotation, want 2", got)
	}
	for _, c := range []StoredCredential{before, after} {
		joseVerify(t, f, c.JWT)
		for name, svc := range map[string]*Service{"rotating process": f.svc, "other process": other} {
			if v, _ := svc.VerifyStored(ctx, c.ID); !v.Valid {
				t.Errorf("%s, credential %s: %s", name, c.ID, describe(v))
			}
		}
	}
	docs := storedKeys(t, f.db)
	if len(docs) != 2 || docs[0]["private_key"] != nil || docs[0]["retires_at"] == nil || docs[1]["private_key"] == nil {
		t.Fatalf("after rotation the old key keeps its private half or the new one lacks it: %+v", docs)
	}

	restarted, err := NewKeyring(ctx, f.db, f.writes, nil)
	if err != nil {
		t.Fatal(err)
	}
	if id := restarted.Signer().ID; !strings.HasSuffix(kidOf(t, after.JWT), id) {
		t.Errorf("a restarted process signs with %s, not the newest key", id)
	}
}

func TestCredentialsIssuedBeforeSealingStillVerify(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	before := f.issue(t, "completion-1", "learner-1")

	kek := make([]byte, keyring.KeySize)
	rand.Read(kek)
	sealer, err := keyring.NewSealer(kek)
	if err != nil {
		t.Fatal(err)
	}
	sealedKeys, err := NewKeyring(ctx, f.db, f.writes, sealer)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range storedKeys(t, f.db) {
		if d["private_key"] != nil || d["sealed_private_key"] == nil {
			t.Fatalf("after a start with a key encryption key the key is stored as %v", d)
		}
	}
	restarted, err := NewService(f.store, sealedKeys, f.awards, f.orgs, Options{PublicBaseURL: testBaseURL, Events: f.outbox, Now: f.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := restarted.VerifyStored(ctx, before.ID); !v.Valid {
		t.Errorf("a credential issued before sealing: %s", describe(v))
	}
	f.awardFor("completion-2", "learner-2")
	if err := restarted.HandleCourseCompleted(ctx, completed(t, "completion-2", "learner-2")); err != nil {
		t.Fatal(err)
	}
	after, err := f.store.credentialForSource(ctx, completion("completion-2"))
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := f.svc.VerifyStored(ctx, after.ID); !v.Valid || kidOf(t, after.JWT) != kidOf(t, before.JWT) {
		t.Errorf("a credential signed with the sealed key: %s", describe(v))
	}
}
