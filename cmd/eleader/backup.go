package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/entrepreneur-leader/eleader-go/adapters/postgres"
)

const backupSynopsis = `backup --to FILE [--data DIR | --db FILE]

Writes a consistent copy of the SQLite store to FILE, also while serve runs
and imports (SQLite's VACUUM INTO: the copy holds the store as it was
before or after each import, never halfway). FILE must not exist; it is
created readable by its owner only. The deposits (DIR/depots) are files:
copy them after the store (see the README, "Backup and restore"). A
PostgreSQL store is backed up with pg_dump.`

// backuper is a store that can copy itself while in use: adapters/sqlite.
type backuper interface {
	Backup(ctx context.Context, path string) error
}

// runBackup runs "eleader backup --to FILE".
func runBackup(args []string, stdout, stderr io.Writer) int {
	var db, to string
	fs := newFlagSet("backup", stderr, backupSynopsis)
	fs.StringVar(&db, "db", defaultDB, dbUsage)
	fs.StringVar(&to, "to", "", "the backup `file` to create (it must not exist)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return flagError(err)
	}
	switch {
	case len(pos) > 0:
		return usageError(stderr, "backup takes flags only, not %q (the copy goes to --to FILE)", pos[0])
	case to == "":
		return usageError(stderr, "backup needs --to FILE, the copy to create")
	case postgres.IsURL(db):
		fmt.Fprintf(stderr, "eleader: the store is in PostgreSQL: back it up with pg_dump, e.g.\n  pg_dump --format=custom --file=%s '%s'\n", to, postgres.Redact(db))
		return exitRejected
	}
	if _, err := os.Stat(db); err != nil {
		return usageError(stderr, "no store at %s (give --data or --db)", db)
	}
	ctx := context.Background()
	svc, done, err := openService(ctx, db, nil)
	if err != nil {
		return serviceError(stderr, err)
	}
	defer done()
	b, ok := svc.Store.(backuper)
	if !ok {
		return usageError(stderr, "the store at %s cannot be backed up by eleader", displayDB(db))
	}
	if err := b.Backup(ctx, to); err != nil {
		return serviceError(stderr, err)
	}
	st, err := os.Stat(to)
	if err != nil {
		return serviceError(stderr, err)
	}
	fmt.Fprintf(stdout, "%s: a copy of %s (%d bytes)\n", to, db, st.Size())
	return exitOK
}
