package credentials

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// BenchmarkIssue measures issuing end to end: the event is decoded, the award
// described, a status list entry allocated, the credential built, signed
// and stored, and the award source linked to it. Compare it with
// BenchmarkRawRS256Sign to see what signing alone costs.
func BenchmarkIssue(b *testing.B) {
	f := newFixture(b)
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		id := "completion-" + strconv.Itoa(i)
		f.awardFor(id, "learner-"+strconv.Itoa(i))
		if err := f.svc.HandleCourseCompleted(ctx, completed(b, id, "learner-"+strconv.Itoa(i))); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRawRS256Sign signs the claims of a typical credential with a key
// of the same size, and nothing else.
func BenchmarkRawRS256Sign(b *testing.B) {
	key, err := pooledKey()
	if err != nil {
		b.Fatal(err)
	}
	ach, iss := microCourse()
	now := time.Date(2030, 3, 4, 10, 0, 0, 0, time.UTC)
	claims := links{base: testBaseURL}.buildCredential(issuance{
		id: "01JBENCH000000000000000000", issuedAt: now, list: 1, index: 7, salt: "00", subjectID: newSubjectID(),
		award: Award{Learner: Learner{ID: "l", Email: "l@example.org"}, Achievement: ach, Issuer: iss, Grade: 90, CompletedAt: now},
	}, "Academy").claims()
	b.ReportAllocs()
	for b.Loop() {
		t := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
		t.Header["kid"] = "k"
		if _, err := t.SignedString(key); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify measures the verification the API runs on a submitted
// VC-JWT: decoding, key lookup, signature, claims, both status lists (served
// from the cache after the first run) and content.
func BenchmarkVerify(b *testing.B) {
	f := newFixture(b)
	c := f.issue(b, "completion-1", "learner-1")
	ctx := context.Background()
	req := VerifyRequest{JWT: c.JWT}
	b.ReportAllocs()
	for b.Loop() {
		v, err := f.svc.Verify(ctx, req)
		if err != nil || !v.Valid {
			b.Fatalf("verify: %v %s", err, describe(v))
		}
	}
}
