package identity

import (
	"context"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"academy/services/kit/apperr"
	"academy/services/kit/testenv"
)

// An address's claim holds while its account is being opened, and is taken
// over once that account was never written or has been erased: the address
// then opens a new account that signs in.
func TestEmailClaimsAreTakenOverOnlyWhenStale(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	signsIn := func(email string) bool {
		_, err := f.svc.Login(ctx, email, testPassword, "")
		return err == nil
	}

	// A registration that crashed between its claim and its account.
	if err := f.store.claimEmail(ctx, emailKey("bob@example.org"), "never-written", f.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if err := f.store.insertUser(ctx, account{User: User{ID: "second", Email: "bob@example.org"}, EmailKey: emailKey("bob@example.org")}, f.clock.Now()); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("opening an account on a fresh claim = %v, want a conflict", err)
	}
	if signsIn("bob@example.org") {
		t.Fatal("an address whose account was never written signs in")
	}
	f.clock.Advance(staleClaim + time.Second)
	bob := f.register(t, "bob@example.org")
	if !signsIn("bob@example.org") {
		t.Fatal("the address of a stale claim opens no account that signs in")
	}

	// An account erased after its claim was left (a crash before the release).
	if _, err := f.db.Collection("users").UpdateOne(ctx, bson.M{"_id": bob.ID}, bson.M{"$set": bson.M{"email_key": "erased:" + bob.ID}}); err != nil {
		t.Fatal(err)
	}
	if signsIn("bob@example.org") {
		t.Fatal("an erased account signs in by its old address")
	}
	again := f.register(t, "bob@example.org")
	if again.ID == bob.ID || !signsIn("bob@example.org") {
		t.Fatalf("the erased account's address opened %s (was %s) or does not sign in", again.ID, bob.ID)
	}
}

// Accounts opened before the addresses were kept are found by their
// address once the store is opened again.
func TestAccountsOpenedBeforeTheAddressesWereKeptSignIn(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	ada := f.register(t, "ada@example.org")
	if _, err := f.db.Collection(emailsCollection).DeleteMany(ctx, bson.M{}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Login(ctx, "ada@example.org", testPassword, ""); err == nil {
		t.Fatal("signed in without the address's entry: the test proves nothing")
	}
	if err := f.store.EnsureIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	s, err := f.svc.Login(ctx, "ada@example.org", testPassword, "")
	if err != nil || s.User.ID != ada.ID {
		t.Fatalf("sign-in after the backfill = %+v, %v; want %s", s.User, err, ada.ID)
	}
}

// Many registrations of an address whose claim is stale, at once, open one
// account, and the address's entry names that account: none of the losers
// leaves it pointing at an account that was never written.
func TestRegistrationsTakingOverOneClaimAtOnceOpenOneAccount(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	key := emailKey("eve@example.org")
	if err := f.store.claimEmail(ctx, key, "never-written", f.clock.Now()); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(staleClaim + time.Second)
	errs := testenv.Concurrently(30, func() error {
		return f.svc.Register(ctx, Registration{Email: "eve@example.org", Password: testPassword, DisplayName: "Eve"}, "")
	})
	for _, err := range errs {
		if err != nil {
			t.Fatalf("a registration failed: %v", err)
		}
	}
	n, err := f.db.Collection("users").CountDocuments(ctx, bson.M{"email_key": key})
	if err != nil || n != 1 {
		t.Fatalf("accounts opened = %d, %v; want 1", n, err)
	}
	a, err := f.store.userByEmailKey(ctx, key)
	if err != nil || a.EmailKey != key {
		t.Fatalf("the address finds %+v, %v; want the account opened", a.User, err)
	}
}
