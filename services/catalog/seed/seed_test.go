package seed_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"academy/content"
	"academy/services/catalog"
	"academy/services/catalog/seed"
	"academy/services/kit/auth"
	"academy/services/kit/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// orgs is an in-memory stand-in for the identity context's organisations.
type orgs struct {
	mu      sync.Mutex
	ensured map[string]int // slug → calls to EnsureVerifiedOrg
}

func (o *orgs) RoleIn(context.Context, string, string) (string, bool, error) { return "", false, nil }

func (o *orgs) EnsureVerifiedOrg(_ context.Context, slug, _, _, _, _, _ string) (string, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.ensured[slug]++
	return "org-" + slug, nil
}

func newService(t *testing.T) (*catalog.Service, *orgs) {
	t.Helper()
	store := catalog.NewStore(testenv.DB(t))
	if err := store.EnsureIndexes(context.Background()); err != nil {
		t.Fatal(err)
	}
	o := &orgs{ensured: map[string]int{}}
	return catalog.NewService(store, o, nil, nil, nil), o
}

var reader = auth.Principal{UserID: "reader"}

func TestLoadContent(t *testing.T) {
	svc, _ := newService(t)
	ctx := context.Background()
	report, err := seed.Load(ctx, content.Files(), svc)
	var serr *seed.Error
	if errors.As(err, &serr) {
		t.Fatalf("the seed content has broken files:\n%v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Log(report)
}
