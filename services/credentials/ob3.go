package credentials

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// The JSON-LD contexts every credential starts with: the W3C Verifiable
// Credentials Data Model 2.0 and Open Badges 3.0.
const (
	contextVC = "https://www.w3.org/ns/credentials/v2"
	contextOB = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
)

// Every credential carries one BitstringStatusListEntry, as the Open Badges
// 3.0 schema allows a single credentialStatus object: its purpose is
// "message" and its two-bit status says whether the credential is active,
// suspended or revoked, so one entry covers both reversible suspension and
// final revocation. Credentials issued earlier carry a revocation and a
// suspension entry instead; their one-bit lists are still published.
const (
	purposeMessage    = "message"
	purposeRevocation = "revocation"
	purposeSuspension = "suspension"
	statusSize        = 2
)

// The values of a credential's two-bit status and their messages.
const (
	codeActive    uint8 = 0
	codeSuspended uint8 = 1
	codeRevoked   uint8 = 2
)

var statusMessages = []obStatusMessage{
	{Status: "0x0", Message: StatusActive},
	{Status: "0x1", Message: StatusSuspended},
	{Status: "0x2", Message: StatusRevoked},
	{Status: "0x3", Message: "undefined"},
}

// dateTime formats t as the XML Schema dateTime the data model uses, in
// whole seconds so it equals the JWT's NumericDate claims.
func dateTime(t time.Time) string { return t.UTC().Truncate(time.Second).Format(time.RFC3339) }

type obCredential struct {
	Context           []any         `json:"@context"`
	ID                string        `json:"id"`
	Type              []string      `json:"type"`
	Name              string        `json:"name"`
	Issuer            obProfile     `json:"issuer"`
	ValidFrom         string        `json:"validFrom"`
	ValidUntil        string        `json:"validUntil,omitempty"`
	AwardedDate       string        `json:"awardedDate,omitempty"`
	CredentialSubject obSubject     `json:"credentialSubject"`
	CredentialStatus  obStatusEntry `json:"credentialStatus"`
}

type obProfile struct {
	ID              string              `json:"id"`
	Type            []string            `json:"type"`
	Name            string              `json:"name"`
	URL             string              `json:"url,omitempty"`
	Description     string              `json:"description,omitempty"`
	Address         *obAddress          `json:"address,omitempty"`
	OtherIdentifier []obIdentifierEntry `json:"otherIdentifier,omitempty"`
}

type obAddress struct {
	Type               []string `json:"type"`
	AddressCountry     string   `json:"addressCountry,omitempty"`
	AddressCountryCode string   `json:"addressCountryCode"`
}

type obIdentifierEntry struct {
	Type           string `json:"type"`
	Identifier     string `json:"identifier"`
	IdentifierType string `json:"identifierType"`
}

type obSubject struct {
	ID              string        `json:"id"`
	Type            []string      `json:"type"`
	Identifier      []obIdentity  `json:"identifier"`
	Achievement     obAchievement `json:"achievement"`
	Result          []obResult    `json:"result,omitempty"`
	CreditsEarned   float64       `json:"creditsEarned,omitempty"`
	ActivityEndDate string        `json:"activityEndDate,omitempty"`
}

type obIdentity struct {
	Type         string `json:"type"`
	IdentityHash string `json:"identityHash"`
	IdentityType string `json:"identityType"`
	Hashed       bool   `json:"hashed"`
	Salt         string `json:"salt"`
}

type obAchievement struct {
	ID                string                `json:"id"`
	Type              []string              `json:"type"`
	AchievementType   string                `json:"achievementType"`
	Name              string                `json:"name"`
	Description       string                `json:"description"`
	Criteria          obCriteria            `json:"criteria"`
	Alignment         []obAlignment         `json:"alignment,omitempty"`
	CreditsAvailable  float64               `json:"creditsAvailable,omitempty"`
	InLanguage        string                `json:"inLanguage,omitempty"`
	ResultDescription []obResultDescription `json:"resultDescription,omitempty"`

	// The EU micro-credential elements in ELM terms, defined by elmContext.
	LearningOutcome  []elmLearningOutcome `json:"learningOutcome,omitempty"`
	VolumeOfLearning string               `json:"volumeOfLearning,omitempty"`
	CreditPoint      *elmCreditPoint      `json:"creditPoint,omitempty"`
	Mode             string               `json:"mode,omitempty"`
	ProvenBy         *elmAssessment       `json:"provenBy,omitempty"`
	Accreditation    *elmAccreditation    `json:"accreditation,omitempty"`
}

type obCriteria struct {
	Narrative string `json:"narrative"`
}

type obAlignment struct {
	Type            []string `json:"type"`
	TargetName      string   `json:"targetName"`
	TargetURL       string   `json:"targetUrl"`
	TargetFramework string   `json:"targetFramework,omitempty"`
	TargetCode      string   `json:"targetCode,omitempty"`
	TargetType      string   `json:"targetType,omitempty"`
}

type obResultDescription struct {
	ID         string   `json:"id"`
	Type       []string `json:"type"`
	Name       string   `json:"name"`
	ResultType string   `json:"resultType"`
	ValueMin   string   `json:"valueMin,omitempty"`
	ValueMax   string   `json:"valueMax,omitempty"`
}

type obResult struct {
	Type              []string `json:"type"`
	ResultDescription string   `json:"resultDescription"`
	Value             string   `json:"value"`
}

type obStatusEntry struct {
	ID                   string            `json:"id"`
	Type                 string            `json:"type"`
	StatusPurpose        string            `json:"statusPurpose"`
	StatusListIndex      string            `json:"statusListIndex"`
	StatusListCredential string            `json:"statusListCredential"`
	StatusSize           int               `json:"statusSize,omitempty"`
	StatusMessage        []obStatusMessage `json:"statusMessage,omitempty"`
	StatusReference      string            `json:"statusReference,omitempty"`
}

type obStatusMessage struct {
	Status  string `json:"status"`
	Message string `json:"message"`
}

// credentialClaims is the JWT payload of a credential in the Open Badges 3.0
// JSON Web Token proof format: the credential itself, with the registered
// claims iss (issuer.id), jti (id), sub (credentialSubject.id), nbf
// (validFrom) and exp (validUntil) beside its properties.
type credentialClaims struct {
	obCredential
	jwt.RegisteredClaims
}

// statusListCredential is a BitstringStatusListCredential.
type statusListCredential struct {
	Context           []string          `json:"@context"`
	ID                string            `json:"id"`
	Type              []string          `json:"type"`
	Issuer            string            `json:"issuer"`
	ValidFrom         string            `json:"validFrom"`
	CredentialSubject statusListSubject `json:"credentialSubject"`
}

type statusListSubject struct {
	ID             string            `json:"id"`
	Type           string            `json:"type"`
	StatusPurpose  string            `json:"statusPurpose"`
	EncodedList    string            `json:"encodedList"`
	TTL            int64             `json:"ttl,omitempty"` // milliseconds a verifier may cache the list
	StatusSize     int               `json:"statusSize,omitempty"`
	StatusMessages []obStatusMessage `json:"statusMessages,omitempty"`
}

type statusListClaims struct {
	statusListCredential
	jwt.RegisteredClaims
}

// links builds the public URLs of this context under the platform's base URL.
type links struct{ base string }

func (l links) credential(id string) string    { return l.base + "/credentials/" + id }
func (l links) verifyPage(id string) string    { return l.base + "/verify/" + id }
func (l links) issuer(slug string) string      { return l.base + "/issuers/" + slug }
func (l links) achievement(slug string) string { return l.base + "/courses/" + slug }
func (l links) skill(id string) string         { return l.base + "/api/v1/skills/" + id }
func (l links) api(path string) string         { return l.base + "/api/v1" + path }
func (l links) key(kid string) string          { return l.api("/credential-keys/" + kid) }

// keyPrefix starts the kid of every key of this platform.
func (l links) keyPrefix() string { return l.api("/credential-keys/") }

// statusListPrefix starts the URL of every status list of this platform.
func (l links) statusListPrefix() string { return l.api("/status-lists/") }

func (l links) statusList(orgID string, n int, purpose string) string {
	return l.statusListPrefix() + statusListID(orgID, n, purpose)
}

// statusListID names one status list: the organisation's list n, for one purpose.
func statusListID(orgID string, n int, purpose string) string {
	return fmt.Sprintf("%s-%d-%s", orgID, n, purpose)
}

// parseStatusListID splits a status list id made by statusListID.
func parseStatusListID(id string) (orgID string, n int, purpose string, ok bool) {
	i := strings.LastIndexByte(id, '-')
	if i < 0 {
		return "", 0, "", false
	}
	purpose = id[i+1:]
	if purpose != purposeMessage && purpose != purposeRevocation && purpose != purposeSuspension {
		return "", 0, "", false
	}
	j := strings.LastIndexByte(id[:i], '-')
	if j <= 0 {
		return "", 0, "", false
	}
	n, err := strconv.Atoi(id[j+1 : i])
	if err != nil || n < 1 || strconv.Itoa(n) != id[j+1:i] {
		return "", 0, "", false
	}
	return id[:j], n, purpose, true
}

// hashedEmail is the learner's identity in a credential: SHA-256 of the
// trimmed, lower-cased address followed by the salt, so a verifier who knows
// the address can confirm it and nobody else can read it.
func hashedEmail(email, salt string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(email)) + salt))
	return "sha256$" + hex.EncodeToString(sum[:])
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// newSubjectID is a random URN identifying the learner in one credential
// only, so two credentials cannot be linked through it.
func newSubjectID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return "urn:uuid:" + h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// countryName is the English name of an ISO 3166-1 alpha-2 code, or "".
func countryName(code string) string {
	region, err := language.ParseRegion(code)
	if err != nil {
		return ""
	}
	return display.English.Regions().Name(region)
}

// formatGrade prints a percentage with at most two decimals.
// formatScore writes a score with the digits that tell scores apart.
func formatScore(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }

func formatGrade(g float64) string {
	return strconv.FormatFloat(math.Round(g*100)/100, 'f', -1, 64)
}

// issuance is one credential about to be signed.
type issuance struct {
	id        string
	award     Award
	issuedAt  time.Time
	list      int
	index     int
	salt      string
	subjectID string
}

// buildCredential assembles the Open Badges credential of an issuance.
func (l links) buildCredential(is issuance, platform string) obCredential {
	a := is.award
	ach := a.Achievement
	achType := ach.Type
	if achType == "" {
		achType = AchievementCourse
		if len(CheckMicroCredential(a)) == 0 {
			achType = AchievementMicroCredential
		}
	}
	achievement := l.buildAchievement(ach, achType, a.Entrants)
	results := []obResult{{Type: []string{"Result"}, ResultDescription: achievement.ID + "#final-grade", Value: formatGrade(a.Grade)}}
	if ach.Ranked {
		results = []obResult{{Type: []string{"Result"}, ResultDescription: achievement.ID + "#place", Value: strconv.Itoa(a.Rank)}}
		if ach.Metric != "" {
			results = append(results, obResult{Type: []string{"Result"}, ResultDescription: achievement.ID + "#score", Value: formatScore(a.Score)})
		}
	}
	c := obCredential{
		Context: []any{contextVC, contextOB, elmContext},
		ID:      l.credential(is.id),
		Type:    []string{"VerifiableCredential", "OpenBadgeCredential"},
		Name:    ach.Name,
		Issuer: obProfile{
			ID:          l.issuer(a.Issuer.Slug),
			Type:        []string{"Profile"},
			Name:        a.Issuer.Name,
			URL:         a.Issuer.Website,
			Description: hostedDescription(a.Issuer, platform, l.base),
			Address:     &obAddress{Type: []string{"Address"}, AddressCountry: countryName(a.Issuer.Country), AddressCountryCode: strings.ToUpper(a.Issuer.Country)},
			OtherIdentifier: []obIdentifierEntry{
				{Type: "IdentifierEntry", Identifier: a.Issuer.OrgID, IdentifierType: "systemId"},
				{Type: "IdentifierEntry", Identifier: l.base, IdentifierType: "ext:hostPlatform"},
			},
		},
		ValidFrom:   dateTime(is.issuedAt),
		AwardedDate: dateTime(a.CompletedAt),
		CredentialSubject: obSubject{
			ID:   is.subjectID,
			Type: []string{"AchievementSubject"},
			Identifier: []obIdentity{{
				Type: "IdentityObject", IdentityHash: hashedEmail(a.Learner.Email, is.salt),
				IdentityType: "emailAddress", Hashed: true, Salt: is.salt,
			}},
			Achievement:     achievement,
			Result:          results,
			CreditsEarned:   ach.ECTS,
			ActivityEndDate: dateTime(a.CompletedAt),
		},
	}
	list := l.statusList(a.Issuer.OrgID, is.list, purposeMessage)
	c.CredentialStatus = obStatusEntry{
		ID: list + "#" + strconv.Itoa(is.index), Type: "BitstringStatusListEntry", StatusPurpose: purposeMessage,
		StatusListIndex: strconv.Itoa(is.index), StatusListCredential: list,
		StatusSize: statusSize, StatusMessage: statusMessages, StatusReference: l.verifyPage(is.id),
	}
	if a.ValidFor > 0 {
		c.ValidUntil = dateTime(is.issuedAt.Add(a.ValidFor))
	}
	return c
}

// buildAchievement assembles the Open Badges achievement of a course or a
// competition; a ranked one describes its result as a place, from 1 (the
// first) to the number of entrants when known, in the extension result
// type ext:Place, and its score, when it names a metric, as a RawScore.
func (l links) buildAchievement(ach Achievement, achType string, entrants int) obAchievement {
	description := strings.TrimSpace(ach.Description)
	if description == "" {
		description = ach.Name
	}
	criteria := strings.TrimSpace(ach.Criteria)
	if criteria == "" {
		criteria = "Completed every part of the course and passed its assessment."
	}
	achID := l.achievement(ach.Slug)
	if ach.Path != "" {
		achID = l.base + ach.Path
	}
	out := obAchievement{
		ID: achID, Type: []string{"Achievement"}, AchievementType: achType,
		Name: ach.Name, Description: description, Criteria: obCriteria{Narrative: criteria},
		CreditsAvailable: ach.ECTS, InLanguage: ach.Language,
		ResultDescription: []obResultDescription{{
			ID: achID + "#final-grade", Type: []string{"ResultDescription"}, Name: "Final grade",
			ResultType: "Percent", ValueMin: "0", ValueMax: "100",
		}},
	}
	if ach.Ranked {
		place := obResultDescription{ID: achID + "#place", Type: []string{"ResultDescription"}, Name: "Place", ResultType: "ext:Place", ValueMin: "1"}
		if entrants > 0 {
			place.Name = fmt.Sprintf("Place among %d", entrants)
			place.ValueMax = strconv.Itoa(entrants)
		}
		out.ResultDescription = []obResultDescription{place}
		if ach.Metric != "" {
			out.ResultDescription = append(out.ResultDescription, obResultDescription{
				ID: achID + "#score", Type: []string{"ResultDescription"}, Name: "Score (" + ach.Metric + ")", ResultType: "RawScore",
			})
		}
	}
	for _, sk := range ach.Skills {
		al := obAlignment{Type: []string{"Alignment"}, TargetName: sk.Label, TargetURL: l.skill(sk.ID), TargetCode: sk.ID, TargetType: "ceasn:Competency"}
		if sk.ESCOURI != "" {
			al.TargetURL, al.TargetFramework = sk.ESCOURI, "ESCO"
		}
		out.Alignment = append(out.Alignment, al)
	}
	elmElements(&out, ach)
	return out
}

// hostedDescription is the issuer's description with a note that the
// platform issues and signs on the institution's behalf.
func hostedDescription(iss Issuer, platform, base string) string {
	note := fmt.Sprintf("Credentials of %s are issued and signed on its behalf by %s (%s).", iss.Name, platform, base)
	if d := strings.TrimSpace(iss.Description); d != "" {
		return d + " " + note
	}
	return note
}

// claims returns the JWT payload that secures c.
func (c obCredential) claims() credentialClaims {
	rc := jwt.RegisteredClaims{Issuer: c.Issuer.ID, Subject: c.CredentialSubject.ID, ID: c.ID}
	if t, err := time.Parse(time.RFC3339, c.ValidFrom); err == nil {
		rc.NotBefore = jwt.NewNumericDate(t)
	}
	if t, err := time.Parse(time.RFC3339, c.ValidUntil); err == nil && c.ValidUntil != "" {
		rc.ExpiresAt = jwt.NewNumericDate(t)
	}
	return credentialClaims{obCredential: c, RegisteredClaims: rc}
}

// claims returns the JWT payload that secures the status list.
func (c statusListCredential) claims() statusListClaims {
	rc := jwt.RegisteredClaims{Issuer: c.Issuer, Subject: c.CredentialSubject.ID, ID: c.ID}
	if t, err := time.Parse(time.RFC3339, c.ValidFrom); err == nil {
		rc.NotBefore = jwt.NewNumericDate(t)
	}
	return statusListClaims{statusListCredential: c, RegisteredClaims: rc}
}
