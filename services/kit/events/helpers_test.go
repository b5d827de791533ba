package events_test

import (
	"log/slog"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"go.mongodb.org/mongo-driver/mongo/options"
)

func optionsUpsert() *options.UpdateOptions { return options.Update().SetUpsert(true) }

func quietLog() *slog.Logger { return slog.New(slog.DiscardHandler) }

// waitIdle waits until no task waits, runs or awaits a retry.
func waitIdle(t *testing.T, r asynq.RedisClientOpt) {
	t.Helper()
	insp := asynq.NewInspector(r)
	defer insp.Close()
	deadline := time.Now().Add(15 * time.Second)
	for {
		busy := 0
		queues, err := insp.Queues()
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range queues {
			info, err := insp.GetQueueInfo(q)
			if err != nil {
				t.Fatal(err)
			}
			busy += info.Pending + info.Active + info.Scheduled + info.Retry
		}
		if busy == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d tasks still queued", busy)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
