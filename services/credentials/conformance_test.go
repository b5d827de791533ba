package credentials

import (
	"context"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.mongodb.org/mongo-driver/bson"

	"academy/services/kit/auth"
)

// achievementCredentialSchema compiles the official Open Badges 3.0
// AchievementCredential JSON Schema kept in testdata (see its README),
// asserting formats as a strict verifier does.
func achievementCredentialSchema(tb testing.TB) *jsonschema.Schema {
	tb.Helper()
	const path = "testdata/ob3/ob_v3p0_achievementcredential_schema.json"
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(path, doc); err != nil {
		tb.Fatal(err)
	}
	s, err := c.Compile(path)
	if err != nil {
		tb.Fatalf("compile %s: %v", path, err)
	}
	return s
}

func jsonValue(tb testing.TB, raw []byte) any {
	tb.Helper()
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(string(raw)))
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

func TestIssuedCredentialsMatchTheOpenBadgesSchema(t *testing.T) {
	schema := achievementCredentialSchema(t)
	f := newFixture(t)
	micro := f.issue(t, "completion-1", "learner-1")
	a := f.awardFor("completion-2", "learner-2")
	a.Achievement.EQFLevel, a.Achievement.QualityAssurance, a.Achievement.LearningOutcomes = 0, "", nil
	f.awards.add(a)
	course, err := f.svc.Issue(context.Background(), completion("completion-2"))
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]StoredCredential{"micro-credential": micro, "course credential": course} {
		t.Run(name, func(t *testing.T) {
			if err := schema.Validate(jsonValue(t, []byte(c.Document))); err != nil {
				t.Errorf("the credential's JSON does not validate: %v", err)
			}
			if err := schema.Validate(jsonValue(t, payloadOf(t, c.JWT))); err != nil {
				t.Errorf("the VC-JWT payload does not validate: %v", err)
			}
		})
	}

	// The schema does bite: the two-entry status of earlier credentials fails it.
	legacy := jsonValue(t, []byte(legacyDocument(t, micro)))
	if err := schema.Validate(legacy); err == nil || !strings.Contains(err.Error(), "credentialStatus") {
		t.Fatalf("a credentialStatus array validates: %v", err)
	}
}

// publicTerm matches the IRIs of the vocabularies a verifier can look up:
// the European Learning Model, Dublin Core, and the EU's controlled
// vocabularies.
var (
	elmTerm    = regexp.MustCompile(`^http://data\.europa\.eu/snb/model/elm/[A-Za-z]+$|^http://purl\.org/dc/terms/[a-z]+$`)
	euConcept  = regexp.MustCompile(`^http://data\.europa\.eu/snb/(eqf|education-credit|learning-assessment|accreditation)/[0-9a-z_]+$`)
	xsdOrKeywd = regexp.MustCompile(`^(@id|@language|http://www\.w3\.org/2001/XMLSchema#[a-z]+)$`)
)

func TestMicroCredentialElementsUsePublicVocabularies(t *testing.T) {
	f := newFixture(t)
	c := f.issue(t, "completion-1", "learner-1")
	if strings.Contains(c.Document, "urn:academy") {
		t.Fatalf("the credential uses a private vocabulary: %s", c.Document)
	}
	doc := decode[map[string]any](t, []byte(c.Document))
	ctxs := doc["@context"].([]any)
	if len(ctxs) != 3 || ctxs[0] != contextVC || ctxs[1] != contextOB {
		t.Fatalf("@context = %v", ctxs)
	}
	// expand resolves a term of the credential's own context to its IRI, as
	// a JSON-LD processor does, and checks its type coercion is public too.
	local := ctxs[2].(map[string]any)
	expand := func(term string) string {
		t.Helper()
		def, ok := local[term]
		if !ok {
			t.Fatalf("the term %q is not defined", term)
		}
		id, _ := def.(string)
		if m, isMap := def.(map[string]any); isMap {
			id, _ = m["@id"].(string)
			for _, k := range []string{"@type", "@container"} {
				if v, has := m[k].(string); has && !xsdOrKeywd.MatchString(v) {
					t.Errorf("%s of %q is %q", k, term, v)
				}
			}
		}
		if prefix, rest, found := strings.Cut(id, ":"); found {
			if ns, isPrefix := local[prefix].(string); isPrefix {
				id = ns + rest
			}
		}
		return id
	}
	ach := doc["credentialSubject"].(map[string]any)["achievement"].(map[string]any)
	object := func(key string) map[string]any {
		t.Helper()
		o, ok := ach[key].(map[string]any)
		if !ok {
			t.Fatalf("achievement.%s = %v", key, ach[key])
		}
		return o
	}

	elements := []struct {
		element string
		terms   []string // the properties and classes the element is written with
		concept string   // the controlled-vocabulary concept it names, if any
	}{
		{ElementLearningOutcomes, []string{"learningOutcome", ach["learningOutcome"].([]any)[0].(map[string]any)["type"].(string), "title"}, ""},
		{ElementWorkload, []string{"volumeOfLearning", "creditPoint", object("creditPoint")["type"].(string), "framework", "point"}, object("creditPoint")["framework"].(string)},
		{ElementAssessmentType, []string{"provenBy", object("provenBy")["type"].(string), "title", "mode"}, object("provenBy")["mode"].(string)},
		{ElementParticipationForm, []string{"mode"}, ach["mode"].(string)},
		{ElementQualityAssurance, []string{"accreditation", object("accreditation")["type"].(string), "title", "dcType"}, object("accreditation")["dcType"].(string)},
	}
	for _, e := range elements {
		t.Run(e.element, func(t *testing.T) {
			for _, term := range e.terms {
				if iri := expand(term); !elmTerm.MatchString(iri) {
					t.Errorf("%q expands to %q, not an ELM or Dublin Core term", term, iri)
				}
			}
			if e.concept != "" && !euConcept.MatchString(e.concept) {
				t.Errorf("concept %q is not in an EU controlled vocabulary", e.concept)
			}
		})
	}
	t.Run(ElementEQFLevel, func(t *testing.T) {
		// An Open Badges alignment to the level's concept: no extra term needed.
		var found bool
		for _, al := range ach["alignment"].([]any) {
			if url := al.(map[string]any)["targetUrl"].(string); strings.HasPrefix(url, eqfScheme) {
				found = url == "http://data.europa.eu/snb/eqf/6" && euConcept.MatchString(url)
			}
		}
		if !found {
			t.Errorf("no alignment to http://data.europa.eu/snb/eqf/6: %v", ach["alignment"])
		}
	})
	if ach["volumeOfLearning"] != "PT125H" || object("creditPoint")["point"] != "5" || ach["mode"] != modeOnline {
		t.Errorf("workload %v, credits %v, mode %v", ach["volumeOfLearning"], object("creditPoint")["point"], ach["mode"])
	}
	if title := object("accreditation")["title"].(map[string]any); title["de"] != "Internal quality assurance of the Technische Universität" {
		t.Errorf("quality assurance title = %v, want the course's text in its language", title)
	}
}

// legacyMicroCredentialContext is the private vocabulary credentials were
// issued with before the ELM terms.
var legacyMicroCredentialContext = map[string]any{
	"eumc":              "urn:academy:eu-microcredential#",
	"learningOutcomes":  map[string]any{"@id": "eumc:learningOutcomes", "@container": "@list"},
	"ectsCredits":       map[string]any{"@id": "eumc:ectsCredits", "@type": "http://www.w3.org/2001/XMLSchema#decimal"},
	"workloadHours":     map[string]any{"@id": "eumc:workloadHours", "@type": "http://www.w3.org/2001/XMLSchema#decimal"},
	"eqfLevel":          map[string]any{"@id": "eumc:eqfLevel", "@type": "http://www.w3.org/2001/XMLSchema#integer"},
	"assessmentType":    map[string]any{"@id": "eumc:assessmentType"},
	"participationForm": map[string]any{"@id": "eumc:participationForm"},
	"qualityAssurance":  map[string]any{"@id": "eumc:qualityAssurance"},
}

// legacyDocument rewrites a credential as this platform issued it before
// the message status entry: a revocation and a suspension entry, and the
// micro-credential elements in the private vocabulary.
func legacyDocument(tb testing.TB, c StoredCredential) string {
	tb.Helper()
	doc := decode[map[string]any](tb, []byte(c.Document))
	doc["@context"] = []any{contextVC, contextOB, legacyMicroCredentialContext}
	ach := doc["credentialSubject"].(map[string]any)["achievement"].(map[string]any)
	for _, k := range []string{"learningOutcome", "volumeOfLearning", "creditPoint", "mode", "provenBy", "accreditation"} {
		delete(ach, k)
	}
	align := ach["alignment"].([]any)
	ach["alignment"] = align[:len(align)-1]
	ach["learningOutcomes"] = []string{"Train and evaluate a supervised model", "Explain overfitting to a non-specialist"}
	ach["ectsCredits"], ach["workloadHours"], ach["eqfLevel"] = 5, 125, 6
	ach["assessmentType"], ach["participationForm"] = "Graded online quizzes and a supervised final exam", "online"
	ach["qualityAssurance"] = "Internal quality assurance of the Technische Universität"
	var entries []any
	for _, purpose := range []string{purposeRevocation, purposeSuspension} {
		list := testBaseURL + "/api/v1/status-lists/" + statusListID(c.OrgID, c.StatusList, purpose)
		index := doc["credentialStatus"].(map[string]any)["statusListIndex"].(string)
		entries = append(entries, map[string]any{
			"id": list + "#" + index, "type": "BitstringStatusListEntry", "statusPurpose": purpose,
			"statusListIndex": index, "statusListCredential": list,
		})
	}
	doc["credentialStatus"] = entries
	out, err := json.Marshal(doc)
	if err != nil {
		tb.Fatal(err)
	}
	return string(out)
}

// storeLegacy replaces an issued credential with its earlier form, signed
// with typ JWT as it was then.
func (f *fixture) storeLegacy(tb testing.TB, c StoredCredential) StoredCredential {
	tb.Helper()
	doc := legacyDocument(tb, c)
	claims := decode[jwt.MapClaims](tb, []byte(doc))
	for k, v := range decode[map[string]any](tb, payloadOf(tb, c.JWT)) {
		if _, ok := withoutJWTClaims(map[string]any{k: v})[k]; !ok {
			claims[k] = v
		}
	}
	signer := f.keys.Signer()
	kid, key := signer.ID, signer.Private
	token := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	token.Header["kid"], token.Header["typ"] = f.svc.links.key(kid), typJWT
	signed, err := token.SignedString(key)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := f.store.creds.UpdateOne(context.Background(), bson.D{{Key: "_id", Value: c.ID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "document", Value: doc}, {Key: "jwt", Value: signed}}}}); err != nil {
		tb.Fatal(err)
	}
	c.Document, c.JWT = doc, signed
	return c
}

func TestEarlierCredentialsStillVerify(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.storeLegacy(t, f.issue(t, "completion-1", "learner-1"))
	if h, _, err := decodeJWS(c.JWT, maxJWTLen); err != nil || h.Typ != typJWT {
		t.Fatalf("the earlier credential's header = %+v, %v", h, err)
	}
	verdict := func(req VerifyRequest) Verification {
		t.Helper()
		v, err := f.svc.Verify(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for name, req := range map[string]VerifyRequest{"JWT": {JWT: c.JWT}, "JSON": {Credential: json.RawMessage(c.Document)}} {
		v := verdict(req)
		if !v.Valid || !strings.Contains(stepOf(t, v, StepContent).Detail, "EU micro-credential carrying all") {
			t.Fatalf("earlier credential as %s: %s", name, describe(v))
		}
		if s := stepOf(t, v, StepRevocation); !strings.Contains(s.Detail, "-revocation") {
			t.Errorf("the revocation step did not read the revocation list: %s", s.Detail)
		}
	}

	staff := auth.Principal{UserID: staffUni}
	if _, err := f.svc.Suspend(ctx, staff, c.ID, "identity check pending"); err != nil {
		t.Fatal(err)
	}
	if v := verdict(VerifyRequest{JWT: c.JWT}); v.Verdict != VerdictSuspended || !strings.Contains(v.Reason, "identity check pending") {
		t.Fatalf("suspended earlier credential: %s", describe(v))
	}
	if _, err := f.svc.Reinstate(ctx, staff, c.ID, ""); err != nil {
		t.Fatal(err)
	}
	if v := verdict(VerifyRequest{JWT: c.JWT}); !v.Valid {
		t.Fatalf("reinstated earlier credential: %s", describe(v))
	}
	if _, err := f.svc.Revoke(ctx, staff, c.ID, "plagiarism"); err != nil {
		t.Fatal(err)
	}
	if v := verdict(VerifyRequest{JWT: c.JWT}); v.Verdict != VerdictRevoked || !strings.Contains(v.Reason, "plagiarism") {
		t.Fatalf("revoked earlier credential: %s", describe(v))
	}
}

func TestMessageStatusSaysSuspendedOrRevoked(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.issue(t, "completion-1", "learner-1")
	staff := auth.Principal{UserID: staffUni}
	check := func(wantVerdict string, revocationOK, suspensionOK bool) {
		t.Helper()
		v, err := f.svc.VerifyStored(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.Verdict != wantVerdict || stepOf(t, v, StepRevocation).OK != revocationOK || stepOf(t, v, StepSuspension).OK != suspensionOK {
			t.Fatalf("want %s: %s", wantVerdict, describe(v))
		}
	}
	check(VerdictValid, true, true)
	if _, err := f.svc.Suspend(ctx, staff, c.ID, "under review"); err != nil {
		t.Fatal(err)
	}
	check(VerdictSuspended, true, false)
	if _, err := f.svc.Revoke(ctx, staff, c.ID, "fraud"); err != nil {
		t.Fatal(err)
	}
	check(VerdictRevoked, false, true)

	// An entry whose messages say something else is not taken as valid.
	doc := decode[map[string]any](t, payloadOf(t, c.JWT))
	entry := doc["credentialStatus"].(map[string]any)
	entry["statusMessage"] = []any{map[string]any{"status": "0x0", "message": "active"}}
	signer := f.keys.Signer()
	kid, key := signer.ID, signer.Private
	token := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims(doc))
	token.Header["kid"], token.Header["typ"] = f.svc.links.key(kid), typVCJWT
	signed, err := token.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	v, err := f.svc.Verify(ctx, VerifyRequest{JWT: signed})
	if err != nil {
		t.Fatal(err)
	}
	if v.Valid || !strings.Contains(stepOf(t, v, StepRevocation).Detail, "statusMessage has 1 messages") {
		t.Fatalf("an entry with one message for a 2-bit status: %s", describe(v))
	}
}

func TestOtherTokenTypesAreRefused(t *testing.T) {
	f := newFixture(t)
	c := f.issue(t, "completion-1", "learner-1")
	signer := f.keys.Signer()
	kid, key := signer.ID, signer.Private
	claims := decode[jwt.MapClaims](t, payloadOf(t, c.JWT))
	for _, typ := range []string{"at+jwt", "JOSE"} {
		token := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
		token.Header["kid"], token.Header["typ"] = f.svc.links.key(kid), typ
		signed, err := token.SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		v, err := f.svc.Verify(context.Background(), VerifyRequest{JWT: signed})
		if err != nil {
			t.Fatal(err)
		}
		if v.Valid || v.Verdict != VerdictMalformed || !strings.Contains(v.Reason, "typ") {
			t.Errorf("typ %s: %s", typ, describe(v))
		}
	}
}
