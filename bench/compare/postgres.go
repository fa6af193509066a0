package main

import (
	"context"
	"fmt"
	"net/url"
	"os"

	"github.com/jackc/pgx/v5"

	"github.com/entrepreneur-leader/eleader-go/adapters/postgres"
)

// schemaName names the schema of a round's PostgreSQL store.
func schemaName(round int) string {
	return fmt.Sprintf("eleader_compare_%d_%d", os.Getpid(), round)
}

// newSchema creates the schema of a round in the database at dbURL, and
// returns the URL of the store in it.
func newSchema(ctx context.Context, dbURL string, round int) (string, error) {
	name := schemaName(round)
	if err := execPostgres(ctx, dbURL, `DROP SCHEMA IF EXISTS `+name+` CASCADE; CREATE SCHEMA `+name); err != nil {
		return "", err
	}
	u, err := url.Parse(dbURL)
	if err != nil {
		return "", fmt.Errorf("--db: %w", err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// dropSchema drops the schema of a round.
func dropSchema(ctx context.Context, dbURL string, round int) error {
	return execPostgres(ctx, dbURL, `DROP SCHEMA IF EXISTS `+schemaName(round)+` CASCADE`)
}

func execPostgres(ctx context.Context, dbURL, sql string) error {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return fmt.Errorf("--db %s: %v", postgres.Redact(dbURL), err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, sql); err != nil {
		return fmt.Errorf("--db %s: %v", postgres.Redact(dbURL), err)
	}
	return nil
}
