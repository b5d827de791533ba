package credentials

import (
	"context"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/hibiken/asynq"
	"go.mongodb.org/mongo-driver/bson"

	"academy/services/kit/auth"
	"academy/services/kit/events"
)

// joseVerify checks a compact JWS with go-jose against the JWKS the platform
// publishes, as an independent verifier would, and returns the payload.
func joseVerify(tb testing.TB, f *fixture, compact string) map[string]any {
	tb.Helper()
	resp, body := f.call(tb, "GET", "/.well-known/credential-jwks.json", "", nil)
	if resp.StatusCode != 200 {
		tb.Fatalf("JWKS = %d %s", resp.StatusCode, body)
	}
	var set jose.JSONWebKeySet
	if err := json.Unmarshal(body, &set); err != nil {
		tb.Fatalf("JWKS does not parse as a JSON Web Key Set: %v", err)
	}
	sig, err := jose.ParseSignedCompact(compact, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		tb.Fatalf("go-jose cannot parse the credential: %v", err)
	}
	h := sig.Signatures[0].Header
	keys := set.Key(h.KeyID)
	if len(keys) != 1 {
		tb.Fatalf("the JWKS has %d keys with kid %s", len(keys), h.KeyID)
	}
	if _, ok := keys[0].Key.(*rsa.PublicKey); !ok || keys[0].Key.(*rsa.PublicKey).N.BitLen() != keyBits {
		tb.Fatalf("published key is %T, want a %d-bit RSA key", keys[0].Key, keyBits)
	}
	if typ := h.ExtraHeaders[jose.HeaderType]; typ != "vc+jwt" {
		tb.Errorf("typ = %v, want vc+jwt", typ)
	}
	payload, err := sig.Verify(keys[0])
	if err != nil {
		tb.Fatalf("go-jose rejects the signature: %v", err)
	}
	var claims map[string]any
	if err := json.Unmarshal(payload, &claims); err != nil {
		tb.Fatal(err)
	}
	return claims
}

func TestIssuedCredentialVerifiesWithThePlatformAndWithGoJOSE(t *testing.T) {
	f := newFixture(t)
	a := f.awardFor("completion-1", "learner-1")
	c := f.issue(t, "completion-1", "learner-1")

	claims := joseVerify(t, f, c.JWT)
	credURL := testBaseURL + "/credentials/" + c.ID
	issuerURL := testBaseURL + "/issuers/tu-beispiel"
	if claims["iss"] != issuerURL || claims["jti"] != credURL || claims["id"] != credURL {
		t.Errorf("iss/jti/id = %v %v %v", claims["iss"], claims["jti"], claims["id"])
	}
	if _, ok := claims["vc"]; ok {
		t.Error("the payload wraps the credential in a vc claim; Open Badges 3.0 over VCDM 2.0 puts it at the top level")
	}
	if _, ok := claims["exp"]; ok {
		t.Error("a credential without expiry has an exp claim")
	}
	ctxs := claims["@context"].([]any)
	if ctxs[0] != contextVC || ctxs[1] != contextOB {
		t.Errorf("@context = %v", ctxs)
	}
	if typ := claims["type"].([]any); !slices.Equal(typ, []any{"VerifiableCredential", "OpenBadgeCredential"}) {
		t.Errorf("type = %v", typ)
	}
	subject := claims["credentialSubject"].(map[string]any)
	if claims["sub"] != subject["id"] || !strings.HasPrefix(subject["id"].(string), "urn:uuid:") {
		t.Errorf("sub = %v, credentialSubject.id = %v", claims["sub"], subject["id"])
	}
	ident := subject["identifier"].([]any)[0].(map[string]any)
	sum := sha256.Sum256([]byte("zoe.muller@example.org" + ident["salt"].(string)))
	if ident["identityHash"] != "sha256$"+hex.EncodeToString(sum[:]) || ident["hashed"] != true || ident["identityType"] != "emailAddress" {
		t.Errorf("identifier = %v", ident)
	}
	if payload := string(payloadOf(t, c.JWT)); strings.Contains(payload, "Zoë") || strings.Contains(payload, "Müller") || strings.Contains(c.Document, "Müller") {
		t.Error("the learner's name is in the signed credential")
	}
	ach := subject["achievement"].(map[string]any)
	if ach["achievementType"] != AchievementMicroCredential || ach["creditsAvailable"] != 5.0 || ach["inLanguage"] != "de" {
		t.Errorf("achievement = %v", ach)
	}
	align := ach["alignment"].([]any)
	if len(align) != 3 {
		t.Fatalf("alignment = %v, want the two skills and the EQF level", align)
	}
	esco := align[0].(map[string]any)
	own := align[1].(map[string]any)
	eqf := align[2].(map[string]any)
	if esco["targetUrl"] != a.Achievement.Skills[0].ESCOURI || esco["targetFramework"] != "ESCO" || esco["targetCode"] != "esco-ml" {
		t.Errorf("ESCO alignment = %v", esco)
	}
	if own["targetUrl"] != testBaseURL+"/api/v1/skills/platform-prompting" || own["targetFramework"] != nil {
		t.Errorf("platform skill alignment = %v", own)
	}
	if eqf["targetUrl"] != "http://data.europa.eu/snb/eqf/6" || eqf["targetCode"] != "6" {
		t.Errorf("EQF alignment = %v", eqf)
	}
	if res := subject["result"].([]any)[0].(map[string]any); res["value"] != "87.5" {
		t.Errorf("result = %v", res)
	}
	issuer := claims["issuer"].(map[string]any)
	if addr := issuer["address"].(map[string]any); addr["addressCountryCode"] != "DE" || addr["addressCountry"] != "Germany" {
		t.Errorf("issuer address = %v", addr)
	}
	status, ok := claims["credentialStatus"].(map[string]any)
	if !ok {
		t.Fatalf("credentialStatus = %v, want one entry", claims["credentialStatus"])
	}
	if status["type"] != "BitstringStatusListEntry" || status["statusPurpose"] != "message" || status["statusSize"] != 2.0 ||
		!strings.HasPrefix(status["statusListCredential"].(string), testBaseURL+"/api/v1/status-lists/") ||
		status["statusReference"] != testBaseURL+"/verify/"+c.ID || len(status["statusMessage"].([]any)) != 4 {
		t.Errorf("status entry = %v", status)
	}

	v, err := f.svc.VerifyStored(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !v.Valid || v.Verdict != VerdictValid {
		t.Fatalf("the platform does not find its own credential valid: %s", describe(v))
	}
	for _, s := range v.Steps {
		if !s.OK {
			t.Errorf("step %s failed: %s", s.Name, s.Detail)
		}
	}
}

func TestIssuingIsIdempotent(t *testing.T) {
	f := newFixture(t)
	first := f.issue(t, "completion-1", "learner-1")
	ev := completed(t, "completion-1", "learner-1")
	for range 2 {
		if err := f.svc.HandleCourseCompleted(context.Background(), ev); err != nil {
			t.Fatal(err)
		}
	}
	// A second completion of the same course by the same learner, and eight
	// concurrent runs of a new completion, still leave one credential each.
	f.awardFor("completion-1-again", "learner-1")
	again, err := f.svc.Issue(context.Background(), completion("completion-1-again"))
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != first.ID {
		t.Errorf("a second completion of the course issued credential %s besides %s", again.ID, first.ID)
	}
	f.awardFor("completion-2", "learner-2")
	ev2 := completed(t, "completion-2", "learner-2")
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Go(func() { errs[i] = f.svc.HandleCourseCompleted(context.Background(), ev2) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("concurrent task run %d: %v", i, err)
		}
	}
	for learner, want := range map[string]int64{"learner-1": 1, "learner-2": 1} {
		n, err := f.store.creds.CountDocuments(context.Background(), bson.D{{Key: "learner_id", Value: learner}})
		if err != nil {
			t.Fatal(err)
		}
		if n != want {
			t.Errorf("%s holds %d credentials, want %d", learner, n, want)
		}
	}
}

func TestStatusIndexesAreDistinct(t *testing.T) {
	f := newFixture(t)
	seen := map[int]bool{}
	for i := range 12 {
		c := f.issue(t, "completion-"+string(rune('a'+i)), "learner-"+string(rune('a'+i)))
		if c.StatusList != 1 || seen[c.StatusIndex] || c.StatusIndex < 0 || c.StatusIndex >= listSize {
			t.Fatalf("credential %d got list %d index %d (seen before: %v)", i, c.StatusList, c.StatusIndex, seen[c.StatusIndex])
		}
		seen[c.StatusIndex] = true
	}
	// The scrambling is a bijection over the whole list.
	all := make(map[int]bool, listSize)
	for seq := range listSize {
		all[scrambledIndex(seq)] = true
	}
	if len(all) != listSize {
		t.Fatalf("%d sequence numbers map onto %d indexes", listSize, len(all))
	}
}

func TestFullStatusListMovesToTheNextPair(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if _, err := f.store.lists.InsertOne(ctx, listDoc{ID: listDocID(orgUni, 1), OrgID: orgUni, N: 1, IssuerSlug: "tu-beispiel", Next: listSize}); err != nil {
		t.Fatal(err)
	}
	c := f.issue(t, "completion-1", "learner-1")
	if c.StatusList != 2 {
		t.Fatalf("credential went to list %d, want 2 after list 1 filled up", c.StatusList)
	}
	if v, _ := f.svc.VerifyStored(ctx, c.ID); !v.Valid {
		t.Fatalf("credential in the second list: %s", describe(v))
	}
}

func TestCourseCompletedRefusals(t *testing.T) {
	f := newFixture(t)
	unreadable := completed(t, "x", "learner-x")
	unreadable.Data = bson.Raw("not bson")
	tests := []struct {
		name string
		ev   events.Event
	}{
		{"unreadable data", unreadable},
		{"no completion", completed(t, "", "learner-x")},
		{"unknown completion", completed(t, "nope", "learner-x")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := f.svc.HandleCourseCompleted(context.Background(), tt.ev)
			if !errors.Is(err, asynq.SkipRetry) {
				t.Fatalf("error = %v, want one wrapping asynq.SkipRetry", err)
			}
		})
	}
	a := f.awardFor("completion-no-email", "learner-x")
	a.Learner.Email = ""
	f.awards.add(a)
	err := f.svc.HandleCourseCompleted(context.Background(), completed(t, "completion-no-email", "learner-x"))
	if !errors.Is(err, asynq.SkipRetry) || !strings.Contains(err.Error(), "invalid fields") {
		t.Fatalf("an award without the learner's email: %v", err)
	}
}

func TestCourseWithoutMicroCredentialElementsIsACourseCredential(t *testing.T) {
	f := newFixture(t)
	a := f.awardFor("completion-1", "learner-1")
	a.Achievement.EQFLevel = 0
	a.Achievement.QualityAssurance = ""
	f.awards.add(a)
	c, err := f.svc.Issue(context.Background(), completion("completion-1"))
	if err != nil {
		t.Fatal(err)
	}
	if c.MicroCredential || !strings.Contains(c.Document, `"achievementType":"Course"`) {
		t.Fatalf("a course lacking EU elements was issued as a micro-credential: %s", c.Document)
	}
	v, err := f.svc.VerifyStored(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	content := stepOf(t, v, StepContent)
	if !v.Valid || !strings.Contains(content.Detail, "not an EU micro-credential") || !strings.Contains(content.Detail, ElementEQFLevel) {
		t.Fatalf("course credential: %s", describe(v))
	}
}

func TestCheckMicroCredential(t *testing.T) {
	ach, iss := microCourse()
	full := Award{Learner: Learner{ID: "l", Email: "l@example.org"}, Achievement: ach, Issuer: iss, CompletedAt: time.Date(2030, 3, 4, 9, 0, 0, 0, time.UTC)}
	tests := []struct {
		name   string
		change func(*Award)
		want   []string
	}{
		{"complete", func(*Award) {}, nil},
		{"no learner email", func(a *Award) { a.Learner.Email = " " }, []string{ElementLearner}},
		{"no title", func(a *Award) { a.Achievement.Name = "" }, []string{ElementTitle}},
		{"country is a name", func(a *Award) { a.Issuer.Country = "Germany" }, []string{ElementCountry}},
		{"no awarding body", func(a *Award) { a.Issuer.Name = "" }, []string{ElementAwardingBody}},
		{"no date", func(a *Award) { a.CompletedAt = time.Time{} }, []string{ElementDateOfIssue}},
		{"blank outcomes", func(a *Award) { a.Achievement.LearningOutcomes = []string{" "} }, []string{ElementLearningOutcomes}},
		{"no ECTS", func(a *Award) { a.Achievement.ECTS = 0 }, []string{ElementWorkload}},
		{"EQF level 9", func(a *Award) { a.Achievement.EQFLevel = 9 }, []string{ElementEQFLevel}},
		{"on-campus participation", func(a *Award) { a.Achievement.ParticipationForm = "On-campus" }, nil},
		{"participation form no vocabulary names", func(a *Award) { a.Achievement.ParticipationForm = "whenever you like" }, []string{ElementParticipationForm}},
		{"nothing about the course", func(a *Award) { a.Achievement = Achievement{Name: "x"} }, []string{ElementLearningOutcomes, ElementWorkload, ElementEQFLevel, ElementAssessmentType, ElementParticipationForm, ElementQualityAssurance}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := full
			tt.change(&a)
			if got := CheckMicroCredential(a); !slices.Equal(got, tt.want) {
				t.Fatalf("CheckMicroCredential = %v, want %v", got, tt.want)
			}
		})
	}
	if got := CheckMicroCredentialCourse(ach, iss); len(got) != 0 {
		t.Errorf("CheckMicroCredentialCourse of a complete course = %v", got)
	}
}

// A credential's JSON and VC-JWT are stored apart from it, and every read
// of the whole credential (its download, its verification, the holder's
// wallet) has them; one stored with them inline, as before, reads and
// verifies the same; deleting a holder's credentials deletes them too.
func TestCredentialDocumentsAreStoredApart(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	apart := f.issue(t, "completion-1", "learner-1")
	inline := f.issue(t, "completion-2", "learner-2")
	// inline as stored before: its documents in the credential itself.
	creds := f.db.Collection(credentialsCollection)
	if _, err := creds.UpdateOne(ctx, bson.M{"_id": inline.ID}, bson.M{"$set": bson.M{"document": inline.Document, "jwt": inline.JWT}}); err != nil {
		t.Fatal(err)
	}
	if err := f.store.deleteDocuments(ctx, inline.ID); err != nil {
		t.Fatal(err)
	}

	raw, err := creds.FindOne(ctx, bson.M{"_id": apart.ID}).Raw()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.LookupErr("jwt"); err == nil {
		t.Error("the credential holds its VC-JWT, want it stored apart")
	}
	if _, err := raw.LookupErr("document"); err == nil {
		t.Error("the credential holds its JSON, want it stored apart")
	}
	for _, want := range []StoredCredential{apart, inline} {
		got, err := f.svc.Credential(ctx, want.ID)
		if err != nil || got.Document != want.Document || got.JWT != want.JWT || got.JWT == "" {
			t.Errorf("credential %s read with %d bytes of JSON and %d of VC-JWT (%v), want %d and %d", want.ID, len(got.Document), len(got.JWT), err, len(want.Document), len(want.JWT))
		}
		if v, err := f.svc.VerifyStored(ctx, want.ID); err != nil || !v.Valid {
			t.Errorf("credential %s verifies as %s (%v), want valid", want.ID, describe(v), err)
		}
		wallet, _, err := f.svc.Wallet(ctx, auth.Principal{UserID: want.LearnerID}, "", 10)
		if err != nil || len(wallet) != 1 || wallet[0].JWT != want.JWT {
			t.Errorf("the wallet of %s lists %d credentials (%v), want the one with its VC-JWT", want.LearnerID, len(wallet), err)
		}
	}
	if _, err := f.svc.DeleteSampleHolder(ctx, apart.LearnerID); err != nil {
		t.Fatal(err)
	}
	if n, err := f.db.Collection(documentsCollection).CountDocuments(ctx, bson.M{"_id": apart.ID}); err != nil || n != 0 {
		t.Errorf("%d documents of a deleted credential left (%v), want none", n, err)
	}
}
