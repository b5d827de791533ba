package competitions

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"academy/services/kit/apperr"
	"academy/services/kit/auth"
)

// A browser saves a large file straight to disk only when it navigates to
// it, and a navigation carries no bearer token. So a download link carries
// its own short-lived token instead: an HMAC-signed JWT naming the
// competition, the file, the user it was made for and its expiry, minted
// after the same authorisation as the download itself and checked again,
// for the user it names, when it is used: a participant disqualified or a
// host removed from the organisation since cannot use it.

// LinkTTL is how long a download link works.
const LinkTTL = 5 * time.Minute

// LinkKeySize is the size of the key that signs download links.
const LinkKeySize = 32

// The audiences of download links: a data file's link never opens a
// solution, nor the other way round.
const (
	fileLinkAudience     = "competition-file"
	solutionLinkAudience = "competition-solution"
)

// Link is a short-lived download link; the HTTP layer makes its URL.
type Link struct {
	URL       string    `json:"url"`
	ExpiresAt time.Time `json:"expires_at"`
	// token is what the URL carries.
	token string
}

// linkClaims are a download link's token: the subject is the user it was
// made for.
type linkClaims struct {
	jwt.RegisteredClaims
	CompetitionID string `json:"cid"`
	// Object is the file's name or the phase's id.
	Object string `json:"obj"`
	// Admin says the user was an administrator, who hosts every competition.
	Admin bool `json:"adm,omitempty"`
}

// holder is the user the link was made for, as authorisation sees them.
func (c linkClaims) holder() auth.Principal { return auth.Principal{UserID: c.Subject, Admin: c.Admin} }

// linkSigner signs and verifies download links.
type linkSigner struct {
	key []byte
	now func() time.Time
}

// newLinkSigner returns a signer with key, or with a random key of this
// process when key is empty. A shorter key is a wiring mistake.
func newLinkSigner(key []byte, now func() time.Time) *linkSigner {
	if len(key) == 0 {
		key = make([]byte, LinkKeySize)
		rand.Read(key) // never fails since Go 1.24
	}
	if len(key) < LinkKeySize {
		panic(fmt.Sprintf("competitions: the download link key has %d bytes, want at least %d", len(key), LinkKeySize))
	}
	return &linkSigner{key: key, now: now}
}

func (l *linkSigner) sign(audience string, p auth.Principal, competitionID, object string) (Link, error) {
	exp := l.now().UTC().Add(LinkTTL).Truncate(time.Second)
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, linkClaims{
		RegisteredClaims: jwt.RegisteredClaims{Subject: p.UserID, Audience: jwt.ClaimStrings{audience}, ExpiresAt: jwt.NewNumericDate(exp)},
		CompetitionID:    competitionID, Object: object, Admin: p.Admin,
	})
	token, err := t.SignedString(l.key)
	if err != nil {
		return Link{}, fmt.Errorf("sign a download link: %w", err)
	}
	return Link{ExpiresAt: exp, token: token}, nil
}

// invalidLink is the one answer to a link that does not open what it is
// used for, whatever the reason, which is kept for the log.
func invalidLink(reason error) error {
	return &apperr.Error{Kind: apperr.Forbidden, Code: "invalid-download-link",
		Detail: "the download link is invalid or has expired; ask for a new one", Err: reason}
}

// verify returns the claims of an unexpired link token of this audience.
func (l *linkSigner) verify(token, audience string) (linkClaims, error) {
	var claims linkClaims
	if token == "" {
		return claims, apperr.InvalidField("token", "is required: ask for a download link first")
	}
	_, err := jwt.ParseWithClaims(token, &claims, func(*jwt.Token) (any, error) { return l.key, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}), jwt.WithAudience(audience), jwt.WithExpirationRequired(), jwt.WithTimeFunc(l.now))
	if err != nil {
		return claims, invalidLink(err)
	}
	return claims, nil
}

// linked returns the competition with this slug and the user the link was
// made for, if the token is a link of this audience to object in it.
func (s *Service) linked(ctx context.Context, slug, token, audience, object string) (Competition, auth.Principal, error) {
	claims, err := s.links.verify(token, audience)
	if err != nil {
		return Competition{}, auth.Principal{}, err
	}
	c, err := s.store.CompetitionBySlug(ctx, slug)
	if apperr.Is(err, apperr.NotFound) || (err == nil && (c.ID != claims.CompetitionID || claims.Object != object)) {
		return Competition{}, auth.Principal{}, invalidLink(errors.New("the link is for another file"))
	}
	return c, claims.holder(), err
}

// downloadable returns the competition and its data file if p may download
// it: the host, or a participant participantMayDownload lets through.
func (s *Service) downloadable(ctx context.Context, p auth.Principal, slug, name string) (Competition, FileInfo, error) {
	if !p.Authenticated() {
		return Competition{}, FileInfo{}, apperr.Unauthorizedf("sign in and accept the rules to download the data")
	}
	c, host, err := s.visible(ctx, p, slug)
	if err != nil {
		return c, FileInfo{}, err
	}
	if !host {
		if err := s.participantMayDownload(ctx, p, c); err != nil {
			return c, FileInfo{}, err
		}
	}
	f, ok := c.File(name)
	if !ok {
		return c, FileInfo{}, apperr.NotFoundf("no such file")
	}
	return c, f, nil
}

// participantMayDownload lets a participant who is not the host download
// the data: one who accepted the rules and whose team is not disqualified.
func (s *Service) participantMayDownload(ctx context.Context, p auth.Principal, c Competition) error {
	_, team, err := s.participant(ctx, p, c)
	if err != nil {
		return err
	}
	if team.Disqualified {
		return apperr.New(apperr.Forbidden, "team-disqualified", "your team was disqualified from this competition")
	}
	return nil
}

// FileLink makes a download link to a data file for whoever may download it.
func (s *Service) FileLink(ctx context.Context, p auth.Principal, slug, name string) (Link, error) {
	c, f, err := s.downloadable(ctx, p, slug, name)
	if err != nil {
		return Link{}, err
	}
	return s.links.sign(fileLinkAudience, p, c.ID, f.Name)
}

// FileByLink opens the data file a download link names, if the user it was
// made for may still download it.
func (s *Service) FileByLink(ctx context.Context, slug, name, token string) (io.ReadCloser, FileInfo, error) {
	c, holder, err := s.linked(ctx, slug, token, fileLinkAudience, name)
	if err != nil {
		return nil, FileInfo{}, err
	}
	host, err := s.isHost(ctx, holder, c.Host)
	if err != nil {
		return nil, FileInfo{}, err
	}
	if !host {
		if err := s.participantMayDownload(ctx, holder, c); err != nil {
			return nil, FileInfo{}, err
		}
	}
	f, ok := c.File(name)
	if !ok {
		return nil, FileInfo{}, apperr.NotFoundf("no such file")
	}
	r, err := s.openFile(ctx, c, f)
	return r, f, err
}

// SolutionLink makes a download link to a phase's solution, for the host only.
func (s *Service) SolutionLink(ctx context.Context, p auth.Principal, slug, phaseID string) (Link, error) {
	c, ph, err := s.hostedSolution(ctx, p, slug, phaseID)
	if err != nil {
		return Link{}, err
	}
	return s.links.sign(solutionLinkAudience, p, c.ID, ph.ID)
}

// SolutionByLink opens the solution a download link names, if the user it
// was made for still hosts the competition.
func (s *Service) SolutionByLink(ctx context.Context, slug, phaseID, token string) (io.ReadCloser, error) {
	c, holder, err := s.linked(ctx, slug, token, solutionLinkAudience, phaseID)
	if err != nil {
		return nil, err
	}
	if host, err := s.isHost(ctx, holder, c.Host); err != nil || !host {
		if err != nil {
			return nil, err
		}
		return nil, apperr.Forbiddenf("only the competition's hosts may download its solution")
	}
	ph, ok := c.Phase(phaseID)
	if !ok {
		return nil, apperr.NotFoundf("no such phase")
	}
	if ph.Solution == nil {
		return nil, apperr.NotFoundf("the phase has no solution yet")
	}
	return s.openSolution(ctx, c, ph)
}
