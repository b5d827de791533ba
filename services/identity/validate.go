package identity

import (
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/text/language"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"academy/services/kit/apperr"
)

// Password policy, after NIST SP 800-63B: length only, no composition rules.
const (
	minPasswordLen = 10
	maxPasswordLen = 128
)

const (
	maxEmailLen           = 254
	maxDisplayNameLen     = 100
	maxOrgNameLen         = 120
	maxWebsiteLen         = 300
	maxDescriptionLen     = 2000
	maxRejectionReasonLen = 500
	maxSlugLen            = 60
)

// emailKey is the form of an email that uniqueness and lookups use, so that
// two spellings differing only in case are one account.
func emailKey(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

func checkEmail(v *apperr.Validation, field, email string) {
	switch {
	case email == "":
		v.Add(field, "is required")
	case len(email) > maxEmailLen:
		v.Add(field, "must be at most %d characters", maxEmailLen)
	default:
		addr, err := mail.ParseAddress(email)
		v.Check(err == nil && addr.Address == email, field, "must be an email address such as ada@example.org")
	}
}

// checkPassword applies the password policy; email is the account's, which
// the password must not repeat.
func checkPassword(v *apperr.Validation, field, password, email string) {
	n := utf8.RuneCountInString(password)
	switch {
	case !utf8.ValidString(password):
		v.Add(field, "must be valid UTF-8 text")
	case n < minPasswordLen || n > maxPasswordLen:
		v.Add(field, "must be %d to %d characters long", minPasswordLen, maxPasswordLen)
	case email != "" && strings.EqualFold(strings.TrimSpace(password), strings.TrimSpace(email)):
		v.Add(field, "must not be your email address")
	}
}

// invisibleControls are the bidirectional embeddings, overrides and
// isolates, and the zero-width characters: in a name they make it read
// differently from how it is stored (or hide that two names differ).
var invisibleControls = runes.Predicate(func(r rune) bool {
	switch {
	case r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2060 && r <= 0x2064,
		r >= 0x2066 && r <= 0x2069, r == 0xFEFF, r == 0x061C:
		return true
	}
	return false
})

// cleanName removes invisible controls from a display name and trims it.
func cleanName(s string) string {
	cleaned, _, err := transform.String(runes.Remove(invisibleControls), s)
	if err != nil {
		cleaned = s
	}
	return strings.TrimSpace(cleaned)
}

// checkText requires a single line of printable text of min to max characters.
func checkText(v *apperr.Validation, field, s string, min, max int) {
	n := utf8.RuneCountInString(s)
	switch {
	case !utf8.ValidString(s) || strings.IndexFunc(s, unicode.IsControl) >= 0:
		v.Add(field, "must be printable text on one line")
	case n < min || n > max:
		v.Add(field, "must be %d to %d characters long", min, max)
	}
}

func checkLanguage(v *apperr.Validation, field, lang string) {
	switch lang {
	case LanguageEnglish, LanguageFrench, LanguageGerman:
	default:
		v.Add(field, "must be one of en, fr, de")
	}
}

func checkOrgKind(v *apperr.Validation, field, kind string) {
	switch kind {
	case KindUniversity, KindProvider, KindCompany:
	default:
		v.Add(field, "must be one of university, provider, company")
	}
}

func checkRole(v *apperr.Validation, field, role string) {
	switch role {
	case RoleOwner, RoleStaff:
	default:
		v.Add(field, "must be owner or staff")
	}
}

// checkCountry requires a current ISO 3166-1 alpha-2 country code in capitals.
func checkCountry(v *apperr.Validation, field, code string) {
	ok := len(code) == 2 && strings.ToUpper(code) == code
	if ok {
		r, err := language.ParseRegion(code)
		ok = err == nil && r.IsCountry() && r.String() == code
	}
	v.Check(ok, field, "must be an ISO 3166-1 alpha-2 country code such as FR")
}

func checkWebsite(v *apperr.Validation, field, website string) {
	if website == "" {
		return
	}
	u, err := url.Parse(website)
	ok := err == nil && len(website) <= maxWebsiteLen && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.User == nil
	v.Check(ok, field, "must be an http or https address of at most %d characters", maxWebsiteLen)
}

func checkDescription(v *apperr.Validation, field, s string) {
	v.Check(utf8.ValidString(s) && utf8.RuneCountInString(s) <= maxDescriptionLen, field,
		"must be text of at most %d characters", maxDescriptionLen)
}

// slugify turns a name into a URL path segment: accents dropped, lower case
// letters and digits joined by single hyphens.
func slugify(name string) string {
	stripped, _, err := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), name)
	if err != nil {
		stripped = name
	}
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(stripped) {
		if r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
			continue
		}
		hyphen = true
	}
	slug := b.String()
	if len(slug) > maxSlugLen {
		slug = strings.TrimRight(slug[:maxSlugLen], "-")
	}
	if slug == "" {
		return "org"
	}
	return slug
}

// registrationNumber is what VAT, company register and accreditation numbers
// are written with across the EU: letters, digits and a few separators.
var registrationNumber = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 ./-]{2,38}[A-Za-z0-9]$`)

func checkRegistrationNumber(v *apperr.Validation, field, s string) {
	v.Check(registrationNumber.MatchString(s), field, "must be 4 to 40 letters and digits, with spaces, dots, slashes or hyphens between them, such as FR40303265045")
}

// emailDomain requires a host name such as example.org and returns it as
// lower-case ASCII, an international name in its xn-- form.
func emailDomain(v *apperr.Validation, field, domain string) string {
	ascii, err := idna.Lookup.ToASCII(domain)
	ok := err == nil && domain != "" && strings.Contains(ascii, ".") && len(ascii) <= 253
	v.Check(ok, field, "must be a domain name such as example.org, without @ or https://")
	return ascii
}
