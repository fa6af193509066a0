package httpapi

// The French texts of the dry run, of a file's state and of withdrawals
// (issue 13), in one place, for the catalog of texts to come. Each is a
// format: its verbs are said beside it.
const (
	// checkDone: lines, accepted, rejected; then what the import would do.
	textCheckDone = "Vérification à blanc : %d lignes, %d acceptées, %d rejetées. Rien n'a été déposé ni intégré."
	// checkRefused: the file's name; its file errors follow.
	textCheckRefused = "Vérification à blanc : le fichier %s serait refusé au dépôt, rien n'a été gardé : %s."
	// checkRejected: a file error that is not the deposit's (mode).
	textCheckRejected = "Vérification à blanc : le fichier serait rejeté en entier à son import (%s). Rien n'a été déposé ni intégré."
	textCheckWould    = " Son import créerait %d dossiers et en modifierait %d."
	textCheckSame     = " Ce fichier a déjà été intégré tel quel : son import ne changerait rien."
	textCheckQualif   = " Partenaire en qualification : le fichier serait jugé sans être intégré."
	// checkTooMany: dry runs allowed per hour.
	textCheckTooMany = "Trop de vérifications à blanc : un partenaire peut en faire %d par heure au plus."

	// Withdrawals (DELETE /api/v1/files/{name}, the web page's "Retirer").
	textWithdrawn       = "Le fichier %s a été retiré : déposez sa correction sous le même nom."
	textWithdrawHandled = "Le fichier %s a déjà été %s le %s : seul un fichier qui attend encore son import peut être retiré. Envoyez la correction sous la date d'un nouvel export (AAAAMMJJ-%s.csv)."
	textWithdrawBusy    = "Un import de vos fichiers est en cours : réessayez dans quelques minutes."
	textWithdrawUnknown = "Aucun fichier nommé %s n'attend son import dans vos dépôts."
	textNoFile          = "Vous n'avez déposé aucun fichier nommé %s."
)

// stateWord says a ledger state in French, as in "a déjà été importé".
func stateWord(state string) string {
	if state == "superseded" {
		return "remplacé par un export plus récent"
	}
	return "importé"
}
