package certificate

// The languages certificates are printed in; the first is the fallback.
var languages = []string{"en", "fr", "de"}

// Languages lists the languages Render speaks, the default first.
func Languages() []string { return append([]string(nil), languages...) }

// The keys of the message table.
const (
	msgTitle        = "title"
	msgCertifies    = "certifies"
	msgCompleted    = "completed"
	msgAwardedBy    = "awarded_by"
	msgWorkload     = "workload"
	msgWorkloadECTS = "workload_ects"
	msgHours        = "hours"
	msgEQFLevel     = "eqf_level"
	msgGrade        = "grade"
	msgIssuedOn     = "issued_on"
	msgCredentialID = "credential_id"
	msgVerifyAt     = "verify_at"
	msgSignedNote   = "signed_note"
	msgRevoked      = "revoked"
	msgSuspended    = "suspended"
	msgDateFormat   = "date_format"
)

// messages holds every printed phrase per language. Placeholders are fmt
// verbs filled in Render; date_format names the order of day, month and year.
var messages = map[string]map[string]string{
	"en": {
		msgTitle:        "Certificate of Achievement",
		msgCertifies:    "This certifies that",
		msgCompleted:    "has successfully completed",
		msgAwardedBy:    "Awarded by %s, %s",
		msgWorkload:     "Workload: %s hours",
		msgWorkloadECTS: "Workload: %s ECTS credits (%s hours)",
		msgHours:        "hours",
		msgEQFLevel:     "EQF level %d",
		msgGrade:        "Grade: %s %%",
		msgIssuedOn:     "Issued on %s",
		msgCredentialID: "Credential ID: %s",
		msgVerifyAt:     "Verify at %s",
		msgSignedNote:   "This certificate accompanies a digitally signed Open Badges 3.0 credential; scan the code to check that it is genuine and still valid.",
		msgRevoked:      "REVOKED: this credential is no longer valid",
		msgSuspended:    "SUSPENDED: this credential is currently not valid",
		msgDateFormat:   "%[2]s %[1]d, %[3]d",
	},
	"fr": {
		msgTitle:        "Certificat de réussite",
		msgCertifies:    "Nous certifions que",
		msgCompleted:    "a suivi avec succès",
		msgAwardedBy:    "Décerné par %s, %s",
		msgWorkload:     "Charge de travail : %s heures",
		msgWorkloadECTS: "Charge de travail : %s crédits ECTS (%s heures)",
		msgHours:        "heures",
		msgEQFLevel:     "Niveau CEC %d",
		msgGrade:        "Note : %s %%",
		msgIssuedOn:     "Délivré le %s",
		msgCredentialID: "Identifiant de l’attestation : %s",
		msgVerifyAt:     "Vérifier sur %s",
		msgSignedNote:   "Ce certificat accompagne une attestation Open Badges 3.0 signée numériquement ; scannez le code pour vérifier qu’elle est authentique et toujours valide.",
		msgRevoked:      "RÉVOQUÉ : cette attestation n’est plus valide",
		msgSuspended:    "SUSPENDU : cette attestation n’est pas valide actuellement",
		msgDateFormat:   "%[1]d %[2]s %[3]d",
	},
	"de": {
		msgTitle:        "Leistungszertifikat",
		msgCertifies:    "Hiermit wird bestätigt, dass",
		msgCompleted:    "erfolgreich abgeschlossen hat:",
		msgAwardedBy:    "Verliehen von %s, %s",
		msgWorkload:     "Arbeitsaufwand: %s Stunden",
		msgWorkloadECTS: "Arbeitsaufwand: %s ECTS-Punkte (%s Stunden)",
		msgHours:        "Stunden",
		msgEQFLevel:     "EQR-Niveau %d",
		msgGrade:        "Note: %s %%",
		msgIssuedOn:     "Ausgestellt am %s",
		msgCredentialID: "Nachweis-ID: %s",
		msgVerifyAt:     "Prüfen unter %s",
		msgSignedNote:   "Dieses Zertifikat gehört zu einem digital signierten Open-Badges-3.0-Nachweis; scannen Sie den Code, um zu prüfen, dass er echt und weiterhin gültig ist.",
		msgRevoked:      "WIDERRUFEN: dieser Nachweis ist nicht mehr gültig",
		msgSuspended:    "AUSGESETZT: dieser Nachweis ist derzeit nicht gültig",
		msgDateFormat:   "%[1]d. %[2]s %[3]d",
	},
}

// months names the months per language, January first.
var months = map[string][12]string{
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	"fr": {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
	"de": {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
}
