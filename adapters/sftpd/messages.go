package sftpd

import (
	"errors"
	"fmt"
	"strings"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
)

// What the server tells partners, in French: they read it in their SFTP
// client (the session's standard error, and the status messages).
const (
	msgBanner          = "E#L – dépôt SFTP des partenaires. Connexion par clé SSH enregistrée sur votre fiche de raccordement.\n"
	msgOnlySFTP        = "E#L : ce serveur n'offre que SFTP (sftp -P PORT identifiant@serveur) : ni commande ni terminal."
	msgTooManySessions = "E#L : trop de connexions simultanées pour ce partenaire (au plus %d) : réessayez quand les autres seront terminées."
	msgNoLongerValid   = "votre connexion n'est plus valide (clé retirée ou fiche de raccordement désactivée) : reconnectez-vous, ou contactez E#L."
	msgWhereToPut      = "%s : déposez vos fichiers dans depot/ (cd depot, puis put AAAAMMJJ-IDENTIFIANT.csv)."
	msgIsDirectory     = "%s est un répertoire."
	msgNotDirectory    = "%s n'est pas un répertoire."
	msgReportsReadOnly = "rapports/ est en lecture seule : il contient les rejets de vos rapports, à télécharger (get)."
	msgDepotWriteOnly  = "%s attend son import : un dépôt ne se relit pas ; ls -l donne sa taille, rm le retire pour le renvoyer corrigé."
	msgTooManyUploads  = "au plus %d envois à la fois par connexion : fermez les fichiers en cours avant d'en ouvrir d'autres."
	msgNoResume        = "la reprise d'un envoi interrompu n'est pas possible : renvoyez le fichier en entier."
	msgTooLarge        = "%s dépasse la taille maximale acceptée, %s : rien n'a été gardé ; contactez E#L."
	msgNoRename        = "renommer un fichier déposé n'est pas possible : retirez-le (rm) puis renvoyez-le sous le bon nom."
	msgNoDirectories   = "les répertoires de votre espace sont fixes (depot/, rapports/) : on n'en crée ni n'en supprime."
	msgNoLinks         = "les liens ne sont pas possibles dans votre espace."
	msgImportUnderWay  = "%s est en cours d'import : il ne peut plus être retiré pour l'instant ; réessayez dans quelques minutes."
	msgAlreadyHandled  = "%s a déjà été traité par un import : il ne peut plus être retiré."
	msgInternal        = "erreur interne du service E#L : réessayez plus tard ; si elle persiste, contactez E#L."
	nomenclature       = "AAAAMMJJ-IDENTIFIANT.csv"
	// A name already used: what was used, then what to do, whether the
	// file still waits for its import (rm frees the name) or not.
	msgNameUsed    = "un fichier nommé %s a déjà été déposé : un nom ne sert qu'une fois."
	msgExportUsed  = "l'export %s a déjà été déposé sous le nom %s : un export ne s'envoie qu'une fois, en CSV ou en classeur."
	msgUsedWaiting = " Envoyez l'export sous la date suivante (AAAAMMJJ-%s.csv), ou retirez (rm) le fichier qui attend encore son import. Rien n'a été gardé."
	msgUsedHandled = " Il a été traité par un import le %s : envoyez l'export sous la date suivante (AAAAMMJJ-%s.csv). Rien n'a été gardé."
)

// frenchRefusal says in French why the front door refused a file.
func frenchRefusal(err error, partner, name string, limit int64) string {
	shown := importer.CutName(name)
	var fe *importer.FileNameError
	switch eleader.ErrorCode(err) {
	case eleader.EBADNAME:
		example := "AAAAMMJJ-" + partner + ".csv"
		if errors.As(err, &fe) {
			switch fe.Problem {
			case importer.NamePath:
				return fmt.Sprintf("le nom %s est refusé : donnez le nom seul, sans répertoire ni caractère de contrôle, de la forme %s.", shown, example)
			case importer.NameWorkbook:
				return fmt.Sprintf("le fichier %s est un classeur d'un format que E#L ne lit pas : enregistrez-le au format « Classeur Excel (.xlsx) » ou en « CSV UTF-8 (délimité par des points-virgules) » et envoyez-le sous un nom de la forme %s (ou .xlsx).", shown, example)
			case importer.NameExtension:
				return fmt.Sprintf("le nom %s est refusé : l'extension doit être .csv ou .xlsx, en minuscules ; forme attendue %s (par exemple 20261116-%s.csv). Rien n'a été gardé.", shown, example, partner)
			case importer.NameDate:
				return fmt.Sprintf("le nom %s est refusé : il doit commencer par la date de l'export, AAAAMMJJ (une date qui existe), suivie d'un tiret ; forme attendue %s. Rien n'a été gardé.", shown, example)
			case importer.NamePartner:
				return fmt.Sprintf("le nom %s est refusé : après le tiret vient votre identifiant, %s ; forme attendue %s. Rien n'a été gardé.", shown, partner, example)
			}
		}
		return fmt.Sprintf("le nom %s est refusé : il doit être de la forme %s. Rien n'a été gardé.", shown, example)
	case eleader.ENOTFOUND, eleader.EFORBIDDEN:
		return fmt.Sprintf("le fichier %s n'est pas à votre nom : un partenaire ne dépose que ses propres fichiers, nommés AAAAMMJJ-%s.csv. Rien n'a été gardé.", shown, partner)
	case eleader.ECONFLICT:
		var used *eleader.UsedName
		found := errors.As(err, &used)
		msg := fmt.Sprintf(msgNameUsed, shown)
		if found && used.Name != name {
			msg = fmt.Sprintf(msgExportUsed, shown, importer.CutName(used.Name))
		}
		if found && used.State != eleader.FileWaiting {
			return msg + fmt.Sprintf(msgUsedHandled, used.At.Format("02/01/2006"), partner) // rm can no longer free the name
		}
		return msg + fmt.Sprintf(msgUsedWaiting, partner)
	case eleader.ETOOLARGE:
		return fmt.Sprintf(msgTooLarge, shown, importer.SizeFR(limit))
	case eleader.EUNSUPPORTED:
		return fmt.Sprintf("le fichier %s est un classeur, que ce service E#L ne convertit pas : envoyez-le en CSV UTF-8 (délimité par des points-virgules), sous le nom AAAAMMJJ-%s.csv. Rien n'a été gardé.", shown, partner)
	case eleader.EREJECTED:
		if r, ok := eleader.AsRejection(err); ok && len(r.Errors) > 0 {
			msgs := make([]string, len(r.Errors))
			for i, e := range r.Errors {
				msgs[i] = e.French
				if msgs[i] == "" {
					msgs[i] = e.Message
				}
			}
			return fmt.Sprintf("le fichier %s est refusé : %s. Corrigez-le et renvoyez-le. Rien n'a été gardé.", shown, strings.TrimSuffix(strings.Join(msgs, " ; "), "."))
		}
	}
	// A refusal of the file itself (its content): the service's message
	// names what is wrong.
	return fmt.Sprintf("le fichier %s est refusé : %s. Rien n'a été gardé.", shown, strings.TrimSuffix(eleader.ErrorMessage(err), "."))
}
