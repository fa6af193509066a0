package i18n

// mailTexts are the texts of the emails (package eleader): the report of
// an import (subject, sentences, the summary per check, the files set
// aside), and the notices of the portal (a sign-in link, an invitation, a
// token ready, a token renewed). The web page of a report shows the same
// sentences.
var mailTexts = map[string]entry{

	// The report: its subject.
	"mail.subject.notice": {
		en: "%s – your deposit: %s",
		fr: "%s – votre dépôt : %s",
	},
	"mail.subject.set_aside": {
		en:     "%d file set aside",
		enMany: "%d files set aside",
		fr:     "%d fichier mis de côté",
		frMany: "%d fichiers mis de côté",
	},
	"mail.subject.not_processed": {
		en:     "%d file not processed",
		enMany: "%d files not processed",
		fr:     "%d fichier non traité",
		frMany: "%d fichiers non traités",
	},
	"mail.subject.file": {
		en: "%s – %s: %s",
		fr: "%s – %s : %s",
	},
	"mail.subject.rejected_whole": {
		en: "file rejected",
		fr: "fichier rejeté",
	},
	"mail.subject.rejected_some": {
		en:     "file rejected, %d of %d lines rejected",
		fr:     "fichier rejeté, %d ligne rejetée sur %d",
		frMany: "fichier rejeté, %d lignes rejetées sur %d",
	},
	"mail.subject.rejected": {
		en:     "%d of %d lines rejected",
		fr:     "%d ligne rejetée sur %d",
		frMany: "%d lignes rejetées sur %d",
	},
	"mail.subject.accepted": {
		en:     "%d line accepted",
		enMany: "%d lines accepted",
		fr:     "%d ligne acceptée",
		frMany: "%d lignes acceptées",
	},

	// The report: what happened to the file.
	"mail.first.notice": {
		en: "No file was imported by this run, but your deposit held files that will not be.",
		fr: "Aucun fichier n'a été importé lors de ce passage, mais votre dépôt contenait des fichiers qui ne le seront pas.",
	},
	"mail.then.rename": {
		en: "Send your data again in a file named AAAAMMDD-%s.csv, with the export's date.",
		fr: "Renvoyez vos données dans un fichier nommé AAAAMMJJ-%s.csv, avec la date de l'export.",
	},
	"mail.first.stopped": {
		en: "The file %s is rejected whole: %s.",
		fr: "Le fichier %s est rejeté en entier : %s.",
	},
	"mail.then.stopped": {
		en: "No line was read; correct the file and send it again under a new name (with today's date).",
		fr: "Aucune ligne n'a été lue ; corrigez le fichier et renvoyez-le sous un nouveau nom (avec la date du jour).",
	},
	"mail.first.mode": {
		en:     "The file %[2]s is rejected whole: in complete mode, one line in error rejects the whole file, and %[1]d of %[3]d lines is rejected.",
		enMany: "The file %[2]s is rejected whole: in complete mode, one line in error rejects the whole file, and %[1]d of %[3]d lines are rejected.",
		fr:     "Le fichier %[2]s est rejeté en entier : en mode complet, une ligne en erreur rejette tout le fichier, et %[1]d ligne est rejetée sur %[3]d.",
		frMany: "Le fichier %[2]s est rejeté en entier : en mode complet, une ligne en erreur rejette tout le fichier, et %[1]d lignes sont rejetées sur %[3]d.",
	},
	"mail.then.mode": {
		en: "Nothing was integrated into E#L. Correct the attached lines and send the whole file again.",
		fr: "Rien n'a été intégré à E#L. Corrigez les lignes jointes et renvoyez le fichier complet.",
	},
	"mail.first.rejected": {
		en:     "The file %[2]s was processed: %[1]d of %[3]d lines is rejected.",
		enMany: "The file %[2]s was processed: %[1]d of %[3]d lines are rejected.",
		fr:     "Le fichier %[2]s a été traité : %[1]d ligne est rejetée sur %[3]d.",
		frMany: "Le fichier %[2]s a été traité : %[1]d lignes sont rejetées sur %[3]d.",
	},
	"mail.first.accepted": {
		en:     "The file %[2]s was processed: %[1]d line, accepted.",
		enMany: "The file %[2]s was processed: its %[1]d lines are accepted.",
		fr:     "Le fichier %[2]s a été traité : %[1]d ligne, acceptée.",
		frMany: "Le fichier %[2]s a été traité : ses %[1]d lignes sont acceptées.",
	},
	"mail.then.qualified": {
		en: "Qualification environment: nothing is integrated into E#L. This file has no error: the qualification is passed, the move to production can be requested.",
		fr: "Environnement de qualification : rien n'est intégré à E#L. Ce fichier est sans erreur : la qualification est réussie, le passage en production peut être demandé.",
	},
	"mail.then.qualification": {
		en: "Qualification environment: nothing is integrated into E#L. The qualification passes with a file of at least one line and no rejected line.",
		fr: "Environnement de qualification : rien n'est intégré à E#L. La qualification réussit avec un fichier d'au moins une ligne, sans aucune ligne rejetée.",
	},
	"mail.then.integrated_one": {
		en: "The accepted line was integrated into E#L.",
		fr: "La ligne acceptée a été intégrée à E#L.",
	},
	"mail.then.integrated": {
		en: "The %d accepted lines were integrated into E#L (%d dossiers).",
		fr: "Les %d lignes acceptées ont été intégrées à E#L (%d dossiers).",
	},

	// Why a file of the deposit folder was set aside.
	"mail.refused.name": {
		en: "its name is not AAAAMMDD-%s.csv or .xlsx (the export's date, a dash, your identifier)",
		fr: "son nom ne suit pas la nomenclature AAAAMMJJ-%s.csv ou .xlsx (la date de l'export, un tiret, votre identifiant)",
	},
	"mail.refused.partner": {
		en: "this name is a file name of the partner '%s': deposit your own files only, named AAAAMMDD-%s.csv",
		fr: "ce nom est celui d'un fichier du partenaire « %s » : ne déposez que vos propres fichiers, nommés AAAAMMJJ-%s.csv",
	},
	"mail.refused.used": {
		en: "this name was already used on %s, for a different content; send it under the next date",
		fr: "ce nom a déjà servi le %s, pour un contenu différent ; envoyez-le sous la date suivante",
	},
	"mail.refused.export_used": {
		en: "its export date was already used on %s, by the file %s: an export is sent once, as CSV or as a workbook; send it under the next date",
		fr: "sa date d'export a déjà servi le %s, pour le fichier %s : un export ne s'envoie qu'une fois, en CSV ou en classeur ; envoyez-le sous la date suivante",
	},
	"mail.refused.file": {
		en: "the file is refused, as it would be at any deposit: %s",
		fr: "le fichier est refusé, comme il le serait à tout dépôt : %s",
	},
	"mail.refused.same_date": {
		en: "another file of the same export date (%s) came before it: a date is used once",
		fr: "un autre fichier de la même date d'export (%s) est arrivé avant lui : une date ne sert qu'une fois",
	},
	"mail.refused.directory": {
		en: "it is a directory: deposit the files themselves",
		fr: "c'est un répertoire : déposez les fichiers eux-mêmes",
	},
	"mail.refused.symlink": {
		en: "it is a symbolic link, which is never followed: deposit the file itself",
		fr: "c'est un lien symbolique, qui n'est jamais suivi : déposez le fichier lui-même",
	},
	"mail.refused.kind": {
		en: "it is not a regular file",
		fr: "ce n'est pas un fichier ordinaire",
	},
	"mail.refused.other": {
		en: "it cannot be imported",
		fr: "il ne peut pas être importé",
	},

	// Why a file was rejected whole, by file error code.
	"mail.file_error.name": {
		en: "its name is not AAAAMMDD-IDENTIFIANT.csv",
		fr: "son nom ne suit pas la nomenclature AAAAMMJJ-IDENTIFIANT.csv",
	},
	"mail.file_error.encoding": {
		en: "it is not encoded in UTF-8",
		fr: "il n'est pas encodé en UTF-8",
	},
	"mail.file_error.separator": {
		en: "its separator is not the semicolon",
		fr: "son séparateur n'est pas le point-virgule",
	},
	"mail.file_error.header": {
		en: "its header does not hold exactly the matrice's columns",
		fr: "son en-tête ne reprend pas exactement les colonnes de la matrice",
	},
	"mail.file_error.empty": {
		en: "it is empty",
		fr: "il est vide",
	},
	"mail.file_error.syntax": {
		en: "a quote opened is never closed",
		fr: "un guillemet ouvert n'est jamais fermé",
	},
	"mail.file_error.workbook": {
		en: "the workbook breaks the template's rules",
		fr: "le classeur ne respecte pas les règles du modèle",
	},

	// The report's text and HTML.
	"mail.hello": {
		en: "Hello,",
		fr: "Bonjour,",
	},
	"mail.regards": {
		en: "Regards,",
		fr: "Cordialement,",
	},
	"mail.superseded": {
		en: "Files not imported, an export of a later date having been imported instead: %s.",
		fr: "Fichiers non importés, un export de date plus récente ayant été importé à leur place : %s.",
	},
	"mail.refused_intro": {
		en: "Files set aside, never imported (E#L keeps them in the refuses/ directory of your deposit):",
		fr: "Fichiers mis de côté, jamais importés (E#L les conserve dans le répertoire refuses/ de votre dépôt) :",
	},
	"mail.refused_item": {
		en: "%s: %s.",
		fr: "%s : %s.",
	},
	"mail.refused_more": {
		en:     "… and %d more: E#L can give you the list.",
		fr:     "… et %d autre : E#L peut vous en donner la liste.",
		frMany: "… et %d autres : E#L peut vous en donner la liste.",
	},
	"mail.checks": {
		en: "Errors by check:",
		fr: "Erreurs par contrôle :",
	},
	"mail.checks_title": {
		en: "Errors by check",
		fr: "Erreurs par contrôle",
	},
	"mail.errors": {
		en:     "%d error",
		enMany: "%d errors",
		fr:     "%d erreur",
		frMany: "%d erreurs",
	},
	"mail.check": {
		en: "%s (%s): %s",
		fr: "%s (%s) : %s",
	},
	"mail.colon": {
		en: ": ",
		fr: " : ",
	},
	"mail.example": {
		en: "line %d%s: %s",
		fr: "ligne %d%s : %s",
	},
	"mail.more": {
		en:     "… and %d more",
		fr:     "… et %d autre",
		frMany: "… et %d autres",
	},
	"mail.hint": {
		en: "Hint: %s",
		fr: "Conseil : %s",
	},
	"mail.th.line": {
		en: "Line",
		fr: "Ligne",
	},
	"mail.th.field": {
		en: "Field",
		fr: "Champ",
	},
	"mail.th.message": {
		en: "Message",
		fr: "Message",
	},
	"mail.th.errors": {
		en: "Errors",
		fr: "Erreurs",
	},
	"mail.formats_csv": {
		en: "as CSV (UTF-8, ';')",
		fr: "au format CSV (UTF-8, « ; »)",
	},
	"mail.formats_both": {
		en: "as CSV (UTF-8, ';') and Excel",
		fr: "au format CSV (UTF-8, « ; ») et Excel",
	},
	"mail.where_space": {
		en: "in your E#L deposit space (report no. %d), or through the API (GET /api/v1/reports/%d/rejects.csv).",
		fr: "dans votre espace de dépôt E#L (rapport n° %d), ou par l'API (GET /api/v1/reports/%d/rejects.csv).",
	},
	"mail.where_link": {
		en: "on the report's page, after signing in with your token:",
		fr: "sur la page du rapport, après connexion avec votre jeton :",
	},
	"mail.fix": {
		en: "Correct them and send them again in a new file: the Erreurs column is ignored.",
		fr: "Corrigez-les et renvoyez-les dans un nouveau fichier : la colonne Erreurs est ignorée.",
	},
	"mail.attached_both": {
		en: "Attached: the rejected lines, %s, with an Erreurs column.",
		fr: "En pièces jointes : les lignes rejetées, %s, avec une colonne Erreurs.",
	},
	"mail.attached_one": {
		en: "Attached: the rejected lines, %s, with an Erreurs column.",
		fr: "En pièce jointe : les lignes rejetées, %s, avec une colonne Erreurs.",
	},
	"mail.zipped": {
		en: "Attached, in the ZIP archive %s (the attachments exceeded %s): the rejected lines, %s, with an Erreurs column.",
		fr: "En pièce jointe, dans l'archive ZIP %s (les pièces jointes dépassaient %s) : les lignes rejetées, %s, avec une colonne Erreurs.",
	},
	"mail.twin_elsewhere": {
		en: "Their Excel version, too large for this email, is %s",
		fr: "Leur version Excel, trop volumineuse pour ce courriel, est %s",
	},
	"mail.never_attached": {
		en: "This E#L service does not attach the rejected lines to its emails",
		fr: "Ce service E#L ne joint pas les lignes rejetées à ses courriels",
	},
	"mail.too_large": {
		en: "The rejected lines are too large for this email (%s as CSV; more than %s even compressed)",
		fr: "Les lignes rejetées sont trop volumineuses pour ce courriel (%s au format CSV ; plus de %s même compressées)",
	},
	"mail.excerpt_first": {
		en: "%s: here is the first.",
		fr: "%s : voici la première.",
	},
	"mail.excerpt_firsts": {
		en: "%s: here are the first %d.",
		fr: "%s : voici les %d premières.",
	},
	"mail.full_both": {
		en: "as CSV and Excel",
		fr: "au format CSV et Excel",
	},
	"mail.full_csv": {
		en: "as CSV",
		fr: "au format CSV",
	},
	"mail.full_at": {
		en: "The complete file of the rejected lines, %s, with an Erreurs column, is %s",
		fr: "Le fichier complet des lignes rejetées, %s, avec une colonne Erreurs, est %s",
	},
	"mail.excerpt_line": {
		en: "line %d: %s",
		fr: "ligne %d : %s",
	},

	// The notices of the portal.
	"mail.clock": {
		en: "15:04",
		fr: "15h04",
	},
	"mail.datetime": {
		en: "02/01/2006 at 15:04",
		fr: "02/01/2006 à 15h04",
	},
	"mail.signin.subject": {
		en: "E#L – your sign-in link",
		fr: "E#L – votre lien de connexion",
	},
	"mail.signin.before": {
		en: "You asked to sign in to the partner space of Entrepreneur #Leader. Open this link to sign in:",
		fr: "Vous avez demandé à vous connecter à l'espace partenaires d'Entrepreneur #Leader. Ouvrez ce lien pour vous connecter :",
	},
	"mail.signin.until": {
		en: "It works once, until %s (Paris time): 15 minutes after your request. After that, ask for a new one on the sign-in page.",
		fr: "Il ne fonctionne qu'une fois, jusqu'à %s (heure de Paris) : 15 minutes après votre demande. Passé ce délai, demandez-en un nouveau sur la page de connexion.",
	},
	"mail.signin.ignore": {
		en: "If you asked for nothing, ignore this message: no one can sign in without this link.",
		fr: "Si vous n'avez rien demandé, ignorez ce message : personne ne peut se connecter sans ce lien.",
	},
	"mail.invitation.subject": {
		en: "E#L – access to the connection space (%s)",
		fr: "E#L – accès à l'espace raccordements (%s)",
	},
	"mail.invitation.right": {
		en: "%s gave you the right '%s' on the partner %s in the connection space of Entrepreneur #Leader: you can %s.",
		fr: "%s vous a donné le droit « %s » sur le partenaire %s dans l'espace raccordements d'Entrepreneur #Leader : vous pouvez %s.",
	},
	"mail.invitation.consultation": {
		en: "read the connection sheet, its history, and export it",
		fr: "consulter la fiche de raccordement, son historique, et l'exporter",
	},
	"mail.invitation.modification": {
		en: "create and edit the connection sheet, submit it to E#L, and reveal your system's authentication token once the sheet is active",
		fr: "créer et modifier la fiche de raccordement, la soumettre à E#L, et révéler le jeton d'authentification de votre système une fois la fiche activée",
	},
	"mail.invitation.signin": {
		en: "To sign in, open the following page and type your email address: you will receive a sign-in link, valid for 15 minutes.",
		fr: "Pour vous connecter, ouvrez la page suivante et saisissez votre adresse électronique : vous recevrez un lien de connexion, valable 15 minutes.",
	},
	"mail.token_ready.subject": {
		en: "E#L – the token of %s is ready",
		fr: "E#L – le jeton de %s est prêt",
	},
	"mail.token_ready.active": {
		en: "The connection sheet of %s (%s) is active. Its authentication token is ready; it is not sent to you by email.",
		fr: "La fiche de raccordement de %s (%s) est activée. Son jeton d'authentification est prêt ; il ne vous est pas envoyé par courriel.",
	},
	"mail.token_ready.reveal": {
		en: "A person with the right 'Modification' reveals it, once, in the connection space:",
		fr: "Une personne ayant le droit « Modification » le révèle, une seule fois, dans l'espace raccordements :",
	},
	"mail.token_ready.copy": {
		en: "Once shown, the token is no longer kept in clear by E#L: copy it at once into your system's configuration (header Authorization: fmetoken token=…). If it is lost, renew it in the connection space.",
		fr: "Une fois affiché, le jeton n'est plus conservé en clair par E#L : copiez-le aussitôt dans la configuration de votre système (en-tête Authorization: fmetoken token=…). S'il est perdu, renouvelez-le dans l'espace raccordements.",
	},
	"mail.token_renewed.subject": {
		en: "E#L – the token of %s was renewed",
		fr: "E#L – le jeton de %s a été renouvelé",
	},
	"mail.token_renewed.renewed": {
		en: "The authentication token of %s was renewed by %s on %s (Paris time). The old token no longer works: your system's uploads are refused until it uses the new one.",
		fr: "Le jeton d'authentification de %s a été renouvelé par %s le %s (heure de Paris). L'ancien jeton ne fonctionne plus : les envois de votre système sont refusés tant qu'il n'utilise pas le nouveau.",
	},
	"mail.token_renewed.warn": {
		en: "If you did not make this renewal, tell E#L. The sheet and its history:",
		fr: "Si vous n'êtes pas à l'origine de ce renouvellement, prévenez E#L. La fiche et son historique :",
	},
}
