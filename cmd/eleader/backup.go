package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/entrepreneur-leader/eleader-go/adapters/postgres"
)

const backupSynopsis = `backup --to FILE [--data DIR | --db FILE]`

// backuper is a store that can copy itself while in use: adapters/sqlite.
type backuper interface {
	Backup(ctx context.Context, path string) error
}

// runBackup runs "eleader backup --to FILE".
func runBackup(args []string, stdout, stderr io.Writer) int {
	var db, to string
	l := langOf(stderr)
	fs := newFlagSet("backup", stderr, backupSynopsis, "cli.backup.about")
	fs.StringVar(&db, "db", defaultDB, l.Sprintf("cli.flag.store"))
	fs.StringVar(&to, "to", "", l.Sprintf("cli.flag.backup_to"))
	pos, err := parseFlags(fs, args)
	if err != nil {
		return flagError(err)
	}
	switch {
	case len(pos) > 0:
		return usageError(stderr, "cli.backup.flags_only", pos[0])
	case to == "":
		return usageError(stderr, "cli.backup.no_to")
	case postgres.IsURL(db):
		fmt.Fprintf(stderr, "eleader: %s\n", l.Sprintf("cli.backup.postgres", to, postgres.Redact(db)))
		return exitRejected
	}
	if _, err := os.Stat(db); err != nil {
		return usageError(stderr, "cli.no_store", db)
	}
	ctx := context.Background()
	svc, done, err := openService(ctx, db, nil)
	if err != nil {
		return serviceError(stderr, err)
	}
	defer done()
	b, ok := svc.Store.(backuper)
	if !ok {
		return usageError(stderr, "cli.backup.cannot", displayDB(db))
	}
	if err := b.Backup(ctx, to); err != nil {
		return serviceError(stderr, err)
	}
	st, err := os.Stat(to)
	if err != nil {
		return serviceError(stderr, err)
	}
	fmt.Fprintln(stdout, l.Sprintf("cli.backup.done", to, db, st.Size()))
	return exitOK
}
