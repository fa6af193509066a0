package httpapi

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/importer"
)

// The French words of the sign-in, the portal and the console that are not
// in their templates: messages, labels of statuses, channels, rights and
// history entries, the wording of sheet and certificate problems. Kept
// together so that a catalog can take them over.

const (
	textSessionOver   = "Votre session a expiré ou n'est plus valide : reconnectez-vous."
	textForeignForm   = "Ce formulaire ne vient pas de cette page : rechargez-la et recommencez."
	textBadEmail      = "Saisissez une adresse électronique complète, de la forme nom@domaine.fr."
	textTooManyLinks  = "Trop de demandes de lien de connexion depuis votre poste : réessayez dans un quart d'heure."
	textLinkSent      = "Si cette adresse est celle d'une personne habilitée, un lien de connexion vient de lui être envoyé. Ouvrez-le dans les 15 minutes ; il ne sert qu'une fois. Rien reçu ? Vérifiez l'adresse et les courriers indésirables, ou demandez à E#L de vous habiliter."
	textLinkUnknown   = "Ce lien de connexion n'est pas valide : demandez-en un nouveau."
	textLinkUsed      = "Ce lien de connexion a déjà servi : un lien ne sert qu'une fois. Demandez-en un nouveau."
	textLinkExpired   = "Ce lien de connexion a expiré : il n'est valable que 15 minutes. Demandez-en un nouveau."
	textLinkMalformed = "Ce lien de connexion est incomplet : ouvrez le lien du courriel en entier, ou demandez-en un nouveau."
)

// statusLabels are the statuses as seed 004 names them.
var statusLabels = map[eleader.SheetStatus]string{
	eleader.StatusDraft:       "Brouillon",
	eleader.StatusSent:        "Envoyée",
	eleader.StatusActive:      "Activée",
	eleader.StatusDeactivated: "Désactivée",
	eleader.StatusSentUpdate:  "Envoyée MAJ",
}

func statusLabel(s eleader.SheetStatus) string {
	if l, ok := statusLabels[s]; ok {
		return l
	}
	return string(s)
}

// channelLabels name the channels; a channel without a label shows its code.
var channelLabels = map[eleader.Channel]string{
	eleader.ChannelAPI:  "API (système d'information)",
	eleader.ChannelWeb:  "Web (page de dépôt)",
	eleader.ChannelSFTP: "SFTP",
}

// searchKindLabels name the kinds of a search of the audit.
var searchKindLabels = map[string]string{
	eleader.SearchIdentity: "identité (nom, prénom, date de naissance)",
	eleader.SearchSIRET:    "SIRET",
}

// searchChannelLabel names how a search was made: a channel, or E#L's
// command line.
func searchChannelLabel(c string) string {
	if c == "cli" {
		return "ligne de commande E#L"
	}
	return channelLabel(eleader.Channel(c))
}

func channelLabel(c eleader.Channel) string {
	if l, ok := channelLabels[c]; ok {
		return l
	}
	return string(c)
}

var rightLabels = map[eleader.Right]string{
	eleader.RightConsultation: "Consultation",
	eleader.RightModification: "Modification",
}

func rightLabel(r eleader.Right) string {
	if l, ok := rightLabels[r]; ok {
		return l
	}
	return string(r)
}

var modeLabels = map[importer.Mode]string{
	importer.ModePartial:  "Partielle",
	importer.ModeComplete: "Complète",
}

var environmentLabels = map[eleader.Environment]string{
	eleader.Qualification: "Qualification",
	eleader.Production:    "Production",
}

// actionLabels name the recorded actions.
var actionLabels = map[string]string{
	eleader.ActionGrant:       "Droit donné",
	eleader.ActionRevoke:      "Droit retiré",
	eleader.ActionOperator:    "Rôle d'opérateur",
	eleader.ActionRemove:      "Personne retirée",
	eleader.ActionSignIn:      "Connexion",
	eleader.ActionResend:      "Rapport renvoyé",
	eleader.ActionDeleteDraft: "Brouillon supprimé",
}

// historyLabels word the service's history comments, by prefix; anything
// else (a comment typed by E#L) shows as it is.
var historyLabels = []struct{ prefix, label string }{
	{"created", "Fiche créée"},
	{"submitted", "Fiche soumise"},
	{"activated", "Fiche activée"},
	{"reactivated", "Fiche réactivée"},
	{"deactivated", "Fiche désactivée"},
	{"edited", "Fiche modifiée"},
	{"not activated: ", "Fiche non activée : "},
	{"token rotated: ", "Jeton renouvelé : "},
	{"token revoked: ", "Jeton révoqué : "},
	{"token revealed in the portal: ", "Jeton révélé dans l'espace raccordements : "},
	{"token ready to be revealed in the portal: emailed ", "Jeton prêt à être révélé ; courriel envoyé à "},
	{"token ready to be revealed in the portal: ", "Jeton prêt à être révélé : "},
	{"token rotation told: emailed ", "Renouvellement du jeton annoncé par courriel à "},
	{"token rotation told: ", "Renouvellement du jeton : "},
	{"qualification passed: ", "Qualification réussie : "},
	{"restored from a partners export", "Restaurée depuis un export des fiches"},
}

// historyComment words a history comment in French.
func historyComment(c string) string {
	for _, l := range historyLabels {
		if strings.HasPrefix(c, l.prefix) {
			rest := strings.TrimPrefix(c, l.prefix)
			rest = strings.Replace(rest, " people with the right modification", " personne(s) ayant le droit Modification", 1)
			rest = strings.Replace(rest, "production needs a successful qualification import first (no file error, no rejected line): send a file in qualification",
				"la production demande d'abord un import de qualification réussi (aucune erreur de fichier, aucune ligne rejetée) : envoyez un fichier en qualification", 1)
			return l.label + rest
		}
	}
	return c
}

// fieldLabels name a sheet's fields as the form does.
var fieldLabels = map[string]string{
	"partner":          "Partenaire",
	"name":             "Raison sociale",
	"operators":        "Codes opérateur",
	"channels":         "Canaux",
	"mode":             "Mode de traitement",
	"environment":      "Environnement",
	"contact.name":     "Contact technique : nom et prénom",
	"contact.phone":    "Contact technique : téléphone",
	"contact.email":    "Contact technique : adresse électronique",
	"reportRecipients": "Destinataires des rapports",
	"correspondences":  "Tables de correspondance",
	"certificate":      "Certificat",
	"comments":         "Commentaires",
	"sshKeys":          "Clés SSH",
}

// fieldLabel names a field of a FieldError ("operators[1]" → "Codes
// opérateur, n° 2").
func fieldLabel(field string) string {
	base, index, _ := strings.Cut(field, "[")
	l, ok := fieldLabels[base]
	if !ok {
		l = field
	}
	if index != "" {
		var n int
		if _, err := fmt.Sscanf(index, "%d]", &n); err == nil {
			l += fmt.Sprintf(", n° %d", n+1)
		}
	}
	return l
}

// fieldMessage words a sheet problem in French.
func fieldMessage(fe eleader.FieldError) string {
	v := fe.Value
	switch fe.Check {
	case "required":
		return "à renseigner"
	case "min":
		return "au moins " + fe.Param + " à donner"
	case "max":
		return "trop long : " + fe.Param + " caractères au plus"
	case "unique":
		return "une valeur y figure deux fois"
	case "email":
		return fmt.Sprintf("« %s » n'est pas une adresse électronique", v)
	case "tel":
		return fmt.Sprintf("« %s » n'est pas un numéro de téléphone (10 chiffres commençant par 0, ou + et 8 à 15 chiffres)", v)
	case "partnerid":
		return fmt.Sprintf("« %s » n'est pas un identifiant : 2 à 63 caractères parmi a-z, 0-9, _ et -, commençant par une lettre ou un chiffre", v)
	case "opercode":
		return fmt.Sprintf("« %s » n'est pas un code opérateur : quatre caractères A-Z ou 0-9", v)
	case "oneof":
		return fmt.Sprintf("« %s » n'est pas une valeur prévue", v)
	case "certificate":
		return "refusé : " + certificateReason(fe.Err)
	case "sshkey":
		return "refusée : " + sshKeyReason(fe.Err)
	case "sshkey_dup":
		n, _ := strconv.Atoi(fe.Param)
		return fmt.Sprintf("la clé %s figure déjà en n° %d : donnez chaque clé une fois", v, n+1)
	case "sshkeys_max":
		return fmt.Sprintf("%s clés, plus que les %s qu'une fiche peut porter", v, fe.Param)
	}
	// Correspondence tables and anything else: the service's words.
	return fe.Message
}

// sshKeyReason says in French why an SSH key is refused (the cause
// eleader.ParseSSHKey gives), and what to send instead.
func sshKeyReason(err error) string {
	var ke *eleader.SSHKeyError
	if !errors.As(err, &ke) {
		if err == nil {
			return "clé illisible"
		}
		return eleader.ErrorMessage(err)
	}
	switch ke.Problem {
	case eleader.SSHKeyEmpty:
		return "la clé est vide : collez le contenu du fichier .pub, par exemple « ssh-ed25519 AAAA… nom@machine »."
	case eleader.SSHKeyTooLong:
		return "la ligne est plus longue que toute clé publique : donnez une clé par ligne."
	case eleader.SSHKeyPrivate:
		return "c'est une clé privée : donnez la clé publique (le fichier .pub) et gardez la clé privée secrète."
	case eleader.SSHKeyLines:
		return "la clé tient sur plusieurs lignes : une clé par ligne."
	case eleader.SSHKeyRFC4716:
		return "c'est une clé au format RFC 4716 (SSH2) : convertissez-la avec « ssh-keygen -i -f FICHIER » et collez le résultat."
	case eleader.SSHKeyUnreadable:
		return "ce n'est pas une clé publique SSH : il faut « TYPE BASE64 [COMMENTAIRE] », comme dans un fichier .pub (ssh-keygen -t ed25519 en crée une)."
	case eleader.SSHKeyOptions:
		return fmt.Sprintf("la ligne commence par des options (%s) : le serveur SFTP d'E#L n'en applique aucune, elles sont donc refusées ; donnez la clé sans elles.", ke.Detail)
	case eleader.SSHKeySeveral:
		return "plusieurs clés sur une ligne : une clé par ligne."
	case eleader.SSHKeyCertificate:
		return fmt.Sprintf("c'est un certificat SSH (%s) : donnez la clé publique qu'il certifie.", ke.Detail)
	case eleader.SSHKeyDSA:
		return "les clés DSA (ssh-dss) sont refusées, comme OpenSSH les refuse : créez une clé Ed25519 (ssh-keygen -t ed25519)."
	case eleader.SSHKeyType:
		return fmt.Sprintf("le type de clé « %s » n'est pas accepté : ssh-ed25519, ecdsa-sha2-nistp256/384/521, ou ssh-rsa d'au moins 2048 bits.", ke.Detail)
	case eleader.SSHKeyRSABits:
		return fmt.Sprintf("cette clé RSA n'a que %d bits, moins de 2048 : créez une clé Ed25519 (ssh-keygen -t ed25519) ou une clé RSA plus longue.", ke.Bits)
	}
	return eleader.ErrorMessage(err)
}

// certificateReason says in French why a certificate is refused.
func certificateReason(err error) string {
	ce, ok := err.(*eleader.CertificateError)
	if !ok {
		if err == nil {
			return "certificat illisible"
		}
		return err.Error()
	}
	date := func(t time.Time) string { return t.Format("02/01/2006 à 15:04 UTC") }
	switch ce.Code {
	case eleader.CertEmpty:
		return "le fichier est vide."
	case eleader.CertUnreadable:
		return "ce n'est pas un certificat : envoyez des certificats PEM ou un fichier PKCS#7 (.p7b)."
	case eleader.CertPrivateKey:
		return "le fichier contient une clé privée : envoyez seulement le certificat et sa chaîne, et gardez la clé secrète."
	case eleader.CertBlock:
		return fmt.Sprintf("le fichier contient un bloc PEM « %s » : seuls CERTIFICATE et PKCS7 sont attendus.", ce.Other)
	case eleader.CertNone:
		return "le fichier ne contient aucun certificat."
	case eleader.CertOrder:
		return fmt.Sprintf("chaîne rompue : les certificats ne sont pas dans l'ordre (certificat %d « %s », certificat %d « %s ») ; mettez le certificat du partenaire en premier, puis chaque émetteur.", ce.Index, ce.Subject, ce.OtherIndex, ce.Other)
	case eleader.CertBroken:
		return fmt.Sprintf("chaîne rompue : le certificat %d « %s » n'est pas émis par le certificat %d « %s ».", ce.Index, ce.Subject, ce.OtherIndex, ce.Other)
	case eleader.CertLeaves:
		return fmt.Sprintf("chaîne rompue : %d certificats du fichier n'en émettent aucun autre ; il faut un seul certificat de partenaire et ses émetteurs.", ce.Count)
	case eleader.CertNotInChain:
		return fmt.Sprintf("chaîne rompue : « %s » ne fait pas partie de la chaîne de « %s ».", ce.Subject, ce.Other)
	case eleader.CertSelfSigned:
		return fmt.Sprintf("« %s » est auto-signé : un certificat client doit être émis par une autorité de certification.", ce.Subject)
	case eleader.CertNotYetValid:
		return fmt.Sprintf("« %s » n'est valable qu'à partir du %s.", ce.Subject, date(ce.At))
	case eleader.CertExpired:
		return fmt.Sprintf("« %s » a expiré le %s.", ce.Subject, date(ce.At))
	case eleader.CertNotCA:
		return fmt.Sprintf("chaîne rompue : « %s » émet « %s » sans être une autorité de certification.", ce.Subject, ce.Other)
	case eleader.CertNotClient:
		return fmt.Sprintf("« %s » n'est pas destiné à l'authentification d'un client (usage étendu : %s ; clientAuth attendu).", ce.Subject, strings.Join(ce.Usages, ", "))
	case eleader.CertNotSigning:
		return fmt.Sprintf("« %s » n'est pas destiné à l'authentification d'un client (usage de la clé sans digitalSignature : %s).", ce.Subject, strings.Join(ce.Usages, ", "))
	case eleader.CertIsCA:
		return fmt.Sprintf("« %s » est une autorité de certification, pas un certificat client.", ce.Subject)
	case eleader.CertTaken:
		return fmt.Sprintf("ce certificat client (« %s ») figure déjà sur la fiche de raccordement de %s : un certificat n'authentifie qu'un partenaire.", ce.Subject, ce.Partner)
	}
	return ce.Error()
}

const textNothingToReveal = "Aucun jeton n'attend d'être révélé pour ce partenaire : il a déjà été révélé (voir l'historique de la fiche), ou la fiche n'est pas encore activée. S'il est perdu, renouvelez-le."

// portalMessage says in French why the service refused a person's action.
func portalMessage(err error) string {
	switch eleader.ErrorCode(err) {
	case eleader.ENOTFOUND:
		return "Introuvable : cette fiche, ce rapport ou cette personne n'existe pas, ou vous n'avez aucun droit dessus."
	case eleader.EFORBIDDEN:
		switch {
		case errors.Is(err, eleader.ErrNotOperator):
			return "Cette page est réservée aux opérateurs d'E#L."
		case errors.Is(err, eleader.ErrELOnly):
			return "Cette action revient à E#L : dans son état actuel, la fiche se consulte seulement."
		}
		return "Votre droit sur ce partenaire est « Consultation » : cette action demande le droit « Modification ». Demandez-le à E#L."
	case eleader.ECONFLICT:
		return "Cette action n'est pas possible dans l'état actuel : la fiche a peut-être changé entre-temps. Rechargez la page et recommencez."
	case eleader.ETOOLARGE:
		return "Le formulaire est trop volumineux : le certificat et la table de correspondance tiennent en quelques kilo-octets."
	case eleader.EINVALID:
		if errors.Is(err, eleader.ErrBadEmail) {
			return "Cette adresse électronique n'est pas valide : saisissez une adresse complète, de la forme nom@domaine.fr."
		}
		return "La demande est invalide : " + eleader.ErrorMessage(err)
	}
	return "Erreur interne du service E#L : réessayez plus tard."
}

// whyReadOnly says why a partner cannot edit its sheet in status.
func whyReadOnly(s eleader.SheetStatus) string {
	switch s {
	case eleader.StatusSent:
		return "E#L la traite : elle sera activée automatiquement si elle est complète et valide."
	case eleader.StatusSentUpdate:
		return "Sa modification attend le traitement d'E#L ; le jeton ne fonctionne plus d'ici là."
	case eleader.StatusDeactivated:
		return "E#L l'a désactivée : contactez E#L pour la réactiver."
	}
	return ""
}
