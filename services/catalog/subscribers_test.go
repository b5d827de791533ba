package catalog_test

import (
	"context"
	"testing"
	"time"

	"academy/services/kit/apperr"
	"academy/services/kit/events"
)

func verified(t *testing.T, d events.OrganisationData) events.Event {
	t.Helper()
	ev, err := events.New(events.OrganisationVerified, d, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

// A verified university or provider finds its institution profile made from
// what it told the platform; a company gets none, and a profile its staff
// already edited is kept, however often the event arrives.
func TestVerifiedOrganisationGetsItsInstitutionProfile(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	cases := []struct {
		name string
		data events.OrganisationData
		want string // the profile's name afterwards; empty: no profile
	}{
		{"a provider gets its profile", events.OrganisationData{OrgID: "org-datenwerk", Kind: "provider", Name: "Datenwerk Akademie", Slug: "datenwerk",
			Country: "DE", Website: "https://datenwerk.example.de", LogoURL: "https://datenwerk.example.de/logo.png", Description: "Data courses."}, "Datenwerk Akademie"},
		{"a company gets none", events.OrganisationData{OrgID: "org-acme", Kind: "company", Name: "Acme GmbH", Slug: "acme", Country: "DE"}, ""},
		{"an edited profile is kept", events.OrganisationData{OrgID: "org-belfry", Kind: "university", Name: "Belfry Univ. (legal name)", Slug: "belfry", Country: "BE"}, "Belfry University"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ev := verified(t, c.data)
			for range 2 {
				if err := e.svc.HandleOrganisationVerified(ctx, ev); err != nil {
					t.Fatal(err)
				}
			}
			got, err := e.svc.Institution(ctx, c.data.Slug)
			switch {
			case c.want == "" && !apperr.Is(err, apperr.NotFound):
				t.Fatalf("institution %s = %+v, %v; want none", c.data.Slug, got.Institution, err)
			case c.want == "":
			case err != nil:
				t.Fatal(err)
			case got.Name != c.want || got.ID != c.data.OrgID:
				t.Fatalf("institution %s = %q of %s, want %q of %s", c.data.Slug, got.Name, got.ID, c.want, c.data.OrgID)
			}
		})
	}
	d, err := e.svc.Institution(ctx, "datenwerk")
	if err != nil {
		t.Fatal(err)
	}
	if d.LogoURL != "https://datenwerk.example.de/logo.png" || d.Country != "DE" || d.Kind != "provider" {
		t.Fatalf("datenwerk's profile = %+v", d.Institution)
	}
}
