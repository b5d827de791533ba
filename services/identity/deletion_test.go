package identity

import (
	"context"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"go.mongodb.org/mongo-driver/bson"

	"academy/services/kit/apperr"
	"academy/services/kit/events"
	"academy/services/kit/guarded"
)

// taskList is a queue that keeps what it is given, for the test to run;
// a task given twice runs twice, which deliveries allow.
type taskList struct{ tasks []*asynq.Task }

func (q *taskList) Add(_ context.Context, t *asynq.Task) (bool, error) {
	q.tasks = append(q.tasks, t)
	return true, nil
}

// A deletion that stopped right after recording its tombstone, before
// erasing anything, is finished by the events reconciler: the person can
// no longer sign in or refresh, their details and memberships are gone,
// and asking again does not start a second deletion.
func TestAccountDeletionFinishesAfterAStop(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	owner := f.register(t, "owner@example.org")
	ada := f.register(t, "ada@example.org")
	org := f.createOrg(t, owner, "")
	f.addMember(t, owner, org.ID, "ada@example.org", RoleOwner)
	session := f.login(t, "ada@example.org")

	w, err := guarded.New(ctx, f.db)
	if err != nil {
		t.Fatal(err)
	}
	q := &taskList{}
	outbox := events.NewOutbox(f.db, w, q, events.Options{Now: f.clock.Now})
	outbox.Watch(f.store.AccountDeletions())
	outbox.Subscribe(events.AccountDeleted, "identity", f.svc.HandleAccountDeleted)

	// What DeleteAccount writes first, and all it wrote before stopping.
	ev, err := events.New(events.AccountDeleted, events.UserData{UserID: ada.ID}, f.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	slots, err := f.svc.takeOwnerSlots(ctx, ada.ID)
	if err != nil {
		t.Fatal(err)
	}
	if recorded, err := f.store.recordDeletion(ctx, accountDeletion{UserID: ada.ID, DeletedAt: ev.At, OwnerSlots: slots}, ev); err != nil || !recorded {
		t.Fatalf("record the deletion = %v, %v", recorded, err)
	}
	err = f.svc.DeleteAccount(ctx, ada.Principal(), testPassword)
	assertCode(t, err, apperr.NotFound, "not-found")

	if n, err := outbox.Reconcile(ctx, time.Hour); err != nil || n == 0 {
		t.Fatalf("reconcile = %d, %v; want the deletion's event published", n, err)
	}
	for _, task := range q.tasks {
		if err := outbox.HandleTask(ctx, task); err != nil {
			t.Fatal(err)
		}
	}

	_, err = f.svc.Login(ctx, "ada@example.org", testPassword, "192.0.2.1")
	assertCode(t, err, apperr.Unauthorized, "invalid-credentials")
	_, err = f.svc.Refresh(ctx, session.RefreshToken)
	assertCode(t, err, apperr.Unauthorized, "invalid-refresh-token")
	var doc bson.M
	if err := f.db.Collection("users").FindOne(ctx, bson.M{"_id": ada.ID}).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if doc["email"] != "" || doc["display_name"] != "" || doc["password_hash"] != "" || doc["deleted_at"] == nil {
		t.Errorf("the account after the reconciler = %v; want it erased", doc)
	}
	if ms, err := f.svc.OrgsOf(ctx, ada.ID); err != nil || len(ms) != 0 {
		t.Errorf("memberships after the reconciler = %+v, %v; want none", ms, err)
	}
	// The other owner is the last one now, and counted once.
	if o, err := f.store.orgByID(ctx, org.ID); err != nil || o.Owners != 1 {
		t.Errorf("owners counted after the reconciler = %d, %v; want 1", o.Owners, err)
	}
	err = f.svc.LeaveOrg(ctx, owner.Principal(), org.ID)
	assertCode(t, err, apperr.Conflict, "last-owner")
	if err := f.svc.Register(ctx, Registration{Email: "ada@example.org", Password: testPassword, DisplayName: "Ada"}, "192.0.2.1"); err != nil {
		t.Errorf("the address opens no new account: %v", err)
	}
}
