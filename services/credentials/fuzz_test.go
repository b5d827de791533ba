package credentials

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"academy/services/credentials/statuslist"
	"academy/services/kit/apperr"
	"academy/services/kit/httpkit"
)

// memKeys is a key source of one key.
type memKeys struct {
	id  string
	key *rsa.PublicKey
}

func (m memKeys) Lookup(id string) (signingKey, bool, error) {
	if id == m.id {
		return signingKey{ID: id, Public: m.key}, true, nil
	}
	return signingKey{}, false, nil
}

// memCredentials is a credential source in memory.
type memCredentials map[string]StoredCredential

func (m memCredentials) Credential(_ context.Context, id string) (StoredCredential, error) {
	c, ok := m[id]
	if !ok {
		return c, apperr.NotFoundf("no credential %s", id)
	}
	return c, nil
}

// listsByPurpose serves a signed status list per purpose.
type listsByPurpose map[string]string

func (l listsByPurpose) StatusList(_ context.Context, id string) (string, error) {
	_, _, purpose, ok := parseStatusListID(id)
	if !ok {
		return "", apperr.NotFoundf("no status list %s", id)
	}
	return l[purpose], nil
}

// fuzzWorld is a verifier over one genuine credential, without a database.
type fuzzWorld struct {
	v       *verifier
	genuine StoredCredential
}

func newFuzzWorld(tb testing.TB) fuzzWorld {
	tb.Helper()
	key, err := pooledKey()
	if err != nil {
		tb.Fatal(err)
	}
	l := links{base: testBaseURL}
	kid := l.key("01JFUZZKEY0000000000000000")
	ach, iss := microCourse()
	now := time.Date(2030, 3, 4, 10, 0, 0, 0, time.UTC)
	is := issuance{
		id: "01JFUZZCREDENTIAL000000000", issuedAt: now, list: 1, index: 42, salt: "0011", subjectID: newSubjectID(),
		award: Award{Learner: Learner{ID: "l", Email: "l@example.org"}, Achievement: ach, Issuer: iss, Grade: 75, CompletedAt: now.Add(-time.Hour)},
	}
	cred := l.buildCredential(is, "Academy")
	signed, err := signJWT(kid, key, cred.claims())
	if err != nil {
		tb.Fatal(err)
	}
	doc, err := json.Marshal(cred)
	if err != nil {
		tb.Fatal(err)
	}
	encoded, err := statuslist.New(listSize, statusSize).Encode()
	if err != nil {
		tb.Fatal(err)
	}
	list := statusListCredential{
		Context: []string{contextVC}, ID: "list", Type: []string{"VerifiableCredential", "BitstringStatusListCredential"},
		Issuer: cred.Issuer.ID, ValidFrom: dateTime(now),
		CredentialSubject: statusListSubject{
			ID: "list#list", Type: "BitstringStatusList", StatusPurpose: purposeMessage, EncodedList: encoded,
			StatusSize: statusSize, StatusMessages: statusMessages,
		},
	}
	lists := listsByPurpose{}
	if lists[purposeMessage], err = signJWT(kid, key, list.claims()); err != nil {
		tb.Fatal(err)
	}
	genuine := StoredCredential{ID: is.id, JWT: signed, Document: string(doc)}
	return fuzzWorld{
		v: &verifier{
			links: l, keys: memKeys{id: "01JFUZZKEY0000000000000000", key: &key.PublicKey},
			statusLists: lists, credentials: memCredentials{is.id: genuine},
			now: func() time.Time { return now.Add(time.Hour) },
		},
		genuine: genuine,
	}
}

// FuzzVerify feeds verification request bodies through the same decoding
// and checks as POST /credentials/verify. Nothing may panic, and nothing but
// the genuine credential may be found valid.
func FuzzVerify(f *testing.F) {
	w := newFuzzWorld(f)
	parts := strings.Split(w.genuine.JWT, ".")
	for _, seed := range []any{
		VerifyRequest{JWT: w.genuine.JWT},
		VerifyRequest{Credential: json.RawMessage(w.genuine.Document)},
		VerifyRequest{JWT: parts[0] + "." + parts[1] + "."},
		VerifyRequest{JWT: parts[0] + ".e30." + parts[2]},
	} {
		b, err := json.Marshal(seed)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	if v, err := verifyBody(w, []byte(`{"jwt":"`+w.genuine.JWT+`"}`)); err != nil || !v.Valid {
		f.Fatalf("the genuine credential is not valid in the fuzzing world: %v %s", err, describe(v))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		v, err := verifyBody(w, body)
		if err != nil {
			if !apperr.Is(err, apperr.Invalid) {
				t.Fatalf("a bad request is reported as %v, not as invalid", err)
			}
			return
		}
		if len(v.Steps) == 0 || v.Verdict == "" || v.Reason == "" {
			t.Fatalf("incomplete verification: %+v", v)
		}
		if !v.Valid {
			if v.Verdict == VerdictValid {
				t.Fatalf("an invalid verification has verdict valid: %s", describe(v))
			}
			return
		}
		for _, s := range v.Steps {
			if !s.OK {
				t.Fatalf("valid although step %s failed: %s", s.Name, describe(v))
			}
		}
		var req VerifyRequest
		_ = json.Unmarshal(body, &req)
		if req.JWT != "" {
			got := strings.Split(strings.TrimSpace(req.JWT), ".")
			if got[0] != parts[0] || got[1] != parts[1] {
				t.Fatalf("a token other than the genuine one was found valid: %q", req.JWT)
			}
			return
		}
		var submitted, genuine any
		_ = json.Unmarshal(req.Credential, &submitted)
		_ = json.Unmarshal([]byte(w.genuine.Document), &genuine)
		if diffs := jsonDiff("", submitted, genuine, 1); len(diffs) > 0 {
			t.Fatalf("a credential differing from the genuine one at %s was found valid", diffs[0])
		}
	})
}

func verifyBody(w fuzzWorld, body []byte) (Verification, error) {
	var req VerifyRequest
	if err := httpkit.DecodeJSONBytes(body, &req); err != nil {
		return Verification{}, err
	}
	return w.v.verifyRequest(context.Background(), req)
}
