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
// Files reach it through one front door, Service.Upload, whatever the
// channel (API, web page, SFTP, the command line); the runs (Service.Run)
// apply the deposit folders' rules of spec §6 — the latest export date is
// imported, older exports superseded, anything else set aside — and keep
// the runs' ledger, where every file that was not imported is accounted
// for (FileEvent). Partners' connection sheets carry their channels, their
// token, certificate and SSH keys (ParseSSHKey).
//
// Each import writes its report in its own transaction, rejected lines
// included: streamed, deflated, into the store in chunks (ImportTx.AddRejects),
// read back a chunk at a time (PartnerRejects, the one reader of rejects
// files), so that memory stays flat whatever the file. The Outbox delivers
// reports as French emails whose attachments stay within MaxAttachBytes
// (zipped beyond; beyond even zipped, the first rejected lines and the
// report's address).
//
// Search is not an oracle: a partner learns numbers and phases, never who
// holds a dossier; every search is recorded in an audit (a keyed hash of
// what was searched, never the identity); a partner's searches are
// rate-limited in the store, across instances (Service.Search, ERATELIMIT).
// What holds personal data on disk is created 0600/0700 whatever the umask
// (MkdirPrivate, CreatePrivate).
//
// It declares the interfaces its adapters satisfy (Store, ImportTx,
// Deposits, Mailer, Workbooks) and speaks to users through *Error values
// with a code (EINVALID, ENOTFOUND …) and a message saying what to fix.
package eleader
