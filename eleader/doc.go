// Package eleader is the service E#L embeds: it imports partners' files
// into the consolidated store — validation, the store's checks on dossier
// numbers, consolidation in one transaction, the import history — and
// answers questions about dossiers (consolidated views, phase status,
// disagreements between partners, search by identity or SIRET).
//
// It declares the interfaces its adapters satisfy (Store, ImportTx) and
// speaks to users through *Error values with a code (EINVALID, ENOTFOUND …)
// and a message saying what to fix.
package eleader
