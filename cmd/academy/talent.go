package main

import (
	"context"
	"crypto/hkdf"
	"crypto/sha256"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"academy/content"
	"academy/jobs"
	"academy/services/catalog"
	"academy/services/credentials"
	"academy/services/identity"
	"academy/services/kit/apperr"
	"academy/services/kit/events"
	"academy/services/kit/guarded"
	"academy/services/search"
	"academy/services/search/bleve"
	"academy/services/search/meili"
	"academy/services/talent"
	"academy/services/talent/bluecard"
)

// newTalent builds the talent pool on its own search index and subscribes
// it to the facts it matches on.
func (a *academy) newTalent(ctx context.Context, writes *guarded.Writer) error {
	ts := talent.NewStore(a.p.db, writes)
	if err := ts.EnsureIndexes(ctx); err != nil {
		return fmt.Errorf("talent indexes: %w", err)
	}
	idx, err := openTalentIndex(a.cfg, a.log)
	if err != nil {
		return err
	}
	a.talentIndex = idx
	key, err := a.pseudonymKey(ctx, ts)
	if err != nil {
		return err
	}
	bc, err := bluecard.Load(content.Files())
	if err != nil {
		return err
	}
	a.talent, err = talent.NewService(ts, a.identity, talentCatalog{a.catalog}, talentCredentials{creds: a.creds, verifyBase: a.cfg.publicURL() + "/verify/", users: a.identity,
		foreign: credentials.NewFetcher(credentials.FetcherOptions{AllowLoopback: a.cfg.ImportsLoopback})},
		&appliedIndex{Index: idx}, a.queue, talent.Options{Events: a.outbox, Tally: a.stats, PseudonymKey: key, BlueCard: bc, Log: a.log})
	if err != nil {
		return err
	}
	for _, c := range ts.Outboxes() {
		a.outbox.Watch(c)
	}
	// Matching follows the evidence, the profiles and the openings.
	a.outbox.Subscribe(events.CredentialIssued, "talent", a.talent.HandleCredentialEvent)
	a.outbox.Subscribe(events.CredentialStatusChanged, "talent", a.talent.HandleCredentialEvent)
	a.outbox.Subscribe(events.ProfileChanged, "talent", a.talent.HandleProfileChanged)
	a.outbox.Subscribe(events.OpeningPublished, "talent", a.talent.HandleOpeningPublished)
	a.outbox.Subscribe(events.AccountDeleted, "talent", a.talent.HandleAccountDeleted)
	return nil
}

// handleTalentTasks registers the matching task and its reconciler.
func (a *academy) handleTalentTasks(w *jobs.Worker) {
	w.Handle(jobs.TypeMatch, a.talent.HandleMatchTask)
	w.Handle(jobs.TypeReconcileMatching, a.upkeep("re-enqueue stale talent matches", a.talent.ReconcileMatching))
	// A daily check must see each issuer's latest status lists, not the copies kept for imports.
	w.Handle(jobs.TypeRecheckImports, a.upkeep("imported credentials that stopped counting", func(ctx context.Context) (int, error) {
		return a.talent.RecheckImports(credentials.Fresh(ctx), talent.RecheckAfter)
	}))
}

// pseudonymKey derives the key of pseudonyms from the key encryption key
// when there is one, so it never sits in the database; otherwise the
// database keeps one.
func (a *academy) pseudonymKey(ctx context.Context, ts *talent.Store) ([]byte, error) {
	kek, err := a.cfg.keyEncryptionKey()
	if err != nil {
		return nil, err
	}
	if kek == nil {
		return ts.PseudonymKey(ctx)
	}
	return hkdf.Key(sha256.New, kek, nil, "academy talent pseudonyms", talent.MinPseudonymKeySize)
}

// openTalentIndex opens the talent pool's own index: another Meilisearch
// index, or another Bleve directory; never the public catalogue's.
func openTalentIndex(cfg *Config, log *slog.Logger) (search.Index, error) {
	if cfg.MeiliURL != "" {
		return meili.New(meili.Config{URL: cfg.MeiliURL, APIKey: cfg.MeiliKey, IndexPrefix: cfg.MeiliIndexPrefix, Name: "talent"})
	}
	dir := filepath.Join(cfg.DataDir, "search-talent")
	log.Info("talent search: embedded Bleve index", "dir", dir)
	idx, err := bleve.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("open talent search index: %w", err)
	}
	return idx, nil
}

// appliedIndex applies the index's settings before its first use, and again
// after a failure: the search server may come up after this process.
type appliedIndex struct {
	search.Index
	mu      sync.Mutex
	applied bool
}

func (x *appliedIndex) apply(ctx context.Context) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.applied {
		return nil
	}
	if err := x.Index.Apply(ctx); err != nil {
		return err
	}
	x.applied = true
	return nil
}

func (x *appliedIndex) Upsert(ctx context.Context, docs ...search.Document) error {
	if err := x.apply(ctx); err != nil {
		return err
	}
	return x.Index.Upsert(ctx, docs...)
}

func (x *appliedIndex) Delete(ctx context.Context, ids ...string) error {
	if err := x.apply(ctx); err != nil {
		return err
	}
	return x.Index.Delete(ctx, ids...)
}

func (x *appliedIndex) Search(ctx context.Context, q search.Query) (search.Result, error) {
	if err := x.apply(ctx); err != nil {
		return search.Result{}, err
	}
	return x.Index.Search(ctx, q)
}

// talentCatalog is the catalogue as the talent pool reads it.
type talentCatalog struct{ *catalog.Service }

// CoursesTeaching lists published courses tagged with the skill, from the public search.
func (c talentCatalog) CoursesTeaching(ctx context.Context, skillID string, limit int) ([]talent.CourseRef, error) {
	res, err := c.Search(ctx, search.Query{Filters: map[string][]string{search.FacetType: {search.TypeCourse}, search.FacetSkills: {skillID}}, Limit: limit})
	if err != nil {
		return nil, err
	}
	out := make([]talent.CourseRef, 0, len(res.Hits))
	for _, h := range res.Hits {
		out = append(out, talent.CourseRef{Slug: h.Document.Slug, Title: h.Document.Title})
	}
	return out, nil
}

// talentCredentials is the credentials context as the talent pool reads it.
type talentCredentials struct {
	creds      *credentials.Service
	verifyBase string
	users      *identity.Service
	foreign    *credentials.Fetcher
}

// skillIDs turns ESCO concept URIs into catalogue skill ids.
func skillIDs(uris []string) []string {
	out := make([]string, 0, len(uris))
	for _, u := range uris {
		out = append(out, catalog.SkillID(u))
	}
	return out
}

// ActiveOf lists the user's credentials neither revoked, suspended nor
// expired. It reads the holder's list of credentials and each by _id, never
// a query by holder, and each status as it is now: a revocation counts at once.
func (c talentCredentials) ActiveOf(ctx context.Context, userID string) ([]talent.HeldCredential, error) {
	all, err := c.creds.Held(ctx, userID)
	if err != nil {
		return nil, err
	}
	return c.active(all, time.Now()), nil
}

// ActiveByHolder lists every holder's credentials in force now, from one
// read of every credential.
func (c talentCredentials) ActiveByHolder(ctx context.Context) (map[string][]talent.HeldCredential, error) {
	byHolder, err := c.creds.HeldByHolder(ctx)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	out := make(map[string][]talent.HeldCredential, len(byHolder))
	for holder, all := range byHolder {
		if active := c.active(all, now); len(active) > 0 {
			out[holder] = active
		}
	}
	return out, nil
}

// active is what the talent pool reads of the credentials in force at now.
func (c talentCredentials) active(all []credentials.HeldCredential, now time.Time) []talent.HeldCredential {
	var out []talent.HeldCredential
	for _, hc := range all {
		if hc.Status != credentials.StatusActive || (hc.ValidUntil != nil && !hc.ValidUntil.After(now)) {
			continue
		}
		out = append(out, talent.HeldCredential{ID: hc.ID, Title: hc.Name, Skills: skillIDs(hc.Skills),
			Competition: slices.Contains([]string{credentials.SourceCompetitionParticipation, credentials.SourceCompetitionPlacement}, hc.SourceKind),
			VerifyURL:   c.verifyBase + hc.ID, ValidUntil: hc.ValidUntil})
	}
	return out
}

// importCodes maps the verifier's verdicts to the codes of a refused import.
var importCodes = map[string]string{
	credentials.VerdictMalformed:            talent.ImportMalformed,
	credentials.VerdictUnknownCredential:    talent.ImportMalformed,
	credentials.VerdictInvalid:              talent.ImportMalformed,
	credentials.VerdictIncomplete:           talent.ImportMalformed,
	credentials.VerdictUnknownKey:           talent.ImportIssuerKey,
	credentials.VerdictUnsupportedAlgorithm: talent.ImportSignature,
	credentials.VerdictTampered:             talent.ImportSignature,
	credentials.VerdictRevoked:              talent.ImportRevoked,
	credentials.VerdictSuspended:            talent.ImportSuspended,
	credentials.VerdictExpired:              talent.ImportExpired,
	credentials.VerdictNotYetValid:          talent.ImportExpired,
	credentials.VerdictIssuerUnreachable:    talent.ImportUnreachable,
	credentials.VerdictTooLarge:             talent.ImportTooLarge,
	credentials.VerdictSubjectMismatch:      talent.ImportSubjectMismatch,
}

// refused is the error of an import whose verification failed.
func refused(v credentials.Verification) error {
	code, ok := importCodes[v.Verdict]
	if !ok {
		code = talent.ImportMalformed
	}
	return &apperr.Error{Kind: apperr.Unprocessable, Code: code, Detail: v.Reason}
}

// VerifyImport verifies a VC-JWT: one signed with this platform's keys by
// the credentials context's verifier, whose records name its holder; one
// of another issuer with the keys and status lists that issuer publishes,
// for the user's verified email address.
func (c talentCredentials) VerifyImport(ctx context.Context, userID, jwt string) (talent.VerifiedImport, error) {
	if !c.creds.SignedHere(jwt) {
		return c.verifyForeign(ctx, userID, jwt)
	}
	v, err := c.creds.Verify(ctx, credentials.VerifyRequest{JWT: jwt})
	if err != nil {
		return talent.VerifiedImport{}, err
	}
	if !v.Valid {
		return talent.VerifiedImport{}, refused(v)
	}
	sc, err := c.creds.Credential(ctx, v.CredentialID)
	if err != nil {
		return talent.VerifiedImport{}, fmt.Errorf("read verified credential %s: %w", v.CredentialID, err)
	}
	return talent.VerifiedImport{CredentialID: sc.ID, Issuer: sc.Certificate.InstitutionName, Title: sc.Certificate.AchievementName,
		Achievement: sc.Certificate.AchievementName, Skills: skillIDs(sc.Skills), HolderID: sc.LearnerID}, nil
}

func (c talentCredentials) verifyForeign(ctx context.Context, userID, jwt string) (talent.VerifiedImport, error) {
	u, err := c.users.Me(ctx, userID)
	if err != nil {
		return talent.VerifiedImport{}, err
	}
	email := ""
	if u.EmailVerified() {
		email = u.Email
	}
	v, fc := c.foreign.VerifyForeign(ctx, jwt, email)
	if !v.Valid {
		return talent.VerifiedImport{}, refused(v)
	}
	return talent.VerifiedImport{CredentialID: fc.ID, Issuer: fc.IssuerName, Title: fc.Title, Achievement: fc.Achievement,
		Skills: skillIDs(fc.Skills), HolderID: userID}, nil
}
