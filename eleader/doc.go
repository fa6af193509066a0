// Package eleader is the service E#L embeds: it imports partners' files
// into the consolidated store — validation, the store's checks on dossier
// numbers, consolidation in one transaction, the import history — and
// answers questions about dossiers (consolidated views, phase status,
// disagreements between partners, search by identity or SIRET). It keeps
// partners' connection sheets through their statuses (one transition
// table), their tokens and certificates, and the people of the portal:
// their rights per partner, one-time sign-in links, web sessions. A person
// acting rides in the context (NewContextWithPerson): every function
// judges their rights there, so that the portal and the command line call
// the same rules.
//
// It declares the interfaces its adapters satisfy (Store, ImportTx) and
// speaks to users through *Error values with a code (EINVALID, ENOTFOUND …)
// and a message saying what to fix.
package eleader
