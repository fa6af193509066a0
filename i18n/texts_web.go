package i18n

// webTexts are the texts of adapters/httpapi: the messages of the API's
// problems (in French in the JSON, and in the page's language on the web
// pages), and the web pages (the sign-in, the partner's deposit page and
// its reports, the portal of connection sheets, E#L's console).
var webTexts = map[string]entry{

	// The API's problems (errors.go, api.go, limits.go, httpapi.go).
	"api.retry": {
		en: "%s Try again in %s.",
		fr: "%s Réessayez dans %s.",
	},
	"api.seconds": {
		en:     "%d second",
		enMany: "%d seconds",
		fr:     "%d seconde",
		frMany: "%d secondes",
	},
	"api.minutes": {
		en:     "%d minute",
		enMany: "%d minutes",
		fr:     "%d minute",
		frMany: "%d minutes",
	},
	"api.internal": {
		en: "Internal error of the E#L service: try again later; if it persists, contact E#L.",
		fr: "Erreur interne du service E#L : réessayez plus tard ; si elle persiste, contactez E#L.",
	},
	"api.internal_short": {
		en: "Internal error of the E#L service: try again later.",
		fr: "Erreur interne du service E#L : réessayez plus tard.",
	},
	"api.too_many_requests": {
		en: "Too many requests.",
		fr: "Trop de demandes.",
	},
	"api.no_credentials": {
		en: `The authentication token is missing: add the header "Authorization: fmetoken token=YOUR_TOKEN" with the token E#L gave you.`,
		fr: `Le jeton d'authentification est absent : ajoutez l'en-tête "Authorization: fmetoken token=VOTRE_JETON" avec le jeton fourni par E#L.`,
	},
	"api.malformed": {
		en: `The Authorization header is malformed: it must be exactly "fmetoken token=YOUR_TOKEN", the token starting with "elt_".`,
		fr: `L'en-tête Authorization est mal formé : il doit être exactement "fmetoken token=VOTRE_JETON", le jeton commençant par "elt_".`,
	},
	"api.revoked": {
		en: "This token was revoked: ask E#L for a new token.",
		fr: "Ce jeton a été révoqué : demandez un nouveau jeton à E#L.",
	},
	"api.inactive": {
		en: "The connection sheet of this token is not active (ACTIVEE): the token does not work until E#L (re)activates it.",
		fr: "La fiche de raccordement de ce jeton n'est pas active (ACTIVEE) : le jeton ne fonctionne pas tant qu'E#L ne l'a pas (ré)activée.",
	},
	"api.certificate": {
		en: "The client certificate presented matches no active connection sheet, or is not valid now.",
		fr: "Le certificat client présenté ne correspond à aucune fiche de raccordement active, ou n'est pas en cours de validité.",
	},
	"api.session": {
		en: "Your session expired or is no longer valid: sign in again with your token.",
		fr: "Votre session a expiré ou n'est plus valide : reconnectez-vous avec votre jeton.",
	},
	"api.invalid_token": {
		en: "The authentication token is invalid: check it is copied whole, or ask E#L for a new one.",
		fr: "Le jeton d'authentification est invalide : vérifiez qu'il est recopié en entier, ou demandez-en un nouveau à E#L.",
	},
	"api.nomenclature": {
		en: "AAAAMMDD-PARTNER_IDENTIFIER.csv, or .xlsx for an Excel workbook (for example 20261116-adie.csv)",
		fr: "AAAAMMJJ-IDENTIFIANT_DU_PARTENAIRE.csv, ou .xlsx pour un classeur Excel (par exemple 20261116-adie.csv)",
	},
	"api.name.invalid": {
		en: "The file name is invalid: it must be %s.",
		fr: "Le nom du fichier est invalide : il doit être %s.",
	},
	"api.name.missing": {
		en: `The file name is missing: send the header "Content-Disposition: attachment; filename=\"%s\"".`,
		fr: `Le nom du fichier est manquant : envoyez l'en-tête "Content-Disposition: attachment; filename=\"%s\"".`,
	},
	"api.name.path": {
		en: "The file name %q is invalid: give the name alone, without directory or control character, of the form %s.",
		fr: "Le nom du fichier %q est invalide : donnez le nom seul, sans répertoire ni caractère de contrôle, de la forme %s.",
	},
	"api.name.workbook": {
		en: "The file %q is not in an accepted format: save it as an Excel Workbook (.xlsx) or as CSV UTF-8 (';' separators), under a name of the form %s.",
		fr: "Le fichier %q n'est pas dans un format accepté : enregistrez-le comme « Classeur Excel (.xlsx) » ou en « CSV UTF-8 (délimité par des points-virgules) », sous un nom de la forme %s.",
	},
	"api.name.extension": {
		en: "The file name %q is invalid: the extension must be .csv (or .xlsx for a workbook), in lower case; the name must be of the form %s.",
		fr: "Le nom du fichier %q est invalide : l'extension doit être .csv (ou .xlsx pour un classeur), en minuscules ; le nom doit être de la forme %s.",
	},
	"api.name.date": {
		en: "The file name %q is invalid: it must start with the export's date, AAAAMMDD (a date that exists), then a dash; expected form %s.",
		fr: "Le nom du fichier %q est invalide : il doit commencer par la date de l'export, AAAAMMJJ (une date qui existe), suivie d'un tiret ; forme attendue %s.",
	},
	"api.name.partner": {
		en: "The file name %q is invalid: the partner's identifier, after the dash, must have 2 to 63 characters among a-z, 0-9, _ and -, and start with a letter or a digit; expected form %s.",
		fr: "Le nom du fichier %q est invalide : l'identifiant du partenaire, après le tiret, doit compter 2 à 63 caractères parmi a-z, 0-9, _ et -, et commencer par une lettre ou un chiffre ; forme attendue %s.",
	},
	"api.name.other": {
		en: "The file name %q is invalid: it must be of the form %s.",
		fr: "Le nom du fichier %q est invalide : il doit être de la forme %s.",
	},
	"api.not_found": {
		en: "This address does not exist in the API: see /openapi.yaml.",
		fr: "Cette adresse n'existe pas dans l'API : voir /openapi.yaml.",
	},
	"api.plan.now": {
		en: "The file is imported right now; its report will be sent to the address of the connection sheet.",
		fr: "Le fichier est importé dès maintenant ; son rapport sera envoyé à l'adresse de la fiche de raccordement.",
	},
	"api.plan.daily": {
		en: "The file will be imported by the daily import of %s (Paris time), if it is then your latest deposit; its report will be sent to the address of the connection sheet.",
		fr: "Le fichier sera importé par l'import quotidien du %s (heure de Paris), s'il est alors votre dépôt le plus récent ; son rapport sera envoyé à l'adresse de la fiche de raccordement.",
	},
	"api.plan.manual": {
		en: "The file will be imported by the next import E#L starts.",
		fr: "Le fichier sera importé au prochain import lancé par E#L.",
	},
	"api.plan.qualification": {
		en: "%s Partner in qualification: the file is judged without being consolidated.",
		fr: "%s Partenaire en qualification : le fichier est jugé sans être consolidé.",
	},
	"api.plan.datetime": {
		en: "02/01/2006 at 15:04",
		fr: "02/01/2006 à 15:04",
	},
	"api.upload.unknown_partner": {
		en: "The partner %q, named by the file %s, does not exist at E#L: the file name must carry your identifier, %q (form %s).",
		fr: "Le partenaire %q, nommé par le fichier %s, n'existe pas chez E#L : le nom du fichier doit porter votre identifiant, %q (forme %s).",
	},
	"api.upload.other_partner": {
		en: "The file %s is in the name of the partner %q, but your token is %q's: a partner deposits its own files only, named AAAAMMDD-%s.csv (or .xlsx).",
		fr: "Le fichier %s est au nom du partenaire %q, mais votre jeton est celui de %q : un partenaire ne dépose que ses propres fichiers, nommés AAAAMMJJ-%s.csv (ou .xlsx).",
	},
	"api.upload.export_used": {
		en: "The export of %s was already deposited, under the name %s: an export is sent once, as CSV or as a workbook. Send the next export under its new date (AAAAMMDD-%s.csv or .xlsx).",
		fr: "L'export du %s a déjà été déposé, sous le nom %s : un export ne s'envoie qu'une fois, en CSV ou en classeur. Envoyez l'export suivant sous sa nouvelle date (AAAAMMJJ-%s.csv ou .xlsx).",
	},
	"api.upload.name_used": {
		en: "A file named %s was already deposited: a file name is used once. Send the next export under a new name, with its date (AAAAMMDD-%s.csv or .xlsx).",
		fr: "Un fichier nommé %s a déjà été déposé : un nom de fichier ne sert qu'une fois. Envoyez l'export suivant sous un nouveau nom, avec sa date (AAAAMMJJ-%s.csv ou .xlsx).",
	},
	// The advice of api.upload.export_used and api.upload.name_used while the file that used the name still waits (eleader.UsedName.Waiting).
	"api.upload.export_waiting": {
		en: "The export of %s was already deposited, under the name %s, and still waits for its import: an export is sent once, as CSV or as a workbook. To replace it, withdraw it (the “Withdraw” button of your space, DELETE /api/v1/files/%s or eleader withdraw %s), then send the new file.",
		fr: "L'export du %s a déjà été déposé, sous le nom %s, et attend encore son import : un export ne s'envoie qu'une fois, en CSV ou en classeur. Pour le remplacer, retirez-le (bouton « Retirer » de votre espace, DELETE /api/v1/files/%s ou eleader withdraw %s), puis envoyez le nouveau fichier.",
	},
	"api.upload.name_waiting": {
		en: "A file named %s was already deposited and still waits for its import. To correct it, withdraw it (the “Withdraw” button of your space, DELETE /api/v1/files/%s or eleader withdraw %s), then send it again under the same name.",
		fr: "Un fichier nommé %s a déjà été déposé et attend encore son import. Pour le corriger, retirez-le (bouton « Retirer » de votre espace, DELETE /api/v1/files/%s ou eleader withdraw %s), puis renvoyez-le sous le même nom.",
	},
	"api.upload.no_workbooks": {
		en: "This service does not accept Excel workbooks: deposit a CSV UTF-8 file with ';' separators.",
		fr: "Ce service n'accepte pas les classeurs Excel : déposez un fichier CSV UTF-8 séparé par des points-virgules.",
	},
	"api.upload.too_large": {
		en: "The file %s is larger than the largest accepted, %s: contact E#L.",
		fr: "Le fichier %s dépasse la taille maximale acceptée, %s : contactez E#L.",
	},
	"api.upload.interrupted": {
		en: "The upload was interrupted before the end of the file: send it again.",
		fr: "L'envoi a été interrompu avant la fin du fichier : renvoyez-le.",
	},
	"api.upload.refused": {
		en: "The file %s is refused.",
		fr: "Le fichier %s est refusé.",
	},
	"api.upload.rejected": {
		en: "The file %s is refused, nothing is deposited: %s. Correct it and send it again under the same name.",
		fr: "Le fichier %s est refusé, rien n'est déposé : %s. Corrigez-le et renvoyez-le sous le même nom.",
	},
	"api.upload.content_type": {
		en: `The content type must be application/octet-stream (received: %s): send the file's bytes as they are, with the header "Content-Type: application/octet-stream" (or, for an .xlsx workbook, %s).`,
		fr: `Le type de contenu doit être application/octet-stream (reçu : %s) : envoyez les octets du fichier tels quels, avec l'en-tête "Content-Type: application/octet-stream" (ou, pour un classeur .xlsx, %s).`,
	},
	"api.upload.none": {
		en: "none",
		fr: "aucun",
	},
	"api.upload.xlsx_type": {
		en: `The content type %s is an Excel workbook's, but the file %s is not named .xlsx: send a CSV with "Content-Type: application/octet-stream", or a workbook named AAAAMMDD-%s.xlsx.`,
		fr: `Le type de contenu %s est celui d'un classeur Excel, mais le fichier %s n'est pas nommé .xlsx : envoyez un CSV avec "Content-Type: application/octet-stream", ou un classeur nommé AAAAMMJJ-%s.xlsx.`,
	},
	"api.upload.disposition": {
		en: `The Content-Disposition header is malformed: it must be "attachment; filename=\"%s\"".`,
		fr: `L'en-tête Content-Disposition est mal formé : il doit être "attachment; filename=\"%s\"".`,
	},
	"api.upload.busy": {
		en: "Too many uploads in progress: a partner may send %d at once, and the service %d in all. Wait for an upload to end.",
		fr: "Trop de dépôts en cours : un partenaire peut en envoyer %d à la fois, et le service %d au total. Attendez la fin d'un envoi.",
	},
	"api.limit": {
		en: "The parameter limit must be a number from 1 to 1000.",
		fr: "Le paramètre limit doit être un nombre entre 1 et 1000.",
	},
	"api.no_file": {
		en: "You deposited no file named %s.",
		fr: "Vous n'avez déposé aucun fichier nommé %s.",
	},
	"api.report.bad_number": {
		en: "No report %q: a report number is a positive integer.",
		fr: "Aucun rapport %q : un numéro de rapport est un entier positif.",
	},
	"api.report.not_yours": {
		en: "You have no report number %d.",
		fr: "Vous n'avez aucun rapport numéro %d.",
	},
	"api.report.purged": {
		en: "The rejected lines of the report %d were erased on %s (retention period): only the counts stay.",
		fr: "Les lignes rejetées du rapport %d ont été effacées le %s (durée de conservation) : seuls les comptes restent.",
	},
	"api.report.no_rejects": {
		en: "The report %d has no rejected line.",
		fr: "Le rapport %d n'a aucune ligne rejetée.",
	},
	"api.report.no_xlsx": {
		en: "This service does not produce XLSX workbooks: download the rejects as CSV.",
		fr: "Ce service ne produit pas de classeurs XLSX : téléchargez les rejets en CSV.",
	},
	"api.report.too_long": {
		en: "The report %d has more rejected lines than an Excel sheet holds (%d): download the rejects as CSV.",
		fr: "Le rapport %d a plus de lignes rejetées qu'une feuille Excel n'en contient (%d) : téléchargez les rejets en CSV.",
	},
	"api.check.done": {
		en: "Dry run: %d lines, %d accepted, %d rejected. Nothing was deposited or consolidated.",
		fr: "Vérification à blanc : %d lignes, %d acceptées, %d rejetées. Rien n'a été déposé ni intégré.",
	},
	"api.check.refused": {
		en: "Dry run: the file %s would be refused at its deposit, nothing was kept: %s.",
		fr: "Vérification à blanc : le fichier %s serait refusé au dépôt, rien n'a été gardé : %s.",
	},
	"api.check.rejected": {
		en: "Dry run: the file would be rejected whole at its import (%s). Nothing was deposited or consolidated.",
		fr: "Vérification à blanc : le fichier serait rejeté en entier à son import (%s). Rien n'a été déposé ni intégré.",
	},
	"api.check.would": {
		en: "%s Its import would create %d dossiers and change %d.",
		fr: "%s Son import créerait %d dossiers et en modifierait %d.",
	},
	"api.check.same": {
		en: "%s This file was already consolidated as it is: its import would change nothing.",
		fr: "%s Ce fichier a déjà été intégré tel quel : son import ne changerait rien.",
	},
	"api.check.qualification": {
		en: "%s Partner in qualification: the file would be judged without being consolidated.",
		fr: "%s Partenaire en qualification : le fichier serait jugé sans être intégré.",
	},
	"api.check.too_many": {
		en: "Too many dry runs: a partner may make %d an hour at most.",
		fr: "Trop de vérifications à blanc : un partenaire peut en faire %d par heure au plus.",
	},
	"api.withdraw.handled": {
		en: "The file %s was already %s on %s: only a file still waiting for its import can be withdrawn. Send the correction under the date of a new export (AAAAMMDD-%s.csv).",
		fr: "Le fichier %s a déjà été %s le %s : seul un fichier qui attend encore son import peut être retiré. Envoyez la correction sous la date d'un nouvel export (AAAAMMJJ-%s.csv).",
	},
	"api.state.imported": {
		en: "imported",
		fr: "importé",
	},
	"api.state.superseded": {
		en: "superseded by a more recent export",
		fr: "remplacé par un export plus récent",
	},
	"api.withdraw.busy": {
		en: "An import of your files is under way: try again in a few minutes.",
		fr: "Un import de vos fichiers est en cours : réessayez dans quelques minutes.",
	},
	"api.withdraw.unknown": {
		en: "No file named %s waits for its import in your deposits.",
		fr: "Aucun fichier nommé %s n'attend son import dans vos dépôts.",
	},
	"api.search.both": {
		en: "Search either by surname, first name and birth date, or by SIRET, not both at once.",
		fr: "Cherchez soit par nom, prénom et date de naissance, soit par SIRET, pas les deux à la fois.",
	},
	"api.search.siret": {
		en: "The SIRET must have 14 digits.",
		fr: "Le SIRET doit compter 14 chiffres.",
	},
	"api.search.identity": {
		en: "Give the surname, the first name and the birth date (JJ/MM/AAAA) together, or else a SIRET.",
		fr: "Donnez le nom, le prénom et la date de naissance (JJ/MM/AAAA) ensemble, ou bien un SIRET.",
	},
	"api.search.date": {
		en: "The birth date must be a date JJ/MM/AAAA (for example 12/05/1990).",
		fr: "La date de naissance doit être une date JJ/MM/AAAA (par exemple 12/05/1990).",
	},
	"api.search.letters": {
		en: "The surname and the first name must hold letters.",
		fr: "Le nom et le prénom doivent contenir des lettres.",
	},
	"api.search.not_json": {
		en: `The search expects a JSON body, with the header "Content-Type: application/json".`,
		fr: `La recherche attend un corps JSON, avec l'en-tête "Content-Type: application/json".`,
	},
	"api.search.too_large": {
		en: "The search's body is larger than 4 KiB.",
		fr: "Le corps de la recherche dépasse 4 Kio.",
	},
	"api.search.body": {
		en: `The search's body must be a JSON object {"nom", "prenom", "dateNaissance"} or {"siret"}.`,
		fr: `Le corps de la recherche doit être un objet JSON {"nom", "prenom", "dateNaissance"} ou {"siret"}.`,
	},
	"api.search.rate": {
		en: "Too many searches: a partner may make %d an hour at most, and each one is recorded.",
		fr: "Trop de recherches : un partenaire peut en faire %d par heure au plus, et chacune est enregistrée.",
	},
	"api.health.store": {
		en: "The service cannot reach its database.",
		fr: "Le service ne peut pas joindre sa base de données.",
	},
	"api.ready.store": {
		en: "The service is not ready: it cannot reach its database.",
		fr: "Le service n'est pas prêt : il ne peut pas joindre sa base de données.",
	},
	"api.ready.data": {
		en: "The service is not ready: its data directory cannot be written.",
		fr: "Le service n'est pas prêt : son répertoire de données n'est pas accessible en écriture.",
	},
	"api.method": {
		en: "The method %s is not accepted here: use %s.",
		fr: "La méthode %s n'est pas acceptée ici : utilisez %s.",
	},

	// The layout of every page (layout.html).
	"web.layout.skip": {
		en: "Skip to content",
		fr: "Aller au contenu",
	},
	"web.layout.brand": {
		en: "Entrepreneur #Leader – partner space",
		fr: "Entrepreneur #Leader – espace partenaire",
	},
	"web.layout.brand_operator": {
		en: "Entrepreneur #Leader – operators' console",
		fr: "Entrepreneur #Leader – console des opérateurs",
	},
	"web.layout.nav": {
		en: "Main navigation",
		fr: "Navigation principale",
	},
	"web.layout.my_deposits": {
		en: "My deposits",
		fr: "Mes dépôts",
	},
	"web.layout.deposit": {
		en: "Deposit a file",
		fr: "Déposer un fichier",
	},
	"web.layout.search": {
		en: "Search a dossier",
		fr: "Rechercher un dossier",
	},
	"web.layout.sign_out": {
		en: "Sign out",
		fr: "Se déconnecter",
	},
	"web.layout.connections": {
		en: "EDI and API connections",
		fr: "Raccordements EDI et API",
	},
	"web.layout.console": {
		en: "E#L console",
		fr: "Console E#L",
	},
	"web.layout.people": {
		en: "People",
		fr: "Personnes",
	},
	"web.layout.journal": {
		en: "Journal",
		fr: "Journal",
	},
	"web.layout.searches": {
		en: "Searches",
		fr: "Recherches",
	},
	"web.layout.other_language": {
		en: "Français",
		fr: "English",
	},

	// The sign-in page (connexion.html, signin.go, session.go).
	"web.title.signin": {
		en: "Sign in",
		fr: "Connexion",
	},
	"web.title.form_refused": {
		en: "Form refused",
		fr: "Formulaire refusé",
	},
	"web.title.error": {
		en: "Error",
		fr: "Erreur",
	},
	"web.title.rejects": {
		en: "Rejects",
		fr: "Rejets",
	},
	"web.signin.by_link": {
		en: "With a sign-in link",
		fr: "Par lien de connexion",
	},
	"web.signin.by_link_intro": {
		en: "For the connection space (your connection sheets) and E#L's console: type your email address. If E#L gave you a right, you receive a sign-in link, valid for 15 minutes and for one sign-in.",
		fr: "Pour l'espace raccordements (vos fiches de raccordement) et la console E#L : saisissez votre adresse électronique. Si E#L vous a habilité, vous recevez un lien de connexion, valable 15 minutes et pour une seule connexion.",
	},
	"web.signin.email": {
		en: "Email address",
		fr: "Adresse électronique",
	},
	"web.signin.email_help": {
		en: "The one under which E#L gave you a right.",
		fr: "Celle sous laquelle E#L vous a habilité.",
	},
	"web.signin.get_link": {
		en: "Receive a sign-in link",
		fr: "Recevoir un lien de connexion",
	},
	"web.signin.by_token": {
		en: "With a token, to deposit files",
		fr: "Par jeton, pour déposer des fichiers",
	},
	"web.signin.by_token_intro": {
		en: "Sign in with the authentication token of your active connection sheet (it starts with <code>elt_</code>) to deposit files and read their reports.",
		fr: "Connectez-vous avec le jeton d'authentification de votre fiche de raccordement activée (il commence par <code>elt_</code>) pour déposer des fichiers et lire leurs rapports.",
	},
	"web.signin.token": {
		en: "Authentication token",
		fr: "Jeton d'authentification",
	},
	"web.signin.token_help": {
		en: "Paste the whole token; it is never shown.",
		fr: "Collez le jeton en entier ; il n'est jamais affiché.",
	},
	"web.signin.sign_in": {
		en: "Sign in",
		fr: "Se connecter",
	},
	"web.signin.session_over": {
		en: "Your session expired or is no longer valid: sign in again.",
		fr: "Votre session a expiré ou n'est plus valide : reconnectez-vous.",
	},
	"web.signin.foreign_form": {
		en: "This form does not come from this page: reload it and start again.",
		fr: "Ce formulaire ne vient pas de cette page : rechargez-la et recommencez.",
	},
	"web.signin.bad_email": {
		en: "Type a whole email address, of the form name@domain.fr.",
		fr: "Saisissez une adresse électronique complète, de la forme nom@domaine.fr.",
	},
	"web.signin.too_many": {
		en: "Too many requests for a sign-in link from your computer: try again in a quarter of an hour.",
		fr: "Trop de demandes de lien de connexion depuis votre poste : réessayez dans un quart d'heure.",
	},
	"web.signin.link_sent": {
		en: "If this address is that of a person with a right, a sign-in link was just sent to it. Open it within 15 minutes; it works once. Nothing received? Check the address and the spam folder, or ask E#L for a right.",
		fr: "Si cette adresse est celle d'une personne habilitée, un lien de connexion vient de lui être envoyé. Ouvrez-le dans les 15 minutes ; il ne sert qu'une fois. Rien reçu ? Vérifiez l'adresse et les courriers indésirables, ou demandez à E#L de vous habiliter.",
	},
	"web.signin.link_unknown": {
		en: "This sign-in link is not valid: ask for a new one.",
		fr: "Ce lien de connexion n'est pas valide : demandez-en un nouveau.",
	},
	"web.signin.link_used": {
		en: "This sign-in link was already used: a link works once. Ask for a new one.",
		fr: "Ce lien de connexion a déjà servi : un lien ne sert qu'une fois. Demandez-en un nouveau.",
	},
	"web.signin.link_expired": {
		en: "This sign-in link expired: it is valid for 15 minutes only. Ask for a new one.",
		fr: "Ce lien de connexion a expiré : il n'est valable que 15 minutes. Demandez-en un nouveau.",
	},
	"web.signin.link_malformed": {
		en: "This sign-in link is incomplete: open the whole link of the email, or ask for a new one.",
		fr: "Ce lien de connexion est incomplet : ouvrez le lien du courriel en entier, ou demandez-en un nouveau.",
	},
	"web.signin.link_intro": {
		en: "This link signs you in to the partner space of Entrepreneur #Leader. It works once: after this sign-in, ask for a new one for the next.",
		fr: "Ce lien vous connecte à l'espace partenaires d'Entrepreneur #Leader. Il ne sert qu'une fois : après cette connexion, demandez-en un nouveau pour la suivante.",
	},
	"web.signin.new_link": {
		en: "Ask for a new sign-in link",
		fr: "Demander un nouveau lien de connexion",
	},
	"web.signin.no_token": {
		en: "Type your authentication token.",
		fr: "Saisissez votre jeton d'authentification.",
	},
	"web.signin.signed_out": {
		en: "You are signed out.",
		fr: "Vous êtes déconnecté.",
	},
	"web.form_expired": {
		en: "This form expired or does not come from this page: reload the page and start again.",
		fr: "Ce formulaire a expiré ou ne vient pas de cette page : rechargez la page et recommencez.",
	},
	"web.internal": {
		en: "Internal error of the E#L service: try again later.",
		fr: "Erreur interne du service E#L : réessayez plus tard.",
	},

	// The partner's deposit page (espace.html, web.go).
	"web.title.space": {
		en: "My deposits",
		fr: "Mes dépôts",
	},
	"web.space.partner": {
		en: "Partner <strong>%s</strong> – %s; environment: <strong>%s</strong>%s.",
		fr: "Partenaire <strong>%s</strong> – %s ; environnement : <strong>%s</strong>%s.",
	},
	"web.space.qualification": {
		en: "qualification",
		fr: "qualification",
	},
	"web.space.production": {
		en: "production",
		fr: "production",
	},
	"web.space.judged": {
		en: " (files are judged without being integrated)",
		fr: " (les fichiers sont jugés sans être intégrés)",
	},
	"web.space.deposit": {
		en: "Deposit a file",
		fr: "Déposer un fichier",
	},
	"web.space.deposit_intro": {
		en: `The file is a CSV UTF-8 with ';' separators, named <code>AAAAMMDD-%[1]s.csv</code> (the export's date), built on the matrice cadre; or an Excel workbook filled in the <a href="/modele.xlsx">template to download</a>, named <code>AAAAMMDD-%[1]s.xlsx</code>, without formula, without any sheet or table added. Largest size: %[2]s. The file is checked on receipt: if it is refused, the reason shows here and nothing is deposited; the lines' details come with the import's report. %[3]s`,
		fr: `Le fichier est un CSV UTF-8 séparé par des points-virgules, nommé <code>AAAAMMJJ-%[1]s.csv</code> (la date de l'export), bâti sur la matrice cadre ; ou un classeur Excel rempli dans le <a href="/modele.xlsx">modèle à télécharger</a>, nommé <code>AAAAMMJJ-%[1]s.xlsx</code>, sans formule, sans feuille ni tableau ajoutés. Taille maximale : %[2]s. Le fichier est contrôlé dès sa réception : s'il est refusé, la raison s'affiche ici et rien n'est déposé ; le détail des lignes vient avec le rapport d'import. %[3]s`,
	},
	"web.space.file": {
		en: "File to deposit (CSV or XLSX)",
		fr: "Fichier à déposer (CSV ou XLSX)",
	},
	"web.space.file_help": {
		en: "An export (one date) is sent once, as CSV or as a workbook; while it waits for its import, “Withdraw” takes it back, so that its correction goes under the same name.",
		fr: "Un export (une date) ne s'envoie qu'une fois, en CSV ou en classeur ; tant qu'il attend son import, « Retirer » le retire pour en déposer la correction sous le même nom.",
	},
	"web.space.send": {
		en: "Deposit",
		fr: "Déposer",
	},
	"web.space.files_caption": {
		en: "Your files, most recent first, with their import state",
		fr: "Vos fichiers, du plus récent au plus ancien, avec leur état d'import",
	},
	"web.space.th_file": {
		en: "File",
		fr: "Fichier",
	},
	"web.space.th_state": {
		en: "State",
		fr: "État",
	},
	"web.space.th_date": {
		en: "Date",
		fr: "Date",
	},
	"web.space.th_result": {
		en: "Result",
		fr: "Résultat",
	},
	"web.space.th_report": {
		en: "Report",
		fr: "Rapport",
	},
	"web.space.report_link": {
		en: "Report #%d",
		fr: "Rapport n° %d",
	},
	"web.space.of_file": {
		en: " of the file %s",
		fr: " du fichier %s",
	},
	"web.space.withdraw": {
		en: "Withdraw",
		fr: "Retirer",
	},
	"web.space.withdraw_file": {
		en: " the file %s",
		fr: " le fichier %s",
	},
	"web.space.withdrawn": {
		en: "The file %s was withdrawn: deposit its correction under the same name.",
		fr: "Le fichier %s a été retiré : déposez sa correction sous le même nom.",
	},
	"web.space.no_file": {
		en: "No file deposited yet.",
		fr: "Aucun fichier déposé pour le moment.",
	},
	"web.space.refresh": {
		en: "Refresh the list",
		fr: "Actualiser la liste",
	},
	"web.space.search": {
		en: "Search a dossier number",
		fr: "Rechercher un numéro de dossier",
	},
	"web.space.search_intro": {
		en: "Find a dossier's number (and the next free sub-version) from the beneficiary's surname, first name and birth date, or from the SIRET of the company created. The answer gives numbers only.",
		fr: "Retrouvez le numéro d'un dossier (et la prochaine sous-version libre) à partir du nom, du prénom et de la date de naissance du bénéficiaire, ou du SIRET de l'entreprise créée. La réponse ne donne que des numéros.",
	},
	"web.space.by_identity": {
		en: "By identity",
		fr: "Par identité",
	},
	"web.space.nom": {
		en: "Surname (usage or birth name)",
		fr: "Nom (d'usage ou de naissance)",
	},
	"web.space.prenom": {
		en: "First name",
		fr: "Prénom",
	},
	"web.space.naissance": {
		en: "Birth date",
		fr: "Date de naissance",
	},
	"web.space.naissance_help": {
		en: "As JJ/MM/AAAA.",
		fr: "Au format JJ/MM/AAAA.",
	},
	"web.space.by_siret": {
		en: "Or by SIRET",
		fr: "Ou par SIRET",
	},
	"web.space.siret": {
		en: "SIRET (14 digits)",
		fr: "SIRET (14 chiffres)",
	},
	"web.space.do_search": {
		en: "Search",
		fr: "Rechercher",
	},
	"web.space.found_caption": {
		en: "Dossiers found",
		fr: "Dossiers trouvés",
	},
	"web.space.th_main": {
		en: "Main dossier",
		fr: "Dossier principal",
	},
	"web.space.th_numbers": {
		en: "Numbers (phase)",
		fr: "Numéros (phase)",
	},
	"web.space.th_next": {
		en: "Next sub-version",
		fr: "Prochaine sous-version",
	},
	"web.space.none_left": {
		en: "none (limit reached)",
		fr: "aucune (limite atteinte)",
	},
	"web.space.not_found": {
		en: "No dossier found.",
		fr: "Aucun dossier trouvé.",
	},
	"web.state.waiting": {
		en: "Waiting for its import",
		fr: "En attente d'import",
	},
	"web.state.imported": {
		en: "Imported",
		fr: "Importé",
	},
	"web.state.superseded": {
		en: "Superseded by a later deposit, not imported",
		fr: "Remplacé par un dépôt plus récent, non importé",
	},
	"web.result.rejected": {
		en: "File rejected",
		fr: "Fichier rejeté",
	},
	"web.result.rejected_lines": {
		en: "File rejected: %d lines, %d rejected",
		fr: "Fichier rejeté : %d lignes, %d rejetées",
	},
	"web.result.lines": {
		en: "%d lines: %d accepted, %d rejected",
		fr: "%d lignes : %d acceptées, %d rejetées",
	},
	"web.space.deposited": {
		en: "The file %s was deposited. %s",
		fr: "Le fichier %s a été déposé. %s",
	},
	"web.space.refused": {
		en: "The file %s is refused, nothing is deposited. Correct what follows and deposit it again, under the same name:",
		fr: "Le fichier %s est refusé, rien n'est déposé. Corrigez ce qui suit et déposez-le de nouveau, sous le même nom :",
	},
	"web.space.multipart": {
		en: "The deposit form must be sent as multipart/form-data.",
		fr: "Le formulaire de dépôt doit être envoyé en multipart/form-data.",
	},
	"web.space.choose_file": {
		en: "Choose a file to deposit.",
		fr: "Choisissez un fichier à déposer.",
	},

	// A report's page (rapport.html, web.go).
	"web.title.report": {
		en: "Report #%d – %s",
		fr: "Rapport n° %d – %s",
	},
	"web.report.back": {
		en: "← Back to my deposits",
		fr: "← Retour à mes dépôts",
	},
	"web.report.file": {
		en: "File",
		fr: "Fichier",
	},
	"web.report.lines": {
		en: "Lines read",
		fr: "Lignes lues",
	},
	"web.report.accepted": {
		en: "Accepted",
		fr: "Acceptées",
	},
	"web.report.rejected": {
		en: "Rejected",
		fr: "Rejetées",
	},
	"web.report.dossiers": {
		en: "Dossiers",
		fr: "Dossiers",
	},
	"web.report.superseded": {
		en: "Deposits not imported, an export of a later date having been imported instead: %s.",
		fr: "Dépôts non importés, un export de date plus récente ayant été importé à leur place : %s.",
	},
	"web.report.refused": {
		en: "Files of your deposit set aside, never imported (E#L keeps them in the refuses/ directory):",
		fr: "Fichiers de votre dépôt mis de côté, jamais importés (E#L les conserve dans le répertoire refuses/) :",
	},
	"web.report.download": {
		en: "Download the rejected lines, with an Erreurs column:",
		fr: "Télécharger les lignes rejetées, avec une colonne Erreurs :",
	},
	"web.report.as_csv": {
		en: "as CSV",
		fr: "au format CSV",
	},
	"web.report.as_xlsx": {
		en: "as Excel",
		fr: "au format Excel",
	},
	"web.report.or": {
		en: " or",
		fr: " ou",
	},
	"web.report.of_report": {
		en: " (report #%d)",
		fr: " (rapport n° %d)",
	},
	"web.report.purged": {
		en: "The rejected lines of this report were erased at the end of the retention period; only the counts stay.",
		fr: "Les lignes rejetées de ce rapport ont été effacées à la fin de la durée de conservation ; seuls les comptes restent.",
	},
	"web.report.checks": {
		en: "Failed checks",
		fr: "Contrôles en échec",
	},
	"web.report.examples": {
		en: "First examples",
		fr: "Premiers exemples",
	},
	"web.report.th_line": {
		en: "Line",
		fr: "Ligne",
	},
	"web.report.th_dossier": {
		en: "Dossier",
		fr: "Dossier",
	},
	"web.report.th_field": {
		en: "Field",
		fr: "Champ",
	},
	"web.report.th_message": {
		en: "Message",
		fr: "Message",
	},
	"web.report.delivery": {
		en: "The report's email: %s.",
		fr: "Envoi du rapport par courriel : %s.",
	},
	"web.delivery.pending": {
		en: "waiting to be sent",
		fr: "en attente d'envoi",
	},
	"web.delivery.sent": {
		en: "sent",
		fr: "envoyé",
	},
	"web.delivery.sent_on": {
		en: "sent on %s",
		fr: "envoyé le %s",
	},
	"web.delivery.failed": {
		en: "given up after several failures (E#L can send it again)",
		fr: "abandonné après plusieurs échecs (E#L peut le renvoyer)",
	},
	"web.datetime": {
		en: "02/01/2006 at 15:04",
		fr: "02/01/2006 à 15:04",
	},

	// Words of the portal and the console said in Go (portal_text.go): labels, history, sheet problems, certificates, SSH keys.
	"portal.status.draft": {
		en: "Draft",
		fr: "Brouillon",
	},
	"portal.status.sent": {
		en: "Sent",
		fr: "Envoyée",
	},
	"portal.status.active": {
		en: "Active",
		fr: "Activée",
	},
	"portal.status.deactivated": {
		en: "Deactivated",
		fr: "Désactivée",
	},
	"portal.status.sent_update": {
		en: "Sent (update)",
		fr: "Envoyée MAJ",
	},
	"portal.channel.api": {
		en: "API (information system)",
		fr: "API (système d'information)",
	},
	"portal.channel.web": {
		en: "Web (deposit page)",
		fr: "Web (page de dépôt)",
	},
	"portal.search_kind.identity": {
		en: "identity (surname, first name, birth date)",
		fr: "identité (nom, prénom, date de naissance)",
	},
	"portal.search_channel.cli": {
		en: "E#L's command line",
		fr: "ligne de commande E#L",
	},
	"portal.right.consultation": {
		en: "Consultation (read)",
		fr: "Consultation",
	},
	"portal.right.modification": {
		en: "Modification (edit)",
		fr: "Modification",
	},
	"portal.mode.partial": {
		en: "Partial",
		fr: "Partielle",
	},
	"portal.mode.complete": {
		en: "Complete",
		fr: "Complète",
	},
	"portal.action.grant": {
		en: "Right given",
		fr: "Droit donné",
	},
	"portal.action.revoke": {
		en: "Right taken away",
		fr: "Droit retiré",
	},
	"portal.action.operator": {
		en: "Operator role",
		fr: "Rôle d'opérateur",
	},
	"portal.action.remove": {
		en: "Person removed",
		fr: "Personne retirée",
	},
	"portal.action.signin": {
		en: "Sign-in",
		fr: "Connexion",
	},
	"portal.action.resend": {
		en: "Report sent again",
		fr: "Rapport renvoyé",
	},
	"portal.action.delete_draft": {
		en: "Draft deleted",
		fr: "Brouillon supprimé",
	},
	"portal.history.created": {
		en: "Sheet created",
		fr: "Fiche créée",
	},
	"portal.history.submitted": {
		en: "Sheet submitted",
		fr: "Fiche soumise",
	},
	"portal.history.activated": {
		en: "Sheet activated",
		fr: "Fiche activée",
	},
	"portal.history.reactivated": {
		en: "Sheet reactivated",
		fr: "Fiche réactivée",
	},
	"portal.history.deactivated": {
		en: "Sheet deactivated",
		fr: "Fiche désactivée",
	},
	"portal.history.edited": {
		en: "Sheet edited",
		fr: "Fiche modifiée",
	},
	"portal.history.not_activated": {
		en: "Sheet not activated: %s",
		fr: "Fiche non activée : %s",
	},
	"portal.history.token_rotated": {
		en: "Token renewed: %s",
		fr: "Jeton renouvelé : %s",
	},
	"portal.history.token_revoked": {
		en: "Token revoked: %s",
		fr: "Jeton révoqué : %s",
	},
	"portal.history.token_revealed": {
		en: "Token revealed in the connection space: %s",
		fr: "Jeton révélé dans l'espace raccordements : %s",
	},
	"portal.history.token_ready_emailed": {
		en: "Token ready to be revealed; email sent to %s",
		fr: "Jeton prêt à être révélé ; courriel envoyé à %s",
	},
	"portal.history.token_ready": {
		en: "Token ready to be revealed: %s",
		fr: "Jeton prêt à être révélé : %s",
	},
	"portal.history.rotation_emailed": {
		en: "Token renewal told by email to %s",
		fr: "Renouvellement du jeton annoncé par courriel à %s",
	},
	"portal.history.rotation": {
		en: "Token renewal: %s",
		fr: "Renouvellement du jeton : %s",
	},
	"portal.history.qualified": {
		en: "Qualification passed: %s",
		fr: "Qualification réussie : %s",
	},
	"portal.history.restored": {
		en: "Restored from an export of the sheets%s",
		fr: "Restaurée depuis un export des fiches%s",
	},
	"portal.history.people_modification": {
		en: " people with the right modification",
		fr: " personne(s) ayant le droit Modification",
	},
	"portal.history.production_needs": {
		en: "production needs a successful qualification import first (no file error, no rejected line): send a file in qualification",
		fr: "la production demande d'abord un import de qualification réussi (aucune erreur de fichier, aucune ligne rejetée) : envoyez un fichier en qualification",
	},
	"portal.field.partner": {
		en: "Partner",
		fr: "Partenaire",
	},
	"portal.field.name": {
		en: "Company name",
		fr: "Raison sociale",
	},
	"portal.field.operators": {
		en: "Operator codes",
		fr: "Codes opérateur",
	},
	"portal.field.channels": {
		en: "Channels",
		fr: "Canaux",
	},
	"portal.field.mode": {
		en: "Processing mode",
		fr: "Mode de traitement",
	},
	"portal.field.environment": {
		en: "Environment",
		fr: "Environnement",
	},
	"portal.field.contact_name": {
		en: "Technical contact: full name",
		fr: "Contact technique : nom et prénom",
	},
	"portal.field.contact_phone": {
		en: "Technical contact: phone",
		fr: "Contact technique : téléphone",
	},
	"portal.field.contact_email": {
		en: "Technical contact: email address",
		fr: "Contact technique : adresse électronique",
	},
	"portal.field.recipients": {
		en: "Report recipients",
		fr: "Destinataires des rapports",
	},
	"portal.field.correspondences": {
		en: "Correspondence tables",
		fr: "Tables de correspondance",
	},
	"portal.field.certificate": {
		en: "Certificate",
		fr: "Certificat",
	},
	"portal.field.comments": {
		en: "Comments",
		fr: "Commentaires",
	},
	"portal.field.ssh_keys": {
		en: "SSH keys",
		fr: "Clés SSH",
	},
	"portal.field.number": {
		en: "%s, #%d",
		fr: "%s, n° %d",
	},
	"portal.problem": {
		en: "%s: %s",
		fr: "%s : %s",
	},
	"portal.check.required": {
		en: "to fill in",
		fr: "à renseigner",
	},
	"portal.check.min": {
		en: "at least %s to give",
		fr: "au moins %s à donner",
	},
	"portal.check.max": {
		en: "too long: %s characters at most",
		fr: "trop long : %s caractères au plus",
	},
	"portal.check.unique": {
		en: "a value is there twice",
		fr: "une valeur y figure deux fois",
	},
	"portal.check.email": {
		en: "'%s' is not an email address",
		fr: "« %s » n'est pas une adresse électronique",
	},
	"portal.check.tel": {
		en: "'%s' is not a phone number (10 digits starting with 0, or + and 8 to 15 digits)",
		fr: "« %s » n'est pas un numéro de téléphone (10 chiffres commençant par 0, ou + et 8 à 15 chiffres)",
	},
	"portal.check.partnerid": {
		en: "'%s' is not an identifier: 2 to 63 characters among a-z, 0-9, _ and -, starting with a letter or a digit",
		fr: "« %s » n'est pas un identifiant : 2 à 63 caractères parmi a-z, 0-9, _ et -, commençant par une lettre ou un chiffre",
	},
	"portal.check.opercode": {
		en: "'%s' is not an operator code: four characters A-Z or 0-9",
		fr: "« %s » n'est pas un code opérateur : quatre caractères A-Z ou 0-9",
	},
	"portal.check.oneof": {
		en: "'%s' is not an expected value",
		fr: "« %s » n'est pas une valeur prévue",
	},
	"portal.check.certificate": {
		en: "refused: %s",
		fr: "refusé : %s",
	},
	"portal.check.sshkey": {
		en: "refused: %s",
		fr: "refusée : %s",
	},
	"portal.check.sshkey_dup": {
		en: "the key %s is already #%d: give each key once",
		fr: "la clé %s figure déjà en n° %d : donnez chaque clé une fois",
	},
	"portal.check.sshkeys_max": {
		en: "%s keys, more than the %s a sheet can carry",
		fr: "%s clés, plus que les %s qu'une fiche peut porter",
	},
	"portal.ssh.unreadable_key": {
		en: "unreadable key",
		fr: "clé illisible",
	},
	"portal.ssh.empty": {
		en: "the key is empty: paste the content of the .pub file, for example 'ssh-ed25519 AAAA… name@machine'.",
		fr: "la clé est vide : collez le contenu du fichier .pub, par exemple « ssh-ed25519 AAAA… nom@machine ».",
	},
	"portal.ssh.too_long": {
		en: "the line is longer than any public key: give one key per line.",
		fr: "la ligne est plus longue que toute clé publique : donnez une clé par ligne.",
	},
	"portal.ssh.private": {
		en: "this is a private key: give the public key (the .pub file) and keep the private key secret.",
		fr: "c'est une clé privée : donnez la clé publique (le fichier .pub) et gardez la clé privée secrète.",
	},
	"portal.ssh.lines": {
		en: "the key spans several lines: one key per line.",
		fr: "la clé tient sur plusieurs lignes : une clé par ligne.",
	},
	"portal.ssh.rfc4716": {
		en: "this is a key in the RFC 4716 (SSH2) format: convert it with 'ssh-keygen -i -f FILE' and paste the result.",
		fr: "c'est une clé au format RFC 4716 (SSH2) : convertissez-la avec « ssh-keygen -i -f FICHIER » et collez le résultat.",
	},
	"portal.ssh.unreadable": {
		en: "this is not an SSH public key: it takes 'TYPE BASE64 [COMMENT]', as in a .pub file (ssh-keygen -t ed25519 makes one).",
		fr: "ce n'est pas une clé publique SSH : il faut « TYPE BASE64 [COMMENTAIRE] », comme dans un fichier .pub (ssh-keygen -t ed25519 en crée une).",
	},
	"portal.ssh.options": {
		en: "the line starts with options (%s): E#L's SFTP server applies none, so they are refused; give the key without them.",
		fr: "la ligne commence par des options (%s) : le serveur SFTP d'E#L n'en applique aucune, elles sont donc refusées ; donnez la clé sans elles.",
	},
	"portal.ssh.several": {
		en: "several keys on a line: one key per line.",
		fr: "plusieurs clés sur une ligne : une clé par ligne.",
	},
	"portal.ssh.certificate": {
		en: "this is an SSH certificate (%s): give the public key it certifies.",
		fr: "c'est un certificat SSH (%s) : donnez la clé publique qu'il certifie.",
	},
	"portal.ssh.dsa": {
		en: "DSA keys (ssh-dss) are refused, as OpenSSH refuses them: make an Ed25519 key (ssh-keygen -t ed25519).",
		fr: "les clés DSA (ssh-dss) sont refusées, comme OpenSSH les refuse : créez une clé Ed25519 (ssh-keygen -t ed25519).",
	},
	"portal.ssh.type": {
		en: "the key type '%s' is not accepted: ssh-ed25519, ecdsa-sha2-nistp256/384/521, or ssh-rsa of at least 2048 bits.",
		fr: "le type de clé « %s » n'est pas accepté : ssh-ed25519, ecdsa-sha2-nistp256/384/521, ou ssh-rsa d'au moins 2048 bits.",
	},
	"portal.ssh.rsa_bits": {
		en: "this RSA key has only %d bits, fewer than 2048: make an Ed25519 key (ssh-keygen -t ed25519) or a longer RSA key.",
		fr: "cette clé RSA n'a que %d bits, moins de 2048 : créez une clé Ed25519 (ssh-keygen -t ed25519) ou une clé RSA plus longue.",
	},
	"portal.cert.unreadable_cert": {
		en: "unreadable certificate",
		fr: "certificat illisible",
	},
	"portal.cert.datetime": {
		en: "02/01/2006 at 15:04 UTC",
		fr: "02/01/2006 à 15:04 UTC",
	},
	"portal.cert.empty": {
		en: "the file is empty.",
		fr: "le fichier est vide.",
	},
	"portal.cert.unreadable": {
		en: "this is not a certificate: send PEM certificates or a PKCS#7 file (.p7b).",
		fr: "ce n'est pas un certificat : envoyez des certificats PEM ou un fichier PKCS#7 (.p7b).",
	},
	"portal.cert.private_key": {
		en: "the file holds a private key: send only the certificate and its chain, and keep the key secret.",
		fr: "le fichier contient une clé privée : envoyez seulement le certificat et sa chaîne, et gardez la clé secrète.",
	},
	"portal.cert.block": {
		en: "the file holds a PEM block '%s': only CERTIFICATE and PKCS7 are expected.",
		fr: "le fichier contient un bloc PEM « %s » : seuls CERTIFICATE et PKCS7 sont attendus.",
	},
	"portal.cert.none": {
		en: "the file holds no certificate.",
		fr: "le fichier ne contient aucun certificat.",
	},
	"portal.cert.order": {
		en: "broken chain: the certificates are not in order (certificate %d '%s', certificate %d '%s'); put the partner's certificate first, then each issuer.",
		fr: "chaîne rompue : les certificats ne sont pas dans l'ordre (certificat %d « %s », certificat %d « %s ») ; mettez le certificat du partenaire en premier, puis chaque émetteur.",
	},
	"portal.cert.broken": {
		en: "broken chain: the certificate %d '%s' is not issued by the certificate %d '%s'.",
		fr: "chaîne rompue : le certificat %d « %s » n'est pas émis par le certificat %d « %s ».",
	},
	"portal.cert.leaves": {
		en: "broken chain: %d certificates of the file issue none other; it takes one partner certificate and its issuers.",
		fr: "chaîne rompue : %d certificats du fichier n'en émettent aucun autre ; il faut un seul certificat de partenaire et ses émetteurs.",
	},
	"portal.cert.not_in_chain": {
		en: "broken chain: '%s' is not part of the chain of '%s'.",
		fr: "chaîne rompue : « %s » ne fait pas partie de la chaîne de « %s ».",
	},
	"portal.cert.self_signed": {
		en: "'%s' is self-signed: a client certificate must be issued by a certification authority.",
		fr: "« %s » est auto-signé : un certificat client doit être émis par une autorité de certification.",
	},
	"portal.cert.not_yet_valid": {
		en: "'%s' is valid from %s only.",
		fr: "« %s » n'est valable qu'à partir du %s.",
	},
	"portal.cert.expired": {
		en: "'%s' expired on %s.",
		fr: "« %s » a expiré le %s.",
	},
	"portal.cert.not_ca": {
		en: "broken chain: '%s' issues '%s' without being a certification authority.",
		fr: "chaîne rompue : « %s » émet « %s » sans être une autorité de certification.",
	},
	"portal.cert.not_client": {
		en: "'%s' is not meant to authenticate a client (extended usage: %s; clientAuth expected).",
		fr: "« %s » n'est pas destiné à l'authentification d'un client (usage étendu : %s ; clientAuth attendu).",
	},
	"portal.cert.not_signing": {
		en: "'%s' is not meant to authenticate a client (key usage without digitalSignature: %s).",
		fr: "« %s » n'est pas destiné à l'authentification d'un client (usage de la clé sans digitalSignature : %s).",
	},
	"portal.cert.is_ca": {
		en: "'%s' is a certification authority, not a client certificate.",
		fr: "« %s » est une autorité de certification, pas un certificat client.",
	},
	"portal.cert.taken": {
		en: "this client certificate ('%s') is already on the connection sheet of %s: a certificate authenticates one partner only.",
		fr: "ce certificat client (« %s ») figure déjà sur la fiche de raccordement de %s : un certificat n'authentifie qu'un partenaire.",
	},
	"portal.nothing_to_reveal": {
		en: "No token waits to be revealed for this partner: it was already revealed (see the sheet's history), or the sheet is not active yet. If it is lost, renew it.",
		fr: "Aucun jeton n'attend d'être révélé pour ce partenaire : il a déjà été révélé (voir l'historique de la fiche), ou la fiche n'est pas encore activée. S'il est perdu, renouvelez-le.",
	},
	"portal.refused.not_found": {
		en: "Not found: this sheet, this report or this person does not exist, or you have no right on it.",
		fr: "Introuvable : cette fiche, ce rapport ou cette personne n'existe pas, ou vous n'avez aucun droit dessus.",
	},
	"portal.refused.not_operator": {
		en: "This page is for E#L's operators only.",
		fr: "Cette page est réservée aux opérateurs d'E#L.",
	},
	"portal.refused.el_only": {
		en: "This action is E#L's: in its current state, the sheet can only be read.",
		fr: "Cette action revient à E#L : dans son état actuel, la fiche se consulte seulement.",
	},
	"portal.refused.consultation": {
		en: "Your right on this partner is 'Consultation': this action needs the right 'Modification'. Ask E#L for it.",
		fr: "Votre droit sur ce partenaire est « Consultation » : cette action demande le droit « Modification ». Demandez-le à E#L.",
	},
	"portal.refused.conflict": {
		en: "This action is not possible in the current state: the sheet may have changed meanwhile. Reload the page and start again.",
		fr: "Cette action n'est pas possible dans l'état actuel : la fiche a peut-être changé entre-temps. Rechargez la page et recommencez.",
	},
	"portal.refused.too_large": {
		en: "The form is too large: the certificate and the correspondence table fit in a few kilobytes.",
		fr: "Le formulaire est trop volumineux : le certificat et la table de correspondance tiennent en quelques kilo-octets.",
	},
	"portal.refused.bad_email": {
		en: "This email address is not valid: type a whole address, of the form name@domain.fr.",
		fr: "Cette adresse électronique n'est pas valide : saisissez une adresse complète, de la forme nom@domaine.fr.",
	},
	"portal.refused.invalid": {
		en: "The request is invalid: %s",
		fr: "La demande est invalide : %s",
	},
	"portal.read_only.sent": {
		en: "E#L is processing it: it will be activated automatically if it is complete and valid.",
		fr: "E#L la traite : elle sera activée automatiquement si elle est complète et valide.",
	},
	"portal.read_only.sent_update": {
		en: "Its edit waits for E#L's processing; the token does not work until then.",
		fr: "Sa modification attend le traitement d'E#L ; le jeton ne fonctionne plus d'ici là.",
	},
	"portal.read_only.deactivated": {
		en: "E#L deactivated it: contact E#L to reactivate it.",
		fr: "E#L l'a désactivée : contactez E#L pour la réactiver.",
	},
	"portal.env.qualification": {
		en: "Qualification",
		fr: "Qualification",
	},
	"portal.env.production": {
		en: "Production",
		fr: "Production",
	},

	// The portal (portal.go and its pages).
	"portal.title.space": {
		en: "Connection space",
		fr: "Espace raccordements",
	},
	"portal.title.sheet": {
		en: "Connection sheet",
		fr: "Fiche de raccordement",
	},
	"portal.title.create": {
		en: "Create a connection sheet",
		fr: "Créer une fiche de raccordement",
	},
	"portal.title.edit": {
		en: "Edit the connection sheet",
		fr: "Modifier la fiche de raccordement",
	},
	"portal.title.confirm_edit": {
		en: "Confirm the edit",
		fr: "Confirmer la modification",
	},
	"portal.title.submit": {
		en: "Confirm the submission",
		fr: "Confirmation soumission",
	},
	"portal.title.delete": {
		en: "Delete the draft",
		fr: "Supprimer le brouillon",
	},
	"portal.title.reveal": {
		en: "Reveal the token",
		fr: "Révéler le jeton",
	},
	"portal.title.token": {
		en: "Authentication token",
		fr: "Jeton d'authentification",
	},
	"portal.title.renew": {
		en: "Renew the token",
		fr: "Renouveler le jeton",
	},
	"portal.back.sheets": {
		en: "Back to my sheets",
		fr: "Retour à mes fiches",
	},
	"portal.back.form": {
		en: "Back to the form",
		fr: "Retour au formulaire",
	},
	"portal.back.sheet": {
		en: "Back to the sheet",
		fr: "Retour à la fiche",
	},
	"portal.flash.deleted": {
		en: "The draft of %s was deleted.",
		fr: "Le brouillon de %s a été supprimé.",
	},
	"portal.flash.saved": {
		en: "The sheet is saved.",
		fr: "La fiche est enregistrée.",
	},
	"portal.flash.draft": {
		en: "The draft is saved. It may stay incomplete: the list below says what is missing to submit it.",
		fr: "Le brouillon est enregistré. Il peut rester incomplet : la liste ci-dessous dit ce qui manque pour le soumettre.",
	},
	"portal.flash.sent": {
		en: "The sheet is sent to E#L, which processes it: it will be activated automatically if it is complete and valid. Meanwhile, it can only be read.",
		fr: "La fiche est envoyée à E#L, qui la traite : elle sera activée automatiquement si elle est complète et valide. En attendant, elle se consulte seulement.",
	},
	"portal.flash.edited": {
		en: "The edit is sent to E#L. The token does not work until E#L processes the sheet (state 'Sent (update)').",
		fr: "La modification est envoyée à E#L. Le jeton ne fonctionne plus jusqu'à ce qu'E#L traite la fiche (état « Envoyée MAJ »).",
	},
	"portal.nothing_to_create": {
		en: "You have the right 'Modification' on no partner without a sheet: there is no sheet to create. Ask E#L for a right.",
		fr: "Vous n'avez le droit « Modification » sur aucun partenaire sans fiche : il n'y a pas de fiche à créer. Demandez à E#L de vous habiliter.",
	},
	"portal.problem.partner": {
		en: "Partner: choose one of the partners you have the right 'Modification' on, that have no sheet yet.",
		fr: "Partenaire : choisissez l'un des partenaires sur lesquels vous avez le droit « Modification » et qui n'ont pas encore de fiche.",
	},
	"portal.problem.code_taken": {
		en: "Operator codes: the code %s is already given to another partner (%s); two partners do not share a code.",
		fr: "Codes opérateur : le code %s est déjà attribué à un autre partenaire (%s) ; deux partenaires ne partagent pas un code.",
	},
	"portal.problem.certificate": {
		en: "Certificate: %s",
		fr: "Certificat : %s",
	},
	"portal.problem.exists": {
		en: "Partner: a sheet already exists for this partner; open it from the list.",
		fr: "Partenaire : une fiche existe déjà pour ce partenaire ; ouvrez-la depuis la liste.",
	},
	"portal.not_saved": {
		en:     "The sheet is not saved: %d problem to correct.",
		enMany: "The sheet is not saved: %d problems to correct.",
		fr:     "La fiche n'est pas enregistrée : %d problème à corriger.",
		frMany: "La fiche n'est pas enregistrée : %d problèmes à corriger.",
	},
	"portal.not_submittable": {
		en:     "The sheet cannot be submitted yet: %d problem to correct.",
		enMany: "The sheet cannot be submitted yet: %d problems to correct.",
		fr:     "La fiche ne peut pas encore être soumise : %d problème à corriger.",
		frMany: "La fiche ne peut pas encore être soumise : %d problèmes à corriger.",
	},
	"portal.analysed": {
		en: "Certificate analysed: check its data below, then save the sheet.",
		fr: "Certificat analysé : vérifiez ses données ci-dessous, puis enregistrez la fiche.",
	},
	"portal.nothing_to_analyse": {
		en: "No certificate to analyse: choose a .p7b or .pem file.",
		fr: "Aucun certificat à analyser : choisissez un fichier .p7b ou .pem.",
	},
	"portal.read_only": {
		en: "This sheet is '%s': it can only be read. %s",
		fr: "Cette fiche est « %s » : elle se consulte seulement. %s",
	},
	"portal.draft_only_submit": {
		en: "This sheet is '%s': only a draft is submitted.",
		fr: "Cette fiche est « %s » : seul un brouillon se soumet.",
	},
	"portal.draft_only_delete": {
		en: "This sheet is '%s': only a draft is deleted.",
		fr: "Cette fiche est « %s » : seul un brouillon se supprime.",
	},
	"portal.confirm_edit.question": {
		en: "Do you confirm sending the edit?",
		fr: "Confirmez-vous l'envoi de la modification ?",
	},
	"portal.confirm_edit.explain1": {
		en: "This sheet is active. Editing it moves it to the state 'Sent (update)': its authentication token stops working — your system's uploads are refused — until E#L processes the edited sheet.",
		fr: "Cette fiche est activée. La modifier la fait passer à l'état « Envoyée MAJ » : son jeton d'authentification cesse de fonctionner — les envois de votre système sont refusés — jusqu'à ce qu'E#L traite la fiche modifiée.",
	},
	"portal.confirm_edit.explain2": {
		en: "The processing is automatic: the sheet becomes 'Active' again, with the same token, if it is complete and valid (and, for production, if a qualification passed).",
		fr: "Le traitement est automatique : la fiche redevient « Activée », avec le même jeton, si elle est complète et valide (et, pour la production, si une qualification a réussi).",
	},
	"portal.confirm_send": {
		en: "Confirm and send",
		fr: "Confirmer et envoyer",
	},
	"portal.back_to_edit": {
		en: "Back to the edit",
		fr: "Revenir à la modification",
	},
	"portal.submit.question": {
		en: "Do you confirm the sending?",
		fr: "Confirmez-vous l'envoi ?",
	},
	"portal.submit.explain": {
		en: "The connection sheet of %s (%s) goes to E#L, which processes it: it is activated automatically if it is complete and valid. Once sent, it can only be read.",
		fr: "La fiche de raccordement de %s (%s) part à E#L, qui la traite : elle est activée automatiquement si elle est complète et valide. Une fois envoyée, elle se consulte seulement.",
	},
	"portal.delete.question": {
		en: "Delete the draft of %s?",
		fr: "Supprimer le brouillon de %s ?",
	},
	"portal.delete.explain": {
		en: "The draft and its history are erased; the identifier and the operator codes become free again. This deletion is final.",
		fr: "Le brouillon et son historique sont effacés ; l'identifiant et les codes opérateur redeviennent libres. Cette suppression est définitive.",
	},
	"portal.delete.button": {
		en: "Delete the draft",
		fr: "Supprimer le brouillon",
	},
	"portal.reveal.question": {
		en: "Reveal the authentication token?",
		fr: "Révéler le jeton d'authentification ?",
	},
	"portal.reveal.explain1": {
		en: "The sheet of %s was activated on %s: its authentication token is ready.",
		fr: "La fiche de %s a été activée le %s : son jeton d'authentification est prêt.",
	},
	"portal.reveal.explain2": {
		en: "It will show only once, to you alone: E#L keeps only a fingerprint of it. Be ready to copy it at once into your system's configuration.",
		fr: "Il ne s'affichera qu'une fois, à vous seul : E#L n'en garde qu'une empreinte. Préparez-vous à le copier aussitôt dans la configuration de votre système.",
	},
	"portal.reveal.button": {
		en: "Reveal the token",
		fr: "Révéler le jeton",
	},
	"portal.renew.question": {
		en: "Renew the authentication token?",
		fr: "Renouveler le jeton d'authentification ?",
	},
	"portal.renew.explain1": {
		en: "A new token is made and shows only once. The old one stops working at once: your system's uploads are refused until it uses the new one.",
		fr: "Un nouveau jeton est créé et s'affiche une seule fois. L'ancien cesse de fonctionner immédiatement : les envois de votre système sont refusés tant qu'il n'utilise pas le nouveau.",
	},
	"portal.renew.explain2": {
		en: "The other people with the right 'Modification' on this partner are told by email (without the token).",
		fr: "Les autres personnes ayant le droit « Modification » sur ce partenaire sont prévenues par courriel (sans le jeton).",
	},
	"portal.renew.button": {
		en: "Renew the token",
		fr: "Renouveler le jeton",
	},
	"portal.token.to_reveal": {
		en: "to reveal",
		fr: "à révéler",
	},
	"portal.token.none": {
		en: "none",
		fr: "aucun",
	},
	"portal.token.revoked": {
		en: "revoked",
		fr: "révoqué",
	},
	"portal.token.valid": {
		en: "in force",
		fr: "en vigueur",
	},

	// The sheet's form (sheetform.go).
	"portal.problem.private_key": {
		en: "SSH keys: you pasted a private key; it is not kept, even in this form. Paste the public key (the .pub file) and keep the private key secret.",
		fr: "Clés SSH : vous avez collé une clé privée ; elle n'est pas gardée, même dans ce formulaire. Collez la clé publique (le fichier .pub) et gardez la clé privée secrète.",
	},
	"portal.problem.cert_too_large": {
		en: "Certificate: the file %s is larger than %s; a certificate and its chain fit in a few kilobytes.",
		fr: "Certificat : le fichier %s dépasse %s ; un certificat et sa chaîne tiennent en quelques kilo-octets.",
	},
	"portal.problem.cert_unread": {
		en: "Certificate: the file could not be read; send it again.",
		fr: "Certificat : le fichier n'a pas pu être lu ; renvoyez-le.",
	},
	"portal.problem.cert_refused": {
		en: "Certificate: the file %s is refused: %s",
		fr: "Certificat : le fichier %s est refusé : %s",
	},
	"portal.problem.corr_too_large": {
		en: "Correspondence tables: the file %s is larger than %s.",
		fr: "Tables de correspondance : le fichier %s dépasse %s.",
	},
	"portal.problem.corr_unread": {
		en: "Correspondence tables: the file %s cannot be read: %s",
		fr: "Tables de correspondance : le fichier %s ne peut pas être lu : %s",
	},
	"portal.problem.corr_file": {
		en: "file %s",
		fr: "fichier %s",
	},
	"portal.problem.corr_line": {
		en: ", line %d",
		fr: ", ligne %d",
	},
	"portal.problem.corr_column": {
		en: ", column %s",
		fr: ", colonne %s",
	},
	"portal.problem.corr": {
		en: "Correspondence tables: %s: %s",
		fr: "Tables de correspondance : %s : %s",
	},

	// The console (console.go and its pages).
	"console.title.list": {
		en: "E#L console – connection sheets",
		fr: "Console E#L – fiches de raccordement",
	},
	"console.title.export": {
		en: "Export",
		fr: "Export",
	},
	"console.title.people": {
		en: "People with rights",
		fr: "Personnes habilitées",
	},
	"console.title.journal": {
		en: "Journal of actions",
		fr: "Journal des actions",
	},
	"console.title.searches": {
		en: "Search audit",
		fr: "Audit des recherches",
	},
	"console.title.report": {
		en: "Report",
		fr: "Rapport",
	},
	"console.back.portal": {
		en: "Go to the connection space",
		fr: "Aller à l'espace raccordements",
	},
	"console.back.console": {
		en: "Back to the console",
		fr: "Retour à la console",
	},
	"console.back.people": {
		en: "Back to the people",
		fr: "Retour aux personnes",
	},
	"console.back.report": {
		en: "Back to the report",
		fr: "Retour au rapport",
	},
	"console.import.accepted": {
		en: "accepted",
		fr: "accepté",
	},
	"console.import.partial": {
		en: "partial",
		fr: "partiel",
	},
	"console.import.rejected": {
		en: "rejected",
		fr: "rejeté",
	},
	"console.result.rejected": {
		en: "file rejected; %s",
		fr: "fichier rejeté ; %s",
	},
	"console.flash.activated": {
		en: "The sheet is activated.",
		fr: "La fiche est activée.",
	},
	"console.flash.token": {
		en: "The sheet is activated; its token waits to be revealed by the people with the right 'Modification', told by email.",
		fr: "La fiche est activée ; son jeton attend d'être révélé par les personnes ayant le droit « Modification », prévenues par courriel.",
	},
	"console.flash.token_cli": {
		en: "The sheet is activated. No person has the right 'Modification', so its token was not handed over: give this right to someone, who then renews it in the connection space (or partners token rotate).",
		fr: "La fiche est activée. Aucune personne n'ayant le droit « Modification », son jeton n'a pas été remis : donnez ce droit à quelqu'un, puis qu'il le renouvelle dans l'espace raccordements (ou partners token rotate).",
	},
	"console.flash.refused": {
		en: "The sheet is not activated: the reason heads the history.",
		fr: "La fiche n'est pas activée : la raison figure en tête de l'historique.",
	},
	"console.flash.deactivated": {
		en: "The sheet is deactivated: its token no longer works.",
		fr: "La fiche est désactivée : son jeton ne fonctionne plus.",
	},
	"console.flash.granted": {
		en: "The right is given.",
		fr: "Le droit est donné.",
	},
	"console.flash.unchanged": {
		en: "The person had this right already: nothing changed.",
		fr: "La personne avait déjà ce droit : rien n'a changé.",
	},
	"console.flash.revoked": {
		en: "The right is taken away; it ends at the person's next request.",
		fr: "Le droit est retiré ; il cesse à la requête suivante de la personne.",
	},
	"console.flash.removed": {
		en: "The person is removed: their sessions are over.",
		fr: "La personne est retirée : ses sessions sont terminées.",
	},
	"console.flash.resent": {
		en: "The report is to send again: it goes at the next sending (every minute).",
		fr: "Le rapport est de nouveau à envoyer : il part au prochain envoi (chaque minute).",
	},

	// The portal's pages (web/partials.html, web/portal-*.html).
	"portal.cert.refused_now": {
		en: "Certificate refused: %s",
		fr: "Certificat refusé : %s",
	},
	"portal.cert.subject": {
		en: "Subject",
		fr: "Sujet",
	},
	"portal.cert.issuer": {
		en: "Issuer",
		fr: "Émetteur",
	},
	"portal.cert.serial": {
		en: "Serial number",
		fr: "Numéro de série",
	},
	"portal.cert.validity": {
		en: "Validity",
		fr: "Validité",
	},
	"portal.cert.from_to": {
		en: "from %s to %s",
		fr: "du %s au %s",
	},
	"portal.cert.key_usage": {
		en: "Key usages",
		fr: "Usages de la clé",
	},
	"portal.cert.unspecified": {
		en: "unspecified",
		fr: "non précisés",
	},
	"portal.cert.ext_usage": {
		en: "; extended usage: %s",
		fr: " ; usage étendu : %s",
	},
	"portal.cert.chain": {
		en: "Certification chain",
		fr: "Chaîne de certification",
	},
	"portal.cert.no_issuer": {
		en: "no issuer attached",
		fr: "aucun émetteur joint",
	},
	"portal.cert.fingerprint": {
		en: "SHA-256 fingerprint",
		fr: "Empreinte SHA-256",
	},
	"portal.cert.validated": {
		en: "Certificate validated.",
		fr: "Certificat validé.",
	},
	"portal.cert.no_certificate": {
		en: "No client certificate.",
		fr: "Aucun certificat client.",
	},
	"portal.corr.caption": {
		en: "Correspondence tables: the partner's values and the matrice cadre's",
		fr: "Tables de correspondance : valeurs du partenaire et valeurs de la matrice cadre",
	},
	"portal.corr.field": {
		en: "Field",
		fr: "Champ",
	},
	"portal.corr.partner_value": {
		en: "Partner's value",
		fr: "Valeur du partenaire",
	},
	"portal.corr.matrice_value": {
		en: "Matrice's value",
		fr: "Valeur de la matrice",
	},
	"portal.corr.none": {
		en: "No correspondence table: the values are the matrice cadre's.",
		fr: "Aucune table de correspondance : les valeurs sont celles de la matrice cadre.",
	},
	"portal.ssh.caption": {
		en: "SSH public keys: fingerprints, as 'ssh-keygen -l' prints them",
		fr: "Clés SSH publiques : empreintes, comme « ssh-keygen -l » les affiche",
	},
	"portal.ssh.fingerprint": {
		en: "Fingerprint",
		fr: "Empreinte",
	},
	"portal.ssh.type_col": {
		en: "Type",
		fr: "Type",
	},
	"portal.ssh.comment": {
		en: "Comment",
		fr: "Commentaire",
	},
	"portal.ssh.refused_key": {
		en: "Key refused: %s",
		fr: "Clé refusée : %s",
	},
	"portal.ssh.none": {
		en: "No SSH key: the SFTP channel does not allow a login yet.",
		fr: "Aucune clé SSH : le canal SFTP ne permet pas encore de se connecter.",
	},
	"portal.details.general": {
		en: "General information",
		fr: "Informations générales",
	},
	"portal.details.state": {
		en: "Current state",
		fr: "État courant",
	},
	"portal.details.none": {
		en: "none",
		fr: "aucun",
	},
	"portal.details.qualification": {
		en: "Qualification",
		fr: "Qualification",
	},
	"portal.details.qualified_on": {
		en: "passed on %s",
		fr: "réussie le %s",
	},
	"portal.details.not_qualified": {
		en: "not passed yet",
		fr: "pas encore réussie",
	},
	"portal.details.token": {
		en: "Authentication token",
		fr: "Jeton d'authentification",
	},
	"portal.details.since": {
		en: " (since %s)",
		fr: " (depuis le %s)",
	},
	"portal.details.ssh": {
		en: "SSH keys (SFTP)",
		fr: "Clés SSH (SFTP)",
	},
	"portal.details.contact": {
		en: "Technical contact",
		fr: "Contact technique",
	},
	"portal.details.contact_name": {
		en: "Full name",
		fr: "Nom et prénom",
	},
	"portal.details.phone": {
		en: "Phone",
		fr: "Téléphone",
	},
	"portal.details.email": {
		en: "Email address",
		fr: "Adresse électronique",
	},
	"portal.details.recipients_contact": {
		en: "the technical contact",
		fr: "le contact technique",
	},
	"portal.details.no_comment": {
		en: "No comment.",
		fr: "Aucun commentaire.",
	},
	"portal.history.title": {
		en: "History",
		fr: "Historique",
	},
	"portal.history.caption": {
		en: "The sheet's changes, most recent first",
		fr: "Les changements de la fiche, du plus récent au plus ancien",
	},
	"portal.history.by": {
		en: "By",
		fr: "Par",
	},
	"portal.history.state": {
		en: "State",
		fr: "État",
	},
	"portal.history.event": {
		en: "Event",
		fr: "Événement",
	},
	"portal.list.intro": {
		en: "The connection sheets of the partners you have a right on. A 'Draft' is edited, submitted or deleted; a 'Sent' sheet is read while E#L processes it; an 'Active' sheet stays editable, to renew a certificate for example.",
		fr: "Les fiches de raccordement des partenaires sur lesquels vous êtes habilité. Un « Brouillon » se modifie, se soumet ou se supprime ; une fiche « Envoyée » se consulte pendant qu'E#L la traite ; une fiche « Activée » reste modifiable, pour renouveler un certificat par exemple.",
	},
	"portal.list.create_of": {
		en: "Create the sheet of %s",
		fr: "Créer la fiche de %s",
	},
	"portal.list.search": {
		en: "Search a sheet",
		fr: "Rechercher une fiche",
	},
	"portal.list.criteria": {
		en: "Search criteria",
		fr: "Critères de recherche",
	},
	"portal.list.partner_help": {
		en: "All or part of the identifier.",
		fr: "Tout ou partie de l'identifiant.",
	},
	"portal.list.all_states": {
		en: "All the states",
		fr: "Tous les états",
	},
	"portal.list.channel": {
		en: "Channel",
		fr: "Canal",
	},
	"portal.list.all_channels": {
		en: "All the channels",
		fr: "Tous les canaux",
	},
	"portal.list.results": {
		en: "Search results",
		fr: "Résultats de la recherche",
	},
	"portal.list.export": {
		en: "Export the results",
		fr: "Exporter les résultats",
	},
	"portal.list.export_format": {
		en: "(CSV ';', UTF-8)",
		fr: "(CSV « ; », UTF-8)",
	},
	"portal.list.count": {
		en:     "%d sheet",
		enMany: "%d sheets",
		fr:     "%d fiche",
		frMany: "%d fiches",
	},
	"portal.list.matching": {
		en: " matching the criteria",
		fr: " répondant aux critères",
	},
	"portal.list.your_right": {
		en: "Your right",
		fr: "Votre droit",
	},
	"portal.list.actions": {
		en: "Actions",
		fr: "Actions",
	},
	"portal.list.read": {
		en: "Read",
		fr: "Consulter",
	},
	"portal.list.of_sheet": {
		en: " the sheet of %s",
		fr: " la fiche de %s",
	},
	"portal.list.edit": {
		en: "Edit",
		fr: "Modifier",
	},
	"portal.list.delete": {
		en: "Delete",
		fr: "Supprimer",
	},
	"portal.list.of_draft": {
		en: " the draft of %s",
		fr: " le brouillon de %s",
	},
	"portal.list.none": {
		en: "No sheet.",
		fr: "Aucune fiche.",
	},
	"portal.list.none_matching": {
		en: "No sheet matches these criteria.",
		fr: "Aucune fiche ne répond à ces critères.",
	},
	"portal.sheet.back": {
		en: "← My connection sheets",
		fr: "← Mes fiches de raccordement",
	},
	"portal.sheet.sent": {
		en: "Sheet sent: E#L is processing it, it will be activated automatically if it is complete and valid. It can only be read.",
		fr: "Fiche envoyée : E#L la traite, elle sera activée automatiquement si elle est complète et valide. Elle se consulte seulement.",
	},
	"portal.sheet.sent_update": {
		en: "Edit sent: the authentication token does not work until E#L processes the sheet.",
		fr: "Modification envoyée : le jeton d'authentification ne fonctionne plus jusqu'à ce qu'E#L traite la fiche.",
	},
	"portal.sheet.deactivated": {
		en: "Sheet deactivated by E#L: its token does not work. Contact E#L to reactivate it.",
		fr: "Fiche désactivée par E#L : son jeton ne fonctionne pas. Contactez E#L pour la réactiver.",
	},
	"portal.sheet.token_ready": {
		en: `The authentication token of this sheet is ready: <a href="/raccordements/fiches/%s/jeton">reveal it</a> (it shows only once).`,
		fr: `Le jeton d'authentification de cette fiche est prêt : <a href="/raccordements/fiches/%s/jeton">révélez-le</a> (il ne s'affiche qu'une fois).`,
	},
	"portal.sheet.actions": {
		en: "Actions on the sheet",
		fr: "Actions sur la fiche",
	},
	"portal.sheet.edit": {
		en: "Edit the sheet",
		fr: "Modifier la fiche",
	},
	"portal.sheet.submit": {
		en: "Submit",
		fr: "Soumettre",
	},
	"portal.sheet.to_complete": {
		en: "To submit the sheet, what remains to complete:",
		fr: "Pour soumettre la fiche, il reste à compléter :",
	},
	"portal.confirm.cancel": {
		en: "← Cancel",
		fr: "← Annuler",
	},
	"portal.token.renewed": {
		en: "The token is renewed: the old one no longer works.",
		fr: "Le jeton est renouvelé : l'ancien ne fonctionne plus.",
	},
	"portal.token.here": {
		en: "Here is the authentication token of %s.",
		fr: "Voici le jeton d'authentification de %s.",
	},
	"portal.token.once": {
		en: "It shows only once: copy it now into your system's configuration. E#L keeps only a fingerprint of it and cannot give it back to you; if it is lost, renew it.",
		fr: "Il ne s'affiche qu'une fois : copiez-le maintenant dans la configuration de votre système. E#L n'en garde qu'une empreinte et ne pourra pas vous le redonner ; s'il est perdu, renouvelez-le.",
	},
	"portal.token.label": {
		en: "Authentication token of %s",
		fr: "Jeton d'authentification de %s",
	},
	"portal.token.usage": {
		en: "Your system sends it in the header <code>Authorization: fmetoken token=…</code> of each deposit, for example:",
		fr: "Votre système l'envoie dans l'en-tête <code>Authorization: fmetoken token=…</code> de chaque dépôt, par exemple :",
	},
	"portal.token.web": {
		en: "It also opens the file deposit page (sign-in by token).",
		fr: "Il ouvre aussi la page de dépôt de fichiers (connexion par jeton).",
	},
	"portal.token.copied": {
		en: "I copied the token: back to the sheet",
		fr: "J'ai copié le jeton : retour à la fiche",
	},

	// The sheet's form (web/portal-form.html).
	"portal.form.back_new": {
		en: "My connection sheets",
		fr: "Mes fiches de raccordement",
	},
	"portal.form.back_edit": {
		en: "Back to the sheet, without saving",
		fr: "Retour à la fiche, sans enregistrer",
	},
	"portal.form.to_correct": {
		en: "To correct",
		fr: "À corriger",
	},
	"portal.form.active": {
		en: "<strong>This sheet is active.</strong> Saving it moves it to the state 'Sent (update)': its authentication token will stop working until E#L processes the edited sheet. You will be asked to confirm.",
		fr: "<strong>Cette fiche est activée.</strong> L'enregistrer la fait passer à l'état « Envoyée MAJ » : son jeton d'authentification cessera de fonctionner jusqu'à ce qu'E#L traite la fiche modifiée. Une confirmation vous sera demandée.",
	},
	"portal.form.draft_incomplete": {
		en: "A sheet may be saved incomplete, as a draft; to submit it, it will take:",
		fr: "Une fiche peut être enregistrée incomplète, en brouillon ; pour la soumettre, il faudra :",
	},
	"portal.form.save": {
		en: "Save",
		fr: "Enregistrer",
	},
	"portal.form.required": {
		en: "required",
		fr: "obligatoire",
	},
	"portal.form.choose_partner": {
		en: "Choose a partner",
		fr: "Sélectionner un partenaire",
	},
	"portal.form.partner_help": {
		en: "The identifier its files carry (AAAAMMDD-identifier.csv), given by E#L.",
		fr: "L'identifiant que portent ses fichiers (AAAAMMJJ-identifiant.csv), donné par E#L.",
	},
	"portal.form.operators_help": {
		en: "The codes of the dossier numbers you create: four characters A-Z or 0-9, separated by commas (for example ADIE, ADI2).",
		fr: "Les codes des numéros de dossier que vous créez : quatre caractères A-Z ou 0-9, séparés par des virgules (par exemple ADIE, ADI2).",
	},
	"portal.form.channels": {
		en: "Channels sending the files",
		fr: "Canaux d'envoi des fichiers",
	},
	"portal.form.partial_help": {
		en: "A line in error is rejected alone; the file's other lines are integrated.",
		fr: "Une ligne en erreur est rejetée seule ; les autres lignes du fichier sont intégrées.",
	},
	"portal.form.complete_help": {
		en: "A line in error rejects the whole file.",
		fr: "Une ligne en erreur rejette le fichier entier.",
	},
	"portal.form.environment": {
		en: "Environment asked for",
		fr: "Environnement demandé",
	},
	"portal.form.qualification_help": {
		en: "The files are judged and the report sent, without integrating anything: a file without error passes the qualification.",
		fr: "Les fichiers sont jugés et le rapport envoyé, sans rien intégrer : un fichier sans erreur réussit la qualification.",
	},
	"portal.form.production_help": {
		en: "The files are integrated into E#L. Needs a qualification passed.",
		fr: "Les fichiers sont intégrés à E#L. Demande une qualification réussie.",
	},
	"portal.form.cert_help": {
		en: "Optional: the client certificate that authenticates your system to E#L (TLS), as PKCS#7 (.p7b) with the whole certification chain, or PEM (the partner's certificate first, then each issuer). Never the private key.",
		fr: "Facultatif : le certificat client qui authentifie votre système auprès d'E#L (TLS), au format PKCS#7 (.p7b) avec toute la chaîne de certification, ou PEM (le certificat du partenaire d'abord, puis chaque émetteur). Jamais la clé privée.",
	},
	"portal.form.analysis_of": {
		en: "Analysis of %s",
		fr: "Analyse de %s",
	},
	"portal.form.sheet_cert": {
		en: "The sheet's certificate",
		fr: "Certificat de la fiche",
	},
	"portal.form.remove_cert": {
		en: "Remove this certificate from the sheet",
		fr: "Retirer ce certificat de la fiche",
	},
	"portal.form.replace_cert": {
		en: "Replace with another certificate",
		fr: "Remplacer par un autre certificat",
	},
	"portal.form.client_cert": {
		en: "Client certificate",
		fr: "Certificat client",
	},
	"portal.form.analyse": {
		en: "Analyse the certificate(s)",
		fr: "Analyser le(s) certificat(s)",
	},
	"portal.form.ssh_help": {
		en: "For the SFTP channel: the public keys your systems sign in with to E#L's SFTP server, under your identifier. Paste the content of each .pub file (or of an authorized_keys file), one key per line; 20 at most. Never the private key.",
		fr: "Pour le canal SFTP : les clés publiques avec lesquelles vos systèmes se connectent au serveur SFTP d'E#L, sous votre identifiant. Collez le contenu de chaque fichier .pub (ou d'un fichier authorized_keys), une clé par ligne ; au plus 20. Jamais la clé privée.",
	},
	"portal.form.ssh_keys": {
		en: "SSH public keys",
		fr: "Clés publiques SSH",
	},
	"portal.form.ssh_example": {
		en: "For example 'ssh-ed25519 AAAAC3Nz… export@server'; ssh-keygen -t ed25519 makes one. Ed25519, ECDSA, or RSA of at least 2048 bits.",
		fr: "Par exemple « ssh-ed25519 AAAAC3Nz… export@serveur » ; ssh-keygen -t ed25519 en crée une. Ed25519, ECDSA, ou RSA d'au moins 2048 bits.",
	},
	"portal.form.contact_help": {
		en: "The person in charge of the technical work of the connection: E#L's support contacts them when needed.",
		fr: "La personne chargée de la réalisation technique du raccordement : le support d'E#L la contacte en cas de besoin.",
	},
	"portal.form.phone_help": {
		en: "01 23 45 67 89, or +33 1 23 45 67 89.",
		fr: "01 23 45 67 89, ou +33 1 23 45 67 89.",
	},
	"portal.form.reports": {
		en: "Import reports",
		fr: "Rapports d'import",
	},
	"portal.form.recipients_help": {
		en: "One email address per line. Empty: the technical contact receives the reports.",
		fr: "Une adresse électronique par ligne. Vide : le contact technique reçoit les rapports.",
	},
	"portal.form.corr_help": {
		en: "Optional: your values of the list fields (ENUM, OUI/NON) and the matrice cadre's values they match. A CSV UTF-8 file with ';' separators, with the header <code>Champ;ValeurPartenaire;ValeurMatrice</code>.",
		fr: "Facultatif : vos valeurs des champs à liste (ENUM, OUI/NON) et les valeurs de la matrice cadre qui leur correspondent. Un fichier CSV UTF-8 séparé par des points-virgules, d'en-tête <code>Champ;ValeurPartenaire;ValeurMatrice</code>.",
	},
	"portal.form.remove_corr": {
		en: "Remove these tables from the sheet",
		fr: "Retirer ces tables de la fiche",
	},
	"portal.form.replace_file": {
		en: "Replace with another file",
		fr: "Remplacer par un autre fichier",
	},
	"portal.form.corr_file": {
		en: "File of the correspondence tables",
		fr: "Fichier des tables de correspondance",
	},
	"portal.form.comments_help": {
		en: "To give your connection sheet its context.",
		fr: "Pour contextualiser votre fiche de raccordement.",
	},
	"portal.form.explain_draft": {
		en: "'Save' keeps the sheet as a draft, even incomplete; 'Submit' saves it then asks to confirm its sending to E#L.",
		fr: "« Enregistrer » garde la fiche en brouillon, même incomplète ; « Soumettre » l'enregistre puis demande de confirmer son envoi à E#L.",
	},
	"portal.form.explain_edit": {
		en: "'Save' asks to confirm sending the edit to E#L.",
		fr: "« Enregistrer » demande de confirmer l'envoi de la modification à E#L.",
	},

	// The console's pages (web/console-*.html).
	"console.sheet.all": {
		en: "← All the sheets",
		fr: "← Toutes les fiches",
	},
	"console.sheet.actions": {
		en: "E#L's actions",
		fr: "Actions d'E#L",
	},
	"console.sheet.state_comment": {
		en: "Current state: %s. The comment goes into the sheet's history, with your address.",
		fr: "État courant : %s. Le commentaire va dans l'historique de la fiche, avec votre adresse.",
	},
	"console.sheet.process_comment": {
		en: "Comment of the processing",
		fr: "Commentaire du traitement",
	},
	"console.sheet.process": {
		en: "Process the sheet (activate)",
		fr: "Traiter la fiche (activer)",
	},
	"console.sheet.deactivate_reason": {
		en: "Reason for the deactivation",
		fr: "Motif de la désactivation",
	},
	"console.sheet.deactivate": {
		en: "Deactivate the sheet",
		fr: "Désactiver la fiche",
	},
	"console.sheet.reactivate_comment": {
		en: "Comment of the reactivation",
		fr: "Commentaire de la réactivation",
	},
	"console.sheet.reactivate": {
		en: "Reactivate the sheet",
		fr: "Réactiver la fiche",
	},
	"console.sheet.draft": {
		en: "Current state: %s. A draft is in the partner's hands until it submits it.",
		fr: "État courant : %s. Un brouillon est entre les mains du partenaire jusqu'à ce qu'il le soumette.",
	},
	"console.sheet.right_on": {
		en: "Their right on %s",
		fr: "Leur droit sur %s",
	},
	"console.sheet.right": {
		en: "Right",
		fr: "Droit",
	},
	"console.sheet.action": {
		en: "Action",
		fr: "Action",
	},
	"console.sheet.remove_right": {
		en: "Take the right away",
		fr: "Retirer le droit",
	},
	"console.sheet.of": {
		en: " of %s",
		fr: " de %s",
	},
	"console.sheet.nobody": {
		en: "Nobody has a right on this partner: its token is handed over by the command line.",
		fr: "Personne n'est habilité sur ce partenaire : son jeton est remis par la ligne de commande.",
	},
	"console.sheet.grant": {
		en: "Give a right",
		fr: "Habiliter",
	},
	"console.sheet.on": {
		en: " on %s",
		fr: " sur %s",
	},
	"console.sheet.imports": {
		en: "Latest imports",
		fr: "Derniers imports",
	},
	"console.sheet.imports_caption": {
		en: "The ten latest, most recent first",
		fr: "Les dix derniers, du plus récent au plus ancien",
	},
	"console.sheet.verdict": {
		en: "Verdict",
		fr: "Verdict",
	},
	"console.sheet.lines": {
		en: "Lines",
		fr: "Lignes",
	},
	"console.sheet.integrated": {
		en: "Integrated",
		fr: "Intégré",
	},
	"console.sheet.lines_counts": {
		en: "%d: %d accepted, %d rejected",
		fr: "%d : %d acceptées, %d rejetées",
	},
	"console.yes": {
		en: "yes",
		fr: "oui",
	},
	"console.no": {
		en: "no",
		fr: "non",
	},
	"console.sheet.no_import": {
		en: "No import.",
		fr: "Aucun import.",
	},
	"console.sheet.reports": {
		en: "Latest reports",
		fr: "Derniers rapports",
	},
	"console.sheet.reports_caption": {
		en: "The ten latest reports sent to the partner",
		fr: "Les dix derniers rapports envoyés au partenaire",
	},
	"console.sheet.sending": {
		en: "Sending",
		fr: "Envoi",
	},
	"console.sheet.number": {
		en: "#%d",
		fr: "n° %d",
	},
	"console.sheet.on_date": {
		en: " on %s",
		fr: " le %s",
	},
	"console.sheet.no_report": {
		en: "No report.",
		fr: "Aucun rapport.",
	},
	"console.sheet.recorded": {
		en: "Recorded actions",
		fr: "Actions enregistrées",
	},
	"console.sheet.action_by": {
		en: "%s by %s",
		fr: "%s par %s",
	},
	"console.sheet.whole_journal": {
		en: "The whole journal of %s",
		fr: "Tout le journal de %s",
	},
	"console.sheet.none": {
		en: "None.",
		fr: "Aucune.",
	},
	"console.journal.filters": {
		en: "Filters of the journal",
		fr: "Filtres du journal",
	},
	"console.journal.person": {
		en: "Person (about whom, or by whom)",
		fr: "Personne (sur qui, ou par qui)",
	},
	"console.filter": {
		en: "Filter",
		fr: "Filtrer",
	},
	"console.journal.caption": {
		en: "The recorded actions, most recent first (the sheets' changes are in their history)",
		fr: "Les actions enregistrées, de la plus récente à la plus ancienne (les changements des fiches sont dans leur historique)",
	},
	"console.journal.person_col": {
		en: "Person",
		fr: "Personne",
	},
	"console.journal.detail": {
		en: "Detail",
		fr: "Détail",
	},
	"console.journal.none": {
		en: "No action recorded.",
		fr: "Aucune action enregistrée.",
	},
	"console.list.by_state": {
		en: "Sheets by state",
		fr: "Fiches par état",
	},
	"console.list.filter": {
		en: "Filter the sheets",
		fr: "Filtrer les fiches",
	},
	"console.list.filters": {
		en: "Filters",
		fr: "Filtres",
	},
	"console.list.all": {
		en: "All",
		fr: "Tous",
	},
	"console.list.qualified": {
		en: "Qualification passed",
		fr: "Qualification réussie",
	},
	"console.list.any": {
		en: "Whatever",
		fr: "Peu importe",
	},
	"console.list.sheets": {
		en: "Connection sheets",
		fr: "Fiches de raccordement",
	},
	"console.list.token": {
		en: "Token",
		fr: "Jeton",
	},
	"console.list.updated": {
		en: "Updated",
		fr: "Mise à jour",
	},
	"console.list.none": {
		en: "No sheet matches these filters.",
		fr: "Aucune fiche ne répond à ces filtres.",
	},
	"console.people.grant": {
		en: "Give a person a right",
		fr: "Habiliter une personne",
	},
	"console.people.intro": {
		en: "The person receives an invitation email; they then sign in by a link sent to their address. The partner may have no sheet yet: with the right 'Modification', they create it.",
		fr: "La personne reçoit un courriel d'invitation ; elle se connecte ensuite par un lien envoyé à son adresse. Le partenaire peut ne pas avoir encore de fiche : avec le droit « Modification », elle la crée.",
	},
	"console.people.partner_id": {
		en: "Partner (identifier)",
		fr: "Partenaire (identifiant)",
	},
	"console.people.partner_help": {
		en: "2 to 63 characters a-z, 0-9, _ and -.",
		fr: "2 à 63 caractères a-z, 0-9, _ et -.",
	},
	"console.people.title": {
		en: "People",
		fr: "Personnes",
	},
	"console.people.count": {
		en:     "%d person, by address",
		enMany: "%d people, by address",
		fr:     "%d personne, par adresse",
		frMany: "%d personnes, par adresse",
	},
	"console.people.role": {
		en: "Role",
		fr: "Rôle",
	},
	"console.people.rights": {
		en: "Rights",
		fr: "Droits",
	},
	"console.people.operator": {
		en: "E#L operator",
		fr: "Opérateur E#L",
	},
	"console.people.remove_right": {
		en: "take away",
		fr: "retirer",
	},
	"console.people.right_of": {
		en: " the right of %s on %s",
		fr: " le droit de %s sur %s",
	},
	"console.people.none_rights": {
		en: "none",
		fr: "aucun",
	},
	"console.people.remove": {
		en: "Remove the person",
		fr: "Retirer la personne",
	},
	"console.people.nobody": {
		en: "Nobody has a right.",
		fr: "Personne n'est habilité.",
	},
	"console.people.operator_cli": {
		en: "The operator role is given on the command line: <code>eleader people add ADDRESS --operator</code>.",
		fr: "Le rôle d'opérateur se donne en ligne de commande : <code>eleader people add ADRESSE --operator</code>.",
	},
	"console.report.sheet_of": {
		en: "← Sheet of %s",
		fr: "← Fiche de %s",
	},
	"console.report.recipients": {
		en: "Recipients",
		fr: "Destinataires",
	},
	"console.report.email": {
		en: "The email",
		fr: "Envoi du courriel",
	},
	"console.report.state": {
		en:     "State: %[2]s%[3]s; %[1]d attempt%[4]s.",
		enMany: "State: %[2]s%[3]s; %[1]d attempts%[4]s.",
		fr:     "État : %[2]s%[3]s ; %[1]d tentative%[4]s.",
		frMany: "État : %[2]s%[3]s ; %[1]d tentatives%[4]s.",
	},
	"console.report.last_error": {
		en: "; last error: %s",
		fr: " ; dernière erreur : %s",
	},
	"console.report.resend": {
		en: "Send the report again",
		fr: "Renvoyer le rapport",
	},
	"console.report.rejects": {
		en: "Download the rejected lines (CSV)",
		fr: "Télécharger les lignes rejetées (CSV)",
	},
	"console.searches.intro": {
		en: "Every search of dossier numbers (API, deposit page, E#L's command line) is recorded: who, when, by which channel, of which kind, how many dossiers found. What was searched is never kept: only a keyed hash, which shows that two searches were about the same thing without saying which.",
		fr: "Chaque recherche de numéros de dossier (API, page de dépôt, ligne de commande d'E#L) est enregistrée : qui, quand, par quel canal, de quel type, combien de dossiers trouvés. Ce qui a été cherché n'est jamais gardé : seule une empreinte à clé, qui montre que deux recherches portaient sur la même chose sans dire laquelle.",
	},
	"console.searches.filter": {
		en: "Filter of the audit",
		fr: "Filtre de l'audit",
	},
	"console.searches.partner_help": {
		en: "Its exact identifier; empty: every search.",
		fr: "Son identifiant exact ; vide : toutes les recherches.",
	},
	"console.searches.caption": {
		en: "The searches, most recent first (%d at most; eleader searches gives more)",
		fr: "Les recherches, de la plus récente à la plus ancienne (%d au plus ; eleader searches en donne davantage)",
	},
	"console.searches.who": {
		en: "Who",
		fr: "Qui",
	},
	"console.searches.kind": {
		en: "Kind",
		fr: "Type",
	},
	"console.searches.found": {
		en: "Dossiers found",
		fr: "Dossiers trouvés",
	},
	"console.searches.none": {
		en: "No search recorded.",
		fr: "Aucune recherche enregistrée.",
	},
	"console.searches.none_for": {
		en: "No search recorded for %s.",
		fr: "Aucune recherche enregistrée pour %s.",
	},
	"portal.channel.sftp": {
		en: "SFTP",
		fr: "SFTP",
	},
	"portal.search_kind.siret": {
		en: "SIRET",
		fr: "SIRET",
	},
}
