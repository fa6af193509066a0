package eleader

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"strings"
	"time"
)

// Partner tokens look like elt_<id>_<secret>: the id (12 characters) is
// public and finds the token without scanning; the secret (32 characters,
// 160 bits) is shown once, when the token is issued. Stores keep the
// SHA-256 of the whole token, never the token, and tokens are compared in
// constant time. (A slow password hash is not needed: the secret is random,
// not chosen by a person.)
const (
	tokenPrefix    = "elt"
	tokenIDLen     = 12
	tokenSecretLen = 32
)

var tokenEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// StoredToken is a token as a store keeps it.
type StoredToken struct {
	ID      string
	Partner string
	Hash    []byte // SHA-256 of the whole token
	Issued  time.Time
	Revoked time.Time // zero while the token is in force
}

// newToken draws a new token for a partner; the plaintext goes to the user
// once, the StoredToken to the store.
func newToken(partner string, now time.Time) (plaintext string, st StoredToken, err error) {
	plaintext, id, hash, err := newSecret(tokenPrefix)
	if err != nil {
		return "", st, err
	}
	return plaintext, StoredToken{ID: id, Partner: partner, Hash: hash, Issued: now}, nil
}

// The prefixes of the secrets E#L hands out, each of the form
// PREFIX_<id>_<secret> as tokens: sign-in links and web sessions.
const (
	linkPrefix    = "ell"
	sessionPrefix = "els"
)

// newSecret draws a secret PREFIX_<id>_<secret> (id 12 characters, secret
// 32, 160 bits), and returns it with its id and the SHA-256 of the whole
// secret, which is all a store keeps.
func newSecret(prefix string) (plaintext, id string, hash []byte, err error) {
	raw := make([]byte, 5*(tokenIDLen+tokenSecretLen)/8)
	if _, err := rand.Read(raw); err != nil {
		return "", "", nil, err
	}
	enc := tokenEncoding.EncodeToString(raw)
	id = enc[:tokenIDLen]
	plaintext = prefix + "_" + id + "_" + enc[tokenIDLen:]
	sum := sha256.Sum256([]byte(plaintext))
	return plaintext, id, sum[:], nil
}

// tokenID returns the id of a token that has the right shape.
func tokenID(token string) (string, bool) { return secretID(tokenPrefix, token) }

// secretID returns the id of a secret of newSecret's shape with prefix.
func secretID(want, secret string) (string, bool) {
	prefix, rest, ok := strings.Cut(secret, "_")
	if !ok || prefix != want {
		return "", false
	}
	id, sec, ok := strings.Cut(rest, "_")
	if !ok || len(id) != tokenIDLen || len(sec) != tokenSecretLen {
		return "", false
	}
	for _, s := range []string{id, sec} {
		for i := 0; i < len(s); i++ {
			if c := s[i]; (c < 'a' || c > 'z') && (c < '2' || c > '7') {
				return "", false
			}
		}
	}
	return id, true
}

// sameHash compares a secret with a stored hash in constant time.
func sameHash(secret string, hash []byte) bool {
	sum := sha256.Sum256([]byte(secret))
	return subtle.ConstantTimeCompare(sum[:], hash) == 1
}

// matches compares a token with a stored hash in constant time.
func (st StoredToken) matches(token string) bool { return sameHash(token, st.Hash) }
