package identity

import "fmt"

// mailText is one mail in one language: the subject, and the body whose
// verbs the sending function fills in.
type mailText struct{ subject, body string }

// resetMailText holds the password reset mail in each language; its body
// takes the display name and the link.
var resetMailText = map[string]mailText{
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

// verifyMailText holds the email verification mail; its body takes the
// display name and the link.
var verifyMailText = map[string]mailText{
	LanguageEnglish: {
		subject: "Confirm your Academy email address",
		body: "Hello %s,\n\n" +
			"Open this link within 48 hours to confirm that this address is yours:\n\n%s\n\n" +
			"If you did not open an Academy account, ignore this mail.\n",
	},
	LanguageFrench: {
		subject: "Confirmez votre adresse e-mail Academy",
		body: "Bonjour %s,\n\n" +
			"Ouvrez ce lien dans les 48 heures pour confirmer que cette adresse est la vôtre :\n\n%s\n\n" +
			"Si vous n'avez pas ouvert de compte Academy, ignorez ce message.\n",
	},
	LanguageGerman: {
		subject: "Bestätigen Sie Ihre Academy-E-Mail-Adresse",
		body: "Hallo %s,\n\n" +
			"öffnen Sie diesen Link innerhalb von 48 Stunden, um zu bestätigen, dass diese Adresse Ihnen gehört:\n\n%s\n\n" +
			"Wenn Sie kein Academy-Konto eröffnet haben, ignorieren Sie diese E-Mail.\n",
	},
}

// takenMailText holds the mail to an account's owner when someone tried to
// register with its address; its body takes the display name, the sign-in
// link and the reset link.
var takenMailText = map[string]mailText{
	LanguageEnglish: {
		subject: "Someone tried to register with your Academy address",
		body: "Hello %s,\n\n" +
			"Someone, perhaps you, tried to open an Academy account with this address, which already has one. " +
			"Sign in here:\n\n%s\n\nor, if you forgot your password, choose a new one here:\n\n%s\n\n" +
			"If it was not you, ignore this mail: nothing changed.\n",
	},
	LanguageFrench: {
		subject: "Quelqu'un a tenté de s'inscrire avec votre adresse Academy",
		body: "Bonjour %s,\n\n" +
			"Quelqu'un, peut-être vous, a tenté d'ouvrir un compte Academy avec cette adresse, qui en a déjà un. " +
			"Connectez-vous ici :\n\n%s\n\nou, si vous avez oublié votre mot de passe, choisissez-en un nouveau ici :\n\n%s\n\n" +
			"Si ce n'était pas vous, ignorez ce message : rien n'a changé.\n",
	},
	LanguageGerman: {
		subject: "Jemand wollte sich mit Ihrer Academy-Adresse registrieren",
		body: "Hallo %s,\n\n" +
			"jemand, vielleicht Sie, wollte mit dieser Adresse ein Academy-Konto eröffnen; sie hat bereits eines. " +
			"Melden Sie sich hier an:\n\n%s\n\noder wählen Sie, falls Sie Ihr Passwort vergessen haben, hier ein neues:\n\n%s\n\n" +
			"Wenn Sie es nicht waren, ignorieren Sie diese E-Mail: Es hat sich nichts geändert.\n",
	},
}

// inviteMailText holds the invitation mail; its body takes the
// organisation's name, the role and the link.
var inviteMailText = map[string]mailText{
	LanguageEnglish: {
		subject: "You are invited to join %s on Academy",
		body: "Hello,\n\n" +
			"You are invited to join %s on Academy as %s. " +
			"Sign in, or open an account, with this address and answer the invitation within 7 days:\n\n%s\n\n" +
			"If you do not want to join, decline it there or ignore this mail.\n",
	},
	LanguageFrench: {
		subject: "Vous êtes invité à rejoindre %s sur Academy",
		body: "Bonjour,\n\n" +
			"Vous êtes invité à rejoindre %s sur Academy en tant que %s. " +
			"Connectez-vous, ou ouvrez un compte, avec cette adresse et répondez à l'invitation dans les 7 jours :\n\n%s\n\n" +
			"Si vous ne souhaitez pas la rejoindre, refusez l'invitation ou ignorez ce message.\n",
	},
	LanguageGerman: {
		subject: "Sie sind eingeladen, %s auf Academy beizutreten",
		body: "Hallo,\n\n" +
			"Sie sind eingeladen, %s auf Academy als %s beizutreten. " +
			"Melden Sie sich mit dieser Adresse an, oder eröffnen Sie ein Konto, und beantworten Sie die Einladung innerhalb von 7 Tagen:\n\n%s\n\n" +
			"Wenn Sie nicht beitreten möchten, lehnen Sie sie dort ab oder ignorieren Sie diese E-Mail.\n",
	},
}

// teamInviteMailText holds the invitation to a company's learning team;
// its body takes the company's name, the number of days it is valid and the link.
var teamInviteMailText = map[string]mailText{
	LanguageEnglish: {
		subject: "%s invites you to learn with its team on Academy",
		body: "Hello,\n\n" +
			"%s invites you to its learning team on Academy. You keep your own account, and you decide " +
			"whether the company may see your progress. Sign in, or open an account, with this address " +
			"and answer within %d days:\n\n%s\n\n" +
			"If you do not want to join, decline it there or ignore this mail.\n",
	},
	LanguageFrench: {
		subject: "%s vous invite à apprendre avec son équipe sur Academy",
		body: "Bonjour,\n\n" +
			"%s vous invite dans son équipe d'apprentissage sur Academy. Vous gardez votre propre compte " +
			"et décidez si l'entreprise peut voir votre progression. Connectez-vous, ou ouvrez un compte, " +
			"avec cette adresse et répondez dans les %d jours :\n\n%s\n\n" +
			"Si vous ne souhaitez pas la rejoindre, refusez l'invitation ou ignorez ce message.\n",
	},
	LanguageGerman: {
		subject: "%s lädt Sie ein, mit seinem Team auf Academy zu lernen",
		body: "Hallo,\n\n" +
			"%s lädt Sie in sein Lernteam auf Academy ein. Sie behalten Ihr eigenes Konto und entscheiden, " +
			"ob das Unternehmen Ihren Fortschritt sehen darf. Melden Sie sich mit dieser Adresse an, oder " +
			"eröffnen Sie ein Konto, und antworten Sie innerhalb von %d Tagen:\n\n%s\n\n" +
			"Wenn Sie nicht beitreten möchten, lehnen Sie dort ab oder ignorieren Sie diese E-Mail.\n",
	},
}

// textIn returns the mail in language, or in English when there is none.
func textIn(texts map[string]mailText, language string) mailText {
	if t, ok := texts[language]; ok {
		return t
	}
	return texts[LanguageEnglish]
}

// resetMail is the password reset mail to u, in u's language.
func resetMail(u User, link string) (subject, text string) {
	t := textIn(resetMailText, u.Language)
	return t.subject, fmt.Sprintf(t.body, u.DisplayName, link)
}

// verifyMail is the email verification mail to u, in u's language.
func verifyMail(u User, link string) (subject, text string) {
	t := textIn(verifyMailText, u.Language)
	return t.subject, fmt.Sprintf(t.body, u.DisplayName, link)
}

// takenMail tells u that someone tried to register with u's address.
func takenMail(u User, signInLink, resetLink string) (subject, text string) {
	t := textIn(takenMailText, u.Language)
	return t.subject, fmt.Sprintf(t.body, u.DisplayName, signInLink, resetLink)
}

// teamInviteMail is the invitation to the learning team of company, in language.
func teamInviteMail(language, company string, days int, link string) (subject, text string) {
	t := textIn(teamInviteMailText, language)
	return fmt.Sprintf(t.subject, company), fmt.Sprintf(t.body, company, days, link)
}

// inviteMail is the invitation to join orgName with role, in language.
func inviteMail(language, orgName, role, link string) (subject, text string) {
	t := textIn(inviteMailText, language)
	return fmt.Sprintf(t.subject, orgName), fmt.Sprintf(t.body, orgName, role, link)
}
