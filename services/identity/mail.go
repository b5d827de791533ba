package identity

import "fmt"

// resetMailText holds the password reset mail in each language: the subject,
// and the body with the display name and the link to fill in.
var resetMailText = map[string]struct{ subject, body string }{
	LanguageEnglish: {
		subject: "Reset your Academy password",
		body: "Hello %s,\n\n" +
			"Someone, hopefully you, asked to reset the password of your Academy account. " +
			"Open this link within 30 minutes to choose a new password:\n\n%s\n\n" +
			"If you did not ask for this, ignore this mail: your password stays as it is.\n",
	},
	LanguageFrench: {
		subject: "Réinitialisez votre mot de passe Academy",
		body: "Bonjour %s,\n\n" +
			"Quelqu'un, sans doute vous, a demandé la réinitialisation du mot de passe de votre compte Academy. " +
			"Ouvrez ce lien dans les 30 minutes pour choisir un nouveau mot de passe :\n\n%s\n\n" +
			"Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.\n",
	},
	LanguageGerman: {
		subject: "Setzen Sie Ihr Academy-Passwort zurück",
		body: "Hallo %s,\n\n" +
			"jemand, hoffentlich Sie, hat angefordert, das Passwort Ihres Academy-Kontos zurückzusetzen. " +
			"Öffnen Sie diesen Link innerhalb von 30 Minuten, um ein neues Passwort zu wählen:\n\n%s\n\n" +
			"Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: Ihr Passwort bleibt unverändert.\n",
	},
}

// resetMail is the password reset mail to u, in u's language.
func resetMail(u User, link string) (subject, text string) {
	t, ok := resetMailText[u.Language]
	if !ok {
		t = resetMailText[LanguageEnglish]
	}
	return t.subject, fmt.Sprintf(t.body, u.DisplayName, link)
}
