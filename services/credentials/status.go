package credentials

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"academy/services/credentials/statuslist"
	"academy/services/kit/apperr"
)

// listSize is the number of entries of every status list: the minimum the
// specification allows, which also hides how many credentials exist.
const listSize = statuslist.MinEntries

// Entries are handed out in a scrambled order, so a credential's index does
// not tell how many were issued before it. Multiplying by an odd number
// modulo a power of two is a bijection: no two sequence numbers share an index.
const (
	indexMultiplier = 40503
	indexOffset     = 7919
)

func scrambledIndex(seq int) int { return (seq*indexMultiplier + indexOffset) % listSize }

// statusListTTL tells verifiers how long they may cache a status list.
const statusListTTL = 5 * time.Minute

// allocateEntry takes a free entry in the organisation's status lists,
// moving on to the next list when the current one is full.
func (s *Service) allocateEntry(ctx context.Context, orgID, slug string) (list, index int, err error) {
	n := 1
	if hint, ok := s.listHint.Load(orgID); ok {
		n = hint.(int)
	}
	for {
		seq, err := s.store.takeEntry(ctx, orgID, slug, n, s.now())
		if errors.Is(err, errListFull) {
			n++
			continue
		}
		if err != nil {
			return 0, 0, err
		}
		s.listHint.Store(orgID, n)
		return n, scrambledIndex(seq), nil
	}
}

// listCache keeps each signed status list with the version of its
// allocation it was built from.
type listCache struct {
	mu      sync.Mutex
	entries map[string]cachedList
}

type cachedList struct {
	version int64
	jwt     string
}

func (c *listCache) get(id string, version int64) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[id]
	return e.jwt, ok && e.version == version
}

func (c *listCache) put(id string, version int64, jwt string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[id] = cachedList{version: version, jwt: jwt}
}

func (c *listCache) drop(ids ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, id := range ids {
		delete(c.entries, id)
	}
}

// StatusList returns the status list credential with the given id, signed
// as a VC-JWT. It is rebuilt from the credentials' statuses whenever one of
// them changed since it was last built, here or in another process.
func (s *Service) StatusList(ctx context.Context, id string) (string, error) {
	orgID, n, purpose, ok := parseStatusListID(id)
	if !ok {
		return "", apperr.NotFoundf("no status list %s", id)
	}
	d, err := s.store.list(ctx, listDocID(orgID, n))
	if err != nil {
		return "", err
	}
	if jwt, ok := s.lists.get(id, d.Version); ok {
		return jwt, nil
	}
	bits, err := s.statusBits(ctx, orgID, n, purpose)
	if err != nil {
		return "", err
	}
	encoded, err := bits.Encode()
	if err != nil {
		return "", err
	}
	url := s.links.statusList(orgID, n, purpose)
	now := s.now()
	cred := statusListCredential{
		Context:   []string{contextVC},
		ID:        url,
		Type:      []string{"VerifiableCredential", "BitstringStatusListCredential"},
		Issuer:    s.links.issuer(d.IssuerSlug),
		ValidFrom: dateTime(now),
		CredentialSubject: statusListSubject{
			ID: url + "#list", Type: "BitstringStatusList", StatusPurpose: purpose,
			EncodedList: encoded, TTL: statusListTTL.Milliseconds(),
		},
	}
	if purpose == purposeMessage {
		cred.CredentialSubject.StatusSize, cred.CredentialSubject.StatusMessages = statusSize, statusMessages
	}
	jwt, err := s.sign(cred.claims())
	if err != nil {
		return "", fmt.Errorf("sign status list %s: %w", id, err)
	}
	s.lists.put(id, d.Version, jwt)
	return jwt, nil
}

// statusBits builds the bitstring of list n of an organisation: two-bit
// statuses for the message list, single bits for the revocation and
// suspension lists of earlier credentials.
func (s *Service) statusBits(ctx context.Context, orgID string, n int, purpose string) (*statuslist.Bitstring, error) {
	type layer struct {
		status string
		code   uint8
	}
	layers := []layer{{StatusRevoked, 1}}
	size := 1
	switch purpose {
	case purposeSuspension:
		layers = []layer{{StatusSuspended, 1}}
	case purposeMessage:
		layers, size = []layer{{StatusSuspended, codeSuspended}, {StatusRevoked, codeRevoked}}, statusSize
	}
	bits := statuslist.New(listSize, size)
	for _, l := range layers {
		indexes, err := s.store.indexesWithStatus(ctx, orgID, n, l.status)
		if err != nil {
			return nil, err
		}
		for _, i := range indexes {
			bits.Set(i, l.code)
		}
	}
	return bits, nil
}

// invalidateLists drops this process's cached lists of allocation n; other
// processes see its new version.
func (s *Service) invalidateLists(ctx context.Context, orgID string, n int) error {
	s.lists.drop(statusListID(orgID, n, purposeMessage), statusListID(orgID, n, purposeRevocation), statusListID(orgID, n, purposeSuspension))
	return s.store.touchList(ctx, orgID, n)
}
