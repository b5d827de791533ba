package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/hibiken/asynq"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"academy/jobs"
)

// QueuesCmd shows the figures of the job queues.
type QueuesCmd struct{}

// Run prints each queue's tasks by state, latency, processed and failed
// counts: read from ACADEMY_REDIS_URL, or, as the embedded queue lives
// inside `academy run`, from the /metrics of the academy at ACADEMY_ADDR.
func (QueuesCmd) Run(ctx context.Context, cfg *Config) error {
	stats, err := queueStats(ctx, cfg)
	if err != nil {
		return err
	}
	return printQueueStats(os.Stdout, stats)
}

func queueStats(ctx context.Context, cfg *Config) ([]jobs.QueueStats, error) {
	if cfg.RedisURL == "" {
		return scrapeQueueStats(ctx, "http://"+cfg.Addr+"/metrics")
	}
	opt, err := asynq.ParseRedisURI(cfg.RedisURL)
	if err != nil {
		return nil, fmt.Errorf("ACADEMY_REDIS_URL: %w", err)
	}
	insp := jobs.NewInspector(opt)
	defer insp.Close()
	return insp.Stats()
}

// scrapeQueueStats reads the queues' figures from an academy's /metrics.
func scrapeQueueStats(ctx context.Context, url string) ([]jobs.QueueStats, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("the embedded queue lives inside `academy run`, which does not answer at %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", url, err)
	}
	byQueue := map[string]*jobs.QueueStats{}
	var order []string
	at := func(labels map[string]string) *jobs.QueueStats {
		q := labels["queue"]
		if byQueue[q] == nil {
			byQueue[q] = &jobs.QueueStats{Queue: q}
			order = append(order, q)
		}
		return byQueue[q]
	}
	for name, f := range families {
		for _, m := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			v := m.GetGauge().GetValue() + m.GetCounter().GetValue()
			switch name {
			case "academy_queue_tasks":
				s := at(labels)
				n := int(v)
				switch labels["state"] {
				case "pending":
					s.Pending = n
				case "active":
					s.Active = n
				case "scheduled":
					s.Scheduled = n
				case "retry":
					s.Retry = n
				case "archived":
					s.Archived = n
				case "completed":
					s.Completed = n
				}
			case "academy_queue_latency_seconds":
				at(labels).Latency = time.Duration(v * float64(time.Second))
			case "academy_queue_processed_total":
				at(labels).Processed = int(v)
			case "academy_queue_failed_total":
				at(labels).Failed = int(v)
			}
		}
	}
	if len(order) == 0 {
		return nil, fmt.Errorf("%s exports no queue figures: is it an academy?", url)
	}
	// Metrics come sorted by label; show the queues in the order Stats gives.
	known := []string{jobs.QueueCritical, jobs.QueueDefault, jobs.QueueBulk}
	rank := func(q string) int {
		if i := slices.Index(known, q); i >= 0 {
			return i
		}
		return len(known)
	}
	slices.SortFunc(order, func(a, b string) int { return cmp.Or(cmp.Compare(rank(a), rank(b)), strings.Compare(a, b)) })
	out := make([]jobs.QueueStats, 0, len(order))
	for _, q := range order {
		out = append(out, *byQueue[q])
	}
	return out, nil
}

// printQueueStats writes one line per queue.
func printQueueStats(w io.Writer, stats []jobs.QueueStats) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "queue\tpending\tactive\tscheduled\tretry\tarchived\tcompleted\tlatency\tprocessed\tfailed\t")
	for _, s := range stats {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%v\t%d\t%d\t\n", s.Queue, s.Pending, s.Active, s.Scheduled, s.Retry,
			s.Archived, s.Completed, s.Latency.Round(time.Millisecond), s.Processed, s.Failed)
	}
	return tw.Flush()
}
