package credentials_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"academy/services/credentials"
	"academy/services/credentials/issuertest"
)

const (
	holder   = "Ada.Lovelace@example.org"
	escoSQL  = "http://data.europa.eu/esco/skill/598de1e5-6b3a-4f2b-9c5b-3b2b1b3d7f7e"
	notESCO  = "https://example.org/skills/sql"
	escoHTTP = "https://data.europa.eu/esco/skill/0a1b2c3d-0000-4000-8000-000000000001"
)

func TestVerifyForeign(t *testing.T) {
	is := issuertest.New(t, "Belfry Institute")
	f := credentials.NewFetcher(credentials.FetcherOptions{AllowLoopback: true})
	revoked := is.Issue(issuertest.Credential{Email: holder})
	is.Revoke(revoked.Index)
	suspended := is.Issue(issuertest.Credential{Email: holder})
	is.Suspend(suspended.Index)
	cases := []struct {
		name    string
		jwt     string
		email   string
		verdict string
	}{
		{"hashed email identity, did:web key", is.Issue(issuertest.Credential{Email: holder, Skills: []string{escoSQL}}).JWT, "ada.lovelace@example.org", credentials.VerdictValid},
		{"plain email identity", is.Issue(issuertest.Credential{Email: holder, Plain: true}).JWT, holder, credentials.VerdictValid},
		{"mailto subject", is.Issue(issuertest.Credential{Email: holder, Mailto: true}).JWT, holder, credentials.VerdictValid},
		{"key embedded in the header and published in the DID document", is.Issue(issuertest.Credential{Email: holder, EmbedKey: true}).JWT, holder, credentials.VerdictValid},
		{"key in a JWK set", is.Issue(issuertest.Credential{Email: holder, KeyID: is.JWKSKeyID()}).JWT, holder, credentials.VerdictValid},
		{"tampered signature", issuertest.Tamper(is.Issue(issuertest.Credential{Email: holder}).JWT), holder, credentials.VerdictTampered},
		{"unknown kid", is.Issue(issuertest.Credential{Email: holder, KeyID: is.DID + "#key-2"}).JWT, holder, credentials.VerdictUnknownKey},
		{"key of another host", is.Issue(issuertest.Credential{Email: holder, KeyID: "https://keys.example.net/k.json"}).JWT, holder, credentials.VerdictUnknownKey},
		{"revoked", revoked.JWT, holder, credentials.VerdictRevoked},
		{"suspended", suspended.JWT, holder, credentials.VerdictSuspended},
		{"expired", is.Issue(issuertest.Credential{Email: holder, ValidFrom: time.Now().AddDate(-2, 0, 0), ValidUntil: time.Now().AddDate(0, 0, -1)}).JWT, holder, credentials.VerdictExpired},
		{"issued to someone else", is.Issue(issuertest.Credential{Email: "grace@example.org"}).JWT, holder, credentials.VerdictSubjectMismatch},
		{"holder without a verified email", is.Issue(issuertest.Credential{Email: holder}).JWT, "", credentials.VerdictSubjectMismatch},
		{"key embedded by an impostor", issuertest.New(t, "Impostor").Issue(issuertest.Credential{Email: holder, EmbedKey: true, Issuer: is.DID}).JWT, holder, credentials.VerdictUnknownKey},
		{"StatusList2021 entry", is.Issue(issuertest.Credential{Email: holder, StatusType: "StatusList2021Entry"}).JWT, holder, credentials.VerdictValid},
		{"status of a kind that cannot be checked", is.Issue(issuertest.Credential{Email: holder, StatusType: "1EdTechRevocationList"}).JWT, holder, credentials.VerdictMalformed},
		{"not a JWT", "not.a.jwt", holder, credentials.VerdictMalformed},
		{"too large", strings.Repeat("a", 300<<10), holder, credentials.VerdictTooLarge},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, _ := f.VerifyForeign(context.Background(), tc.jwt, tc.email)
			if v.Verdict != tc.verdict {
				t.Fatalf("verdict %s (%s), want %s", v.Verdict, v.Reason, tc.verdict)
			}
			if v.Valid != (tc.verdict == credentials.VerdictValid) {
				t.Fatalf("valid %v with verdict %s", v.Valid, v.Verdict)
			}
		})
	}
}

func TestVerifyForeignES256(t *testing.T) {
	is := issuertest.NewES256(t, "Nordlicht Akademie")
	f := credentials.NewFetcher(credentials.FetcherOptions{AllowLoopback: true})
	issued := is.Issue(issuertest.Credential{Email: holder})
	if v, _ := f.VerifyForeign(context.Background(), issued.JWT, holder); !v.Valid {
		t.Fatalf("%s: %s", v.Verdict, v.Reason)
	}
	is.Revoke(issued.Index)
	f = credentials.NewFetcher(credentials.FetcherOptions{AllowLoopback: true})
	if v, _ := f.VerifyForeign(context.Background(), issuertest.Tamper(is.Issue(issuertest.Credential{Email: holder}).JWT), holder); v.Verdict != credentials.VerdictTampered {
		t.Fatalf("%s: %s", v.Verdict, v.Reason)
	}
	if v, _ := f.VerifyForeign(context.Background(), issued.JWT, holder); v.Verdict != credentials.VerdictRevoked {
		t.Fatalf("%s: %s", v.Verdict, v.Reason)
	}
}

func TestVerifyForeignKeepsIssuerTitleAndESCOSkills(t *testing.T) {
	is := issuertest.New(t, "Belfry Institute")
	f := credentials.NewFetcher(credentials.FetcherOptions{AllowLoopback: true})
	issued := is.Issue(issuertest.Credential{Email: holder, Title: "SQL for analysts", Skills: []string{escoSQL, notESCO, escoHTTP}})
	v, c := f.VerifyForeign(context.Background(), issued.JWT, holder)
	if !v.Valid {
		t.Fatalf("%s: %s", v.Verdict, v.Reason)
	}
	if c.ID != issued.ID || c.IssuerName != "Belfry Institute" || c.IssuerID != is.DID || c.Title != "SQL for analysts" || c.Achievement != "SQL for analysts" {
		t.Fatalf("credential %+v", c)
	}
	want := []string{escoSQL, "http://data.europa.eu/esco/skill/0a1b2c3d-0000-4000-8000-000000000001"}
	if !slices.Equal(c.Skills, want) {
		t.Fatalf("skills %v, want %v", c.Skills, want)
	}
}

func TestVerifyForeignRefusesWhatItCannotFetchSafely(t *testing.T) {
	ctx := context.Background()
	t.Run("loopback refused without the setting", func(t *testing.T) {
		is := issuertest.New(t, "Belfry Institute")
		f := credentials.NewFetcher(credentials.FetcherOptions{})
		v, _ := f.VerifyForeign(ctx, is.Issue(issuertest.Credential{Email: holder}).JWT, holder)
		if v.Verdict != credentials.VerdictIssuerUnreachable || !strings.Contains(v.Reason, "not a public address") {
			t.Fatalf("%s: %s", v.Verdict, v.Reason)
		}
	})
	t.Run("issuer unreachable", func(t *testing.T) {
		is := issuertest.New(t, "Belfry Institute")
		jwt := is.Issue(issuertest.Credential{Email: holder}).JWT
		is.Close()
		f := credentials.NewFetcher(credentials.FetcherOptions{AllowLoopback: true})
		if v, _ := f.VerifyForeign(ctx, jwt, holder); v.Verdict != credentials.VerdictIssuerUnreachable {
			t.Fatalf("%s: %s", v.Verdict, v.Reason)
		}
	})
	t.Run("oversized key document", func(t *testing.T) {
		is := issuertest.New(t, "Belfry Institute")
		is.PadKeyDocuments()
		f := credentials.NewFetcher(credentials.FetcherOptions{AllowLoopback: true})
		if v, _ := f.VerifyForeign(ctx, is.Issue(issuertest.Credential{Email: holder}).JWT, holder); v.Verdict != credentials.VerdictTooLarge {
			t.Fatalf("%s: %s", v.Verdict, v.Reason)
		}
	})
}

func TestVerifyForeignFetchesFewStatusListsAndOnlyTheIssuers(t *testing.T) {
	is := issuertest.New(t, "Belfry Institute")
	elsewhere := issuertest.New(t, "Elsewhere")
	for _, tc := range []struct {
		name    string
		cred    issuertest.Credential
		verdict string
		reason  string
	}{
		{"one entry", issuertest.Credential{Email: holder, StatusEntries: 1}, credentials.VerdictValid, ""},
		{"revocation and suspension", issuertest.Credential{Email: holder}, credentials.VerdictValid, ""},
		{"three entries", issuertest.Credential{Email: holder, StatusEntries: 3}, credentials.VerdictMalformed, "at most 2"},
		{"status lists of another issuer", issuertest.Credential{Email: holder, StatusFrom: elsewhere}, credentials.VerdictMalformed, "not on the issuer's host"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := credentials.NewFetcher(credentials.FetcherOptions{AllowLoopback: true})
			fetched := is.StatusFetches() + elsewhere.StatusFetches()
			v, _ := f.VerifyForeign(context.Background(), is.Issue(tc.cred).JWT, holder)
			if v.Verdict != tc.verdict || !strings.Contains(v.Reason, tc.reason) {
				t.Fatalf("verdict %s (%s), want %s (%s)", v.Verdict, v.Reason, tc.verdict, tc.reason)
			}
			if n := is.StatusFetches() + elsewhere.StatusFetches() - fetched; tc.verdict != credentials.VerdictValid && n != 0 {
				t.Fatalf("%d status lists fetched for a refused credential", n)
			}
		})
	}
}

func TestVerifyForeignSeesARevocationOnceTheCacheExpires(t *testing.T) {
	is := issuertest.New(t, "Belfry Institute")
	now := time.Now()
	f := credentials.NewFetcher(credentials.FetcherOptions{AllowLoopback: true, Now: func() time.Time { return now }})
	issued := is.Issue(issuertest.Credential{Email: holder})
	if v, _ := f.VerifyForeign(context.Background(), issued.JWT, holder); !v.Valid {
		t.Fatalf("%s: %s", v.Verdict, v.Reason)
	}
	is.Revoke(issued.Index)
	now = now.Add(6 * time.Minute)
	if v, _ := f.VerifyForeign(context.Background(), issued.JWT, holder); v.Verdict != credentials.VerdictRevoked {
		t.Fatalf("%s: %s", v.Verdict, v.Reason)
	}
}
