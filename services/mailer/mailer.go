// Package mailer delivers plain-text mail through an SMTP server named by a
// URL: smtp://[user:password@]host[:port]?from=address (STARTTLS required),
// smtps:// for TLS from the first byte, or smtp://…&tls=none for a relay on
// a trusted network that speaks no TLS (such as a local development inbox).
package mailer

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/url"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// SMTP sends mail through one SMTP server.
type SMTP struct {
	addr        string
	implicitTLS bool
	plain       bool
	auth        sasl.Client
	from        mail.Address
	now         func() time.Time
}

// New reads the server's URL. The from parameter is required: it is the
// sender every mail shows.
func New(rawURL string) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("SMTP URL: %w", err)
	}
	s := &SMTP{now: time.Now}
	port := "587"
	switch u.Scheme {
	case "smtp":
	case "smtps":
		s.implicitTLS, port = true, "465"
	default:
		return nil, fmt.Errorf("SMTP URL: scheme %q, want smtp or smtps", u.Scheme)
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("SMTP URL: no host")
	}
	if u.Port() != "" {
		port = u.Port()
	}
	s.addr = net.JoinHostPort(u.Hostname(), port)
	from, err := mail.ParseAddress(u.Query().Get("from"))
	if err != nil {
		return nil, fmt.Errorf("SMTP URL: the from parameter must be the sender's address: %w", err)
	}
	s.from = *from
	switch u.Query().Get("tls") {
	case "":
	case "none":
		if s.implicitTLS {
			return nil, fmt.Errorf("SMTP URL: smtps always uses TLS; drop tls=none")
		}
		if u.User != nil {
			return nil, fmt.Errorf("SMTP URL: a password is never sent without TLS; drop tls=none")
		}
		s.plain = true
	default:
		return nil, fmt.Errorf("SMTP URL: tls=%q, want none or nothing", u.Query().Get("tls"))
	}
	if u.User != nil {
		password, _ := u.User.Password()
		s.auth = sasl.NewPlainClient("", u.User.Username(), password)
	}
	return s, nil
}

// Addr is the server's host:port, for logs.
func (s *SMTP) Addr() string { return s.addr }

// Send delivers one mail to one recipient.
func (s *SMTP) Send(_ context.Context, to, subject, text string) error {
	rcpt, err := mail.ParseAddress(to)
	if err != nil {
		return fmt.Errorf("send mail: recipient %q: %w", to, err)
	}
	msg, err := s.message(*rcpt, subject, text)
	if err != nil {
		return err
	}
	switch {
	case s.plain:
		err = s.sendPlain(rcpt.Address, msg)
	case s.implicitTLS:
		err = smtp.SendMailTLS(s.addr, s.auth, s.from.Address, []string{rcpt.Address}, bytes.NewReader(msg))
	default:
		err = smtp.SendMail(s.addr, s.auth, s.from.Address, []string{rcpt.Address}, bytes.NewReader(msg))
	}
	if err != nil {
		return fmt.Errorf("send mail through %s: %w", s.addr, err)
	}
	return nil
}

// sendPlain sends without TLS, which SendMail refuses to do.
func (s *SMTP) sendPlain(to string, msg []byte) error {
	c, err := smtp.Dial(s.addr)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.SendMail(s.from.Address, []string{to}, bytes.NewReader(msg)); err != nil {
		return err
	}
	return c.Quit()
}

// message is the RFC 5322 message: UTF-8 text, quoted-printable, the
// subject encoded as RFC 2047 requires.
func (s *SMTP) message(to mail.Address, subject, text string) ([]byte, error) {
	var id [12]byte
	_, _ = rand.Read(id[:])
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: %s\r\n", s.from.String())
	fmt.Fprintf(&b, "To: %s\r\n", to.String())
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.QEncoding.Encode("utf-8", subject))
	fmt.Fprintf(&b, "Date: %s\r\n", s.now().Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <%s@%s>\r\n", hex.EncodeToString(id[:]), domainOf(s.from.Address))
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
	w := quotedprintable.NewWriter(&b)
	if _, err := w.Write([]byte(text)); err != nil {
		return nil, fmt.Errorf("encode mail: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("encode mail: %w", err)
	}
	return b.Bytes(), nil
}

func domainOf(address string) string {
	if i := strings.LastIndexByte(address, '@'); i >= 0 {
		return address[i+1:]
	}
	return "localhost"
}
