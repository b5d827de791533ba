package jobs

import (
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/hibiken/asynq"
	"github.com/prometheus/client_golang/prometheus"
)

// QueueStats are the figures of one queue.
type QueueStats struct {
	Queue string `json:"queue"`
	// Tasks by state: pending, active, scheduled, retry, archived, completed.
	Pending, Active, Scheduled, Retry, Archived, Completed int
	// Latency is how long the oldest pending task has waited.
	Latency time.Duration
	// Processed and Failed count the tasks handled and failed since the
	// queue exists (failed includes tasks retried later).
	Processed, Failed int
}

// Inspector reads the queues' figures from Redis.
type Inspector struct {
	insp *asynq.Inspector
}

// NewInspector returns an inspector of the queues on this Redis.
func NewInspector(redis asynq.RedisConnOpt) *Inspector {
	return &Inspector{insp: asynq.NewInspector(redis)}
}

// Close releases the inspector's connections.
func (i *Inspector) Close() error { return i.insp.Close() }

// Stats returns the figures of the three queues, then of any other queue
// Redis holds, by name.
func (i *Inspector) Stats() ([]QueueStats, error) {
	all, err := i.insp.Queues()
	if err != nil {
		return nil, fmt.Errorf("list queues: %w", err)
	}
	names := []string{QueueCritical, QueueDefault, QueueBulk}
	slices.Sort(all)
	for _, q := range all {
		if !slices.Contains(names, q) {
			names = append(names, q)
		}
	}
	out := make([]QueueStats, 0, len(names))
	for _, q := range names {
		if !slices.Contains(all, q) {
			// No task was ever enqueued on it.
			out = append(out, QueueStats{Queue: q})
			continue
		}
		info, err := i.insp.GetQueueInfo(q)
		if err != nil {
			return nil, fmt.Errorf("read queue %s: %w", q, err)
		}
		out = append(out, QueueStats{
			Queue: q, Pending: info.Pending, Active: info.Active, Scheduled: info.Scheduled, Retry: info.Retry,
			Archived: info.Archived, Completed: info.Completed, Latency: info.Latency,
			Processed: info.ProcessedTotal, Failed: info.FailedTotal,
		})
	}
	return out, nil
}

// Collector exports the queues' figures to Prometheus, read from Redis at each scrape.
type Collector struct {
	insp      *Inspector
	log       *slog.Logger
	tasks     *prometheus.Desc
	latency   *prometheus.Desc
	processed *prometheus.Desc
	failed    *prometheus.Desc
}

// NewCollector returns a collector of the queues insp reads.
func NewCollector(insp *Inspector, log *slog.Logger) *Collector {
	return &Collector{
		insp: insp,
		log:  log,
		tasks: prometheus.NewDesc("academy_queue_tasks", "Tasks in a queue, by state.",
			[]string{"queue", "state"}, nil),
		latency: prometheus.NewDesc("academy_queue_latency_seconds", "How long the oldest pending task of a queue has waited.",
			[]string{"queue"}, nil),
		processed: prometheus.NewDesc("academy_queue_processed_total", "Tasks of a queue handled, successfully or not.",
			[]string{"queue"}, nil),
		failed: prometheus.NewDesc("academy_queue_failed_total", "Task runs of a queue that failed.",
			[]string{"queue"}, nil),
	}
}

// Describe implements prometheus.Collector.
func (c *Collector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.tasks
	ch <- c.latency
	ch <- c.processed
	ch <- c.failed
}

// Collect implements prometheus.Collector. When Redis does not answer it
// exports nothing and logs why, so that the other metrics are still served.
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	stats, err := c.insp.Stats()
	if err != nil {
		c.log.Warn("queue metrics", "err", err)
		return
	}
	for _, s := range stats {
		for state, n := range map[string]int{"pending": s.Pending, "active": s.Active, "scheduled": s.Scheduled,
			"retry": s.Retry, "archived": s.Archived, "completed": s.Completed} {
			ch <- prometheus.MustNewConstMetric(c.tasks, prometheus.GaugeValue, float64(n), s.Queue, state)
		}
		ch <- prometheus.MustNewConstMetric(c.latency, prometheus.GaugeValue, s.Latency.Seconds(), s.Queue)
		ch <- prometheus.MustNewConstMetric(c.processed, prometheus.CounterValue, float64(s.Processed), s.Queue)
		ch <- prometheus.MustNewConstMetric(c.failed, prometheus.CounterValue, float64(s.Failed), s.Queue)
	}
}
