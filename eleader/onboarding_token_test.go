package eleader_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite" // the "sqlite" driver, for a second connection
)

// dbBytes returns the bytes of a SQLite database: the file, its WAL and
// shared-memory files.
func dbBytes(tb testing.TB, path string) []byte {
	tb.Helper()
	var all []byte
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		b, err := os.ReadFile(path + suffix)
		if os.IsNotExist(err) {
			continue
		}
		require.NoError(tb, err)
		all = append(all, b...)
	}
	require.NotEmpty(tb, all)
	return all
}

// withSecret returns token with its secret replaced by another of the
// same shape.
func withSecret(token string) string {
	i := strings.LastIndexByte(token, '_')
	secret := []byte(token[i+1:])
	for j := range secret {
		if secret[j] == 'a' {
			secret[j] = 'b'
		} else {
			secret[j] = 'a'
		}
	}
	return token[:i+1] + string(secret)
}

func TestOnboardingAuthenticate(t *testing.T) {
	ctx := context.Background()
	e := newOnboarding(t, onbStart)
	adie := e.mustActivate(t, onbSheet("adie", "ADIE"))
	frac := e.mustActivate(t, onbSheet("franceactive", "FRAC"))
	require.NotEqual(t, adie, frac)
	assert.Regexp(t, `^elt_[a-z2-7]{12}_[a-z2-7]{32}$`, adie)

	t.Run("right token", func(t *testing.T) {
		p, err := e.svc.Authenticate(ctx, adie)
		require.NoError(t, err)
		assert.Equal(t, "adie", p.ID())
		assert.Equal(t, eleader.StatusActive, p.Status)
	})
	t.Run("another partner's token is that partner's", func(t *testing.T) {
		p, err := e.svc.Authenticate(ctx, frac)
		require.NoError(t, err)
		assert.Equal(t, "franceactive", p.ID())
		assert.NotEqual(t, "adie", p.ID())
	})

	refused := []struct {
		name, token, want string
	}{
		{"wrong secret, valid id", withSecret(adie), "not valid"},
		{"unknown id", "elt_aaaaaaaaaaaa_" + strings.Repeat("b", 32), "not valid"},
		{"empty", "", "malformed"},
		{"no secret", adie[:len("elt_")+12], "malformed"},
		{"upper case", strings.ToUpper(adie), "malformed"},
		{"trailing space", adie + " ", "malformed"},
		{"one character short", adie[:len(adie)-1], "malformed"},
		{"other prefix", "tok" + adie[3:], "malformed"},
		{"header value instead of token", "fmetoken token=" + adie, "malformed"},
		{"secret of one partner, id of another", frac[:len("elt_")+12] + adie[len("elt_")+12:], "not valid"},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			p, err := e.svc.Authenticate(ctx, tt.token)
			assert.Nil(t, p)
			m := asError(t, err, eleader.EUNAUTHORIZED).Message
			assert.Contains(t, m, tt.want)
			assert.NotContains(t, m, "adie", "the message never says whose token it is")
			assert.NotContains(t, m, "franceactive")
		})
	}
}

func TestOnboardingTokenRevocation(t *testing.T) {
	ctx := context.Background()
	e := newOnboarding(t, onbStart)
	tok := e.mustActivate(t, onbSheet("adie", "ADIE"))
	other := e.mustActivate(t, onbSheet("bge", "BGE1"))

	require.NoError(t, e.svc.RevokeToken(ctx, "adie", "carol"))
	_, err := e.svc.Authenticate(ctx, tok)
	assert.Contains(t, asError(t, err, eleader.EUNAUTHORIZED).Message, "revoked")
	p, err := e.svc.Partner(ctx, "adie")
	require.NoError(t, err)
	require.NotNil(t, p.Token)
	assert.True(t, p.Token.Revoked)
	asError(t, e.svc.RevokeToken(ctx, "adie", "carol"), eleader.ECONFLICT)

	_, err = e.svc.Authenticate(ctx, other)
	assert.NoError(t, err, "revoking one partner's token leaves the others")

	fresh, err := e.svc.RotateToken(ctx, "adie", "carol")
	require.NoError(t, err)
	got, err := e.svc.Authenticate(ctx, fresh)
	require.NoError(t, err)
	assert.Equal(t, "adie", got.ID())

	newer, err := e.svc.RotateToken(ctx, "adie", "carol")
	require.NoError(t, err)
	_, err = e.svc.Authenticate(ctx, fresh)
	assert.Contains(t, asError(t, err, eleader.EUNAUTHORIZED).Message, "revoked", "the old token after a rotation")
	_, err = e.svc.Authenticate(ctx, newer)
	assert.NoError(t, err)
	_, err = e.svc.Authenticate(ctx, tok)
	asError(t, err, eleader.EUNAUTHORIZED)

	// No token before the first activation.
	e.mustCreate(t, onbSheet("draft", "DRFT"))
	_, err = e.svc.RotateToken(ctx, "draft", "carol")
	asError(t, err, eleader.ECONFLICT)
	asError(t, e.svc.RevokeToken(ctx, "draft", "carol"), eleader.ECONFLICT)
}

// TestOnboardingTokenStatus checks that only an ACTIVEE sheet's token
// works, and that the same token works again once the sheet is active.
func TestOnboardingTokenStatus(t *testing.T) {
	ctx := context.Background()
	e := newOnboarding(t, onbStart)
	tok := e.mustActivate(t, onbSheet("adie", "ADIE"))

	_, err := e.svc.DeactivatePartner(ctx, "adie", "carol", "contract ended")
	require.NoError(t, err)
	_, err = e.svc.Authenticate(ctx, tok)
	assert.Contains(t, asError(t, err, eleader.EUNAUTHORIZED).Message, "DESACTIVEE")

	a, err := e.svc.ReactivatePartner(ctx, "adie", "carol", "")
	require.NoError(t, err)
	assert.Equal(t, eleader.StatusActive, a.Status)
	assert.Empty(t, a.Token, "a reactivation issues no new token")
	p, err := e.svc.Authenticate(ctx, tok)
	require.NoError(t, err, "the same token works again")
	assert.Equal(t, "adie", p.ID())

	_, _, err = e.svc.EditPartner(ctx, "adie", func(s *eleader.ConnectionSheet) error {
		s.ReportRecipients = []string{"reports@adie.example"}
		return nil
	}, "alice", "")
	require.NoError(t, err)
	require.Equal(t, eleader.StatusSentUpdate, e.status(t, "adie"))
	_, err = e.svc.Authenticate(ctx, tok)
	assert.Contains(t, asError(t, err, eleader.EUNAUTHORIZED).Message, "ENVOYEE_MAJ")

	acts, err := e.svc.ProcessPartners(ctx, "adie", "bob")
	require.NoError(t, err)
	require.Len(t, acts, 1)
	assert.Empty(t, acts[0].Token, "a re-activation issues no new token")
	_, err = e.svc.Authenticate(ctx, tok)
	assert.NoError(t, err, "the same token works again")
}

// TestOnboardingTokenStoredHashed reads the store with a second connection:
// the tokens table holds the id and the SHA-256 of the token, and the
// token's plaintext is nowhere in the database's files, nor in the logs.
func TestOnboardingTokenStoredHashed(t *testing.T) {
	ctx := context.Background()
	e := newOnboarding(t, onbStart)
	var logs bytes.Buffer
	e.svc.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	first := e.mustActivate(t, onbSheet("adie", "ADIE"))
	second, err := e.svc.RotateToken(ctx, "adie", "carol")
	require.NoError(t, err)

	db, err := sql.Open("sqlite", e.path)
	require.NoError(t, err)
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT * FROM tokens ORDER BY rowid`)
	require.NoError(t, err)
	cols, err := rows.Columns()
	require.NoError(t, err)
	var records [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		require.NoError(t, rows.Scan(ptrs...))
		records = append(records, vals)
	}
	require.NoError(t, rows.Err())
	rows.Close()
	require.Len(t, records, 2)

	for i, tok := range []string{first, second} {
		sum := sha256.Sum256([]byte(tok))
		secret := tok[len("elt_")+12+1:]
		foundHash := false
		for j, v := range records[i] {
			var cell []byte
			switch x := v.(type) {
			case []byte:
				cell = x
			case string:
				cell = []byte(x)
			}
			assert.False(t, bytes.Contains(cell, []byte(secret)), "column %s holds the secret", cols[j])
			foundHash = foundHash || bytes.Equal(cell, sum[:])
		}
		assert.True(t, foundHash, "token %d: no column holds its SHA-256", i+1)
		assert.Equal(t, tok[len("elt_"):len("elt_")+12], records[i][0], "the id column is the public id")

		all := dbBytes(t, e.path)
		assert.False(t, bytes.Contains(all, []byte(tok)), "token %d is in the database files", i+1)
		assert.False(t, bytes.Contains(all, []byte(secret)), "token %d's secret is in the database files", i+1)
		assert.NotContains(t, logs.String(), secret, "token %d's secret is in the logs", i+1)
	}
	require.NoError(t, e.store.Close())
	all := dbBytes(t, e.path) // after a checkpoint
	for _, tok := range []string{first, second} {
		assert.False(t, bytes.Contains(all, []byte(tok[len("elt_")+12+1:])), "a secret is in the database file")
	}
}
