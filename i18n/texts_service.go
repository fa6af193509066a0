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
}
