package identity

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/hibiken/asynq"
	"go.mongodb.org/mongo-driver/bson"

	"academy/jobs"
	"academy/services/kit/apperr"
	"academy/services/kit/mongokit"
)

// TypeDeliverMail is the task that sends one mail of the outbox.
const TypeDeliverMail = jobs.TypeDeliverMail

// MailSender delivers a mail; mailer.SMTP implements it.
type MailSender interface {
	Send(ctx context.Context, to, subject, text string) error
}

// Enqueuer puts background tasks on the queue; jobs.Queue implements it.
type Enqueuer interface {
	Enqueue(ctx context.Context, t *asynq.Task, opts ...asynq.Option) error
}

type mailPayload struct {
	ID string `json:"id"`
}

// NewDeliverMailTask is the task that sends the outbox mail id.
func NewDeliverMailTask(id string) *asynq.Task {
	payload, _ := json.Marshal(mailPayload{ID: id})
	return jobs.NewTask(TypeDeliverMail, payload, asynq.TaskID(TypeDeliverMail+":"+id))
}

// queueMail asks the worker to send a mail just written to the outbox. A
// failure is only logged: the mail is in the outbox and the reconciler
// enqueues it again.
func (s *Service) queueMail(ctx context.Context, m Mail) {
	if s.queue == nil {
		return
	}
	if err := s.queue.Enqueue(ctx, NewDeliverMailTask(m.ID)); err != nil {
		s.log.WarnContext(ctx, "enqueue mail", "mail_id", m.ID, "err", err)
	}
}

// HandleDeliverMailTask sends one outbox mail and marks it sent. Without a
// mail sender the mail is written to the log only in the explicit
// development mode, as it carries secrets (reset links); otherwise it waits
// in the outbox.
func (s *Service) HandleDeliverMailTask(ctx context.Context, t *asynq.Task) error {
	var p mailPayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil || p.ID == "" {
		return fmt.Errorf("mail task payload %q is not {id}: %w", t.Payload(), asynq.SkipRetry)
	}
	m, err := mongokit.FindOne[Mail](ctx, s.store.outbox, bson.M{"_id": p.ID}, "mail")
	if apperr.Is(err, apperr.NotFound) {
		return nil
	}
	if err != nil || m.SentAt != nil {
		return err
	}
	switch {
	case s.mailer != nil:
		if err := s.mailer.Send(ctx, m.To, m.Subject, m.Text); err != nil {
			return fmt.Errorf("deliver mail %s: %w", m.ID, err)
		}
	case s.devMailLog:
		s.log.InfoContext(ctx, "mail (development mode: not sent)", "mail_id", m.ID, "to", m.To, "subject", m.Subject, "text", m.Text)
	default:
		s.log.WarnContext(ctx, "mail kept in the outbox: no mail server configured (ACADEMY_SMTP_URL)", "mail_id", m.ID, "kind", m.Kind)
		return nil
	}
	return s.store.markMailSent(ctx, m.ID, s.clock())
}

// ReconcileMail enqueues again the mails left unsent for longer than
// olderThan, as after a restart of the embedded queue. It does nothing
// without a way to send them.
func (s *Service) ReconcileMail(ctx context.Context, olderThan time.Duration) (int, error) {
	if s.queue == nil || (s.mailer == nil && !s.devMailLog) {
		return 0, nil
	}
	pending, err := s.store.PendingMail(ctx, 100)
	if err != nil {
		return 0, err
	}
	now := s.clock()
	n := 0
	for _, m := range pending {
		if now.Sub(m.CreatedAt) < olderThan {
			continue
		}
		// A new task id each round: the first task may have run out of retries.
		id := fmt.Sprintf("%s:%s:reconcile:%d", TypeDeliverMail, m.ID, now.Unix()/60)
		if err := s.queue.Enqueue(ctx, NewDeliverMailTask(m.ID), asynq.TaskID(id)); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func (s *Store) markMailSent(ctx context.Context, id string, now time.Time) error {
	if _, err := s.outbox.UpdateOne(ctx, bson.M{"_id": id}, bson.M{"$set": bson.M{"sent_at": now}}); err != nil {
		return fmt.Errorf("mark mail %s sent: %w", id, err)
	}
	return nil
}
