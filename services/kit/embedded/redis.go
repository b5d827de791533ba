package embedded

import (
	"fmt"

	"github.com/alicebob/miniredis/v2"
)

// Redis is an in-process miniredis that carries the job queue when no Redis
// is configured. It keeps nothing across restarts; the database is the record
// of every piece of work and reconcilers re-enqueue what was lost.
type Redis struct {
	Addr string
	srv  *miniredis.Miniredis
}

// StartRedis starts miniredis on a loopback port.
func StartRedis() (*Redis, error) {
	srv := miniredis.NewMiniRedis()
	if err := srv.StartAddr("127.0.0.1:0"); err != nil {
		return nil, fmt.Errorf("start embedded redis: %w", err)
	}
	return &Redis{Addr: srv.Addr(), srv: srv}, nil
}

// Close stops miniredis.
func (r *Redis) Close() { r.srv.Close() }
