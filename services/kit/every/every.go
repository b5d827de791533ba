// Package every runs in-process upkeep on a ticker: the refreshes of caches
// every process keeps (signing keys, ended sessions), as opposed to work
// done once per cluster, which goes through the job queue's scheduler.
package every

import (
	"context"
	"log/slog"
	"time"
)

// Run calls f every interval (which must be positive) until ctx is done,
// logging a failure as a warning that names what f does.
func Run(ctx context.Context, interval time.Duration, log *slog.Logger, what string, f func(context.Context) error) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := f(ctx); err != nil && ctx.Err() == nil {
				log.Warn(what, "err", err)
			}
		}
	}
}
