package i18n

// serviceTexts are the texts of package eleader that are not an email: the
// ledger's events, the reasons an import consolidated nothing.
var serviceTexts = map[string]entry{
	"event.refused_name": {
		en: "not a file name AAAAMMDD-IDENTIFIANT.csv: %s",
		fr: "pas un nom de fichier AAAAMMJJ-IDENTIFIANT.csv : %s",
	},
	"event.refused_partner": {
		en: "the name of another partner's file (%s)",
		fr: "le nom d'un fichier d'un autre partenaire (%s)",
	},
	"event.refused_used": {
		en: "this name was already used on %s, with other bytes: send it under the next date",
		fr: "ce nom a déjà servi le %s, pour un autre contenu : envoyez-le sous la date suivante",
	},
	"event.refused_export_used": {
		en: "its export date was already used on %s, by %s: send it under the next date",
		fr: "sa date d'export a déjà servi le %s, pour %s : envoyez-le sous la date suivante",
	},
	"event.refused_file": {
		en: "a file error, refused as at every channel's deposit: %s",
		fr: "refusé pour une erreur de fichier, comme à tout dépôt : %s",
	},
	"event.refused_same_date": {
		en: "another file of the same export date came first (%s)",
		fr: "un autre fichier de la même date d'export est arrivé avant (%s)",
	},
	"event.refused_kind": {
		en: "not a regular file (%s)",
		fr: "pas un fichier ordinaire (%s)",
	},
	"event.duplicate": {
		en: "the same bytes as the file already handled under this name: deleted",
		fr: "le même contenu que le fichier déjà traité sous ce nom : supprimé",
	},
	"event.leftover": {
		en: "temporary file of a process that stopped mid-write: deleted",
		fr: "fichier temporaire d'un processus arrêté en pleine écriture : supprimé",
	},
	"event.withdrawn": {
		en: "withdrawn by the partner before its import: deleted",
		fr: "retiré par le partenaire avant son import : supprimé",
	},
	"event.purged": {
		en: "deleted by retention",
		fr: "supprimé au terme de sa durée de conservation",
	},
	"import.reason.file_errors": {
		en: "%s: %s",
		fr: "%s : %s",
	},
	"import.reason.more": {
		en:     "%[2]s: %[3]s (and %[1]d more file error)",
		enMany: "%[2]s: %[3]s (and %[1]d more file errors)",
		fr:     "%[2]s : %[3]s (et %[1]d autre erreur de fichier)",
		frMany: "%[2]s : %[3]s (et %[1]d autres erreurs de fichier)",
	},
	"import.reason.qualification": {
		en: "qualification: judged, not consolidated",
		fr: "qualification : jugé, non consolidé",
	},
	"import.reason.no_line": {
		en: "no line accepted",
		fr: "aucune ligne acceptée",
	},
	"import.reason.not_consolidated": {
		en: "not consolidated",
		fr: "non consolidé",
	},

	// What the SFTP server tells partners (adapters/sftpd), in French: an SFTP client has no language to ask for.
	"sftp.banner": {
		en: `E#L – the partners' SFTP deposit. Sign in with an SSH key recorded on your connection sheet.
`,
		fr: `E#L – dépôt SFTP des partenaires. Connexion par clé SSH enregistrée sur votre fiche de raccordement.
`,
	},
	"sftp.only_sftp": {
		en: "E#L: this server offers SFTP only (sftp -P PORT identifier@server): no command, no terminal.",
		fr: "E#L : ce serveur n'offre que SFTP (sftp -P PORT identifiant@serveur) : ni commande ni terminal.",
	},
	"sftp.too_many_sessions": {
		en: "E#L: too many simultaneous connections for this partner (at most %d): try again when the others are over.",
		fr: "E#L : trop de connexions simultanées pour ce partenaire (au plus %d) : réessayez quand les autres seront terminées.",
	},
	"sftp.prefix": {
		en: "E#L: %s",
		fr: "E#L : %s",
	},
	"sftp.no_longer_valid": {
		en: "your connection is no longer valid (key removed or connection sheet deactivated): sign in again, or contact E#L.",
		fr: "votre connexion n'est plus valide (clé retirée ou fiche de raccordement désactivée) : reconnectez-vous, ou contactez E#L.",
	},
	"sftp.where_to_put": {
		en: "%s: deposit your files in depot/ (cd depot, then put AAAAMMDD-IDENTIFIANT.csv).",
		fr: "%s : déposez vos fichiers dans depot/ (cd depot, puis put AAAAMMJJ-IDENTIFIANT.csv).",
	},
	"sftp.is_directory": {
		en: "%s is a directory.",
		fr: "%s est un répertoire.",
	},
	"sftp.not_directory": {
		en: "%s is not a directory.",
		fr: "%s n'est pas un répertoire.",
	},
	"sftp.reports_read_only": {
		en: "rapports/ is read-only: it holds the rejects of your reports, to download (get).",
		fr: "rapports/ est en lecture seule : il contient les rejets de vos rapports, à télécharger (get).",
	},
	"sftp.depot_write_only": {
		en: "%s waits for its import: a deposit is not read back; ls -l gives its size, rm withdraws it to send it again corrected.",
		fr: "%s attend son import : un dépôt ne se relit pas ; ls -l donne sa taille, rm le retire pour le renvoyer corrigé.",
	},
	"sftp.too_many_uploads": {
		en: "at most %d uploads at once per connection: close the files under way before opening others.",
		fr: "au plus %d envois à la fois par connexion : fermez les fichiers en cours avant d'en ouvrir d'autres.",
	},
	"sftp.no_resume": {
		en: "an interrupted upload cannot be resumed: send the whole file again.",
		fr: "la reprise d'un envoi interrompu n'est pas possible : renvoyez le fichier en entier.",
	},
	"sftp.too_large": {
		en: "%s is larger than the largest size accepted, %s: nothing was kept; contact E#L.",
		fr: "%s dépasse la taille maximale acceptée, %s : rien n'a été gardé ; contactez E#L.",
	},
	"sftp.no_rename": {
		en: "a deposited file cannot be renamed: withdraw it (rm) then send it again under the right name.",
		fr: "renommer un fichier déposé n'est pas possible : retirez-le (rm) puis renvoyez-le sous le bon nom.",
	},
	"sftp.no_directories": {
		en: "the directories of your space are fixed (depot/, rapports/): none is created or removed.",
		fr: "les répertoires de votre espace sont fixes (depot/, rapports/) : on n'en crée ni n'en supprime.",
	},
	"sftp.no_links": {
		en: "links are not possible in your space.",
		fr: "les liens ne sont pas possibles dans votre espace.",
	},
	"sftp.import_under_way": {
		en: "%s is being imported: it cannot be withdrawn for now; try again in a few minutes.",
		fr: "%s est en cours d'import : il ne peut plus être retiré pour l'instant ; réessayez dans quelques minutes.",
	},
	"sftp.already_handled": {
		en: "%s was already handled by an import: it can no longer be withdrawn.",
		fr: "%s a déjà été traité par un import : il ne peut plus être retiré.",
	},
	"sftp.internal": {
		en: "internal error of the E#L service: try again later; if it persists, contact E#L.",
		fr: "erreur interne du service E#L : réessayez plus tard ; si elle persiste, contactez E#L.",
	},
	"sftp.name.path": {
		en: "the name %s is refused: give the name alone, without directory or control character, of the form %s.",
		fr: "le nom %s est refusé : donnez le nom seul, sans répertoire ni caractère de contrôle, de la forme %s.",
	},
	"sftp.name.workbook": {
		en: "the file %s is a workbook of a format E#L does not read: save it as an Excel Workbook (.xlsx) or as CSV UTF-8 (';' separators) and send it under a name of the form %s (or .xlsx).",
		fr: "le fichier %s est un classeur d'un format que E#L ne lit pas : enregistrez-le au format « Classeur Excel (.xlsx) » ou en « CSV UTF-8 (délimité par des points-virgules) » et envoyez-le sous un nom de la forme %s (ou .xlsx).",
	},
	"sftp.name.extension": {
		en: "the name %s is refused: the extension must be .csv or .xlsx, in lower case; expected form %s (for example 20261116-%s.csv). Nothing was kept.",
		fr: "le nom %s est refusé : l'extension doit être .csv ou .xlsx, en minuscules ; forme attendue %s (par exemple 20261116-%s.csv). Rien n'a été gardé.",
	},
	"sftp.name.date": {
		en: "the name %s is refused: it must start with the export's date, AAAAMMDD (a date that exists), then a dash; expected form %s. Nothing was kept.",
		fr: "le nom %s est refusé : il doit commencer par la date de l'export, AAAAMMJJ (une date qui existe), suivie d'un tiret ; forme attendue %s. Rien n'a été gardé.",
	},
	"sftp.name.partner": {
		en: "the name %s is refused: your identifier, %s, follows the dash; expected form %s. Nothing was kept.",
		fr: "le nom %s est refusé : après le tiret vient votre identifiant, %s ; forme attendue %s. Rien n'a été gardé.",
	},
	"sftp.name.other": {
		en: "the name %s is refused: it must be of the form %s. Nothing was kept.",
		fr: "le nom %s est refusé : il doit être de la forme %s. Rien n'a été gardé.",
	},
	"sftp.not_yours": {
		en: "the file %s is not in your name: a partner deposits its own files only, named AAAAMMDD-%s.csv. Nothing was kept.",
		fr: "le fichier %s n'est pas à votre nom : un partenaire ne dépose que ses propres fichiers, nommés AAAAMMJJ-%s.csv. Rien n'a été gardé.",
	},
	"sftp.export_used": {
		en: "the export %s was already deposited under the name %s: an export is sent once, as CSV or as a workbook.",
		fr: "l'export %s a déjà été déposé sous le nom %s : un export ne s'envoie qu'une fois, en CSV ou en classeur.",
	},
	"sftp.name_used": {
		en: "a file named %s was already deposited: a name is used once.",
		fr: "un fichier nommé %s a déjà été déposé : un nom ne sert qu'une fois.",
	},
	// What to do after sftp.export_used or sftp.name_used.
	"sftp.used_waiting": {
		en: "Send the export under the next date (AAAAMMDD-%s.csv), or withdraw (rm) the file that still waits for its import. Nothing was kept.",
		fr: "Envoyez l'export sous la date suivante (AAAAMMJJ-%s.csv), ou retirez (rm) le fichier qui attend encore son import. Rien n'a été gardé.",
	},
	"sftp.used_handled": {
		en: "It was handled by an import on %s: send the export under the next date (AAAAMMDD-%s.csv). Nothing was kept.",
		fr: "Il a été traité par un import le %s : envoyez l'export sous la date suivante (AAAAMMJJ-%s.csv). Rien n'a été gardé.",
	},
	"sftp.no_workbooks": {
		en: "the file %s is a workbook, which this E#L service does not convert: send it as CSV UTF-8 (';' separators), under the name AAAAMMDD-%s.csv. Nothing was kept.",
		fr: "le fichier %s est un classeur, que ce service E#L ne convertit pas : envoyez-le en CSV UTF-8 (délimité par des points-virgules), sous le nom AAAAMMJJ-%s.csv. Rien n'a été gardé.",
	},
	"sftp.rejected": {
		en: "the file %s is refused: %s. Correct it and send it again. Nothing was kept.",
		fr: "le fichier %s est refusé : %s. Corrigez-le et renvoyez-le. Rien n'a été gardé.",
	},
	"sftp.refused": {
		en: "the file %s is refused: %s. Nothing was kept.",
		fr: "le fichier %s est refusé : %s. Rien n'a été gardé.",
	},
}
