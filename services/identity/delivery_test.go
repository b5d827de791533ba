package identity

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/hibiken/asynq"

	"academy/jobs"
	"academy/services/kit/testenv"
	"academy/services/mailer"
)

// mailbox is an SMTP server on a loopback port that keeps what it receives
// and refuses the first failFirst messages with a temporary error.
type mailbox struct {
	mu        sync.Mutex
	received  []string
	failFirst int
	tries     int
}

func (m *mailbox) NewSession(*smtp.Conn) (smtp.Session, error) { return &mailSession{box: m}, nil }

type mailSession struct{ box *mailbox }

func (s *mailSession) Reset()                               {}
func (s *mailSession) Logout() error                        { return nil }
func (s *mailSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *mailSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *mailSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.box.mu.Lock()
	defer s.box.mu.Unlock()
	s.box.tries++
	if s.box.tries <= s.box.failFirst {
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	s.box.received = append(s.box.received, string(b))
	return nil
}

func (m *mailbox) messages() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.received...)
}

// startMailbox serves box on a free loopback port and returns its SMTP URL.
func startMailbox(t *testing.T, box *mailbox) string {
	t.Helper()
	srv := smtp.NewServer(box)
	srv.Domain = "mail.test"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return "smtp://" + ln.Addr().String() + "?tls=none&from=" + "Academy%20%3Cacademy@academy.test%3E"
}

// TestResetMailDeliveredOverSMTP sends a password reset mail through the
// real queue and worker to an SMTP server that first refuses it: the task
// retries, the mail arrives once with the link, and the outbox records it.
func TestResetMailDeliveredOverSMTP(t *testing.T) {
	box := &mailbox{failFirst: 1}
	sender, err := mailer.New(startMailbox(t, box))
	if err != nil {
		t.Fatal(err)
	}
	opt := testenv.Redis(t)
	redisOpt := asynq.RedisClientOpt{Addr: opt.Addr, Password: opt.Password, DB: opt.DB}
	queue := jobs.NewQueue(redisOpt)
	t.Cleanup(func() { _ = queue.Close() })

	f := newFixture(t)
	svc, err := NewService(f.store, f.keys, Options{PublicBaseURL: testBaseURL, Log: slog.New(slog.NewJSONHandler(f.log, nil)), Mailer: sender, Queue: queue})
	if err != nil {
		t.Fatal(err)
	}
	worker := jobs.NewWorker(redisOpt, 2, slog.New(slog.DiscardHandler))
	worker.Handle(TypeDeliverMail, svc.HandleDeliverMailTask)
	if err := worker.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(worker.Shutdown)

	u := f.registerAs(t, Registration{Email: "ada@example.org", Password: testPassword, DisplayName: "Ada Lovelace", Language: LanguageFrench})
	if err := svc.ForgotPassword(context.Background(), u.Email); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for len(box.messages()) == 0 || len(f.pendingMail(t)) != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("after 20 s: %d mails received, %d pending, %d tries", len(box.messages()), len(f.pendingMail(t)), box.tries)
		}
		time.Sleep(100 * time.Millisecond)
	}
	msg := box.messages()[0]
	for _, want := range []string{"To: <ada@example.org>", "From: \"Academy\" <academy@academy.test>", "Subject: =?utf-8?q?R=C3=A9initialisez", "Content-Type: text/plain; charset=utf-8", "/password/reset?token=3D"} {
		if !strings.Contains(msg, want) {
			t.Errorf("mail lacks %q:\n%s", want, msg)
		}
	}
	if len(box.messages()) != 1 || box.tries != 2 {
		t.Errorf("%d mails received in %d tries, want 1 in 2", len(box.messages()), box.tries)
	}
	if f.log.contains("token=") {
		t.Error("the reset link was written to the log")
	}
}

// TestUndeliverableMailStaysInOutbox checks that without a mail server the
// mail waits in the outbox and its link is not logged, and that the
// explicit development mode logs it instead of sending.
func TestUndeliverableMailStaysInOutbox(t *testing.T) {
	for _, dev := range []bool{false, true} {
		t.Run(fmt.Sprintf("dev mail log %v", dev), func(t *testing.T) {
			f := newFixture(t)
			svc, err := NewService(f.store, f.keys, Options{PublicBaseURL: testBaseURL, Log: slog.New(slog.NewJSONHandler(f.log, nil)), DevMailLog: dev})
			if err != nil {
				t.Fatal(err)
			}
			f.register(t, "ada@example.org")
			if err := svc.ForgotPassword(context.Background(), "ada@example.org"); err != nil {
				t.Fatal(err)
			}
			m := f.pendingMail(t)[0]
			err = svc.HandleDeliverMailTask(context.Background(), NewDeliverMailTask(m.ID))
			if err != nil && !errors.Is(err, asynq.SkipRetry) {
				t.Fatal(err)
			}
			if got := f.log.contains("token="); got != dev {
				t.Errorf("link logged = %v, want %v", got, dev)
			}
			if pending := len(f.pendingMail(t)); (pending == 1) == dev {
				t.Errorf("%d mails pending after delivery with dev mode %v", pending, dev)
			}
		})
	}
}
