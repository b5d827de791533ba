package credentials

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"academy/services/credentials/statuslist"
)

// withoutJWTClaims returns the credential a payload carries, without the
// registered claims that mirror its properties.
func withoutJWTClaims(payload map[string]any) map[string]any {
	out := make(map[string]any, len(payload))
	for k, val := range payload {
		switch k {
		case "iss", "sub", "jti", "nbf", "exp", "iat", "aud":
		default:
			out[k] = val
		}
	}
	return out
}

// jsonDiff lists up to max paths where a and b differ.
func jsonDiff(path string, a, b any, max int) []string {
	name := path
	if name == "" {
		name = "the top level"
	}
	switch av := a.(type) {
	case map[string]any:
		bv, ok := b.(map[string]any)
		if !ok {
			return []string{name}
		}
		keys := map[string]bool{}
		for k := range av {
			keys[k] = true
		}
		for k := range bv {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		var out []string
		for _, k := range sorted {
			p := k
			if path != "" {
				p = path + "." + k
			}
			out = append(out, jsonDiff(p, av[k], bv[k], max-len(out))...)
			if len(out) >= max {
				return out[:max]
			}
		}
		return out
	case []any:
		bv, ok := b.([]any)
		if !ok || len(av) != len(bv) {
			return []string{name}
		}
		var out []string
		for i := range av {
			out = append(out, jsonDiff(fmt.Sprintf("%s[%d]", path, i), av[i], bv[i], max-len(out))...)
			if len(out) >= max {
				return out[:max]
			}
		}
		return out
	default:
		if !reflect.DeepEqual(a, b) {
			return []string{name}
		}
		return nil
	}
}

// signedCredential is the part of a signed payload the checks read.
type signedCredential struct {
	Iss               string          `json:"iss"`
	Sub               string          `json:"sub"`
	Jti               string          `json:"jti"`
	Nbf               *float64        `json:"nbf"`
	Exp               *float64        `json:"exp"`
	Context           []any           `json:"@context"`
	ID                string          `json:"id"`
	Type              []string        `json:"type"`
	Name              string          `json:"name"`
	Issuer            obProfile       `json:"issuer"`
	ValidFrom         string          `json:"validFrom"`
	ValidUntil        string          `json:"validUntil"`
	CredentialSubject signedSubject   `json:"credentialSubject"`
	CredentialStatus  json.RawMessage `json:"credentialStatus"`
}

type signedSubject struct {
	ID          string            `json:"id"`
	Identifier  []obIdentity      `json:"identifier"`
	Achievement signedAchievement `json:"achievement"`
}

// signedAchievement reads an achievement with its EU micro-credential
// elements in ELM terms, or in the private vocabulary of credentials issued
// before them.
type signedAchievement struct {
	obAchievement
	LegacyLearningOutcomes  []string `json:"learningOutcomes"`
	LegacyECTSCredits       float64  `json:"ectsCredits"`
	LegacyEQFLevel          int      `json:"eqfLevel"`
	LegacyAssessmentType    string   `json:"assessmentType"`
	LegacyParticipationForm string   `json:"participationForm"`
	LegacyQualityAssurance  string   `json:"qualityAssurance"`
}

// statusEntry reads a BitstringStatusListEntry whose index may be a string
// (as the specification says) or a number.
type statusEntry struct {
	Type                 string            `json:"type"`
	StatusPurpose        string            `json:"statusPurpose"`
	StatusListIndex      json.Number       `json:"statusListIndex"`
	StatusListCredential string            `json:"statusListCredential"`
	StatusSize           *int              `json:"statusSize"`
	StatusMessage        []obStatusMessage `json:"statusMessage"`
}

func decodeCredential(payload map[string]any) (signedCredential, error) {
	var c signedCredential
	raw, err := json.Marshal(payload)
	if err != nil {
		return c, err
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		return c, err
	}
	return c, nil
}

func (c signedCredential) statusEntries() ([]statusEntry, error) {
	return parseStatusEntries(c.CredentialStatus)
}

// parseStatusEntries reads credentialStatus, one entry or a list of them.
func parseStatusEntries(raw json.RawMessage) ([]statusEntry, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, nil
	}
	if raw[0] == '{' {
		var e statusEntry
		err := json.Unmarshal(raw, &e)
		return []statusEntry{e}, err
	}
	var list []statusEntry
	err := json.Unmarshal(raw, &list)
	return list, err
}

func numericDate(f *float64) (time.Time, bool) {
	if f == nil {
		return time.Time{}, false
	}
	return time.Unix(int64(*f), 0).UTC(), true
}

func (v *verifier) checkClaims(r *report, c signedCredential) {
	var problems []string
	if len(c.Context) < 2 || c.Context[0] != contextVC || c.Context[1] != contextOB {
		problems = append(problems, "@context does not start with the Verifiable Credentials 2.0 and Open Badges 3.0 contexts")
	}
	if !slices.Contains(c.Type, "VerifiableCredential") || !(slices.Contains(c.Type, "OpenBadgeCredential") || slices.Contains(c.Type, "AchievementCredential")) {
		problems = append(problems, "type is not an OpenBadgeCredential")
	}
	if c.Iss == "" || c.Iss != c.Issuer.ID {
		problems = append(problems, "iss does not equal issuer.id")
	}
	if !strings.HasPrefix(c.Issuer.ID, v.links.issuer("")) {
		problems = append(problems, "the issuer is not hosted on this platform")
	}
	if c.Jti == "" || c.Jti != c.ID {
		problems = append(problems, "jti does not equal id")
	}
	if c.Sub == "" || c.Sub != c.CredentialSubject.ID {
		problems = append(problems, "sub does not equal credentialSubject.id")
	}
	validFrom, err := time.Parse(time.RFC3339, c.ValidFrom)
	if nbf, ok := numericDate(c.Nbf); !ok || err != nil || !nbf.Equal(validFrom) {
		problems = append(problems, "nbf does not equal validFrom")
	}
	exp, hasExp := numericDate(c.Exp)
	if hasExp != (c.ValidUntil != "") {
		problems = append(problems, "exp and validUntil are not both present or both absent")
	} else if hasExp {
		if until, err := time.Parse(time.RFC3339, c.ValidUntil); err != nil || !exp.Equal(until) {
			problems = append(problems, "exp does not equal validUntil")
		}
	}
	if len(problems) > 0 {
		r.fail(StepClaims, VerdictInvalid, "the credential is inconsistent: %s", strings.Join(problems, "; "))
		return
	}
	r.pass(StepClaims, "an OpenBadgeCredential issued by %s; its JWT claims agree with it", c.Issuer.Name)
}

func (v *verifier) checkValidity(r *report, c signedCredential) {
	now := v.now()
	from, err := time.Parse(time.RFC3339, c.ValidFrom)
	if err != nil {
		r.fail(StepValidity, VerdictInvalid, "validFrom %q is not a date and time", c.ValidFrom)
		return
	}
	if now.Add(leeway).Before(from) {
		r.fail(StepValidity, VerdictNotYetValid, "not valid before %s", from.Format(time.RFC3339))
		return
	}
	if c.ValidUntil == "" {
		r.pass(StepValidity, "valid since %s; it does not expire", from.Format("2 January 2006"))
		return
	}
	until, err := time.Parse(time.RFC3339, c.ValidUntil)
	if err != nil {
		r.fail(StepValidity, VerdictInvalid, "validUntil %q is not a date and time", c.ValidUntil)
		return
	}
	if !now.Add(-leeway).Before(until) {
		r.fail(StepValidity, VerdictExpired, "expired on %s", until.Format(time.RFC3339))
		return
	}
	r.pass(StepValidity, "valid from %s until %s", from.Format("2 January 2006"), until.Format("2 January 2006"))
}

// checkStatus reads the credential's status in its status lists: one
// two-bit "message" entry, or a revocation and a suspension entry in
// credentials issued before it. It records the revocation and suspension steps.
func (v *verifier) checkStatus(ctx context.Context, r *report, c signedCredential) {
	entries, err := c.statusEntries()
	if err != nil {
		r.fail(StepRevocation, VerdictInvalid, "credentialStatus cannot be read: %v", err)
		r.skip("credentialStatus cannot be read", StepSuspension)
		return
	}
	byPurpose := map[string]*statusEntry{}
	for i := range entries {
		if entries[i].Type == "BitstringStatusListEntry" {
			byPurpose[entries[i].StatusPurpose] = &entries[i]
		}
	}
	if e := byPurpose[purposeMessage]; e != nil {
		v.checkMessageStatus(ctx, r, c, e)
		return
	}
	v.checkBitStatus(ctx, r, c, byPurpose[purposeRevocation], purposeRevocation)
	v.checkBitStatus(ctx, r, c, byPurpose[purposeSuspension], purposeSuspension)
}

// statusOf returns an entry's index and status size, and the id of its
// list, which must be one this platform publishes.
func (v *verifier) statusOf(e *statusEntry) (index, size int, listID string, err error) {
	index, err = strconv.Atoi(e.StatusListIndex.String())
	if err != nil || index < 0 {
		return 0, 0, "", fmt.Errorf("statusListIndex %q is not a non-negative integer", e.StatusListIndex)
	}
	size = 1
	if e.StatusSize != nil {
		size = *e.StatusSize
	}
	if size < 1 || size > statuslist.MaxStatusSize {
		return 0, 0, "", fmt.Errorf("statusSize %d is not from 1 to %d", size, statuslist.MaxStatusSize)
	}
	if (size > 1 || e.StatusMessage != nil) && len(e.StatusMessage) != 1<<size {
		return 0, 0, "", fmt.Errorf("statusMessage has %d messages; a %d-bit status needs %d", len(e.StatusMessage), size, 1<<size)
	}
	listID, ok := strings.CutPrefix(e.StatusListCredential, v.links.statusListPrefix())
	if !ok {
		return 0, 0, "", fmt.Errorf("the status list %s is not published by this platform, so it was not fetched", e.StatusListCredential)
	}
	return index, size, listID, nil
}

// checkMessageStatus reads a "message" entry: its status, looked up in the
// entry's statusMessage, says active, suspended or revoked.
func (v *verifier) checkMessageStatus(ctx context.Context, r *report, c signedCredential, e *statusEntry) {
	index, size, listID, err := v.statusOf(e)
	if err == nil && size != statusSize {
		err = fmt.Errorf("statusSize is %d; this platform's status lists hold %d-bit statuses", size, statusSize)
	}
	var value uint8
	if err == nil {
		value, err = v.readStatus(ctx, listID, purposeMessage, size, c.Issuer.ID, index)
	}
	if err != nil {
		r.fail(StepRevocation, VerdictInvalid, "the status list could not be checked: %v", err)
		r.skip("the status list could not be checked", StepSuspension)
		return
	}
	code := fmt.Sprintf("0x%x", value)
	message := ""
	for _, m := range e.StatusMessage {
		if m.Status == code {
			message = m.Message
		}
	}
	where := fmt.Sprintf("entry %d of %s", index, e.StatusListCredential)
	switch {
	case value == 0 && message == StatusActive:
		r.pass(StepRevocation, "%s is %s (%s): not revoked", where, code, message)
		r.pass(StepSuspension, "%s is %s (%s): not suspended", where, code, message)
	case message == StatusSuspended:
		r.pass(StepRevocation, "%s is %s (%s): not revoked", where, code, message)
		r.fail(StepSuspension, VerdictSuspended, "%s", v.statusReason(ctx, r.id, purposeSuspension))
	case message == StatusRevoked:
		r.fail(StepRevocation, VerdictRevoked, "%s", v.statusReason(ctx, r.id, purposeRevocation))
		r.pass(StepSuspension, "%s is %s (%s): revoked for good, not suspended", where, code, message)
	default:
		r.fail(StepRevocation, VerdictInvalid, "%s is %s, whose message %q this platform does not issue", where, code, message)
		r.skip("the status is unknown", StepSuspension)
	}
}

// checkBitStatus reads a revocation or suspension entry of a credential
// issued before the message entry.
func (v *verifier) checkBitStatus(ctx context.Context, r *report, c signedCredential, e *statusEntry, purpose string) {
	step, verdict, word := StepRevocation, VerdictRevoked, "revoked"
	if purpose == purposeSuspension {
		step, verdict, word = StepSuspension, VerdictSuspended, "suspended"
	}
	if e == nil {
		r.pass(step, "the credential has no %s status entry, so it cannot be %s", purpose, word)
		return
	}
	index, size, listID, err := v.statusOf(e)
	var value uint8
	if err == nil {
		value, err = v.readStatus(ctx, listID, purpose, size, c.Issuer.ID, index)
	}
	if err != nil {
		r.fail(step, VerdictInvalid, "the %s status list could not be checked: %v", purpose, err)
		return
	}
	if value == 0 {
		r.pass(step, "entry %d of %s is clear: not %s", index, e.StatusListCredential, word)
		return
	}
	r.fail(step, verdict, "%s", v.statusReason(ctx, r.id, purpose))
}

// statusReason explains a revoked or suspended status with the recorded
// change when the credential was issued here.
func (v *verifier) statusReason(ctx context.Context, id, purpose string) string {
	action, word := "revoke", "revoked"
	if purpose == purposeSuspension {
		action, word = "suspend", "suspended"
	}
	msg := "the issuer has " + word + " this credential"
	if id == "" {
		return msg
	}
	c, err := v.credentials.Credential(ctx, id)
	if err != nil {
		return msg
	}
	for i := len(c.History) - 1; i >= 0; i-- {
		if ev := c.History[i]; ev.Action == action {
			return fmt.Sprintf("%s on %s: %s", msg, ev.At.UTC().Format("2 January 2006"), ev.Reason)
		}
	}
	return msg
}

// statusListPayload is the part of a status list credential the check reads.
type statusListPayload struct {
	Issuer            json.RawMessage `json:"issuer"`
	Type              []string        `json:"type"`
	CredentialSubject struct {
		StatusPurpose string `json:"statusPurpose"`
		EncodedList   string `json:"encodedList"`
		StatusSize    *int   `json:"statusSize"`
	} `json:"credentialSubject"`
}

// readStatus fetches a status list, checks its signature, issuer, purpose
// and status size, and returns the status at index.
func (v *verifier) readStatus(ctx context.Context, listID, purpose string, size int, issuer string, index int) (uint8, error) {
	compact, err := v.statusLists.StatusList(ctx, listID)
	if err != nil {
		return 0, err
	}
	header, _, err := decodeJWS(compact, maxStatusListJWTLen)
	if err != nil {
		return 0, fmt.Errorf("the list is not a VC-JWT: %v", err)
	}
	kid, ok := strings.CutPrefix(header.Kid, v.links.keyPrefix())
	if !ok {
		return 0, fmt.Errorf("the list is signed with key %q, not one of this platform's", header.Kid)
	}
	key, found, err := v.keys.Lookup(kid)
	if err != nil {
		return 0, err
	}
	if !found {
		return 0, fmt.Errorf("the list is signed with an unknown key %q", header.Kid)
	}
	var claims struct {
		statusListPayload
		jwt.RegisteredClaims
	}
	parser := jwt.NewParser(jwt.WithValidMethods([]string{signingAlg}), jwt.WithoutClaimsValidation())
	if _, err := parser.ParseWithClaims(compact, &claims, func(*jwt.Token) (any, error) { return key.Public, nil }); err != nil {
		return 0, fmt.Errorf("the list's signature does not hold: %v", err)
	}
	return claims.statusListPayload.statusAt(purpose, size, issuer, index)
}

// statusAt checks that a status list whose signature held is a list of the
// credential's issuer for purpose, of size-bit statuses, and returns the
// status at index. A StatusList2021Credential encodes its list without the
// multibase prefix, which GZIP data never starts with.
func (l statusListPayload) statusAt(purpose string, size int, issuer string, index int) (uint8, error) {
	legacy := slices.Contains(l.Type, "StatusList2021Credential")
	if !slices.Contains(l.Type, "BitstringStatusListCredential") && !legacy {
		return 0, errors.New("the list is not a BitstringStatusListCredential")
	}
	if l.CredentialSubject.StatusPurpose != purpose {
		return 0, fmt.Errorf("the list is for %q, not %s", l.CredentialSubject.StatusPurpose, purpose)
	}
	if got := issuerID(l.Issuer); got != issuer {
		return 0, fmt.Errorf("the list is issued by %s, not by the credential's issuer", got)
	}
	listSize := 1
	if l.CredentialSubject.StatusSize != nil {
		listSize = *l.CredentialSubject.StatusSize
	}
	if listSize != size {
		return 0, fmt.Errorf("the list holds %d-bit statuses, the credential's entry %d-bit ones", listSize, size)
	}
	encoded := l.CredentialSubject.EncodedList
	if legacy && !strings.HasPrefix(encoded, "u") {
		encoded = "u" + encoded
	}
	bits, err := statuslist.Decode(encoded, size)
	if err != nil {
		return 0, err
	}
	return bits.Get(index)
}

// issuerID is the id of an issuer given as a string or as a profile object.
func issuerID(raw json.RawMessage) string {
	var id string
	if json.Unmarshal(raw, &id) == nil {
		return id
	}
	var p struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(raw, &p)
	return p.ID
}

// checkContent checks that a credential states what it claims to be: an EU
// micro-credential must carry every mandatory element.
func checkContent(r *report, c signedCredential) {
	ach := c.CredentialSubject.Achievement
	identified := false
	for _, id := range c.CredentialSubject.Identifier {
		identified = identified || id.IdentityHash != ""
	}
	if ach.Name == "" || c.Issuer.Name == "" {
		r.fail(StepContent, VerdictIncomplete, "the credential does not name its achievement and issuer")
		return
	}
	checks := []struct {
		name string
		ok   bool
	}{
		{ElementLearner, identified},
		{ElementTitle, ach.Name != ""},
		{ElementCountry, c.Issuer.Address != nil && len(c.Issuer.Address.AddressCountryCode) == 2},
		{ElementAwardingBody, c.Issuer.Name != ""},
		{ElementDateOfIssue, c.ValidFrom != ""},
		{ElementLearningOutcomes, ach.hasLearningOutcomes()},
		{ElementWorkload, ach.CreditsAvailable > 0 || ach.LegacyECTSCredits > 0},
		{ElementEQFLevel, ach.eqfLevel() > 0},
		{ElementAssessmentType, ach.hasAssessment()},
		{ElementParticipationForm, strings.HasPrefix(ach.Mode, modeScheme) || ach.LegacyParticipationForm != ""},
		{ElementQualityAssurance, ach.hasQualityAssurance()},
	}
	var missing []string
	for _, chk := range checks {
		if !chk.ok {
			missing = append(missing, chk.name)
		}
	}
	switch {
	case ach.AchievementType == AchievementMicroCredential && len(missing) > 0:
		r.fail(StepContent, VerdictIncomplete, "it claims to be an EU micro-credential but lacks %s", strings.Join(missing, ", "))
	case ach.AchievementType == AchievementMicroCredential:
		r.pass(StepContent, "an EU micro-credential carrying all %d mandatory elements", len(checks))
	case len(missing) > 0:
		r.pass(StepContent, "a course credential for %q; not an EU micro-credential (it lacks %s)", ach.Name, strings.Join(missing, ", "))
	default:
		r.pass(StepContent, "a course credential for %q carrying every EU micro-credential element", ach.Name)
	}
}

func (a signedAchievement) hasLearningOutcomes() bool {
	for _, o := range a.LearningOutcome {
		for _, t := range o.Title {
			if !blank(t) {
				return true
			}
		}
	}
	return hasText(a.LegacyLearningOutcomes)
}

// eqfLevel is the level of the achievement's alignment to an EQF level
// concept, or of the legacy eqfLevel property; 0 when there is none.
func (a signedAchievement) eqfLevel() int {
	for _, al := range a.Alignment {
		if code, ok := strings.CutPrefix(al.TargetURL, eqfScheme); ok {
			if n, err := strconv.Atoi(code); err == nil && n >= 1 && n <= 8 {
				return n
			}
		}
	}
	if a.LegacyEQFLevel >= 1 && a.LegacyEQFLevel <= 8 {
		return a.LegacyEQFLevel
	}
	return 0
}

func (a signedAchievement) hasAssessment() bool {
	if a.ProvenBy != nil {
		for _, t := range a.ProvenBy.Title {
			if !blank(t) {
				return true
			}
		}
	}
	return !blank(a.LegacyAssessmentType)
}

func (a signedAchievement) hasQualityAssurance() bool {
	if a.Accreditation != nil {
		for _, t := range a.Accreditation.Title {
			if !blank(t) {
				return true
			}
		}
	}
	return !blank(a.LegacyQualityAssurance)
}
