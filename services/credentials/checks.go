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
	CredentialSubject obSubject       `json:"credentialSubject"`
	CredentialStatus  json.RawMessage `json:"credentialStatus"`
}

// statusEntry reads a BitstringStatusListEntry whose index may be a string
// (as the specification says) or a number.
type statusEntry struct {
	Type                 string      `json:"type"`
	StatusPurpose        string      `json:"statusPurpose"`
	StatusListIndex      json.Number `json:"statusListIndex"`
	StatusListCredential string      `json:"statusListCredential"`
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
	raw := bytes.TrimSpace(c.CredentialStatus)
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

// checkStatus fetches the credential's status list for purpose, checks
// the list's own signature and issuer, decodes it and reads the bit.
func (v *verifier) checkStatus(ctx context.Context, r *report, c signedCredential, purpose string) {
	step, verdict, word := StepRevocation, VerdictRevoked, "revoked"
	if purpose == purposeSuspension {
		step, verdict, word = StepSuspension, VerdictSuspended, "suspended"
	}
	entries, err := c.statusEntries()
	if err != nil {
		r.fail(step, VerdictInvalid, "credentialStatus cannot be read: %v", err)
		return
	}
	var entry *statusEntry
	for i := range entries {
		if entries[i].StatusPurpose == purpose && entries[i].Type == "BitstringStatusListEntry" {
			entry = &entries[i]
		}
	}
	if entry == nil {
		r.pass(step, "the credential has no %s status entry, so it cannot be %s", purpose, word)
		return
	}
	index, err := strconv.Atoi(entry.StatusListIndex.String())
	if err != nil || index < 0 {
		r.fail(step, VerdictInvalid, "statusListIndex %q is not a non-negative integer", entry.StatusListIndex)
		return
	}
	listID, ok := strings.CutPrefix(entry.StatusListCredential, v.links.statusListPrefix())
	if !ok {
		r.fail(step, VerdictInvalid, "the status list %s is not published by this platform, so it was not fetched", entry.StatusListCredential)
		return
	}
	set, err := v.readStatusBit(ctx, listID, purpose, c.Issuer.ID, index)
	if err != nil {
		r.fail(step, VerdictInvalid, "the %s status list could not be checked: %v", purpose, err)
		return
	}
	if !set {
		r.pass(step, "entry %d of %s is clear: not %s", index, entry.StatusListCredential, word)
		return
	}
	r.fail(step, verdict, "%s", v.statusReason(ctx, r.id, purpose))
}

// statusReason explains a set status bit with the recorded change when the
// credential was issued here.
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
	Issuer            string   `json:"issuer"`
	Type              []string `json:"type"`
	CredentialSubject struct {
		StatusPurpose string `json:"statusPurpose"`
		EncodedList   string `json:"encodedList"`
	} `json:"credentialSubject"`
}

func (v *verifier) readStatusBit(ctx context.Context, listID, purpose, issuer string, index int) (bool, error) {
	compact, err := v.statusLists.StatusList(ctx, listID)
	if err != nil {
		return false, err
	}
	header, _, err := decodeJWS(compact, maxStatusListJWTLen)
	if err != nil {
		return false, fmt.Errorf("the list is not a VC-JWT: %v", err)
	}
	kid, ok := strings.CutPrefix(header.Kid, v.links.keyPrefix())
	if !ok {
		return false, fmt.Errorf("the list is signed with key %q, not one of this platform's", header.Kid)
	}
	key, found, err := v.keys.publicKey(kid)
	if err != nil {
		return false, err
	}
	if !found {
		return false, fmt.Errorf("the list is signed with an unknown key %q", header.Kid)
	}
	var claims struct {
		statusListPayload
		jwt.RegisteredClaims
	}
	parser := jwt.NewParser(jwt.WithValidMethods([]string{signingAlg}), jwt.WithoutClaimsValidation())
	if _, err := parser.ParseWithClaims(compact, &claims, func(*jwt.Token) (any, error) { return key, nil }); err != nil {
		return false, fmt.Errorf("the list's signature does not hold: %v", err)
	}
	if !slices.Contains(claims.Type, "BitstringStatusListCredential") {
		return false, errors.New("the list is not a BitstringStatusListCredential")
	}
	if claims.CredentialSubject.StatusPurpose != purpose {
		return false, fmt.Errorf("the list is for %q, not %s", claims.CredentialSubject.StatusPurpose, purpose)
	}
	if got := claims.statusListPayload.Issuer; got != issuer {
		return false, fmt.Errorf("the list is issued by %s, not by the credential's issuer", got)
	}
	bits, err := statuslist.Decode(claims.CredentialSubject.EncodedList)
	if err != nil {
		return false, err
	}
	return bits.Get(index)
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
		{ElementLearningOutcomes, hasText(ach.LearningOutcomes)},
		{ElementWorkload, ach.ECTSCredits > 0 || ach.CreditsAvailable > 0},
		{ElementEQFLevel, ach.EQFLevel >= 1 && ach.EQFLevel <= 8},
		{ElementAssessmentType, ach.AssessmentType != ""},
		{ElementParticipationForm, ach.ParticipationForm != ""},
		{ElementQualityAssurance, ach.QualityAssurance != ""},
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
