package main

// Line is one line of a partner file on the default matrice, as a Go
// developer's first try would declare it: a csv tag per column for gocsv,
// and go-playground/validator tags for the matrice's rules, as far as tags
// can say them. Every value is a string, so that one bad number does not
// stop gocsv from reading the whole file.
//
// What the tags cannot say, and this peer does not check (see doc.go):
// trimming, the closing obligations, the patterns (Motif), DEC with a decimal
// comma, TEL and DOSSIER formats, date bounds, date_order, min_age,
// subversion_phase, conflicts between the lines of a dossier, and cell counts.
type Line struct {
	NumeroDossier           string `csv:"NumeroDossier" validate:"required,min=6,max=64,excludesall= ;"`
	Phase                   string `csv:"Phase" validate:"required,oneof=1 2 3"`
	DateDebutPhase          string `csv:"DateDebutPhase" validate:"required,datetime=02/01/2006"`
	DateFinPhase            string `csv:"DateFinPhase" validate:"omitempty,datetime=02/01/2006"`
	MotifFinPhase           string `csv:"MotifFinPhase" validate:"required_with=DateFinPhase,omitempty,oneof=ABOUTI ABANDON REORIENTATION DEMENAGEMENT AUTRE"`
	DateMaj                 string `csv:"DateMaj" validate:"required,datetime=02/01/2006"`
	Conseiller              string `csv:"Conseiller" validate:"omitempty,max=100"`
	Civilite                string `csv:"Civilite" validate:"required,oneof=M MME"`
	Nom                     string `csv:"Nom" validate:"required,max=100"`
	Prenom                  string `csv:"Prenom" validate:"required,max=100"`
	NomNaissance            string `csv:"NomNaissance" validate:"omitempty,max=100"`
	DateNaissance           string `csv:"DateNaissance" validate:"required,datetime=02/01/2006"`
	Email                   string `csv:"Email" validate:"omitempty,email,max=254"`
	Telephone               string `csv:"Telephone" validate:"omitempty,min=10,max=17"`
	Adresse                 string `csv:"Adresse" validate:"omitempty,max=250"`
	CodePostal              string `csv:"CodePostal" validate:"required,number,len=5"`
	Commune                 string `csv:"Commune" validate:"required,max=100"`
	QPV                     string `csv:"QPV" validate:"required,oneof=OUI NON"`
	CodeQPV                 string `csv:"CodeQPV" validate:"required_if=QPV OUI,omitempty,len=8,startswith=Q"`
	NiveauFormation         string `csv:"NiveauFormation" validate:"omitempty,oneof=SANS 3 4 5 6 7 8"`
	SituationEntree         string `csv:"SituationEntree" validate:"omitempty,oneof=DEMANDEUR_EMPLOI SALARIE INDEPENDANT ETUDIANT INACTIF AUTRE"`
	BeneficiaireRSA         string `csv:"BeneficiaireRSA" validate:"omitempty,oneof=OUI NON"`
	RQTH                    string `csv:"RQTH" validate:"omitempty,oneof=OUI NON"`
	Prescripteur            string `csv:"Prescripteur" validate:"omitempty,oneof=FRANCE_TRAVAIL MISSION_LOCALE CITESLAB PARTENAIRE BOUCHE_A_OREILLE RESEAUX_SOCIAUX AUTRE"`
	DateAccueil             string `csv:"DateAccueil" validate:"required,datetime=02/01/2006"`
	ConsentementRGPD        string `csv:"ConsentementRGPD" validate:"required,oneof=OUI NON"`
	IntituleProjet          string `csv:"IntituleProjet" validate:"omitempty,max=250"`
	SecteurActivite         string `csv:"SecteurActivite" validate:"omitempty,oneof=A B C D E F G H I J K L M N O P Q R S T U"`
	FormeJuridiqueEnvisagee string `csv:"FormeJuridiqueEnvisagee" validate:"omitempty,oneof=EI MICRO EURL SASU SARL SAS SCOP ASSOCIATION AUTRE"`
	CreationEntreprise      string `csv:"CreationEntreprise" validate:"omitempty,oneof=OUI NON"`
	DateCreation            string `csv:"DateCreation" validate:"required_if=CreationEntreprise OUI,omitempty,datetime=02/01/2006"`
	SIRET                   string `csv:"SIRET" validate:"required_if=CreationEntreprise OUI,omitempty,number,len=14,luhn_checksum"`
	FormeJuridique          string `csv:"FormeJuridique" validate:"required_if=CreationEntreprise OUI,omitempty,oneof=EI MICRO EURL SASU SARL SAS SCOP ASSOCIATION AUTRE"`
	CodeNAF                 string `csv:"CodeNAF" validate:"omitempty,min=5,max=6"`
	CodePostalEntreprise    string `csv:"CodePostalEntreprise" validate:"omitempty,number,len=5"`
	EmploisCrees            string `csv:"EmploisCrees" validate:"omitempty,number,min=1,max=3"`
	EntrepriseActive        string `csv:"EntrepriseActive" validate:"omitempty,oneof=OUI NON"`
	ChiffreAffaires         string `csv:"ChiffreAffaires" validate:"omitempty,numeric"`
	ReferenceFinancement    string `csv:"ReferenceFinancement" validate:"required_with=TypeFinancement,omitempty,max=50"`
	TypeFinancement         string `csv:"TypeFinancement" validate:"required_with=ReferenceFinancement,omitempty,oneof=PRET_HONNEUR MICROCREDIT PRET_BANCAIRE GARANTIE SUBVENTION AUTRE"`
	MontantFinancement      string `csv:"MontantFinancement" validate:"required_with=ReferenceFinancement,omitempty,numeric"`
	DateFinancement         string `csv:"DateFinancement" validate:"required_with=ReferenceFinancement,omitempty,datetime=02/01/2006"`
	OrganismeFinanceur      string `csv:"OrganismeFinanceur" validate:"omitempty,max=100"`
	ReseauFinancement       string `csv:"ReseauFinancement" validate:"required_with=ReferenceFinancement,omitempty,oneof=ADIE FRANCE_ACTIVE INITIATIVE RESEAU_ENTREPRENDRE BGE AUTRE"`
	DateRDV                 string `csv:"DateRDV" validate:"required_with=TypeRDV,omitempty,datetime=02/01/2006"`
	TypeRDV                 string `csv:"TypeRDV" validate:"required_with=DateRDV,omitempty,oneof=DIAGNOSTIC SUIVI EXPERTISE FINANCEMENT POST_CREATION AUTRE"`
	ModaliteRDV             string `csv:"ModaliteRDV" validate:"required_with=DateRDV,omitempty,oneof=PRESENTIEL DISTANCIEL TELEPHONE"`
	DureeRDV                string `csv:"DureeRDV" validate:"omitempty,number,max=3"`
	DateEvenement           string `csv:"DateEvenement" validate:"required_with=TypeEvenement,omitempty,datetime=02/01/2006"`
	TypeEvenement           string `csv:"TypeEvenement" validate:"required_with=DateEvenement,omitempty,oneof=ATELIER FORMATION REUNION_INFORMATION SALON RENCONTRE_RESEAU AUTRE"`
	IntituleEvenement       string `csv:"IntituleEvenement" validate:"required_with=DateEvenement,omitempty,max=250"`
	DureeEvenement          string `csv:"DureeEvenement" validate:"omitempty,number,max=4"`
}
