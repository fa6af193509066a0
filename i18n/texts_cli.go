package i18n

// cliTexts are the texts of the command line (cmd/eleader): the help of
// every command (summaries, what it does, flags, environment, exit codes),
// its messages and its outputs for people. Flag usages keep the flag
// package's convention: a `quoted` word names the flag's argument.
var cliTexts = map[string]entry{

	// The commands' summaries, exit codes and environment (the dispatch table of cmd/eleader/commands.go).
	"cli.exit.usage": {
		en: "usage error: a bad flag or argument, an unreadable file",
		fr: "erreur d'usage : une option ou un argument incorrect, un fichier illisible",
	},
	"cli.exit.fault": {
		en: "a fault: the store or a file could not be read or written",
		fr: "une panne : la base ou un fichier n'a pu être lu ou écrit",
	},
	"cli.exit.every_line_valid": {
		en: "every line valid",
		fr: "toutes les lignes sont valides",
	},
	"cli.exit.some_lines_rejected": {
		en: "some lines rejected",
		fr: "des lignes sont rejetées",
	},
	"cli.exit.file_rejected": {
		en: "a file rejected (a file error, or no line accepted)",
		fr: "un fichier est rejeté (une erreur de fichier, ou aucune ligne acceptée)",
	},
	"cli.exit.done": {
		en: "done",
		fr: "fait",
	},
	"cli.exit.refused": {
		en: "refused: not found, or not in a state that allows it",
		fr: "refusé : introuvable, ou dans un état qui ne le permet pas",
	},
	"cli.env.smtp_host": {
		en: "the SMTP server that sends reports (without it, reports are .eml files in the outbox)",
		fr: "le serveur SMTP qui envoie les rapports (sans lui, les rapports sont des fichiers .eml dans l'outbox)",
	},
	"cli.env.smtp_port": {
		en: "its port (default 587; 465 with ELEADER_SMTP_TLS=tls, 25 with none)",
		fr: "son port (587 par défaut ; 465 avec ELEADER_SMTP_TLS=tls, 25 avec none)",
	},
	"cli.env.smtp_credentials": {
		en: "its credentials",
		fr: "ses identifiants",
	},
	"cli.env.smtp_tls": {
		en: "starttls (default), tls or none",
		fr: "starttls (par défaut), tls ou none",
	},
	"cli.env.smtp_timeout": {
		en: "how long one delivery may take (default 30s)",
		fr: "la durée maximale d'un envoi (30s par défaut)",
	},
	"cli.env.mail_from": {
		en: "the reports' sender address",
		fr: "l'adresse d'expéditeur des rapports",
	},
	"cli.env.pg_password": {
		en: "the password of a PostgreSQL --db whose URL has none",
		fr: "le mot de passe d'une base PostgreSQL --db dont l'URL n'en donne pas",
	},
	"cli.env.public_url": {
		en: "the portal's public address, for the links of the emails to people (none: no such email)",
		fr: "l'adresse publique du portail, pour les liens des courriels aux personnes (sans elle, pas de tels courriels)",
	},
	"cli.cmd.serve": {
		en: "the service: API, web pages, portal, console, SFTP, runs, reports, /metrics",
		fr: "le service : API, pages web, portail, console, SFTP, passages, rapports, /metrics",
	},
	"cli.exit.stopped": {
		en: "stopped by Ctrl-C or SIGTERM, gracefully",
		fr: "arrêté proprement par Ctrl-C ou SIGTERM",
	},
	"cli.cmd.send": {
		en: "send files to E#L's upload API; E#L's verdict before (--dry-run) and after (--wait)",
		fr: "envoyer des fichiers à l'API de dépôt d'E#L ; le verdict d'E#L avant (--dry-run) et après (--wait)",
	},
	"cli.exit.every_file_deposited": {
		en: "every file deposited (--dry-run, --wait: every line valid)",
		fr: "tous les fichiers sont déposés (--dry-run, --wait : toutes les lignes sont valides)",
	},
	"cli.exit.file_refused": {
		en: "a file refused by E#L (its reason is printed), some lines rejected (--dry-run, --wait), or not imported",
		fr: "un fichier refusé par E#L (la raison est affichée), des lignes rejetées (--dry-run, --wait), ou non importé",
	},
	"cli.exit.file_rejected_check": {
		en: "a file rejected whole (--dry-run, --check, --wait)",
		fr: "un fichier rejeté en entier (--dry-run, --check, --wait)",
	},
	"cli.exit.unreachable": {
		en: "E#L unreachable",
		fr: "E#L injoignable",
	},
	"cli.exit.pending": {
		en: "a file still waiting for its import (--wait)",
		fr: "un fichier toujours en attente de son import (--wait)",
	},
	"cli.cmd.withdraw": {
		en: "withdraw files sent to E#L still waiting for their import",
		fr: "retirer des fichiers envoyés à E#L encore en attente de leur import",
	},
	"cli.exit.every_file_withdrawn": {
		en: "every file withdrawn",
		fr: "tous les fichiers sont retirés",
	},
	"cli.exit.withdraw_refused": {
		en: "a file refused by E#L (already imported, not waiting …)",
		fr: "un fichier refusé par E#L (déjà importé, plus en attente …)",
	},
	"cli.env.gogc": {
		en: "the garbage collector's target (while validating, unless GOGC or GOMEMLIMIT is set: 100 under a soft limit of 24 MiB, its memory stays small and flat)",
		fr: "la cible du ramasse-miettes (pendant la validation, sauf si GOGC ou GOMEMLIMIT est donné : 100 sous une limite souple de 24 Mio, sa mémoire reste petite et stable)",
	},
	"cli.env.gogc_import": {
		en: "the garbage collector's target (default 200 while importing: less of its work for a little more memory)",
		fr: "la cible du ramasse-miettes (200 par défaut pendant l'import : moins de travail pour un peu plus de mémoire)",
	},
	"cli.env.url": {
		en: "the service's URL (instead of --url)",
		fr: "l'URL du service (au lieu de --url)",
	},
	"cli.env.token": {
		en: "the partner's token (instead of --token)",
		fr: "le jeton du partenaire (au lieu de --token)",
	},
	"cli.cmd.validate": {
		en: "check partner files against the matrice (no store needed)",
		fr: "contrôler des fichiers de partenaire par la matrice (sans base)",
	},
	"cli.cmd.import": {
		en: "validate, check numbers and consolidate into the store",
		fr: "contrôler, vérifier les numéros et consolider dans la base",
	},
	"cli.cmd.dossier": {
		en: "a consolidated dossier; the values partners disagree on",
		fr: "un dossier consolidé ; les valeurs sur lesquelles des partenaires divergent",
	},
	"cli.cmd.dossier.show": {
		en: "a consolidated dossier: values, provenance, phases",
		fr: "un dossier consolidé : valeurs, provenance, phases",
	},
	"cli.cmd.dossier.disagreements": {
		en: "values two partners disagree on",
		fr: "les valeurs sur lesquelles deux partenaires divergent",
	},
	"cli.cmd.search": {
		en: "find dossier numbers, never identities",
		fr: "trouver des numéros de dossier, jamais des identités",
	},
	"cli.exit.found": {
		en: "found",
		fr: "trouvé",
	},
	"cli.exit.not_found": {
		en: "no dossier found",
		fr: "aucun dossier trouvé",
	},
	"cli.cmd.searches": {
		en: "the search audit: who searched, when, how many found",
		fr: "le journal des recherches : qui a cherché, quand, combien de résultats",
	},
	"cli.cmd.imports": {
		en: "the import history, with why a file was not consolidated",
		fr: "l'historique des imports, avec la raison d'un fichier non consolidé",
	},
	"cli.cmd.imports.show": {
		en: "one import, its file errors",
		fr: "un import, ses erreurs de fichier",
	},
	"cli.cmd.partners": {
		en: "connection sheets: create, edit, submit, delete, process, list, show …",
		fr: "fiches de raccordement : créer, modifier, soumettre, supprimer, traiter, lister, afficher …",
	},
	"cli.cmd.partners.create": {
		en: "record a connection sheet as a draft (BROUILLON)",
		fr: "enregistrer une fiche de raccordement en brouillon (BROUILLON)",
	},
	"cli.cmd.partners.edit": {
		en: "change a sheet (an active one becomes ENVOYEE_MAJ)",
		fr: "modifier une fiche (une fiche active passe en ENVOYEE_MAJ)",
	},
	"cli.cmd.partners.submit": {
		en: "send a draft for processing (→ ENVOYEE)",
		fr: "soumettre un brouillon au traitement (→ ENVOYEE)",
	},
	"cli.cmd.partners.delete": {
		en: "delete a draft (BROUILLON), its history with it",
		fr: "supprimer un brouillon (BROUILLON), avec son historique",
	},
	"cli.cmd.partners.process": {
		en: "activate the submitted sheets that are complete and valid",
		fr: "activer les fiches soumises complètes et valides",
	},
	"cli.cmd.partners.deactivate": {
		en: "stop a partner (→ DESACTIVEE)",
		fr: "arrêter un partenaire (→ DESACTIVEE)",
	},
	"cli.cmd.partners.reactivate": {
		en: "bring a deactivated partner back (→ ACTIVEE)",
		fr: "rétablir un partenaire désactivé (→ ACTIVEE)",
	},
	"cli.cmd.partners.list": {
		en: "the sheets, by partner, status, environment, channel, qualification",
		fr: "les fiches, par partenaire, statut, environnement, canal, qualification",
	},
	"cli.cmd.partners.show": {
		en: "a sheet, its status, certificate, token and history",
		fr: "une fiche, son statut, son certificat, son jeton et son historique",
	},
	"cli.cmd.partners.export": {
		en: "the sheets as CSV (';', UTF-8)",
		fr: "les fiches en CSV (« ; », UTF-8)",
	},
	"cli.cmd.partners.import": {
		en: "restore sheets from an export",
		fr: "restaurer des fiches depuis un export",
	},
	"cli.cmd.partners.token": {
		en: "issue a new token, or revoke it",
		fr: "émettre un nouveau jeton, ou le révoquer",
	},
	"cli.cmd.partners.token.rotate": {
		en: "issue a new token (shown once), revoking the old one",
		fr: "émettre un nouveau jeton (affiché une fois), en révoquant l'ancien",
	},
	"cli.cmd.partners.token.revoke": {
		en: "revoke the partner's token",
		fr: "révoquer le jeton du partenaire",
	},
	"cli.cmd.people": {
		en: "who signs in to the portal and console: add, remove, list, show, actions",
		fr: "qui se connecte au portail et à la console : ajouter, retirer, lister, afficher, actions",
	},
	"cli.cmd.people.add": {
		en: "give a person a right on a partner, or the operator role (invited by email)",
		fr: "donner à une personne un droit sur un partenaire, ou le rôle d'opérateur (invitée par courriel)",
	},
	"cli.cmd.people.remove": {
		en: "take a right or the role away, or remove the person",
		fr: "retirer un droit ou le rôle, ou la personne",
	},
	"cli.cmd.people.list": {
		en: "the people and their rights",
		fr: "les personnes et leurs droits",
	},
	"cli.cmd.people.show": {
		en: "a person, their rights and the actions about them",
		fr: "une personne, ses droits et les actions la concernant",
	},
	"cli.cmd.people.actions": {
		en: "the actions recorded: rights, removals, sign-ins, resends …",
		fr: "les actions enregistrées : droits, retraits, connexions, renvois …",
	},
	"cli.cmd.deposit": {
		en: "put files in a partner's deposits",
		fr: "déposer des fichiers pour un partenaire",
	},
	"cli.cmd.run": {
		en: "the import run: now, or daily at --at (Europe/Paris)",
		fr: "le passage d'import : maintenant, ou chaque jour à --at (Europe/Paris)",
	},
	"cli.exit.run_fault": {
		en: "a fault, or a partner's import failed",
		fr: "une panne, ou l'import d'un partenaire a échoué",
	},
	"cli.cmd.runs": {
		en: "the latest runs",
		fr: "les derniers passages",
	},
	"cli.cmd.ledger": {
		en: "where every file went: imported, superseded, set aside, deleted",
		fr: "où est allé chaque fichier : importé, remplacé, mis de côté, supprimé",
	},
	"cli.cmd.purge": {
		en: "delete history, refuses/, rejected lines and searches older than DAYS",
		fr: "supprimer l'historique, refuses/, les lignes rejetées et les recherches de plus de DAYS jours",
	},
	"cli.cmd.demo": {
		en: "create the demo partner (operator code DEMO) and deposit two generated exports",
		fr: "créer le partenaire de démonstration (code opérateur DEMO) et déposer deux exports générés",
	},
	"cli.cmd.reports": {
		en: "the partners' reports and their delivery",
		fr: "les rapports des partenaires et leur envoi",
	},
	"cli.exit.report_not_sent": {
		en: "not found, or a report not sent",
		fr: "introuvable, ou un rapport non envoyé",
	},
	"cli.cmd.reports.list": {
		en: "the reports (the default)",
		fr: "les rapports (par défaut)",
	},
	"cli.cmd.reports.show": {
		en: "the email of a report, as the partner receives it",
		fr: "le courriel d'un rapport, tel que le partenaire le reçoit",
	},
	"cli.cmd.reports.send": {
		en: "deliver the reports due now",
		fr: "envoyer les rapports à envoyer maintenant",
	},
	"cli.cmd.reports.resend": {
		en: "send a report again",
		fr: "renvoyer un rapport",
	},
	"cli.cmd.backup": {
		en: "a consistent copy of the SQLite store, while it runs",
		fr: "une copie cohérente de la base SQLite, en service",
	},
	"cli.exit.copied": {
		en: "copied",
		fr: "copié",
	},
	"cli.exit.backup_refused": {
		en: "refused: FILE exists, or the store is in PostgreSQL (use pg_dump)",
		fr: "refusé : FILE existe, ou la base est PostgreSQL (utilisez pg_dump)",
	},
	"cli.cmd.matrice": {
		en: "check a matrice file (CSV or XLSX); the header line of a file; its Go struct",
		fr: "contrôler un fichier de matrice (CSV ou XLSX) ; la ligne d'en-tête d'un fichier ; sa structure Go",
	},
	"cli.exit.valid": {
		en: "valid",
		fr: "valide",
	},
	"cli.exit.matrice_refused": {
		en: "the matrice is refused",
		fr: "la matrice est refusée",
	},
	"cli.cmd.matrice.check": {
		en: "check a matrice file (CSV or XLSX)",
		fr: "contrôler un fichier de matrice (CSV ou XLSX)",
	},
	"cli.cmd.matrice.template": {
		en: "print the header line of a file on the matrice, or write the Excel template",
		fr: "afficher la ligne d'en-tête d'un fichier selon la matrice, ou écrire le modèle Excel",
	},
	"cli.cmd.matrice.gostruct": {
		en: "write the Go struct of a row of the matrice, for package partnerfile",
		fr: "écrire la structure Go d'une ligne de la matrice, pour le paquet partnerfile",
	},
	"cli.cmd.gen": {
		en: "write a realistic partner file (benchmarks, demos)",
		fr: "écrire un fichier de partenaire réaliste (mesures, démonstrations)",
	},
	"cli.exit.written": {
		en: "written",
		fr: "écrit",
	},
	"cli.exit.not_written": {
		en: "the file could not be written",
		fr: "le fichier n'a pu être écrit",
	},
	"cli.cmd.healthcheck": {
		en: "ask a running service's /healthz (container health checks)",
		fr: "interroger le /healthz d'un service en marche (contrôles de santé des conteneurs)",
	},
	"cli.exit.healthy": {
		en: "healthy",
		fr: "en bonne santé",
	},
	"cli.exit.unhealthy": {
		en: "unhealthy or unreachable",
		fr: "en mauvaise santé ou injoignable",
	},
	"cli.cmd.version": {
		en: "the version, commit and Go version of this binary (also --version)",
		fr: "la version, le commit et la version de Go de ce programme (aussi --version)",
	},
	"cli.exit.printed": {
		en: "printed",
		fr: "affiché",
	},
	"cli.cmd.help": {
		en: "show this help, or a command's",
		fr: "afficher cette aide, ou celle d'une commande",
	},

	// The help's frame (commands.go, main.go).
	"cli.help.title": {
		en: "eleader — E#L partner intake",
		fr: "eleader — réception des fichiers des partenaires d'E#L",
	},
	"cli.help.commands": {
		en: "Commands:",
		fr: "Commandes :",
	},
	// The argument of a flag whose usage names none, by its type; a date in a synopsis.
	"cli.help.arg.string": {
		en: "string",
		fr: "chaîne",
	},
	"cli.help.arg.int": {
		en: "int",
		fr: "entier",
	},
	"cli.help.arg.float": {
		en: "float",
		fr: "nombre",
	},
	"cli.help.arg.duration": {
		en: "duration",
		fr: "durée",
	},
	"cli.help.arg.value": {
		en: "value",
		fr: "valeur",
	},
	"cli.help.arg.date": {
		en: "AAAAMMDD",
		fr: "AAAAMMJJ",
	},
	"cli.help.notes": {
		en: `Store commands take --data DIR (default eleader-data: DIR/eleader.db, DIR/depots,
DIR/outbox), --db FILE or --db postgres://… (PostgreSQL), --config FILE, and read
every flag from ELEADER_<FLAG> too (see the README, "Configuration").
Texts are in French with --lang fr (or ELEADER_LANG=fr, or a French locale such as
LANG=fr_FR.UTF-8), in English otherwise; JSON is the same in both.
Run "eleader COMMAND --help" for a command's flags, environment and exit codes.`,
		fr: `Les commandes de la base prennent --data DIR (par défaut eleader-data : DIR/eleader.db,
DIR/depots, DIR/outbox), --db FICHIER ou --db postgres://… (PostgreSQL), --config FICHIER,
et lisent aussi chaque option dans ELEADER_<OPTION> (voir le README, « Configuration »).
Les textes sont en français avec --lang fr (ou ELEADER_LANG=fr, ou une locale française
comme LANG=fr_FR.UTF-8), en anglais sinon ; le JSON est le même dans les deux langues.
Lancez « eleader COMMANDE --help » pour les options, l'environnement et les codes de sortie d'une commande.`,
	},
	"cli.help.group_usage": {
		en: "usage: eleader %s COMMAND [flags]",
		fr: "usage : eleader %s COMMANDE [options]",
	},
	"cli.help.group_commands": {
		en: "commands:",
		fr: "commandes :",
	},
	"cli.help.group_more": {
		en: `Run "eleader %s COMMAND --help" for a command's flags.`,
		fr: "Lancez « eleader %s COMMANDE --help » pour les options d'une commande.",
	},
	"cli.help.usage": {
		en: "usage: eleader %s",
		fr: "usage : eleader %s",
	},
	"cli.help.flags": {
		en: "flags:",
		fr: "options :",
	},
	"cli.help.environment": {
		en: "environment:",
		fr: "environnement :",
	},
	"cli.help.exits": {
		en: "exit codes:",
		fr: "codes de sortie :",
	},
	"cli.help.default_quoted": {
		en: " (default %q)",
		fr: " (par défaut %q)",
	},
	"cli.help.default": {
		en: " (default %v)",
		fr: " (par défaut %v)",
	},
	"cli.exit.usage_short": {
		en: "usage error",
		fr: "erreur d'usage",
	},
	"cli.env.lang": {
		en: "the language of the texts, fr or en (--lang wins); else French for a French locale",
		fr: "la langue des textes, fr ou en (--lang l'emporte) ; sinon le français pour une locale française",
	},
	"cli.unknown_command": {
		en: "unknown command %q",
		fr: "commande inconnue : %q",
	},
	"cli.flag.undefined": {
		en: "flag provided but not defined: %s",
		fr: "option inconnue : %s",
	},
	"cli.flag.no_argument": {
		en: "flag needs an argument: %s",
		fr: "il manque la valeur de l'option %s",
	},
	"cli.flag.syntax": {
		en: "bad flag syntax: %s",
		fr: "option mal écrite : %s",
	},
	"cli.flag.invalid": {
		en: "invalid value %s for flag -%s: %s",
		fr: "valeur %s incorrecte pour l'option -%s : %s",
	},
	"cli.flag.one_of": {
		en: "--%s must be %s, not %q",
		fr: "--%s doit valoir %s, pas %q",
	},
	"cli.or": {
		en: " or ",
		fr: " ou ",
	},
	"cli.lang.missing": {
		en: "--lang needs a language: fr or en",
		fr: "--lang attend une langue : fr ou en",
	},
	"cli.lang.invalid": {
		en: "%s %q: the language is fr or en",
		fr: "%s %q : la langue est fr ou en",
	},

	// validate's text output (text.go).
	"cli.status.accepted": {
		en: "ACCEPTED",
		fr: "ACCEPTÉ",
	},
	"cli.status.partial": {
		en: "PARTIAL",
		fr: "PARTIEL",
	},
	"cli.status.rejected": {
		en: "REJECTED",
		fr: "REJETÉ",
	},
	"cli.text.partner": {
		en: "partner %s",
		fr: "partenaire %s",
	},
	"cli.text.date": {
		en: "date %s",
		fr: "fichier du %s",
	},
	"cli.text.file_error": {
		en: "file error %s: %s",
		fr: "erreur de fichier %s : %s",
	},
	"cli.text.hint": {
		en: "hint: %s",
		fr: "conseil : %s",
	},
	"cli.text.stopped": {
		en: "the whole file is rejected: no line was kept",
		fr: "le fichier entier est rejeté : aucune ligne n'a été gardée",
	},
	"cli.text.lines": {
		en:     "%d line",
		enMany: "%d lines",
		fr:     "%d ligne",
		frMany: "%d lignes",
	},
	"cli.text.accepted": {
		en:     "%d accepted",
		fr:     "%d acceptée",
		frMany: "%d acceptées",
	},
	"cli.text.rejected": {
		en:     "%d rejected",
		fr:     "%d rejetée",
		frMany: "%d rejetées",
	},
	"cli.text.dossiers": {
		en:     "%d dossier",
		enMany: "%d dossiers",
		fr:     "%d dossier",
		frMany: "%d dossiers",
	},
	"cli.text.counts": {
		en: "%s: %s, %s; %s",
		fr: "%s : %s, %s ; %s",
	},
	"cli.text.errors": {
		en:     "%d error",
		enMany: "%d errors",
		fr:     "%d erreur",
		frMany: "%d erreurs",
	},
	"cli.text.line": {
		en: "line %d: %s",
		fr: "ligne %d : %s",
	},
	"cli.text.more": {
		en:     "… and %d more",
		fr:     "… et %d autre",
		frMany: "… et %d autres",
	},
	"cli.text.every_error": {
		en: "every error: %s",
		fr: "toutes les erreurs : %s",
	},
	"cli.text.rejects": {
		en:     "rejects: %d line written to %s",
		enMany: "rejects: %d lines written to %s",
		fr:     "rejets : %d ligne écrite dans %s",
		frMany: "rejets : %d lignes écrites dans %s",
	},
	"cli.text.total": {
		en: "%d files: %s",
		fr: "%d fichiers : %s",
	},
	"cli.text.total_accepted": {
		en:     "%d accepted",
		fr:     "%d accepté",
		frMany: "%d acceptés",
	},
	"cli.text.total_partial": {
		en:     "%d partial",
		fr:     "%d partiel",
		frMany: "%d partiels",
	},
	"cli.text.total_rejected": {
		en:     "%d rejected",
		fr:     "%d rejeté",
		frMany: "%d rejetés",
	},

	// validate (validate.go), and the flags import shares.
	"cli.validate.about": {
		en: `Checks partner files against the matrice: CSV, or a workbook (.xlsx) built
on the template, converted as the service does. "-" reads standard input, judged
under the name --name gives (AAAAMMDD-IDENTIFIANT.csv), or else under
AAAAMMDD-stdin.csv for --date or today, as stderr then says. --format csv or
tsv writes one line per error (file, line, dossier, field, check, message,
value; a file error is a line without line, field and value) after a header
line. --rejects F writes the rejected lines with an Erreurs column: CSV, or
the XLSX twin reports attach (a Ligne column first) when F ends in .xlsx.
--max-errors N stops reading a file after its N-th line error (the
line that reaches N is reported whole); --fail-fast stops at the first
error and checks no further file. A file read in part is judged on the
lines read (JSON: "truncated": true). Exit code: 0 every line valid, 1 some
lines rejected, 2 usage error, 3 a file rejected.`,
		fr: `Contrôle des fichiers de partenaire par la matrice : CSV, ou classeur (.xlsx)
bâti sur le modèle, converti comme le fait le service. « - » lit l'entrée
standard, jugée sous le nom que donne --name (AAAAMMJJ-IDENTIFIANT.csv), ou
sinon sous AAAAMMJJ-stdin.csv pour --date ou aujourd'hui, comme le dit alors
stderr. --format csv ou tsv écrit une ligne par erreur (fichier, ligne,
dossier, champ, contrôle, message, valeur ; une erreur de fichier est une
ligne sans ligne, champ ni valeur) après une ligne d'en-tête. --rejects F
écrit les lignes rejetées avec une colonne Erreurs : en CSV, ou dans le
classeur XLSX jumeau que joignent les rapports (une colonne Ligne en tête)
quand F finit par .xlsx. --max-errors N
arrête la lecture d'un fichier à sa N-ième erreur de ligne (la ligne qui
l'atteint est rapportée en entier) ; --fail-fast s'arrête à la première
erreur et ne contrôle aucun autre fichier. Un fichier lu en partie est jugé
sur les lignes lues (JSON : "truncated": true). Code de sortie : 0 toutes les
lignes valides, 1 des lignes rejetées, 2 erreur d'usage, 3 un fichier rejeté.`,
	},
	"cli.flag.format_validate": {
		en: "output `format`: text (for a person), json (one object per file and line), csv or tsv (one line per error)",
		fr: "`format` de sortie : text (pour une personne), json (un objet par fichier et par ligne), csv ou tsv (une ligne par erreur)",
	},
	"cli.flag.name": {
		en: "the file `name` of standard input (FILE -), AAAAMMDD-IDENTIFIANT.csv, for the name and date checks",
		fr: "le `nom` de fichier de l'entrée standard (FILE -), AAAAMMJJ-IDENTIFIANT.csv, pour les contrôles du nom et de la date",
	},
	"cli.flag.max_errors": {
		en: "stop reading a file after `N` line errors (0: read every line)",
		fr: "arrêter la lecture d'un fichier après `N` erreurs de ligne (0 : lire toutes les lignes)",
	},
	"cli.flag.fail_fast": {
		en: "stop at the first error: the file is read no further, and no further file is checked",
		fr: "s'arrêter à la première erreur : le fichier n'est pas lu plus loin, et aucun autre fichier n'est contrôlé",
	},
	"cli.flag.matrice": {
		en: "matrice `file` (CSV or XLSX); default: the embedded matrice cadre",
		fr: "`fichier` de matrice (CSV ou XLSX) ; par défaut, la matrice cadre intégrée",
	},
	"cli.flag.correspondances": {
		en: "correspondence table `file` (Champ;ValeurPartenaire;ValeurMatrice)",
		fr: "`fichier` de table de correspondance (Champ;ValeurPartenaire;ValeurMatrice)",
	},
	"cli.flag.date": {
		en: "the file's date `AAAAMMDD` for the checks, instead of the date in its name",
		fr: "la date du fichier, `AAAAMMJJ`, pour les contrôles, au lieu de celle de son nom",
	},
	"cli.flag.format_text_json": {
		en: "output `format`: text (for a person) or json (one object per file and line)",
		fr: "`format` de sortie : text (pour une personne) ou json (un objet par fichier et par ligne)",
	},
	"cli.flag.rejects": {
		en: "write the rejected lines with their errors to `F`: CSV, or the XLSX twin reports attach (with a Ligne column) when F ends in .xlsx; a directory when several files are given",
		fr: "écrire les lignes rejetées avec leurs erreurs dans `F` : en CSV, ou dans le classeur XLSX jumeau que joignent les rapports (avec une colonne Ligne) quand F finit par .xlsx ; un répertoire quand plusieurs fichiers sont donnés",
	},
	"cli.flag.mode": {
		en: "partial (bad lines are skipped) or complete (one bad line rejects the file)",
		fr: "partial (les lignes en erreur sont écartées) ou complete (une ligne en erreur rejette le fichier)",
	},
	"cli.validate.stdin_name": {
		en: "standard input is judged as %s (give --name AAAAMMDD-IDENTIFIANT.csv for the checks of its name and date)",
		fr: "l'entrée standard est jugée sous le nom %s (donnez --name AAAAMMJJ-IDENTIFIANT.csv pour les contrôles de son nom et de sa date)",
	},
	"cli.validate.max_errors_negative": {
		en: "--max-errors must be 0 (no limit) or more",
		fr: "--max-errors vaut 0 (sans limite) ou plus",
	},
	"cli.validate.fail_fast_max": {
		en: "--fail-fast stops at the first error: it goes without --max-errors",
		fr: "--fail-fast s'arrête à la première erreur : il se passe de --max-errors",
	},
	"cli.validate.stdin_once": {
		en: `standard input ("-") can be read once`,
		fr: "l'entrée standard (« - ») ne se lit qu'une fois",
	},
	"cli.validate.name_stdin": {
		en: `--name names standard input: give "-" as the FILE`,
		fr: "--name nomme l'entrée standard : donnez « - » comme FILE",
	},
	"cli.validate.see_all_json": {
		en: "--format json (every error), or --rejects FILE (the rejected lines, with their errors)",
		fr: "--format json (toutes les erreurs), ou --rejects FICHIER (les lignes rejetées, avec leurs erreurs)",
	},
	"cli.validate.see_all_csv": {
		en: "--format csv or tsv (one line per error), or --rejects FILE (the rejected lines, with their errors)",
		fr: "--format csv ou tsv (une ligne par erreur), ou --rejects FICHIER (les lignes rejetées, avec leurs erreurs)",
	},
	"cli.validate.fail_fast_stopped": {
		en:     "--fail-fast: stopped at %[2]s, %[1]d file not checked",
		enMany: "--fail-fast: stopped at %[2]s, %[1]d files not checked",
		fr:     "--fail-fast : arrêt sur %[2]s, %[1]d fichier non contrôlé",
		frMany: "--fail-fast : arrêt sur %[2]s, %[1]d fichiers non contrôlés",
	},
	"cli.validate.no_file": {
		en: "at least one FILE is needed",
		fr: "il faut au moins un FILE",
	},
	"cli.validate.is_directory": {
		en: "%s is a directory, not a file",
		fr: "%s est un répertoire, pas un fichier",
	},
	"cli.validate.rejects_dir": {
		en: "--rejects must be an existing directory when several files are given",
		fr: "--rejects doit être un répertoire existant quand plusieurs fichiers sont donnés",
	},
	"cli.validate.matrice": {
		en: `matrice %s:
%s`,
		fr: `matrice %s :
%s`,
	},
	"cli.validate.correspondances": {
		en: `correspondances %s:
%s`,
		fr: `correspondances %s :
%s`,
	},
	"cli.validate.date": {
		en: "--date %q is not a date AAAAMMDD",
		fr: "--date %q n'est pas une date AAAAMMJJ",
	},
	"cli.validate.truncated": {
		en: "reading stopped after %s (%s): the file is judged on its first %s; more may follow",
		fr: "lecture arrêtée après %s (%s) : le fichier est jugé sur ce qui a été lu (%s) ; d'autres erreurs peuvent suivre",
	},
	"cli.validate.workbook_pipe": {
		en: "%s is a workbook, which is read from a file, not a pipe: save it, then give its path",
		fr: "%s est un classeur, qui se lit dans un fichier, pas dans un tube : enregistrez-le, puis donnez son chemin",
	},

	// What each command does, under its usage line in its help.
	"cli.backup.about": {
		en: `Writes a consistent copy of the SQLite store to FILE, also while serve runs
and imports (SQLite's VACUUM INTO: the copy holds the store as it was
before or after each import, never halfway). FILE must not exist; it is
created readable by its owner only. The deposits (DIR/depots) are files:
copy them after the store (see the README, "Backup and restore"). A
PostgreSQL store is backed up with pg_dump.`,
		fr: `Écrit dans FILE une copie cohérente de la base SQLite, même pendant que serve
tourne et importe (VACUUM INTO de SQLite : la copie contient la base telle
qu'elle était avant ou après chaque import, jamais au milieu). FILE ne doit
pas exister ; il est créé lisible par son seul propriétaire. Les dépôts
(DIR/depots) sont des fichiers : copiez-les après la base (voir le README,
« Backup and restore »). Une base PostgreSQL se sauvegarde avec pg_dump.`,
	},
	"cli.gen.about": {
		en: `Writes a realistic partner file on the default matrice, for benchmarks and
demonstrations: ';', CRLF, UTF-8, dossiers of 1 to 4 lines, sub-versions,
quoted cells. --faults of the lines carry one fault each, spread over every
check of the validator. The same flags give the same bytes. The file goes to
standard output, or to -o FILE; when -o is a directory (or ends with /,
a directory made if missing), to AAAAMMJJ-PARTNER.csv in it. Import it with
  eleader import --partner demo --operators DEMO FILE
(the operator code is --operator's). Exit code: 0 written, 2 usage error,
4 the file could not be written.`,
		fr: `Écrit un fichier de partenaire réaliste sur la matrice par défaut, pour les
mesures et les démonstrations : « ; », CRLF, UTF-8, dossiers de 1 à 4 lignes,
sous-versions, cellules entre guillemets. Une part --faults des lignes porte
chacune une erreur, réparties sur tous les contrôles du validateur. Les mêmes
options donnent les mêmes octets. Le fichier va sur la sortie standard, ou
dans -o FICHIER ; quand -o est un répertoire (ou finit par /, répertoire créé
s'il manque), dans AAAAMMJJ-PARTENAIRE.csv à l'intérieur. Importez-le avec
  eleader import --partner demo --operators DEMO FICHIER
(le code opérateur est celui de --operator). Code de sortie : 0 écrit,
2 erreur d'usage, 4 le fichier n'a pu être écrit.`,
	},
	"cli.healthcheck.about": {
		en: `Asks a running service's /healthz, for container health checks (the image
has no curl): exit 0 when it answers 200, 1 otherwise. URL defaults to
http://127.0.0.1:8080/healthz; a URL without a path gets /healthz.`,
		fr: `Interroge le /healthz d'un service en marche, pour les contrôles de santé des
conteneurs (l'image n'a pas curl) : sortie 0 quand il répond 200, 1 sinon.
URL vaut par défaut http://127.0.0.1:8080/healthz ; une URL sans chemin
reçoit /healthz.`,
	},
	"cli.import.about": {
		en: `Validates partner files, checks their dossier numbers against the store and
consolidates their accepted lines, one transaction per file. A partner with a
connection sheet gets the report of each import, as from a run: written in the
import's transaction, then sent to its report recipients (SMTP from
ELEADER_SMTP_HOST …, else an .eml file in --outbox); --report=false writes
none. A file already consolidated that changes nothing gets no report. Exit
code: 0 every line valid, 1 some lines rejected, 2 usage error, 3 a file
rejected, 4 a fault (the store or a file could not be read or written).`,
		fr: `Contrôle des fichiers de partenaire, vérifie leurs numéros de dossier dans
la base et consolide leurs lignes acceptées, une transaction par fichier. Un
partenaire qui a une fiche de raccordement reçoit le rapport de chaque
import, comme d'un passage : écrit dans la transaction de l'import, puis
envoyé à ses destinataires de rapports (SMTP de ELEADER_SMTP_HOST …, sinon un
fichier .eml dans --outbox) ; --report=false n'en écrit aucun. Un fichier
déjà consolidé qui ne change rien n'a pas de rapport. Code de sortie :
0 toutes les lignes valides, 1 des lignes rejetées, 2 erreur d'usage, 3 un
fichier rejeté, 4 une panne (la base ou un fichier n'a pu être lu ou écrit).`,
	},
	"cli.ledger.about": {
		en: `The runs' ledger, most recent first: what became of every file of the
partners' directories — imported and superseded files (with --partner),
files set aside in refuses/ and why, duplicates, leftovers of interrupted
writes, deposits withdrawn by their partner, and files deleted by purge.`,
		fr: `Le registre des passages, du plus récent au plus ancien : ce qu'est devenu
chaque fichier des répertoires des partenaires — fichiers importés et
remplacés (avec --partner), fichiers mis de côté dans refuses/ et pourquoi,
doublons, restes d'écritures interrompues, dépôts retirés par leur partenaire,
et fichiers supprimés par purge.`,
	},
	"cli.matrice.check.about": {
		en: "Checks a matrice file (CSV or XLSX) and lists its rules; every problem is named with its line (XLSX: cell) and column.",
		fr: "Contrôle un fichier de matrice (CSV ou XLSX) et liste ses règles ; chaque problème est nommé avec sa ligne (XLSX : sa cellule) et sa colonne.",
	},
	"cli.matrice.gostruct.about": {
		en: `Writes the Go source of a struct of the matrice's fields, in its order,
each with its csv tag and a comment (type, lengths, values, obligation,
description): a row of a partner file, which partnerfile.Write and
WriteChan (package github.com/entrepreneur-leader/eleader-go/partnerfile)
turn into the file E#L takes. A DATE field is a partnerfile.Date, any
other a string. --package defaults to partnerfile (the package's own Row
is this command's output for the default matrice), --type to Row. The
source goes to standard output, or to -o FILE.`,
		fr: `Écrit la source Go d'une structure des champs de la matrice, dans son
ordre, chacun avec son étiquette csv et un commentaire (type, longueurs,
valeurs, obligation, description) : une ligne d'un fichier de partenaire,
que partnerfile.Write et WriteChan (paquet
github.com/entrepreneur-leader/eleader-go/partnerfile) transforment en
fichier accepté par E#L. Un champ DATE est un partnerfile.Date, tout autre
une chaîne. --package vaut partnerfile par défaut (le Row du paquet est la
sortie de cette commande pour la matrice par défaut), --type Row. La
source va sur la sortie standard, ou dans -o FICHIER.`,
	},
	"cli.matrice.template.about": {
		en: `Prints the header line a partner file must carry; with --xlsx -o FILE,
writes the Excel template partners fill in: one sheet, every column text,
a drop-down list for each ENUM and BOOL column, each field's description
as the input message, the header frozen.`,
		fr: `Affiche la ligne d'en-tête que doit porter un fichier de partenaire ; avec
--xlsx -o FICHIER, écrit le modèle Excel que remplissent les partenaires :
une feuille, toutes les colonnes en texte, une liste déroulante pour chaque
colonne ENUM et BOOL, la description de chaque champ en message de saisie,
l'en-tête figé.`,
	},
	"cli.run.about": {
		en: `With --now: one import run, then exit. Without: the daily runs, at --at
(Europe/Paris), and at start-up the run missed while it was down; stop with
Ctrl-C. A run processes the submitted connection sheets, then, for each
active partner, imports the deposit whose name AAAAMMJJ-IDENTIFIANT.csv
carries the latest export date; older ones are superseded (kept in history,
not imported); anything else in the deposit folder is set aside in
refuses/ once unchanged for --grace, and named in the partner's report.`,
		fr: `Avec --now : un passage d'import, puis fin. Sans : les passages quotidiens, à
--at (Europe/Paris), et au démarrage le passage manqué pendant l'arrêt ;
arrêtez par Ctrl-C. Un passage traite les fiches de raccordement soumises,
puis, pour chaque partenaire actif, importe le dépôt dont le nom
AAAAMMJJ-IDENTIFIANT.csv porte la date d'export la plus récente ; les plus
anciens sont remplacés (gardés dans l'historique, non importés) ; tout autre
fichier du répertoire de dépôt est mis de côté dans refuses/ une fois resté
inchangé pendant --grace, et nommé dans le rapport du partenaire.`,
	},
	"cli.send.about": {
		en: `Sends partner files to E#L's upload API (POST /api/v1/files, as the
connection documentation gives it), retrying network errors and server
errors. The token may come from ELEADER_TOKEN instead of --token (a token on
a command line shows in the process list), the URL from ELEADER_URL.

--dry-run sends nothing: E#L's dry run (POST /api/v1/checks) gives each
file's verdict as eleader validate prints it, with the checks that need
E#L's store (operator codes, HIST numbers, sub-versions); E#L keeps
nothing. --check asks the dry run before sending, and does not send a file
rejected whole; when E#L cannot be reached it checks locally instead (the
validator, without the store's checks) and says so. --wait waits, after
sending, for each file's import and prints its verdict: with imports at
once (serve --import now), seconds; with a daily import, it says when the
next run is and exits 5, unless --keep-waiting (up to --timeout, default
10m). A file already sent with the same bytes is not sent again: --wait
waits for it.

Exit code: 0 every file deposited (--dry-run, --wait: every line valid), 1
a file refused by E#L (its reason is printed), or some lines rejected
(--dry-run, --wait), or not imported (superseded, set aside, withdrawn), 2
usage error (a flag, a missing file), 3 a file rejected whole (--dry-run,
--check, --wait), 4 E#L unreachable, 5 still waiting for its import
(--wait). With several files, the worst: 4, 3, 1, 5, 0.`,
		fr: `Envoie des fichiers de partenaire à l'API de dépôt d'E#L (POST /api/v1/files,
comme le donne la documentation de raccordement), en réessayant après les
erreurs du réseau et du serveur. Le jeton peut venir de ELEADER_TOKEN au lieu
de --token (un jeton sur une ligne de commande se voit dans la liste des
processus), l'URL de ELEADER_URL.

--dry-run n'envoie rien : l'essai à blanc d'E#L (POST /api/v1/checks) donne
le verdict de chaque fichier comme l'affiche eleader validate, avec les
contrôles qui demandent la base d'E#L (codes opérateur, numéros HIST,
sous-versions) ; E#L ne garde rien. --check demande l'essai à blanc avant
l'envoi, et n'envoie pas un fichier rejeté en entier ; quand E#L est
injoignable, il contrôle sur place (le validateur, sans les contrôles de la
base) et le dit. --wait attend, après l'envoi, l'import de chaque fichier et
affiche son verdict : avec des imports immédiats (serve --import now),
quelques secondes ; avec un import quotidien, il dit quand a lieu le
prochain passage et sort avec 5, sauf avec --keep-waiting (jusqu'à
--timeout, 10m par défaut). Un fichier déjà envoyé avec les mêmes octets
n'est pas renvoyé : --wait l'attend.

Code de sortie : 0 tous les fichiers déposés (--dry-run, --wait : toutes
les lignes valides), 1 un fichier refusé par E#L (sa raison est affichée),
ou des lignes rejetées (--dry-run, --wait), ou non importé (remplacé, mis de
côté, retiré), 2 erreur d'usage (une option, un fichier absent), 3 un
fichier rejeté en entier (--dry-run, --check, --wait), 4 E#L injoignable,
5 toujours en attente de son import (--wait). Avec plusieurs fichiers, le
pire : 4, 3, 1, 5, 0.`,
	},
	"cli.withdraw.about": {
		en: `Withdraws files sent to E#L that still wait for their import (DELETE
/api/v1/files/NAME; a FILE's name is its base name): E#L deletes each,
keeping a trace in its ledger, and its name is free again, for the
correction to be sent under the same name. A file already imported, or
superseded, cannot be: send the correction as a new export (the next
date). The token may come from ELEADER_TOKEN, the URL from ELEADER_URL.
Exit code: 0 every file withdrawn, 1 a file refused (its reason is
printed), 2 usage error, 4 E#L unreachable.`,
		fr: `Retire des fichiers envoyés à E#L qui attendent encore leur import (DELETE
/api/v1/files/NOM ; le nom d'un FICHIER est son nom de base) : E#L supprime
chacun en gardant une trace dans son registre, et son nom redevient libre,
pour envoyer la correction sous le même nom. Un fichier déjà importé, ou
remplacé, ne peut pas l'être : envoyez la correction dans un nouvel export
(à la date suivante). Le jeton peut venir de ELEADER_TOKEN, l'URL de
ELEADER_URL. Code de sortie : 0 tous les fichiers retirés, 1 un fichier
refusé (sa raison est affichée), 2 erreur d'usage, 4 E#L injoignable.`,
	},
	"cli.serve.about": {
		en: `Runs E#L's service: the upload API (POST /api/v1/files), the partners' web
page (/), the portal (/raccordements) and E#L's console (/console), where
people sign in by a link sent to their email (--public-url is the address
the links carry), /healthz, /readyz, /metrics and /openapi.yaml, the daily import run at --at
(Europe/Paris; at start-up, the run missed while it was down), and the
delivery of reports (SMTP from ELEADER_SMTP_HOST …, else .eml files in
DIR/outbox). Everything lives in DIR: eleader.db (SQLite), depots/ (each
partner's deposits, history and refuses/), outbox/, session.key.

--sftp-addr also serves SFTP (off by default): a partner logs in as its
identifier with an SSH key of its connection sheet (partners edit ID
--ssh-key FILE.pub; the sheet ACTIVEE, with the channel sftp), puts its
files in depot/ — each judged by the upload's checks when it is closed,
a refusal said by sftp — and reads its rejects in rapports/. The host key
is DIR/sftp_host_ed25519_key, drawn at first start, or --sftp-host-key.

--db postgres://… keeps the store in PostgreSQL instead of DIR/eleader.db:
several instances then share that database, and DIR (on a shared file
system: the deposits, the session key).

Every flag also comes from ELEADER_<FLAG> (ELEADER_DATA, ELEADER_DB,
ELEADER_ADDR, ELEADER_MAX_MB …) and from the --config file; at start, serve
prints what it uses and where each setting came from.

/metrics (Prometheus) is on --addr, or only on --metrics-addr when given;
--metrics-token (better: ELEADER_METRICS_TOKEN) asks scrapers for
"Authorization: Bearer TOKEN".

--import now imports each file as soon as it is uploaded; daily leaves it
for the daily run (the default, except with --demo). --demo creates the
demo partner (in qualification, operator code DEMO, as eleader gen --partner
demo writes) and prints its token and a ready curl line (an export generated
for it, named 20170101-demo.csv or the next day it has not used: a day no
real export carries), and the portal's demo people: an operator, and a partner's technical
manager; their sign-in links land in DIR/outbox and, in the demo only, are
printed too.
Ctrl-C (or SIGTERM) stops gracefully: uploads in flight complete, the
import under way finishes.`,
		fr: `Fait tourner le service d'E#L : l'API de dépôt (POST /api/v1/files), la page
web des partenaires (/), le portail (/raccordements) et la console d'E#L
(/console), où l'on se connecte par un lien envoyé par courriel (--public-url
est l'adresse que portent les liens), /healthz, /readyz, /metrics et
/openapi.yaml, le passage d'import quotidien à --at (Europe/Paris ; au
démarrage, le passage manqué pendant l'arrêt), et l'envoi des rapports (SMTP
de ELEADER_SMTP_HOST …, sinon des fichiers .eml dans DIR/outbox). Tout est
dans DIR : eleader.db (SQLite), depots/ (les dépôts, l'historique et refuses/
de chaque partenaire), outbox/, session.key.

--sftp-addr sert aussi SFTP (désactivé par défaut) : un partenaire se connecte
sous son identifiant avec une clé SSH de sa fiche de raccordement (partners
edit ID --ssh-key FICHIER.pub ; la fiche ACTIVEE, avec le canal sftp), dépose
ses fichiers dans depot/ — chacun jugé par les contrôles d'un dépôt à sa
fermeture, un refus dit par sftp — et lit ses rejets dans rapports/. La clé
d'hôte est DIR/sftp_host_ed25519_key, tirée au premier démarrage, ou
--sftp-host-key.

--db postgres://… garde la base dans PostgreSQL au lieu de DIR/eleader.db :
plusieurs instances partagent alors cette base, et DIR (sur un système de
fichiers partagé : les dépôts, la clé de session).

Chaque option vient aussi de ELEADER_<OPTION> (ELEADER_DATA, ELEADER_DB,
ELEADER_ADDR, ELEADER_MAX_MB …) et du fichier --config ; au démarrage, serve
affiche ce qu'il utilise et d'où vient chaque réglage.

/metrics (Prometheus) est sur --addr, ou seulement sur --metrics-addr quand il
est donné ; --metrics-token (mieux : ELEADER_METRICS_TOKEN) demande aux
collecteurs « Authorization: Bearer JETON ».

--import now importe chaque fichier dès son dépôt ; daily le laisse au
passage quotidien (par défaut, sauf avec --demo). --demo crée le partenaire
de démonstration (en qualification, code opérateur DEMO, celui qu'écrit
eleader gen --partner demo) et affiche son jeton et une ligne curl prête (un
export généré pour lui, nommé 20170101-demo.csv ou du jour suivant encore
libre : un jour qu'aucun vrai export ne porte), ainsi que les personnes de démonstration du portail : un opérateur, et
le responsable technique d'un partenaire ; leurs liens de connexion arrivent
dans DIR/outbox et, en démonstration seulement, sont aussi affichés.
Ctrl-C (ou SIGTERM) arrête proprement : les dépôts en cours se terminent,
l'import en cours s'achève.`,
	},
	"cli.version.about": {
		en: `Prints the version of this binary: its module version ("(devel)" when built
from a work tree), the commit it was built from, and whether that work tree
had changes, when it was built with Go's version control stamping (the
default of go build in a git work tree); and the Go version. Also
"eleader --version".`,
		fr: `Affiche la version de ce programme : la version de son module (« (devel) »
quand il est construit depuis un arbre de travail), le commit dont il est
construit, et si cet arbre avait des modifications, quand il est construit
avec le marquage de gestion de version de Go (le défaut de go build dans un
arbre de travail git) ; et la version de Go. Aussi « eleader --version ».`,
	},
	"cli.deposit.about": {
		en: "Puts files in a partner's deposits, for the next run, with the checks of an upload (name, partner, name never used, size).",
		fr: "Dépose des fichiers pour un partenaire, pour le prochain passage, avec les contrôles d'un envoi (nom, partenaire, nom jamais utilisé, taille).",
	},
	"cli.purge.about": {
		en: `Deletes history files and files set aside in refuses/ kept longer than DAYS, the leftovers of
interrupted writes, the rejected lines of older reports (personal data; counts stay) and the
older entries of the search audit. Each file deleted is recorded in the runs' ledger (eleader ledger).`,
		fr: `Supprime les fichiers d'historique et ceux mis de côté dans refuses/ gardés plus de DAYS jours,
les restes d'écritures interrompues, les lignes rejetées des rapports plus anciens (données
personnelles ; les comptes restent) et les entrées plus anciennes du journal des recherches.
Chaque fichier supprimé est inscrit au registre des passages (eleader ledger).`,
	},
	"cli.demo.about": {
		en: "Creates the demo partner (in qualification, operator code DEMO, as eleader gen --partner demo writes) and deposits two exports generated for it, of 16 and 17/11/2026; then try eleader run --now.",
		fr: "Crée le partenaire de démonstration (en qualification, code opérateur DEMO, celui qu'écrit eleader gen --partner demo) et dépose pour lui deux exports générés, du 16 et du 17/11/2026 ; essayez ensuite eleader run --now.",
	},
	"cli.search.about": {
		en: "E#L's search, recorded in the search audit (eleader searches) under --by, without limit.",
		fr: "La recherche d'E#L, inscrite au journal des recherches (eleader searches) au nom de --by, sans limite.",
	},
	"cli.searches.about": {
		en: `The search audit, most recent first: who searched dossier numbers, when, how, which kind, how many
dossiers were found, and a keyed hash of what was searched (never the identity or the SIRET).`,
		fr: `Le journal des recherches, de la plus récente à la plus ancienne : qui a cherché des numéros de
dossier, quand, comment, de quelle sorte, combien de dossiers ont été trouvés, et une empreinte
à clé de ce qui a été cherché (jamais l'identité ni le SIRET).`,
	},
	"cli.partners.about": {
		en: `Every command takes --db FILE and --format text|json; changes take --by NAME;
process, reactivate and token rotate take --outbox DIR (the emails to the partner's
people, as .eml when no SMTP server is set; their links need ELEADER_PUBLIC_URL).
Sheet flags: --name --operators A,B --channels api,web,sftp --mode partial|complete
--environment qualification|production --contact-name --contact-phone --contact-email
--recipients a@x,b@y --correspondances FILE --certificate FILE --comment TEXT
--ssh-key FILE.pub (repeatable; an authorized_keys file holds several) --remove-ssh-key SHA256:…
("depot", the former name of the channel sftp, is still accepted.)
Run "eleader partners --help" for the list of the commands.`,
		fr: `Chaque commande prend --db FICHIER et --format text|json ; les modifications prennent --by NOM ;
process, reactivate et token rotate prennent --outbox DIR (les courriels aux personnes du
partenaire, en .eml sans serveur SMTP ; leurs liens demandent ELEADER_PUBLIC_URL).
Options de la fiche : --name --operators A,B --channels api,web,sftp --mode partial|complete
--environment qualification|production --contact-name --contact-phone --contact-email
--recipients a@x,b@y --correspondances FICHIER --certificate FICHIER --comment TEXTE
--ssh-key FICHIER.pub (répétable ; un fichier authorized_keys en contient plusieurs) --remove-ssh-key SHA256:…
(« depot », l'ancien nom du canal sftp, est encore accepté.)
Lancez « eleader partners --help » pour la liste des commandes.`,
	},
	"cli.people.about": {
		en: `Every command takes --db FILE and --format text|json; changes take --by NAME;
add takes --outbox DIR (the invitation as .eml when no SMTP server is set) and --url URL.
add EMAIL --partner ID --right modification|consultation gives a person a right on a partner
(the person is created, and invited by email when ELEADER_PUBLIC_URL or --url is set);
add EMAIL --operator makes a person an E#L operator (the console); remove EMAIL with
--partner ID or --operator takes the right or the role away; remove EMAIL alone removes a
person and all their rights: their sessions end at once.
Run "eleader people --help" for the list of the commands.`,
		fr: `Chaque commande prend --db FICHIER et --format text|json ; les modifications prennent --by NOM ;
add prend --outbox DIR (l'invitation en .eml sans serveur SMTP) et --url URL.
add EMAIL --partner ID --right modification|consultation donne à une personne un droit sur un
partenaire (la personne est créée, et invitée par courriel quand ELEADER_PUBLIC_URL ou --url est
donné) ; add EMAIL --operator fait d'une personne un opérateur d'E#L (la console) ; remove EMAIL
avec --partner ID ou --operator retire le droit ou le rôle ; remove EMAIL seul retire une
personne et tous ses droits : ses sessions prennent fin aussitôt.
Lancez « eleader people --help » pour la liste des commandes.`,
	},
	"cli.reports.about": {
		en: `Reports go through the SMTP server of ELEADER_SMTP_HOST (_PORT, _USER, _PASSWORD,
_TLS starttls|tls|none, _TIMEOUT) or, without one, to --outbox as .eml files. resend
sends a report again: a failed one, or one lost by the partner.
Run "eleader reports --help" for the list of the commands.`,
		fr: `Les rapports passent par le serveur SMTP de ELEADER_SMTP_HOST (_PORT, _USER, _PASSWORD,
_TLS starttls|tls|none, _TIMEOUT) ou, sans lui, vont dans --outbox en fichiers .eml. resend
renvoie un rapport : un rapport en échec, ou perdu par le partenaire.
Lancez « eleader reports --help » pour la liste des commandes.`,
	},

	// import (import.go).
	"cli.flag.report": {
		en: "write each import's report for the partner's report recipients, and send it, as a run does (a partner with a connection sheet)",
		fr: "écrire le rapport de chaque import pour les destinataires de rapports du partenaire, et l'envoyer, comme le fait un passage (un partenaire qui a une fiche de raccordement)",
	},
	"cli.flag.partner_sending": {
		en: "the sending partner's `identifier`; file names must carry it",
		fr: "l'`identifiant` du partenaire qui envoie ; les noms de fichier doivent le porter",
	},
	"cli.flag.operators_import": {
		en: "the partner's operator `codes`, comma-separated (until onboarding keeps them)",
		fr: "les `codes` opérateur du partenaire, séparés par des virgules (faute de fiche de raccordement)",
	},
	"cli.flag.history": {
		en: "E#L's import of history: the file may create HIST dossiers",
		fr: "l'import de l'historique par E#L : le fichier peut créer des dossiers HIST",
	},
	"cli.import.bad_partner": {
		en: "--partner %q is not a partner identifier (2 to 63 characters: a-z, 0-9, _ and -)",
		fr: "--partner %q n'est pas un identifiant de partenaire (2 à 63 caractères : a-z, 0-9, _ et -)",
	},
	"cli.import.no_operators": {
		en: "--operators is needed: the partner's operator codes, e.g. --operators ADIE,ADI2 (or create the partner's connection sheet: eleader partners create)",
		fr: "il faut --operators : les codes opérateur du partenaire, par exemple --operators ADIE,ADI2 (ou créez la fiche de raccordement du partenaire : eleader partners create)",
	},
	"cli.import.has_sheet": {
		en: "%s has a connection sheet: its operator codes, correspondences and mode come from it (drop --operators, --correspondances, --mode and --history)",
		fr: "%s a une fiche de raccordement : ses codes opérateur, ses correspondances et son mode en viennent (retirez --operators, --correspondances, --mode et --history)",
	},
	"cli.import.sending_reports": {
		en: "sending reports: %s",
		fr: "envoi des rapports : %s",
	},
	"cli.import.report_sent": {
		en: "report #%d of %s sent",
		fr: "rapport n° %d de %s envoyé",
	},
	"cli.import.report_written": {
		en: "report #%d of %s sent (written to %s)",
		fr: "rapport n° %d de %s envoyé (écrit dans %s)",
	},
	"cli.import.report_not_sent": {
		en: "report #%d of %s not sent (%s), kept: it is retried by the next run, serve or eleader reports send: %s",
		fr: "rapport n° %d de %s non envoyé (%s), gardé : il sera réessayé par le prochain passage, serve ou eleader reports send : %s",
	},
	"cli.import.report_for": {
		en: "report #%d written for the partner's report recipients",
		fr: "rapport n° %d écrit pour les destinataires de rapports du partenaire",
	},
	"cli.import.qualified": {
		en: "qualification passed (import #%d): nothing consolidated; the partner may now move to production",
		fr: "qualification réussie (import n° %d) : rien n'est consolidé ; le partenaire peut maintenant passer en production",
	},
	"cli.import.qualification": {
		en: "qualification import (#%d): nothing consolidated; the qualification passes with a file of at least one line and no rejected line",
		fr: "import de qualification (n° %d) : rien n'est consolidé ; la qualification réussit avec un fichier d'au moins une ligne, sans ligne rejetée",
	},
	"cli.import.unchanged": {
		en: "already consolidated (import #%d): nothing changed",
		fr: "déjà consolidé (import n° %d) : rien n'a changé",
	},
	"cli.import.rejected": {
		en: "nothing consolidated: the file is rejected whole (import #%d)",
		fr: "rien n'est consolidé : le fichier est rejeté en entier (import n° %d)",
	},
	"cli.import.consolidated": {
		en: "consolidated (import #%d): %s, %s, %s, %s",
		fr: "consolidé (import n° %d) : %s, %s, %s, %s",
	},
	"cli.import.created": {
		en:     "%d dossier created",
		enMany: "%d dossiers created",
		fr:     "%d dossier créé",
		frMany: "%d dossiers créés",
	},
	"cli.import.updated": {
		en:     "%d dossier updated",
		enMany: "%d dossiers updated",
		fr:     "%d dossier mis à jour",
		frMany: "%d dossiers mis à jour",
	},
	"cli.import.items": {
		en:     "%d item added or changed",
		enMany: "%d items added or changed",
		fr:     "%d élément ajouté ou modifié",
		frMany: "%d éléments ajoutés ou modifiés",
	},
	"cli.import.disagreements": {
		en:     "%d disagreement between partners",
		enMany: "%d disagreements between partners",
		fr:     "%d divergence entre partenaires",
		frMany: "%d divergences entre partenaires",
	},
	"cli.group.no_command": {
		en: "%[1]s needs a command, before or after its flags: eleader %[1]s COMMAND %[2]s",
		fr: "%[1]s attend une commande, avant ou après ses options : eleader %[1]s COMMANDE %[2]s",
	},
	"cli.flags_only": {
		en: "%s takes flags only, not %q",
		fr: "%s ne prend que des options, pas %q",
	},
	"cli.no_argument": {
		en: "%s takes no argument, not %q",
		fr: "%s ne prend aucun argument, pas %q",
	},
	"cli.flag.store": {
		en: "the store: a SQLite `file` (created if missing), or a PostgreSQL URL postgres://USER@HOST:PORT/DATABASE (the password in PGPASSWORD, or in the URL)",
		fr: "la base : un `fichier` SQLite (créé s'il manque), ou une URL PostgreSQL postgres://UTILISATEUR@HÔTE:PORT/BASE (le mot de passe dans PGPASSWORD, ou dans l'URL)",
	},
	"cli.flag.format": {
		en: "output `format`: text or json",
		fr: "`format` de sortie : text ou json",
	},
	"cli.flag.limit_each": {
		en: "how many entries of each kind",
		fr: "combien d'entrées de chaque sorte",
	},
	"cli.limit_min": {
		en: "--limit must be at least 1",
		fr: "--limit vaut au moins 1",
	},
	"cli.no_store": {
		en: "no store at %s (give --data or --db)",
		fr: "pas de base à %s (donnez --data ou --db)",
	},

	// backup (backup.go).
	"cli.flag.backup_to": {
		en: "the backup `file` to create (it must not exist)",
		fr: "le `fichier` de sauvegarde à créer (il ne doit pas exister)",
	},
	"cli.backup.flags_only": {
		en: "backup takes flags only, not %q (the copy goes to --to FILE)",
		fr: "backup ne prend que des options, pas %q (la copie va dans --to FICHIER)",
	},
	"cli.backup.no_to": {
		en: "backup needs --to FILE, the copy to create",
		fr: "backup demande --to FICHIER, la copie à créer",
	},
	"cli.backup.postgres": {
		en: `the store is in PostgreSQL: back it up with pg_dump, e.g.
  pg_dump --format=custom --file=%s '%s'`,
		fr: `la base est dans PostgreSQL : sauvegardez-la avec pg_dump, par exemple
  pg_dump --format=custom --file=%s '%s'`,
	},
	"cli.backup.cannot": {
		en: "the store at %s cannot be backed up by eleader",
		fr: "la base de %s ne peut pas être sauvegardée par eleader",
	},
	"cli.backup.done": {
		en: "%s: a copy of %s (%d bytes)",
		fr: "%s : une copie de %s (%d octets)",
	},

	// healthcheck (healthcheck.go).
	"cli.flag.timeout_health": {
		en: "how long to wait for the answer",
		fr: "combien de temps attendre la réponse",
	},
	"cli.healthcheck.one_url": {
		en: "healthcheck takes one URL",
		fr: "healthcheck prend une seule URL",
	},
	"cli.healthcheck.bad_url": {
		en: "%q is not an http:// or https:// URL",
		fr: "%q n'est pas une URL http:// ou https://",
	},
	"cli.healthcheck.unreachable": {
		en: "%s unreachable: %v",
		fr: "%s injoignable : %v",
	},
	"cli.healthcheck.answered": {
		en: "%s answered %s",
		fr: "%s a répondu %s",
	},
	"cli.healthcheck.healthy": {
		en: "%s: healthy",
		fr: "%s : en bonne santé",
	},

	// ledger (ledger.go).
	"cli.flag.partner_ledger": {
		en: "only this partner's files, imported and superseded ones included",
		fr: "seulement les fichiers de ce partenaire, importés et remplacés compris",
	},
	"cli.ledger.run_sha": {
		en: " (run #%d, sha256 %s)",
		fr: " (passage n° %d, sha256 %s)",
	},
	"cli.ledger.run": {
		en: " (run #%d)",
		fr: " (passage n° %d)",
	},
	"cli.ledger.not_reported": {
		en: ", not reported yet",
		fr: ", pas encore signalé",
	},
	"cli.ledger.reported": {
		en: ", reported",
		fr: ", signalé",
	},
	"cli.ledger.empty": {
		en: "the ledger is empty",
		fr: "le registre est vide",
	},

	// version (version.go).
	"cli.version.unknown": {
		en: "unknown (built without version control information)",
		fr: "inconnu (construit sans information de gestion de version)",
	},
	"cli.version.modified": {
		en: "%s, with uncommitted changes",
		fr: "%s, avec des modifications non validées",
	},

	// matrice (matrice.go).
	"cli.matrice.refused": {
		en: `%s: the matrice is refused:
%v`,
		fr: `%s : la matrice est refusée :
%v`,
	},
	"cli.matrice.valid": {
		en: "%s: valid matrice, %d fields",
		fr: "%s : matrice valide, %d champs",
	},
	"cli.matrice.rules": {
		en: "; rules %s",
		fr: " ; règles %s",
	},
	"cli.flag.matrice_template": {
		en: "matrice `file`; default: the embedded matrice cadre",
		fr: "`fichier` de matrice ; par défaut, la matrice cadre intégrée",
	},
	"cli.flag.template_xlsx": {
		en: "write the Excel template partners fill in (with -o), instead of printing the header line",
		fr: "écrire le modèle Excel que remplissent les partenaires (avec -o), au lieu d'afficher la ligne d'en-tête",
	},
	"cli.flag.o_template": {
		en: "the template's `file` (.xlsx), with --xlsx",
		fr: "le `fichier` du modèle (.xlsx), avec --xlsx",
	},
	"cli.matrice.xlsx_o": {
		en: "--xlsx and -o FILE go together",
		fr: "--xlsx et -o FICHIER vont ensemble",
	},
	"cli.matrice.template_written": {
		en: "%s: the template of %d columns (drop-down lists for the ENUM and BOOL columns)",
		fr: "%s : le modèle de %d colonnes (listes déroulantes pour les colonnes ENUM et BOOL)",
	},
	"cli.matrice.unknown": {
		en: "unknown matrice command %q (want check, template or gostruct)",
		fr: "commande matrice inconnue : %q (check, template ou gostruct)",
	},
	"cli.flag.matrice_gostruct": {
		en: "matrice `file` (CSV or XLSX); default: the embedded matrice cadre",
		fr: "`fichier` de matrice (CSV ou XLSX) ; par défaut, la matrice cadre intégrée",
	},
	"cli.flag.gostruct_package": {
		en: "the source's `package`",
		fr: "le `paquet` (package) de la source",
	},
	"cli.flag.gostruct_type": {
		en: "the struct's `name`",
		fr: "le `nom` de la structure",
	},
	"cli.flag.o_gostruct": {
		en: "the source's `file` (default: standard output)",
		fr: "le `fichier` de la source (par défaut : la sortie standard)",
	},

	// send (send.go).
	"cli.flag.url_send": {
		en: "the service's `URL`, e.g. https://eleader.example (default $ELEADER_URL)",
		fr: "l'`URL` du service, par exemple https://eleader.example (par défaut $ELEADER_URL)",
	},
	"cli.flag.token_send": {
		en: "the partner's `token` (default $ELEADER_TOKEN)",
		fr: "le `jeton` du partenaire (par défaut $ELEADER_TOKEN)",
	},
	"cli.flag.check_send": {
		en: "ask E#L's dry run first (the local validator when E#L is unreachable): a file rejected whole is not sent",
		fr: "demander d'abord l'essai à blanc d'E#L (le validateur local quand E#L est injoignable) : un fichier rejeté en entier n'est pas envoyé",
	},
	"cli.flag.dry_run": {
		en: "send nothing: print E#L's verdict of each file, store checks included (E#L keeps nothing)",
		fr: "ne rien envoyer : afficher le verdict d'E#L sur chaque fichier, contrôles de la base compris (E#L ne garde rien)",
	},
	"cli.flag.wait": {
		en: "after sending, wait for each file's import and print its verdict",
		fr: "après l'envoi, attendre l'import de chaque fichier et afficher son verdict",
	},
	"cli.flag.timeout_wait": {
		en: "how long --wait waits for an import",
		fr: "combien de temps --wait attend un import",
	},
	"cli.flag.keep_waiting": {
		en: "with --wait, wait for a daily import too (up to --timeout) instead of exiting 5",
		fr: "avec --wait, attendre aussi un import quotidien (jusqu'à --timeout) au lieu de sortir avec 5",
	},
	"cli.flag.format_send": {
		en: "output `format`: text, or json (--dry-run: validate's JSON, one object per file and line; else a list, one object per file)",
		fr: "`format` de sortie : text, ou json (--dry-run : le JSON de validate, un objet par fichier et par ligne ; sinon une liste, un objet par fichier)",
	},
	"cli.flag.format_withdraw": {
		en: "output `format`: text or json (a list, one object per file)",
		fr: "`format` de sortie : text ou json (une liste, un objet par fichier)",
	},
	"cli.flag.retries": {
		en: "retries after a network error or a server error",
		fr: "nouvelles tentatives après une erreur du réseau ou du serveur",
	},
	"cli.send.no_file": {
		en: "send needs at least one FILE",
		fr: "send demande au moins un FILE",
	},
	"cli.send.no_url": {
		en: "send needs --url (or ELEADER_URL)",
		fr: "send demande --url (ou ELEADER_URL)",
	},
	"cli.send.no_token": {
		en: "send needs --token (or ELEADER_TOKEN)",
		fr: "send demande --token (ou ELEADER_TOKEN)",
	},
	"cli.send.dry_run_alone": {
		en: "--dry-run sends nothing: it goes without --check and --wait",
		fr: "--dry-run n'envoie rien : il va sans --check ni --wait",
	},
	"cli.send.keep_without_wait": {
		en: "--keep-waiting goes with --wait",
		fr: "--keep-waiting va avec --wait",
	},
	"cli.send.timeout": {
		en: "--timeout must be a positive duration, e.g. 10m",
		fr: "--timeout est une durée positive, par exemple 10m",
	},
	"cli.send.missing": {
		en: "%s: %v (nothing was sent)",
		fr: "%s : %v (rien n'a été envoyé)",
	},
	"cli.send.not_a_file": {
		en: "%s is not a file (nothing was sent)",
		fr: "%s n'est pas un fichier (rien n'a été envoyé)",
	},
	"cli.send.dry_run": {
		en: "E#L's dry run: nothing was sent or kept",
		fr: "essai à blanc d'E#L : rien n'a été envoyé ni gardé",
	},
	"cli.send.dry_run_refused": {
		en: "E#L's dry run: nothing was sent or kept; an upload of this file would be refused at once, for its file errors",
		fr: "essai à blanc d'E#L : rien n'a été envoyé ni gardé ; un dépôt de ce fichier serait refusé d'emblée, pour ses erreurs de fichier",
	},
	"cli.send.dry_run_unchanged": {
		en: "E#L's dry run: nothing was sent or kept; this very file was already consolidated: its import would change nothing",
		fr: "essai à blanc d'E#L : rien n'a été envoyé ni gardé ; ce fichier même a déjà été consolidé : son import ne changerait rien",
	},
	"cli.send.dry_run_qualification": {
		en: "E#L's dry run: nothing was sent or kept; in qualification, its import would be judged, not consolidated",
		fr: "essai à blanc d'E#L : rien n'a été envoyé ni gardé ; en qualification, son import serait jugé, non consolidé",
	},
	"cli.send.dry_run_changes": {
		en: "E#L's dry run: nothing was sent or kept; its import would create %s and change %s",
		fr: "essai à blanc d'E#L : rien n'a été envoyé ni gardé ; son import créerait %s et modifierait %s",
	},
	"cli.send.already_sent": {
		en: "%s was already sent with the same bytes (%s): not sent again",
		fr: "%s a déjà été envoyé avec les mêmes octets (%s) : il n'est pas renvoyé",
	},
	"cli.send.withdraw_first": {
		en: "%s still waits for its import at E#L: to send its correction under the same name, withdraw it first: eleader withdraw %s",
		fr: "%s attend encore son import chez E#L : pour en envoyer la correction sous le même nom, retirez-le d'abord : eleader withdraw %s",
	},
	"cli.send.check_refused": {
		en: "%s: E#L's dry run is refused for now (%s): checked locally, without the checks that need E#L's store (operator codes, sub-versions)",
		fr: "%s : l'essai à blanc d'E#L est refusé pour l'instant (%s) : contrôlé sur place, sans les contrôles qui demandent la base d'E#L (codes opérateur, sous-versions)",
	},
	"cli.send.check_unreachable": {
		en: "%s: E#L could not be reached for its dry run (%v): checked locally, without the checks that need E#L's store (operator codes, sub-versions)",
		fr: "%s : E#L est injoignable pour son essai à blanc (%v) : contrôlé sur place, sans les contrôles qui demandent la base d'E#L (codes opérateur, sous-versions)",
	},
	"cli.send.check_rejected": {
		en: "%[1]s: not sent: E#L's dry run rejects the whole file (eleader send --dry-run %[1]s shows why)",
		fr: "%[1]s : non envoyé : l'essai à blanc d'E#L rejette le fichier entier (eleader send --dry-run %[1]s montre pourquoi)",
	},
	"cli.send.no_line_valid": {
		en: "%[1]s: not sent: no line is valid (eleader validate %[1]s shows why)",
		fr: "%[1]s : non envoyé : aucune ligne n'est valide (eleader validate %[1]s montre pourquoi)",
	},
	"cli.send.waiting": {
		en: "waiting for its import…",
		fr: "en attente de son import…",
	},
	"cli.send.superseded": {
		en: "superseded: a more recent export of yours was imported instead, or this export is older than your last imported one; send the correction as a new export (the next date)",
		fr: "remplacé : un export plus récent a été importé à sa place, ou cet export est plus ancien que votre dernier importé ; envoyez la correction dans un nouvel export (à la date suivante)",
	},
	"cli.send.set_aside": {
		en: "set aside by E#L's run without being imported: %s",
		fr: "mis de côté par le passage d'E#L sans être importé : %s",
	},
	"cli.send.withdrawn_before": {
		en: "withdrawn before its import",
		fr: "retiré avant son import",
	},
	"cli.send.see_report": {
		en: "see your report",
		fr: "voyez votre rapport",
	},
	"cli.send.not_imported": {
		en: "%s was not imported: %s",
		fr: "%s n'a pas été importé : %s",
	},
	"cli.send.pending_daily": {
		en: "%s is pending: E#L imports it at its daily run, %s; wait for it with --wait --keep-waiting --timeout %s, or ask again later with --wait",
		fr: "%s est en attente : E#L l'importe à son passage quotidien, %s ; attendez-le avec --wait --keep-waiting --timeout %s, ou redemandez plus tard avec --wait",
	},
	"cli.send.pending_manual": {
		en: "%s is pending: E#L imports it at the next run it starts; ask again later with --wait",
		fr: "%s est en attente : E#L l'importe au prochain passage qu'il lance ; redemandez plus tard avec --wait",
	},
	"cli.send.pending_timeout": {
		en: "%s is still pending after %s: ask again later with --wait (a file already sent is not sent again)",
		fr: "%s est toujours en attente après %s : redemandez plus tard avec --wait (un fichier déjà envoyé n'est pas renvoyé)",
	},
	"cli.send.imported": {
		en: "%s imported",
		fr: "%s importé",
	},
	"cli.send.imported_by": {
		en: "%s (imported by E#L)",
		fr: "%s (importé par E#L)",
	},
	"cli.send.qualification": {
		en: "in qualification: judged, not consolidated",
		fr: "en qualification : jugé, non consolidé",
	},
	"cli.send.report_link": {
		en: "report: %s",
		fr: "rapport : %s",
	},
	"cli.send.rejects_link": {
		en: "the rejected lines, with their errors: %s",
		fr: "les lignes rejetées, avec leurs erreurs : %s",
	},
	"cli.send.see_all_dry_run": {
		en: "--dry-run --format json (E#L's checks included), or eleader validate --format csv (one line per error, without E#L's checks)",
		fr: "--dry-run --format json (contrôles d'E#L compris), ou eleader validate --format csv (une ligne par erreur, sans les contrôles d'E#L)",
	},
	"cli.send.see_rejects": {
		en: "the rejected lines, below",
		fr: "les lignes rejetées, ci-dessous",
	},
	"cli.withdraw.no_file": {
		en: "withdraw needs at least one FILE",
		fr: "withdraw demande au moins un FILE",
	},
	"cli.withdraw.no_url": {
		en: "withdraw needs --url (or ELEADER_URL)",
		fr: "withdraw demande --url (ou ELEADER_URL)",
	},
	"cli.withdraw.no_token": {
		en: "withdraw needs --token (or ELEADER_TOKEN)",
		fr: "withdraw demande --token (ou ELEADER_TOKEN)",
	},
	"cli.withdraw.done": {
		en: "%s withdrawn: send its correction under the same name",
		fr: "%s retiré : envoyez sa correction sous le même nom",
	},
	"cli.send.deposited": {
		en: "%s deposited: %d bytes, sha256 %s",
		fr: "%s déposé : %d octets, sha256 %s",
	},
	"cli.send.recovered": {
		en: "%s deposited (by an earlier attempt whose answer was lost): %d bytes, sha256 %s",
		fr: "%s déposé (par une tentative précédente dont la réponse s'est perdue) : %d octets, sha256 %s",
	},
	"cli.send.not_sent": {
		en: "%s: not sent: %s",
		fr: "%s : non envoyé : %s",
	},
	"cli.send.check_partial": {
		en:     "%[3]s: E#L's dry run rejects %[1]d of %[2]d lines (eleader send --dry-run %[3]s shows them); sending anyway",
		enMany: "%[3]s: E#L's dry run rejects %[1]d of %[2]d lines (eleader send --dry-run %[3]s shows them); sending anyway",
		fr:     "%[3]s : l'essai à blanc d'E#L rejette %[1]d ligne sur %[2]d (eleader send --dry-run %[3]s la montre) ; envoi malgré tout",
		frMany: "%[3]s : l'essai à blanc d'E#L rejette %[1]d lignes sur %[2]d (eleader send --dry-run %[3]s les montre) ; envoi malgré tout",
	},
	"cli.send.would_reject": {
		en:     "%[3]s: %[1]d of %[2]d lines would be rejected (eleader validate %[3]s shows them); sending anyway",
		enMany: "%[3]s: %[1]d of %[2]d lines would be rejected (eleader validate %[3]s shows them); sending anyway",
		fr:     "%[3]s : %[1]d ligne sur %[2]d serait rejetée (eleader validate %[3]s la montre) ; envoi malgré tout",
		frMany: "%[3]s : %[1]d lignes sur %[2]d seraient rejetées (eleader validate %[3]s les montre) ; envoi malgré tout",
	},

	// gen (gen.go).
	"cli.flag.gen_lines": {
		en: "number of data `lines`",
		fr: "nombre de `lignes` de données",
	},
	"cli.flag.gen_faults": {
		en: "`fraction` of faulty lines, from 0 to 1 (one fault per faulty line)",
		fr: "`part` des lignes en erreur, de 0 à 1 (une erreur par ligne en erreur)",
	},
	"cli.flag.gen_seed": {
		en: "`seed` of the randomness: the same flags give the same bytes",
		fr: "`graine` du hasard : les mêmes options donnent les mêmes octets",
	},
	"cli.flag.gen_partner": {
		en: "partner `identifier` of the file name",
		fr: "`identifiant` du partenaire dans le nom du fichier",
	},
	"cli.flag.gen_operator": {
		en: "operator `code` of the dossier numbers (default: the partner's first four letters and digits, demo → DEMO)",
		fr: "`code` opérateur des numéros de dossier (par défaut : les quatre premières lettres et chiffres du partenaire, demo → DEMO)",
	},
	"cli.flag.gen_date": {
		en: "the file's `date` AAAAMMJJ, in its name and the latest date of its values (default 20261116)",
		fr: "la `date` du fichier, AAAAMMJJ, dans son nom et la dernière date de ses valeurs (par défaut 20261116)",
	},
	"cli.flag.gen_o": {
		en: "output `file`, or a directory to write AAAAMMJJ-PARTNER.csv in (default: standard output)",
		fr: "`fichier` de sortie, ou un répertoire où écrire AAAAMMJJ-PARTENAIRE.csv (par défaut : la sortie standard)",
	},
	"cli.gen.no_directory": {
		en: "gen: -o %s: its directory %s does not exist (end -o with / to write into a directory made for it)",
		fr: "gen : -o %s : son répertoire %s n'existe pas (finissez -o par / pour écrire dans un répertoire créé pour lui)",
	},
	"cli.gen.written": {
		en: "%s: %d lines, %d faulty; %d dossiers (%d of several lines, %d sub-versions); %d bytes",
		fr: "%s : %d lignes, %d en erreur ; %d dossiers (%d de plusieurs lignes, %d sous-versions) ; %d octets",
	},
	"cli.gen.argument": {
		en: "gen takes no argument (got %q): write to a file with -o",
		fr: "gen ne prend aucun argument (reçu %q) : écrivez dans un fichier avec -o",
	},
	"cli.gen.lines": {
		en: "--lines %d: want 0 or more",
		fr: "--lines %d : il faut 0 ou plus",
	},
	"cli.gen.faults": {
		en: "--faults %v: want a fraction from 0 to 1, such as 0.03",
		fr: "--faults %v : il faut une part de 0 à 1, comme 0.03",
	},
	"cli.gen.operator": {
		en: "--operator %q: want one operator code, four characters A-Z or 0-9, not HIST",
		fr: "--operator %q : il faut un code opérateur, quatre caractères A-Z ou 0-9, autre que HIST",
	},
	"cli.gen.date": {
		en: "--date %q is not a date AAAAMMJJ",
		fr: "--date %q n'est pas une date AAAAMMJJ",
	},
	"cli.gen.date_early": {
		en: "--date %s: want %s or later",
		fr: "--date %s : il faut le %s ou après",
	},

	// The store commands (store.go): dossier, search, searches, imports.
	"cli.no_store_import": {
		en: "no store at %s (import a file first, or give --db)",
		fr: "pas de base à %s (importez d'abord un fichier, ou donnez --db)",
	},
	"cli.dossier.none": {
		en: "no disagreement between partners",
		fr: "aucune divergence entre partenaires",
	},
	"cli.dossier.provenance": {
		en: "%s, %s line %d, DateMaj %s",
		fr: "%s, %s ligne %d, DateMaj %s",
	},
	"cli.dossier.head": {
		en: "%s — phase %s, operator %s, created by %s (%s line %d)",
		fr: "%s — phase %s, opérateur %s, créé par %s (%s ligne %d)",
	},
	"cli.dossier.fields": {
		en: "fields:",
		fr: "champs :",
	},
	"cli.dossier.items": {
		en: "items (each value with its provenance):",
		fr: "éléments (chaque valeur avec sa provenance) :",
	},
	"cli.dossier.to_close": {
		en: "to close each phase:",
		fr: "pour clôturer chaque phase :",
	},
	"cli.dossier.nothing_missing": {
		en: "nothing missing",
		fr: "rien ne manque",
	},
	"cli.dossier.missing": {
		en: "missing %s",
		fr: "manque %s",
	},
	"cli.dossier.closed": {
		en: " (closed)",
		fr: " (clôturée)",
	},
	"cli.dossier.phase": {
		en: "phase %d%s, %s: %s",
		fr: "phase %d%s, %s : %s",
	},
	"cli.dossier.disagreements": {
		en: "disagreements between partners:",
		fr: "divergences entre partenaires :",
	},
	"cli.dossier.kept": {
		en: "%s %s: kept '%s' (%s) over '%s' (%s)",
		fr: "%s %s : gardé '%s' (%s) plutôt que '%s' (%s)",
	},
	"cli.flag.by_search": {
		en: "who searches, for the search audit",
		fr: "qui cherche, pour le journal des recherches",
	},
	"cli.flag.nom": {
		en: "the beneficiary's surname (usage or birth name)",
		fr: "le nom du bénéficiaire (d'usage ou de naissance)",
	},
	"cli.flag.prenom": {
		en: "the beneficiary's first name",
		fr: "le prénom du bénéficiaire",
	},
	"cli.flag.naissance": {
		en: "the beneficiary's birth date, `JJ/MM/AAAA`",
		fr: "la date de naissance du bénéficiaire, `JJ/MM/AAAA`",
	},
	"cli.flag.siret": {
		en: "the SIRET of the company created",
		fr: "le SIRET de l'entreprise créée",
	},
	"cli.search.naissance": {
		en: "--naissance %q is not a date JJ/MM/AAAA",
		fr: "--naissance %q n'est pas une date JJ/MM/AAAA",
	},
	"cli.search.none": {
		en: "no dossier found",
		fr: "aucun dossier trouvé",
	},
	"cli.search.none_left": {
		en: "none left",
		fr: "plus aucune",
	},
	"cli.search.found": {
		en: "%s (operator %s): next free sub-version %s",
		fr: "%s (opérateur %s) : prochaine sous-version libre %s",
	},
	"cli.search.dossier": {
		en: "  %-40s phase %s  created by %s",
		fr: "  %-40s phase %s  créé par %s",
	},
	"cli.flag.partner_searches": {
		en: "only this partner's searches",
		fr: "seulement les recherches de ce partenaire",
	},
	"cli.flag.limit_searches": {
		en: "at most `N` searches (up to 10000)",
		fr: "au plus `N` recherches (jusqu'à 10000)",
	},
	"cli.searches.limit": {
		en: "--limit must be between 1 and 10000",
		fr: "--limit vaut de 1 à 10000",
	},
	"cli.searches.none": {
		en: "no search recorded",
		fr: "aucune recherche enregistrée",
	},
	"cli.searches.by_el": {
		en: "E#L (%s)",
		fr: "E#L (%s)",
	},
	"cli.searches.line": {
		en:     "#%[2]d %[3]s %[4]s by %[5]s: %[6]s, %[1]d dossier found, hash %[7]s",
		enMany: "#%[2]d %[3]s %[4]s by %[5]s: %[6]s, %[1]d dossiers found, hash %[7]s",
		fr:     "n° %[2]d %[3]s %[4]s par %[5]s : %[6]s, %[1]d dossier trouvé, empreinte %[7]s",
		frMany: "n° %[2]d %[3]s %[4]s par %[5]s : %[6]s, %[1]d dossiers trouvés, empreinte %[7]s",
	},
	"cli.flag.partner_imports": {
		en: "only this partner's imports",
		fr: "seulement les imports de ce partenaire",
	},
	"cli.imports.flags_only": {
		en: "imports takes flags only, not %q (imports show ID shows one)",
		fr: "imports ne prend que des options, pas %q (imports show ID en montre un)",
	},
	"cli.imports.consolidated": {
		en: "consolidated",
		fr: "consolidé",
	},
	"cli.imports.not_consolidated": {
		en: "not consolidated (%s)",
		fr: "non consolidé (%s)",
	},
	"cli.imports.line": {
		en: "#%d %s %s %s: %s, %s, %d lines (%d accepted, %d rejected), %d created, %d updated, sha256 %s",
		fr: "n° %d %s %s %s : %s, %s, %d lignes (%d acceptées, %d rejetées), %d créés, %d mis à jour, sha256 %s",
	},
	"cli.imports.show_usage": {
		en: "usage: eleader imports show ID (the number imports lists as #ID)",
		fr: "usage : eleader imports show ID (le numéro que imports affiche en n° ID)",
	},
	"cli.imports.not_a_number": {
		en: "imports show: %q is not an import number (#ID in eleader imports)",
		fr: "imports show : %q n'est pas un numéro d'import (n° ID dans eleader imports)",
	},
	"cli.imports.head": {
		en: "import #%d: %s of %s",
		fr: "import n° %d : %s de %s",
	},
	"cli.imports.started": {
		en: "  started   %s, ended %s",
		fr: "  début     %s, fin %s",
	},
	"cli.imports.verdict": {
		en: "  verdict   %s: %d lines, %d accepted, %d rejected, %d dossiers",
		fr: "  verdict   %s : %d lignes, %d acceptées, %d rejetées, %d dossiers",
	},
	"cli.imports.store_consolidated": {
		en: "  store     consolidated: %d dossiers created, %d updated",
		fr: "  base      consolidé : %d dossiers créés, %d mis à jour",
	},
	"cli.imports.store_rejected": {
		en: "  store     not consolidated: the file is rejected whole, for the file errors below",
		fr: "  base      non consolidé : le fichier est rejeté en entier, pour les erreurs de fichier ci-dessous",
	},
	"cli.imports.store_not": {
		en: "  store     not consolidated: %s",
		fr: "  base      non consolidé : %s",
	},
	"cli.imports.qualification": {
		en: "  partner   in qualification: the file was judged, nothing consolidated",
		fr: "  partenaire en qualification : le fichier a été jugé, rien n'est consolidé",
	},
	"cli.imports.file_errors": {
		en: "  file errors (the whole file is rejected):",
		fr: "  erreurs de fichier (le fichier entier est rejeté) :",
	},
	"cli.operator_code": {
		en: "operator code %q: want four characters A-Z or 0-9",
		fr: "code opérateur %q : il faut quatre caractères A-Z ou 0-9",
	},
	"cli.no_operators": {
		en: "--operators is needed: the partner's operator codes, e.g. --operators ADIE,ADI2",
		fr: "il faut --operators : les codes opérateur du partenaire, par exemple --operators ADIE,ADI2",
	},

	// run, deposit, runs, purge, demo (run.go).
	"cli.flag.depots": {
		en: "the `directory` holding each partner's deposits and history",
		fr: "le `répertoire` des dépôts et de l'historique de chaque partenaire",
	},
	"cli.flag.outbox": {
		en: "where reports are written as .eml files when no SMTP server is set (ELEADER_SMTP_HOST …)",
		fr: "où les rapports sont écrits en fichiers .eml sans serveur SMTP (ELEADER_SMTP_HOST …)",
	},
	"cli.flag.now": {
		en: "run once, now, and exit",
		fr: "un passage, maintenant, puis fin",
	},
	"cli.flag.mail_max_mb": {
		en: "the most a report's email attaches, in `MiB`, its rejects file and their Excel twin together: zipped beyond, and beyond even zipped the first rejected lines and the report's address instead (0: never attach them)",
		fr: "le plus qu'un courriel de rapport joint, en `Mio`, son fichier de rejets et sa version Excel ensemble : zippés au-delà, et au-delà même zippés, les premières lignes rejetées et l'adresse du rapport à la place (0 : ne jamais les joindre)",
	},
	"cli.mail_max_mb.bad": {
		en: "--mail-max-mb must be 0 (never attach the rejects) up to %d (MiB): mail servers take no more",
		fr: "--mail-max-mb va de 0 (ne jamais joindre les rejets) à %d (Mio) : les serveurs de courriel n'en prennent pas plus",
	},
	"cli.flag.partner_run": {
		en: "only this partner (with --now)",
		fr: "seulement ce partenaire (avec --now)",
	},
	"cli.flag.at": {
		en: "the daily run's time of day, `HH:MM`, Europe/Paris",
		fr: "l'heure du passage quotidien, `HH:MM`, Europe/Paris",
	},
	"cli.flag.grace": {
		en: "how long a run leaves alone a file of a deposit folder it will not import, after its last change (0: none)",
		fr: "combien de temps un passage laisse en place un fichier d'un répertoire de dépôt qu'il n'importera pas, après sa dernière modification (0 : aucun)",
	},
	"cli.run.grace": {
		en: "--grace must not be negative",
		fr: "--grace ne peut pas être négatif",
	},
	"cli.run.partner_now": {
		en: "--partner needs --now (the daily run takes every partner)",
		fr: "--partner demande --now (le passage quotidien prend tous les partenaires)",
	},
	"cli.run.daily": {
		en: "daily runs at %s Europe/Paris; Ctrl-C stops",
		fr: "passages quotidiens à %s Europe/Paris ; Ctrl-C arrête",
	},
	"cli.run.clock": {
		en: "--at %q is not a time of day HH:MM",
		fr: "--at %q n'est pas une heure HH:MM",
	},
	"cli.run.not_activated": {
		en: "sheet of %s not activated: %s",
		fr: "fiche de %s non activée : %s",
	},
	"cli.run.activated_token": {
		en: "%s activated; its token, shown this once: %s",
		fr: "%s activé ; son jeton, affiché cette seule fois : %s",
	},
	"cli.run.activated": {
		en: "%s activated",
		fr: "%s activé",
	},
	"cli.run.summary": {
		en: "run #%d (%s): %s — %d active partners, %d files imported, %d superseded, %d set aside in refuses/, %d duplicates deleted, %d busy elsewhere, %d failed; %d lines, %d accepted, %d rejected",
		fr: "passage n° %d (%s) : %s — %d partenaires actifs, %d fichiers importés, %d remplacés, %d mis de côté dans refuses/, %d doublons supprimés, %d occupés ailleurs, %d en échec ; %d lignes, %d acceptées, %d rejetées",
	},
	"cli.run.no_partner": {
		en: "no active partner: create one (eleader partners create), or try the demo (eleader demo)",
		fr: "aucun partenaire actif : créez-en un (eleader partners create), ou essayez la démonstration (eleader demo)",
	},
	"cli.flag.partner_deposit": {
		en: "the partner's `identifier`",
		fr: "l'`identifiant` du partenaire",
	},
	"cli.deposit.no_partner": {
		en: "no partner %q: create its connection sheet first (eleader partners create)",
		fr: "pas de partenaire %q : créez d'abord sa fiche de raccordement (eleader partners create)",
	},
	"cli.deposit.deposited": {
		en: "%s deposited for %s (%d bytes, sha256 %s)",
		fr: "%s déposé pour %s (%d octets, sha256 %s)",
	},
	"cli.flag.limit_runs": {
		en: "how many runs",
		fr: "combien de passages",
	},
	"cli.flag.keep": {
		en: "how many `days` history files, rejected lines and searches are kept",
		fr: "combien de `jours` sont gardés les fichiers d'historique, les lignes rejetées et les recherches",
	},
	"cli.purge.keep": {
		en: "--keep must be at least 1 day",
		fr: "--keep vaut au moins 1 jour",
	},
	"cli.purge.done": {
		en: "purged %d files (history, refuses/, leftovers of interrupted writes), the rejected lines of %d reports and %d searches of the audit older than %d days",
		fr: "supprimés : %d fichiers (historique, refuses/, restes d'écritures interrompues), les lignes rejetées de %d rapports et %d recherches du journal de plus de %d jours",
	},
	"cli.demo.token": {
		en: `partner demo is ACTIVEE (qualification); its token, shown this once:
  %s`,
		fr: `le partenaire demo est ACTIVEE (qualification) ; son jeton, affiché cette seule fois :
  %s`,
	},
	"cli.demo.already": {
		en: "%s: already deposited or imported",
		fr: "%s : déjà déposé ou importé",
	},
	"cli.demo.deposited": {
		en: "%s deposited (%d bytes)",
		fr: "%s déposé (%d octets)",
	},
	"cli.demo.now": {
		en: "now: eleader run --now",
		fr: "ensuite : eleader run --now",
	},

	// serve (serve.go, serve_uses.go).
	"cli.flag.addr": {
		en: "the `address` to listen on (HOST:PORT; :8080 for every interface)",
		fr: "l'`adresse` d'écoute (HÔTE:PORT ; :8080 pour toutes les interfaces)",
	},
	"cli.flag.data_serve": {
		en: "the data `directory`",
		fr: "le `répertoire` des données",
	},
	"cli.flag.db_default": {
		en: " (default DIR/eleader.db)",
		fr: " (par défaut DIR/eleader.db)",
	},
	"cli.flag.demo": {
		en: "create the demo partner and print its token and a curl line",
		fr: "créer le partenaire de démonstration et afficher son jeton et une ligne curl",
	},
	"cli.flag.import": {
		en: "when uploads are imported: `now` or daily",
		fr: "quand les dépôts sont importés : `now` (aussitôt) ou daily (chaque jour)",
	},
	"cli.flag.max_mb": {
		en: "the size limit of an uploaded file, in `MiB`",
		fr: "la taille maximale d'un fichier déposé, en `Mio`",
	},
	"cli.flag.tls_cert": {
		en: "serve HTTPS with this certificate `file` (PEM, with its chain)",
		fr: "servir HTTPS avec ce `fichier` de certificat (PEM, avec sa chaîne)",
	},
	"cli.flag.tls_key": {
		en: "the private key `file` of --tls-cert",
		fr: "le `fichier` de la clé privée de --tls-cert",
	},
	"cli.flag.client_certs": {
		en: "accept TLS client certificates of active connection sheets instead of tokens (needs --tls-cert)",
		fr: "accepter les certificats clients TLS des fiches de raccordement actives au lieu des jetons (demande --tls-cert)",
	},
	"cli.flag.log": {
		en: "log `format` on stderr: text or json",
		fr: "`format` du journal sur stderr : text ou json",
	},
	"cli.flag.sftp_addr": {
		en: "also serve SFTP on this `address` (HOST:PORT); off when empty",
		fr: "servir aussi SFTP à cette `adresse` (HÔTE:PORT) ; désactivé si vide",
	},
	"cli.flag.sftp_host_key": {
		en: "the SFTP host key, an SSH private key `file` (default: DIR/%s, drawn at first start)",
		fr: "la clé d'hôte SFTP, un `fichier` de clé privée SSH (par défaut : DIR/%s, tirée au premier démarrage)",
	},
	"cli.flag.search_rate": {
		en: "how many dossier searches a partner may make in an hour (`N`; 0: no limit), counted in the store across instances",
		fr: "combien de recherches de dossier un partenaire peut faire par heure (`N` ; 0 : sans limite), comptées dans la base, toutes instances confondues",
	},
	"cli.flag.check_rate": {
		en: "how many dry runs (POST /api/v1/checks) a partner may make in an hour (`N`; 0: no limit), counted in the store across instances",
		fr: "combien d'essais à blanc (POST /api/v1/checks) un partenaire peut faire par heure (`N` ; 0 : sans limite), comptés dans la base, toutes instances confondues",
	},
	"cli.flag.uploads_per_partner": {
		en: "how many uploads one partner may have in progress at once on this instance (`N`; 0: no limit)",
		fr: "combien de dépôts un partenaire peut avoir en cours à la fois sur cette instance (`N` ; 0 : sans limite)",
	},
	"cli.flag.uploads": {
		en: "how many uploads every partner together may have in progress at once on this instance (`N`; 0: no limit)",
		fr: "combien de dépôts tous les partenaires ensemble peuvent avoir en cours à la fois sur cette instance (`N` ; 0 : sans limite)",
	},
	"cli.flag.public_url": {
		en: "the `address` people reach the service at, for the links of emails (default $ELEADER_PUBLIC_URL, else the listening address)",
		fr: "l'`adresse` à laquelle on joint le service, pour les liens des courriels (par défaut $ELEADER_PUBLIC_URL, sinon l'adresse d'écoute)",
	},
	"cli.flag.metrics_addr": {
		en: "serve /metrics on this `address` only (HOST:PORT), instead of on --addr",
		fr: "servir /metrics à cette seule `adresse` (HÔTE:PORT), au lieu de --addr",
	},
	"cli.flag.metrics_token": {
		en: "ask scrapers of /metrics for this bearer `token` (better from ELEADER_METRICS_TOKEN: a command line shows in ps)",
		fr: "demander ce `jeton` porteur aux collecteurs de /metrics (mieux par ELEADER_METRICS_TOKEN : une ligne de commande se voit dans ps)",
	},
	"cli.serve.max_mb": {
		en: "--max-mb must be positive",
		fr: "--max-mb doit être positif",
	},
	"cli.serve.search_rate": {
		en: "--search-rate and --check-rate must be 0 (no limit) or positive",
		fr: "--search-rate et --check-rate valent 0 (sans limite) ou plus",
	},
	"cli.serve.uploads": {
		en: "--uploads-per-partner and --uploads must be 0 (no limit) or positive",
		fr: "--uploads-per-partner et --uploads valent 0 (sans limite) ou plus",
	},
	"cli.serve.tls_pair": {
		en: "--tls-cert and --tls-key go together",
		fr: "--tls-cert et --tls-key vont ensemble",
	},
	"cli.serve.client_certs": {
		en: "--client-certs needs --tls-cert and --tls-key (client certificates come with TLS)",
		fr: "--client-certs demande --tls-cert et --tls-key (les certificats clients viennent avec TLS)",
	},
	"cli.serve.not_hostport": {
		en: "--%s %q is not HOST:PORT",
		fr: "--%s %q n'est pas de la forme HÔTE:PORT",
	},
	"cli.serve.host_key": {
		en: "--sftp-host-key needs --sftp-addr",
		fr: "--sftp-host-key demande --sftp-addr",
	},
	"cli.serve.public_url": {
		en: "--public-url %q is not an address like https://eleader.example",
		fr: "--public-url %q n'est pas une adresse comme https://eleader.example",
	},
	"cli.serve.tls": {
		en: "TLS: %v",
		fr: "TLS : %v",
	},
	"cli.serve.serving": {
		en: "serving on %s",
		fr: "en service sur %s",
	},
	"cli.serve.stop": {
		en: "Ctrl-C (uploads in flight complete)",
		fr: "Ctrl-C (les dépôts en cours se terminent)",
	},
	"cli.serve.demo_token": {
		en: `demo partner %q (qualification: files are judged, not consolidated); its token, shown this once:
  %s`,
		fr: `partenaire de démonstration %q (qualification : les fichiers sont jugés, non consolidés) ; son jeton, affiché cette seule fois :
  %s`,
	},
	"cli.serve.demo_send": {
		en: "send a file (an export generated for the demo: %d lines, %d of them with an error; dated %s, a day no real export carries):",
		fr: "envoyez un fichier (un export généré pour la démonstration : %d lignes, dont %d avec une erreur ; daté du %s, un jour qu'aucun vrai export ne porte) :",
	},
	"cli.serve.demo_report": {
		en: "then see its report on %s/ (sign in with the token), or: curl -H 'Authorization: fmetoken token=%s' %s/api/v1/files",
		fr: "puis voyez son rapport sur %s/ (connexion avec le jeton), ou : curl -H 'Authorization: fmetoken token=%s' %s/api/v1/files",
	},
	"cli.serve.demo_client": {
		en: "or, a partner's way: export ELEADER_URL=%s ELEADER_TOKEN=%s, then",
		fr: "ou, comme un partenaire : export ELEADER_URL=%s ELEADER_TOKEN=%s, puis",
	},
	"cli.serve.demo_client_cmds": {
		en: "  eleader send --dry-run FILE   E#L's verdict, nothing kept;   eleader send --wait FILE   sent, and the import's verdict",
		fr: "  eleader send --dry-run FICHIER   le verdict d'E#L, rien n'est gardé ;   eleader send --wait FICHIER   envoyé, et le verdict de l'import",
	},
	"cli.serve.demo_portal": {
		en: "the portal: open %s/connexion and ask for a link for one of",
		fr: "le portail : ouvrez %s/connexion et demandez un lien pour l'une de ces personnes",
	},
	"cli.serve.demo_operator": {
		en: "  %-28s an E#L operator: the console",
		fr: "  %-28s un opérateur d'E#L : la console",
	},
	"cli.serve.demo_manager": {
		en: "  %-28s modification on demo, and on %s (no sheet yet: create it)",
		fr: "  %-28s modification sur demo, et sur %s (pas encore de fiche : créez-la)",
	},
	"cli.serve.demo_outbox": {
		en: "the link lands in %s as an .eml file; in the demo it is printed here too",
		fr: "le lien arrive dans %s en fichier .eml ; en démonstration, il est aussi affiché ici",
	},
	"cli.serve.demo_link": {
		en: "demo: sign-in link for %s (15 minutes, once): %s",
		fr: "démonstration : lien de connexion pour %s (15 minutes, une fois) : %s",
	},
	"cli.serve.label.api": {
		en: "upload API",
		fr: "API de dépôt",
	},
	"cli.serve.label.web": {
		en: "web page",
		fr: "page web",
	},
	"cli.serve.label.portal": {
		en: "portal",
		fr: "portail",
	},
	"cli.serve.label.probes": {
		en: "probes",
		fr: "sondes",
	},
	"cli.serve.label.metrics": {
		en: "metrics",
		fr: "métriques",
	},
	"cli.serve.label.store": {
		en: "store",
		fr: "base",
	},
	"cli.serve.label.data": {
		en: "data",
		fr: "données",
	},
	"cli.serve.label.reports": {
		en: "reports",
		fr: "rapports",
	},
	"cli.serve.label.imports": {
		en: "imports",
		fr: "importations",
	},
	"cli.serve.label.limits": {
		en: "limits",
		fr: "limites",
	},
	"cli.serve.label.settings": {
		en: "settings",
		fr: "réglages",
	},
	"cli.serve.label.stop": {
		en: "stop",
		fr: "arrêt",
	},
	"cli.serve.imports_daily": {
		en: "daily at %s Europe/Paris (--import now for each upload at once)",
		fr: "chaque jour à %s Europe/Paris (--import now pour chaque dépôt aussitôt)",
	},
	"cli.serve.imports_now": {
		en: "each upload at once; and daily at %s Europe/Paris",
		fr: "chaque dépôt aussitôt ; et chaque jour à %s Europe/Paris",
	},
	"cli.serve.tls_off": {
		en: "off: plain HTTP (put a TLS proxy in front, or give --tls-cert and --tls-key)",
		fr: "désactivé : HTTP simple (mettez un mandataire TLS devant, ou donnez --tls-cert et --tls-key)",
	},
	"cli.serve.tls_cert": {
		en: "certificate %s",
		fr: "certificat %s",
	},
	"cli.serve.tls_clients": {
		en: "; client certificates of active connection sheets accepted",
		fr: " ; certificats clients des fiches de raccordement actives acceptés",
	},
	"cli.serve.bearer": {
		en: " (bearer token)",
		fr: " (jeton porteur)",
	},
	"cli.serve.use_portal": {
		en: "%s/raccordements, console %s/console (people sign in by an emailed link)",
		fr: "%s/raccordements, console %s/console (connexion par un lien envoyé par courriel)",
	},
	"cli.serve.use_probes": {
		en: "%s/healthz (alive), %s/readyz (ready)",
		fr: "%s/healthz (en vie), %s/readyz (prêt)",
	},
	"cli.serve.use_data": {
		en: "%s (deposits in depots/, session.key)",
		fr: "%s (dépôts dans depots/, session.key)",
	},
	"cli.serve.no_limit": {
		en: "no limit on %s",
		fr: "pas de limite pour %s",
	},
	"cli.serve.uploads_partner": {
		en: "uploads in progress per partner",
		fr: "dépôts en cours par partenaire",
	},
	"cli.serve.in_all": {
		en: "in all",
		fr: "en tout",
	},
	"cli.serve.searches_hour": {
		en: "searches per partner and hour",
		fr: "recherches par partenaire et par heure",
	},
	"cli.serve.checks_hour": {
		en: "dry runs per partner and hour",
		fr: "essais à blanc par partenaire et par heure",
	},
	"cli.serve.attach": {
		en: "reports' emails attach up to %d MiB of rejects",
		fr: "les courriels des rapports joignent jusqu'à %d Mio de rejets",
	},
	"cli.serve.attach_none": {
		en: "reports' emails attach no rejects",
		fr: "les courriels des rapports ne joignent aucun rejet",
	},
	"cli.serve.limits": {
		en: "uploads up to %d MiB, each received within %s; %s, %s; %s; %s; %s",
		fr: "dépôts jusqu'à %d Mio, chacun reçu en %s au plus ; %s, %s ; %s ; %s ; %s",
	},
	"cli.serve.smtp_bad": {
		en: "SMTP misconfigured: %s",
		fr: "SMTP mal configuré : %s",
	},
	"cli.serve.outbox": {
		en: "written as .eml files in %s (no SMTP server: set ELEADER_SMTP_HOST …)",
		fr: "écrits en fichiers .eml dans %s (pas de serveur SMTP : réglez ELEADER_SMTP_HOST …)",
	},
	"cli.serve.smtp": {
		en: "sent by SMTP through %s (%s",
		fr: "envoyés par SMTP via %s (%s",
	},
	"cli.serve.smtp_as": {
		en: ", as %s",
		fr: ", en tant que %s",
	},
	"cli.serve.smtp_from": {
		en: ", from %s",
		fr: ", de %s",
	},
	"cli.serve.environment": {
		en: "environment: %s",
		fr: "environnement : %s",
	},

	// people (people.go).
	"cli.unknown_subcommand": {
		en: "unknown %s command %q",
		fr: "commande %s inconnue : %q",
	},
	"cli.flag.by_change": {
		en: "who makes the change, for the record",
		fr: "qui fait la modification, pour l'historique",
	},
	"cli.flag.partner_right": {
		en: "the partner's `identifier`",
		fr: "l'`identifiant` du partenaire",
	},
	"cli.flag.operator_role": {
		en: "the E#L operator role",
		fr: "le rôle d'opérateur d'E#L",
	},
	"cli.flag.right": {
		en: "the right on --partner: `modification` (create, edit, submit, reveal the token) or consultation (read, export)",
		fr: "le droit sur --partner : `modification` (créer, modifier, soumettre, révéler le jeton) ou consultation (lire, exporter)",
	},
	"cli.flag.outbox_invite": {
		en: "where the invitation is written as .eml when no SMTP server is set (ELEADER_SMTP_HOST …)",
		fr: "où l'invitation est écrite en .eml sans serveur SMTP (ELEADER_SMTP_HOST …)",
	},
	"cli.flag.url_invite": {
		en: "the portal's public `address`, for the invitation (default $ELEADER_PUBLIC_URL; none: no invitation)",
		fr: "l'`adresse` publique du portail, pour l'invitation (par défaut $ELEADER_PUBLIC_URL ; sans elle, pas d'invitation)",
	},
	"cli.flag.partner_people": {
		en: "only the people with a right on this partner",
		fr: "seulement les personnes qui ont un droit sur ce partenaire",
	},
	"cli.flag.partner_actions": {
		en: "only the actions on this partner",
		fr: "seulement les actions sur ce partenaire",
	},
	"cli.flag.person_actions": {
		en: "only the actions on this person, or by them",
		fr: "seulement les actions sur cette personne, ou faites par elle",
	},
	"cli.flag.limit_actions": {
		en: "the most to show",
		fr: "le nombre maximal à afficher",
	},
	"cli.people.add_either": {
		en: "people add: give either --operator, or --partner with --right",
		fr: "people add : donnez soit --operator, soit --partner avec --right",
	},
	"cli.people.operator": {
		en: "%s: E#L operator (the console)",
		fr: "%s : opérateur d'E#L (la console)",
	},
	"cli.people.add_needs": {
		en: "people add: give --partner ID and --right modification|consultation, or --operator",
		fr: "people add : donnez --partner ID et --right modification|consultation, ou --operator",
	},
	"cli.people.right": {
		en: "%s: %s on %s",
		fr: "%s : %s sur %s",
	},
	"cli.people.unchanged": {
		en: " (unchanged: they had it already)",
		fr: " (inchangé : la personne l'avait déjà)",
	},
	"cli.people.invited": {
		en: "; invited by email",
		fr: " ; invitée par courriel",
	},
	"cli.people.invite_failed": {
		en: "; the invitation could not be sent: %s",
		fr: " ; l'invitation n'a pu être envoyée : %s",
	},
	"cli.people.no_invite": {
		en: "; no invitation sent (set ELEADER_PUBLIC_URL or --url): tell them to sign in on the portal with their email",
		fr: " ; aucune invitation envoyée (réglez ELEADER_PUBLIC_URL ou --url) : dites-lui de se connecter au portail avec son adresse",
	},
	"cli.people.no_sheet": {
		en: "%s has no connection sheet yet: they create it in the portal",
		fr: "%s n'a pas encore de fiche de raccordement : la personne la crée dans le portail",
	},
	"cli.people.remove_either": {
		en: "people remove: give --partner ID, or --operator, or neither (the whole person)",
		fr: "people remove : donnez --partner ID, ou --operator, ou aucun des deux (la personne entière)",
	},
	"cli.people.not_operator": {
		en: "%s: no longer an operator",
		fr: "%s : n'est plus opérateur",
	},
	"cli.people.no_right": {
		en: "%s: no right on %s any more",
		fr: "%s : plus aucun droit sur %s",
	},
	"cli.people.removed": {
		en: "%s: removed, with their rights; their sessions ended",
		fr: "%s : retirée, avec ses droits ; ses sessions ont pris fin",
	},
	"cli.people.none": {
		en: "no person",
		fr: "aucune personne",
	},
	"cli.people.operator_role": {
		en: "operator",
		fr: "opérateur",
	},
	"cli.people.yes": {
		en: "yes",
		fr: "oui",
	},
	"cli.people.no": {
		en: "no",
		fr: "non",
	},
	"cli.people.card": {
		en: `person    %s
operator  %s
rights    %s
since     %s`,
		fr: `personne  %s
opérateur %s
droits    %s
depuis    %s`,
	},
	"cli.people.actions": {
		en: "actions:",
		fr: "actions :",
	},
	"cli.people.no_action": {
		en: "no action recorded",
		fr: "aucune action enregistrée",
	},

	// reports (reports.go).
	"cli.flag.partner_reports": {
		en: "only this partner's reports",
		fr: "seulement les rapports de ce partenaire",
	},
	"cli.flag.state": {
		en: "only reports in this `state`: pending, sent or failed",
		fr: "seulement les rapports dans cet `état` : pending (à envoyer), sent (envoyé) ou failed (en échec)",
	},
	"cli.reports.not_a_number": {
		en: "%q is not a report number",
		fr: "%q n'est pas un numéro de rapport",
	},
	"cli.reports.head": {
		en: "report #%d, %s%s",
		fr: "rapport n° %d, %s%s",
	},
	"cli.reports.attachment": {
		en: "[attachment %s, %d bytes]",
		fr: "[pièce jointe %s, %d octets]",
	},
	"cli.reports.none_due": {
		en: "no report due",
		fr: "aucun rapport à envoyer",
	},
	"cli.reports.delivery": {
		en: "report #%d (%s, %s): %s%s",
		fr: "rapport n° %d (%s, %s) : %s%s",
	},
	"cli.reports.none": {
		en: "no report",
		fr: "aucun rapport",
	},
	"cli.reports.notice": {
		en: "#%d %s %-14s notice: %d files set aside, %d superseded — %s%s",
		fr: "n° %d %s %-14s avis : %d fichiers mis de côté, %d remplacés — %s%s",
	},
	"cli.reports.line": {
		en: "#%d %s %-14s %s: %s, %d/%d rejected — %s%s",
		fr: "n° %d %s %-14s %s : %s, %d/%d rejetées — %s%s",
	},
	"cli.reports.failed_attempts": {
		en:     "%[2]s (%[1]d failed attempt)",
		enMany: "%[2]s (%[1]d failed attempts)",
		fr:     "%[2]s (%[1]d tentative échouée)",
		frMany: "%[2]s (%[1]d tentatives échouées)",
	},

	// partners (partners.go).
	"cli.colon": {
		en: "%s: %s",
		fr: "%s : %s",
	},
	"cli.flag.by_sheet": {
		en: "who makes the change, for the sheet's history",
		fr: "qui fait la modification, pour l'historique de la fiche",
	},
	"cli.flag.id": {
		en: "the partner's `identifier`, as its file names carry it",
		fr: "l'`identifiant` du partenaire, tel que le portent ses noms de fichier",
	},
	"cli.flag.comment_why": {
		en: "why, for the history",
		fr: "pourquoi, pour l'historique",
	},
	"cli.flag.outbox_people": {
		en: "where the emails to the partner's people are written as .eml when no SMTP server is set (ELEADER_SMTP_HOST …)",
		fr: "où les courriels aux personnes du partenaire sont écrits en .eml sans serveur SMTP (ELEADER_SMTP_HOST …)",
	},
	"cli.flag.filter_partner": {
		en: "identifiers containing this",
		fr: "les identifiants qui contiennent ceci",
	},
	"cli.flag.filter_status": {
		en: "a sheet `status` (BROUILLON, ENVOYEE, ACTIVEE, DESACTIVEE, ENVOYEE_MAJ)",
		fr: "un `statut` de fiche (BROUILLON, ENVOYEE, ACTIVEE, DESACTIVEE, ENVOYEE_MAJ)",
	},
	"cli.flag.environment": {
		en: "qualification or production",
		fr: "qualification ou production",
	},
	"cli.flag.filter_channel": {
		en: "api, web or sftp (depot: sftp's former name)",
		fr: "api, web ou sftp (depot : l'ancien nom de sftp)",
	},
	"cli.flag.qualified": {
		en: "`yes`: the partners that passed a qualification; no: those that did not",
		fr: "`yes` : les partenaires qui ont réussi une qualification ; no : les autres",
	},
	"cli.flag.output": {
		en: "write to this `file` instead of standard output",
		fr: "écrire dans ce `fichier` au lieu de la sortie standard",
	},
	"cli.flag.sheet_name": {
		en: "the organisation's `name`",
		fr: "le `nom` de la structure",
	},
	"cli.flag.sheet_operators": {
		en: "operator `codes`, comma-separated (four characters A-Z 0-9)",
		fr: "les `codes` opérateur, séparés par des virgules (quatre caractères A-Z 0-9)",
	},
	"cli.flag.sheet_channels": {
		en: "`channels`, comma-separated: api, web, sftp (depot: sftp's former name)",
		fr: "les `canaux`, séparés par des virgules : api, web, sftp (depot : l'ancien nom de sftp)",
	},
	"cli.flag.sheet_mode": {
		en: "partial (bad lines skipped) or complete (one bad line rejects the file)",
		fr: "partial (les lignes en erreur sont écartées) ou complete (une ligne en erreur rejette le fichier)",
	},
	"cli.flag.sheet_contact_name": {
		en: "the technical contact's `name`",
		fr: "le `nom` du contact technique",
	},
	"cli.flag.sheet_contact_phone": {
		en: "the technical contact's `phone`",
		fr: "le `téléphone` du contact technique",
	},
	"cli.flag.sheet_contact_email": {
		en: "the technical contact's `email`",
		fr: "l'`adresse` électronique du contact technique",
	},
	"cli.flag.sheet_recipients": {
		en: "report `emails`, comma-separated (default: the contact's)",
		fr: "les `adresses` des rapports, séparées par des virgules (par défaut : celle du contact)",
	},
	"cli.flag.sheet_correspondances": {
		en: "the partner's correspondence table, a CSV `file` (Champ;ValeurPartenaire;ValeurMatrice)",
		fr: "la table de correspondance du partenaire, un `fichier` CSV (Champ;ValeurPartenaire;ValeurMatrice)",
	},
	"cli.flag.sheet_certificate": {
		en: "the client certificate and its chain, a PEM or PKCS#7 (.p7b) `file`; \"-\" removes it",
		fr: "le certificat client et sa chaîne, un `fichier` PEM ou PKCS#7 (.p7b) ; « - » le retire",
	},
	"cli.flag.sheet_comment": {
		en: "a `comment` on the sheet",
		fr: "un `commentaire` sur la fiche",
	},
	"cli.flag.ssh_key": {
		en: "an SSH public key `file` (.pub, or authorized_keys: one key per line, no options) for SFTP; repeatable",
		fr: "un `fichier` de clé publique SSH (.pub, ou authorized_keys : une clé par ligne, sans options) pour SFTP ; répétable",
	},
	"cli.flag.remove_ssh_key": {
		en: "remove the SSH key of this `fingerprint` (SHA256:…, as partners show prints it); repeatable",
		fr: "retirer la clé SSH de cette `empreinte` (SHA256:…, comme l'affiche partners show) ; répétable",
	},
	"cli.partners.create_flags": {
		en: "partners create takes flags only (the identifier is --id), not %q",
		fr: "partners create ne prend que des options (l'identifiant est --id), pas %q",
	},
	"cli.partners.edit_none": {
		en: "partners edit: give at least one sheet flag",
		fr: "partners edit : donnez au moins une option de la fiche",
	},
	"cli.partners.created": {
		en: "created as a draft (BROUILLON)",
		fr: "créée en brouillon (BROUILLON)",
	},
	"cli.partners.edited": {
		en: "edited: now %s",
		fr: "modifiée : désormais %s",
	},
	"cli.partners.submitted": {
		en: "submitted: ENVOYEE, waiting for processing",
		fr: "soumise : ENVOYEE, en attente de traitement",
	},
	"cli.partners.deleted": {
		en: "%s: draft deleted, with its history (the deletion is recorded: eleader people actions --partner %s)",
		fr: "%s : brouillon supprimé, avec son historique (la suppression est enregistrée : eleader people actions --partner %s)",
	},
	"cli.partners.none_to_process": {
		en: "no submitted sheet to process",
		fr: "aucune fiche soumise à traiter",
	},
	"cli.partners.not_activated": {
		en: "%s: not activated (%s): %s",
		fr: "%s : non activée (%s) : %s",
	},
	"cli.partners.activated_token": {
		en: `%s: ACTIVEE; its token, shown this once:
  %s`,
		fr: `%s : ACTIVEE ; son jeton, affiché cette seule fois :
  %s`,
	},
	"cli.partners.activated_reveal": {
		en:     "%[2]s: ACTIVEE; its token waits to be revealed in the portal by its people with the right modification (%[1]d emailed)",
		fr:     "%[2]s : ACTIVEE ; son jeton attend d'être révélé dans le portail par ses personnes qui ont le droit modification (%[1]d prévenue par courriel)",
		frMany: "%[2]s : ACTIVEE ; son jeton attend d'être révélé dans le portail par ses personnes qui ont le droit modification (%[1]d prévenues par courriel)",
	},
	"cli.partners.activated_no_email": {
		en: "%s: ACTIVEE; its token waits to be revealed in the portal by its people with the right modification (no email sent: set ELEADER_PUBLIC_URL)",
		fr: "%s : ACTIVEE ; son jeton attend d'être révélé dans le portail par ses personnes qui ont le droit modification (aucun courriel envoyé : réglez ELEADER_PUBLIC_URL)",
	},
	"cli.partners.activated": {
		en: "%s: ACTIVEE (its token is unchanged)",
		fr: "%s : ACTIVEE (son jeton est inchangé)",
	},
	"cli.partners.deactivated": {
		en: "deactivated: its token no longer works",
		fr: "désactivée : son jeton ne fonctionne plus",
	},
	"cli.partners.rotated": {
		en: `%s: new token, shown this once (the old one is revoked):
  %s`,
		fr: `%s : nouveau jeton, affiché cette seule fois (l'ancien est révoqué) :
  %s`,
	},
	"cli.partners.revoked": {
		en: "%s: token revoked",
		fr: "%s : jeton révoqué",
	},
	"cli.partners.none": {
		en: "no partner",
		fr: "aucun partenaire",
	},
	"cli.partners.qual_not": {
		en: "not passed",
		fr: "non réussie",
	},
	"cli.partners.qual_passed": {
		en: "passed on %s",
		fr: "réussie le %s",
	},
	"cli.partners.card": {
		en: `partner       %s (%s)
status        %s
environment   %s (qualification %s)
mode          %s
channels      %s
operators     %s`,
		fr: `partenaire    %s (%s)
statut        %s
environnement %s (qualification %s)
mode          %s
canaux        %s
opérateurs    %s`,
	},
	"cli.partners.card_contact": {
		en: `contact       %s, %s, %s
reports to    %s
correspondences %d`,
		fr: `contact       %s, %s, %s
rapports à    %s
correspondances %d`,
	},
	"cli.partners.card_certificate": {
		en: `certificate   %s
  issuer      %s
  serial      %s
  valid       %s to %s
  key usage   %s; %s
  sha256      %s`,
		fr: `certificat    %s
  émetteur    %s
  numéro      %s
  validité    du %s au %s
  usages      %s ; %s
  sha256      %s`,
	},
	"cli.partners.cert_refused": {
		en: "certificate   refused now: %v",
		fr: "certificat    refusé désormais : %v",
	},
	"cli.partners.ssh_keys": {
		en: "ssh keys      (SFTP logins)",
		fr: "clés ssh      (connexions SFTP)",
	},
	"cli.partners.ssh_refused": {
		en: "  refused: %s",
		fr: "  refusée : %s",
	},
	"cli.partners.ssh_none": {
		en: "ssh keys      none: channel sftp, but no login possible yet (partners edit %s --ssh-key FILE.pub)",
		fr: "clés ssh      aucune : canal sftp, mais aucune connexion possible pour l'instant (partners edit %s --ssh-key FICHIER.pub)",
	},
	"cli.partners.token_reveal": {
		en: "token         waiting to be revealed in the portal (since %s)",
		fr: "jeton         en attente de révélation dans le portail (depuis le %s)",
	},
	"cli.partners.token_none": {
		en: "token         none (issued at activation)",
		fr: "jeton         aucun (émis à l'activation)",
	},
	"cli.partners.token_revoked": {
		en: "token         %s, revoked",
		fr: "jeton         %s, révoqué",
	},
	"cli.partners.token": {
		en: "token         %s, issued %s",
		fr: "jeton         %s, émis le %s",
	},
	"cli.partners.comments": {
		en: "comments      %s",
		fr: "commentaires  %s",
	},
	"cli.partners.to_fix": {
		en: "to fix before submitting:",
		fr: "à corriger avant de soumettre :",
	},
	"cli.partners.history": {
		en: "history:",
		fr: "historique :",
	},
	"cli.partners.written": {
		en: "%d partners written (tokens are not exported: rotate one for each active partner)",
		fr: "%d partenaires écrits (les jetons ne sont pas exportés : renouvelez-en un pour chaque partenaire actif)",
	},

	// Settings (settings.go) and the SFTP host key (sftp.go).
	"cli.flag.data": {
		en: "the data `directory`: --db, --depots and --outbox default to DIR/eleader.db, DIR/depots and DIR/outbox",
		fr: "le `répertoire` des données : --db, --depots et --outbox valent par défaut DIR/eleader.db, DIR/depots et DIR/outbox",
	},
	"cli.flag.config": {
		en: "a settings `file`, TOML (.toml) or YAML (.yaml, .yml), one key per flag (db = \"…\"); flags and ELEADER_* variables win over it",
		fr: "un `fichier` de réglages, TOML (.toml) ou YAML (.yaml, .yml), une clé par option (db = \"…\") ; les options et les variables ELEADER_* l'emportent sur lui",
	},
	"cli.settings.too_large": {
		en: "%s: a settings file is at most %d bytes",
		fr: "%s : un fichier de réglages fait au plus %d octets",
	},
	"cli.settings.kind": {
		en: "%s: a settings file is TOML (.toml) or YAML (.yaml, .yml)",
		fr: "%s : un fichier de réglages est en TOML (.toml) ou en YAML (.yaml, .yml)",
	},
	"cli.settings.comma": {
		en: "a list item holds a comma: %q",
		fr: "un élément de liste contient une virgule : %q",
	},
	"cli.settings.table": {
		en: "a table: settings are top-level keys, one per flag",
		fr: "une table : les réglages sont des clés de premier niveau, une par option",
	},
	"cli.settings.type": {
		en: "a %s: write it as a string (in quotes)",
		fr: "un %s : écrivez-le comme une chaîne (entre guillemets)",
	},
	"cli.sftp.key_create": {
		en: "SFTP host key %s: %s",
		fr: "clé d'hôte SFTP %s : %s",
	},
	"cli.sftp.key_read": {
		en: "SFTP host key: %s",
		fr: "clé d'hôte SFTP : %s",
	},
	"cli.sftp.key_mode": {
		en: "SFTP host key %s is readable by others (%s): chmod 600 %s",
		fr: "la clé d'hôte SFTP %s est lisible par d'autres (%s) : chmod 600 %s",
	},
	"cli.sftp.key_passphrase": {
		en: "SFTP host key %s is protected by a passphrase: give a key without one (ssh-keygen -t ed25519 -N '' -f FILE)",
		fr: "la clé d'hôte SFTP %s est protégée par une phrase secrète : donnez une clé sans (ssh-keygen -t ed25519 -N '' -f FICHIER)",
	},
	"cli.sftp.key_bad": {
		en: "SFTP host key %s is not an SSH private key (OpenSSH or PEM): %s",
		fr: "la clé d'hôte SFTP %s n'est pas une clé privée SSH (OpenSSH ou PEM) : %s",
	},

	// The progress bar (progress.go), and what is left.
	"cli.progress.left": {
		en: "  %s left",
		fr: "  reste %s",
	},
	"cli.serve.sftp_line": {
		en: "sftp -P %s IDENTIFIANT@%s   (host key %s)",
		fr: "sftp -P %s IDENTIFIANT@%s   (clé d'hôte %s)",
	},
	"cli.serve.session_key": {
		en: "%s is not a session key (64 hexadecimal digits): delete it to draw a new one",
		fr: "%s n'est pas une clé de session (64 chiffres hexadécimaux) : supprimez-la pour en tirer une nouvelle",
	},
	"cli.serve.demo_names": {
		en: "the demo partner used every name of ten years from 2017",
		fr: "le partenaire de démonstration a utilisé tous les noms de dix années depuis 2017",
	},
	"cli.settings.no_value": {
		en: "no value",
		fr: "aucune valeur",
	},
	"cli.settings.key": {
		en: "%s: key %q: %s",
		fr: "%s : clé %q : %s",
	},
}
