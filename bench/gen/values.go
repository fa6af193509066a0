package gen

import (
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// The tables below feed realistic values: French first names and surnames
// (accents, hyphens, apostrophes), communes of Île-de-France with their
// postcodes, NAF codes with a project of that activity, financers and their
// networks. They are read-only.

var womenNames = []string{
	"Amélie", "Élodie", "Hélène", "Chloé", "Léa", "Inès", "Zoé", "Maëlle", "Noémie", "Cécile",
	"Françoise", "Anaïs", "Océane", "Mélanie", "Aïcha", "Fatoumata", "Yasmine", "Sarah", "Camille", "Manon",
	"Julie", "Marie-Thérèse", "Léonie", "Agnès", "Nadia", "Samira", "Awa", "Linh", "Émilie", "Ophélie",
	"Bérénice", "Sophie", "Nathalie", "Isabelle", "Khadija", "Leïla", "Clémence", "Margaux", "Rose", "Joëlle",
}

var menNames = []string{
	"Karim", "Jérôme", "Hervé", "Cédric", "Loïc", "Benoît", "Théo", "Mathéo", "Raphaël", "Noé",
	"Gaël", "Joël", "Mamadou", "Mehdi", "Moussa", "Jean-Baptiste", "Sofiane", "Thomas", "Nicolas", "Julien",
	"François", "Stéphane", "Grégoire", "Adrien", "Yanis", "Bilal", "Ousmane", "Minh", "Frédéric", "Aurélien",
	"Rémi", "Léo", "Hugo", "Lucas", "Ibrahim", "Samuel", "Olivier", "Sébastien", "Antoine", "Jean-Noël",
}

var surnames = []string{
	"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
	"Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
	"Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Legrand", "Garnier",
	"Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Perrin", "Morin", "Mathieu", "Clément",
	"Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Masson", "Nguyen", "Boyer", "Denis",
	"Lemaire", "Duval", "Joly", "Noël", "Meyer", "Pérez", "Marchand", "Dufour", "Barbier", "Brunet",
	"Benali", "Diallo", "Traoré", "Haddad", "Koné", "Mendy", "Belkacem", "Cissé", "Ouattara", "Boukhris",
	"Hébert", "Lécuyer", "D'Almeida", "Le Goff", "Saint-Just", "Da Silva", "N'Diaye", "Bouchaïb", "Lefèbvre", "Benoît",
}

// commune is a place of residence: its postcode and name.
type commune struct{ cp, name string }

var communes = []commune{
	{"75010", "Paris"}, {"75011", "Paris"}, {"75013", "Paris"}, {"75018", "Paris"}, {"75019", "Paris"},
	{"75020", "Paris"}, {"93200", "Saint-Denis"}, {"93100", "Montreuil"}, {"93000", "Bobigny"}, {"93140", "Bondy"},
	{"93300", "Aubervilliers"}, {"93400", "Saint-Ouen-sur-Seine"}, {"93600", "Aulnay-sous-Bois"},
	{"93800", "Épinay-sur-Seine"}, {"93500", "Pantin"}, {"93270", "Sevran"}, {"93390", "Clichy-sous-Bois"},
	{"94000", "Créteil"}, {"94200", "Ivry-sur-Seine"}, {"94400", "Vitry-sur-Seine"}, {"94500", "Champigny-sur-Marne"},
	{"94240", "L'Haÿ-les-Roses"}, {"94800", "Villejuif"}, {"92000", "Nanterre"}, {"92230", "Gennevilliers"},
	{"92700", "Colombes"}, {"92390", "Villeneuve-la-Garenne"}, {"92110", "Clichy"}, {"95200", "Sarcelles"},
	{"95100", "Argenteuil"}, {"95140", "Garges-lès-Gonesse"}, {"95000", "Cergy"}, {"95400", "Villiers-le-Bel"},
	{"91000", "Évry-Courcouronnes"}, {"91100", "Corbeil-Essonnes"}, {"91200", "Athis-Mons"},
	{"78200", "Mantes-la-Jolie"}, {"78190", "Trappes"}, {"77100", "Meaux"}, {"77000", "Melun"},
}

var streets = []string{
	"rue de la Paix", "avenue Jean-Jaurès", "rue Victor-Hugo", "boulevard de la République", "allée des Érables",
	"rue Gabriel-Péri", "place de l'Église", "rue du Général-Leclerc", "avenue Paul-Vaillant-Couturier",
	"rue Émile-Zola", "chemin des Vignes", "rue Pierre-Sémard", "cité des Fleurs", "rue Henri-Barbusse",
	"impasse des Lilas", "avenue de Stalingrad", "rue Aristide-Briand", "quai de la Marne",
}

// Extras of an address line; some hold a ';' or a newline, which the writer
// quotes.
var addressExtras = []string{
	"", "", "", "", "", "", "", "", "bis ", "ter ",
}

var addressSuffixes = []string{
	"Bât. C, esc. 2", "Résidence Les Tilleuls; bâtiment B", "chez M. et Mme Haddad",
	"appartement 12\nbâtiment A", "Tour « Les Mimosas »; 8e étage", "BP 42",
}

// activity is a NAF code and a project of that activity.
type activity struct{ naf, project string }

var activities = []activity{
	{"47.91B", "Vente en ligne de cosmétiques naturels"},
	{"56.10C", `Food-truck "Le Petit Creux"`},
	{"96.02A", "Salon de coiffure afro à domicile"},
	{"49.41B", "Transport de colis en véhicule léger"},
	{"62.01Z", "Développement d'applications mobiles"},
	{"43.21A", "Électricité générale du bâtiment"},
	{"81.21Z", "Nettoyage de bureaux; copropriétés"},
	{"74.10Z", "Studio de design graphique"},
	{"85.59A", "Formation au numérique pour seniors"},
	{"10.71C", "Boulangerie-pâtisserie « Au Fournil de Léa »"},
	{"47.89Z", "Vente de vêtements sur les marchés"},
	{"93.13Z", "Salle de sport de quartier"},
	{"45.20A", "Garage de réparation automobile"},
	{"49.32Z", "Chauffeur VTC"},
	{"86.90F", "Cabinet de sophrologie"},
	{"70.22Z", "Conseil en gestion pour TPE"},
	{"14.13Z", "Atelier de couture et retouches"},
	{"88.91A", "Micro-crèche bilingue"},
	{"56.30Z", "Café associatif et épicerie solidaire"},
	{"47.11B", "Épicerie fine; produits « bio » et locaux"},
	{"9602B", "Institut de beauté"},
	{"4932Z", "Taxi conventionné"},
}

// financer is an organisation granting financing and the network it reports to.
type financer struct{ name, network string }

var financers = []financer{
	{"France Active Île-de-France", "FRANCE_ACTIVE"}, {"Adie", "ADIE"}, {"Initiative Plaine Commune", "INITIATIVE"},
	{"Initiative Essonne", "INITIATIVE"}, {"Réseau Entreprendre Paris", "RESEAU_ENTREPRENDRE"}, {"BGE Parif", "BGE"},
	{"Bpifrance", "AUTRE"}, {"BNP Paribas", "AUTRE"}, {"Crédit Mutuel", "AUTRE"}, {"Région Île-de-France", "AUTRE"},
}

var events = []string{
	"Atelier « business plan »", "Réunion d'information collective", "Formation \"Gérer sa trésorerie\"",
	"Salon des entrepreneurs; Paris Expo", "Atelier statut juridique", "Rencontre réseau des créatrices",
	"Atelier « business plan »\nsession de mars", "Petit-déjeuner des financeurs", "Atelier prix de vente",
	"Formation réseaux sociaux\n(niveau 1)",
}

var emailDomains = []string{"gmail.com", "orange.fr", "free.fr", "laposte.net", "outlook.fr", "yahoo.fr", "sfr.fr", "hotmail.fr"}

// counsellors are the operator's staff, "Prénom Nom".
var counsellors = []string{
	"Claire Martin", "Sébastien Roux", "Inès Haddad", "Jérôme Lefèvre", "Awa Diallo", "Hélène Garnier",
	"Mathieu Perrin", "Nadia Benali", "Olivier Dumont", "Émilie Chevalier",
}

// day numbers: days since 1970-01-01, for date arithmetic.

func dayOf(d matrice.Date) int {
	return int(time.Date(d.Year(), time.Month(d.Month()), d.Day(), 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func dateOfDay(day int) matrice.Date {
	return matrice.DateOf(time.Unix(int64(day)*86400, 0).UTC())
}

// appendDate appends a day as JJ/MM/AAAA.
func appendDate(b []byte, day int) []byte {
	d := dateOfDay(day)
	b = append(b, byte('0'+d.Day()/10), byte('0'+d.Day()%10), '/', byte('0'+d.Month()/10), byte('0'+d.Month()%10), '/')
	return append(b, byte('0'+d.Year()/1000), byte('0'+d.Year()/100%10), byte('0'+d.Year()/10%10), byte('0'+d.Year()%10))
}

// appendDigits appends n random digits.
func (r *run) appendDigits(b []byte, n int) []byte {
	for range n {
		b = append(b, byte('0'+r.rng.IntN(10)))
	}
	return b
}

// appendSIRET appends a 14-digit SIRET with a valid Luhn key (never a La
// Poste one, whose key is different).
func (r *run) appendSIRET(b []byte) []byte {
	start := len(b)
	b = append(b, byte('1'+r.rng.IntN(9)))
	b = r.appendDigits(b, 12)
	b = append(b, '0')
	d := b[start:]
	if string(d[:9]) == "356000000" { // La Poste: another key; never drawn but by a one-in-a-billion chance
		d[1] = '1'
	}
	sum := 0
	for i := 13; i >= 0; i-- {
		n := int(d[i] - '0')
		if (13-i)%2 == 1 {
			n *= 2
			if n > 9 {
				n -= 9
			}
		}
		sum += n
	}
	d[13] = byte('0' + (10-sum%10)%10)
	return b
}

// appendPhone appends a French phone number in one of the ways people
// write them.
func (r *run) appendPhone(b []byte) []byte {
	var digits [10]byte
	digits[0] = '0'
	switch r.rng.IntN(10) {
	case 0, 1:
		digits[1] = '1'
	case 2:
		digits[1] = '9'
	case 3, 4, 5:
		digits[1] = '7'
	default:
		digits[1] = '6'
	}
	for i := 2; i < 10; i++ {
		digits[i] = byte('0' + r.rng.IntN(10))
	}
	switch r.rng.IntN(10) {
	case 0, 1:
		return append(b, digits[:]...)
	case 2:
		return appendPairs(b, digits[:], '.')
	case 3:
		b = append(b, "+33 "...)
		b = append(b, digits[1])
		b = append(b, ' ')
		return appendPairs(b, digits[2:], ' ')
	}
	return appendPairs(b, digits[:], ' ')
}

func appendPairs(b, digits []byte, sep byte) []byte {
	for i := 0; i < len(digits); i += 2 {
		if i > 0 {
			b = append(b, sep)
		}
		b = append(b, digits[i], digits[i+1])
	}
	return b
}

// appendFolded appends s in lower case without accents, apostrophes or
// spaces, as people write their names in e-mail addresses.
func appendFolded(b []byte, s string) []byte {
	for _, c := range s {
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-':
			b = append(b, byte(c))
		case 'A' <= c && c <= 'Z':
			b = append(b, byte(c+'a'-'A'))
		case c < utf8.RuneSelf:
			// apostrophes, spaces: dropped
		default:
			b = append(b, fold(c)...)
		}
	}
	return b
}

// fold returns the unaccented lower-case letters of an accented letter.
func fold(c rune) string {
	switch c {
	case 'à', 'â', 'ä', 'á', 'À', 'Â':
		return "a"
	case 'ç', 'Ç':
		return "c"
	case 'é', 'è', 'ê', 'ë', 'É', 'È', 'Ê':
		return "e"
	case 'î', 'ï', 'Î':
		return "i"
	case 'ô', 'ö', 'Ô':
		return "o"
	case 'ù', 'û', 'ü':
		return "u"
	case 'ÿ':
		return "y"
	case 'œ':
		return "oe"
	}
	return ""
}

// nafSection returns the NAF rev. 2 section (A–U) of a NAF code, from its
// division (the first two digits).
func nafSection(naf string) string {
	div, _ := strconv.Atoi(naf[:2])
	switch {
	case div <= 3:
		return "A"
	case div <= 9:
		return "B"
	case div <= 33:
		return "C"
	case div == 35:
		return "D"
	case div <= 39:
		return "E"
	case div <= 43:
		return "F"
	case div <= 47:
		return "G"
	case div <= 53:
		return "H"
	case div <= 56:
		return "I"
	case div <= 63:
		return "J"
	case div <= 66:
		return "K"
	case div == 68:
		return "L"
	case div <= 75:
		return "M"
	case div <= 82:
		return "N"
	case div == 84:
		return "O"
	case div == 85:
		return "P"
	case div <= 88:
		return "Q"
	case div <= 93:
		return "R"
	case div <= 96:
		return "S"
	case div <= 98:
		return "T"
	}
	return "U"
}
