package eleader

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/entrepreneur-leader/eleader-go/dossier"
)

// Searcher is who searches dossier numbers: what the search audit keeps of
// them.
type Searcher struct {
	// Partner is the partner searching (the API, the web page): it gets
	// numbers and phases only, and is rate-limited. "" is E#L itself (the
	// CLI), which also gets the operator code and the partner holding each
	// dossier, without limit.
	Partner string
	// By names who searched for E#L (the system user of the CLI); "" for a
	// partner.
	By string
	// Channel is how: ChannelAPI, ChannelWeb, or "cli".
	Channel string
}

// The kinds of a search, in SearchRecord.Kind.
const (
	SearchIdentity = "identity" // surname, first name and birth date
	SearchSIRET    = "siret"
)

// SearchRecord is one search in the audit: who, when, how, which kind, how
// many dossiers it answered — and, never the identity or the SIRET
// searched, a keyed hash of it: HMAC-SHA256, with a secret drawn once per
// store, of the folded identity (or the SIRET). Two searches of one person
// have the same hash, which tells nothing of the person without the
// store's secret.
type SearchRecord struct {
	ID      int64     `json:"id"`
	At      time.Time `json:"at"`
	Partner string    `json:"partner"` // "" for E#L's own
	By      string    `json:"by,omitempty"`
	Channel string    `json:"channel"`
	Kind    string    `json:"kind"`
	// Results counts the dossier numbers answered.
	Results int    `json:"results"`
	Hash    string `json:"hash"`
}

// SearchFilter selects searches of the audit.
type SearchFilter struct {
	// Partner, if not "", keeps one partner's searches.
	Partner string
	// Limit bounds how many, most recent first; 0 means 100.
	Limit int
}

// DefaultSearchRate is how many searches a partner may make in
// SearchWindow when Service.SearchRate is 0.
const DefaultSearchRate = 60

// SearchWindow is the sliding window of the search rate limit.
const SearchWindow = time.Hour

// searchSecret names the store's secret keying the audit's hashes.
const searchSecret = "search-hmac"

// RateLimitError says when a refused request may be made again: the cause
// of an *Error ERATELIMIT.
type RateLimitError struct {
	// RetryAfter is how long to wait.
	RetryAfter time.Duration
}

func (e *RateLimitError) Error() string {
	return fmt.Sprintf("rate limited: retry after %s", e.RetryAfter.Round(time.Second))
}

// RetryAfter returns how long to wait before trying again, when err is an
// ERATELIMIT refusal (false otherwise).
func RetryAfter(err error) (time.Duration, bool) {
	var rl *RateLimitError
	if errors.As(err, &rl) {
		return rl.RetryAfter, true
	}
	return 0, false
}

// searchState is what a Service remembers of searches and of its other
// rate limits: the store's secret once read, and the partners refused until
// a time, per limit (a refusal holds at least that long whatever other
// instances do: uses leave the window, they never come back into it).
type searchState struct {
	mu      sync.Mutex
	secret  []byte
	refused map[string]time.Time // "search:adie", "check:adie" → until
}

func (s *Service) searchRate() int { return rateLimit(s.SearchRate, DefaultSearchRate) }

// rateLimit is a rate limit as a Service field sets it: n, def when n is
// 0, none (0) when n is negative. The searches' and the dry runs' limits
// read theirs with it.
func rateLimit(n, def int) int {
	switch {
	case n < 0:
		return 0
	case n == 0:
		return def
	}
	return n
}

// searchHash is the audit's keyed hash of what is searched.
func (s *Service) searchHash(ctx context.Context, kind, key string) (string, error) {
	st := &s.search
	st.mu.Lock()
	secret := st.secret
	st.mu.Unlock()
	if secret == nil {
		b, err := s.Store.Secret(ctx, searchSecret, 32)
		if err != nil {
			return "", fmt.Errorf("search: the audit's secret: %w", err)
		}
		st.mu.Lock()
		st.secret, secret = b, b
		st.mu.Unlock()
	}
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(kind))
	mac.Write([]byte{0})
	mac.Write([]byte(key))
	return hex.EncodeToString(mac.Sum(nil)), nil
}

// refusedUntil returns until when a partner is known to be refused by a
// rate limit (key: the limit and the partner, "search:adie").
func (s *Service) refusedUntil(key string) time.Time {
	st := &s.search
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.refused[key]
}

func (s *Service) refuse(key string, until time.Time) {
	st := &s.search
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.refused == nil {
		st.refused = map[string]time.Time{}
	}
	for k, t := range st.refused { // forget refusals past
		if !t.After(s.now()) {
			delete(st.refused, k)
		}
	}
	st.refused[key] = until
}

// rateLimited is the refusal of a rate-limited request until a time: what
// the partner did too often (a formatted message), and when to try again.
func (s *Service) rateLimited(until time.Time, format string, a ...any) error {
	wait := until.Sub(s.now())
	if wait < time.Second {
		wait = time.Second
	}
	wait = wait.Round(time.Second)
	return &Error{Code: ERATELIMIT, Err: &RateLimitError{RetryAfter: wait},
		Message: fmt.Sprintf(format, a...) + fmt.Sprintf(": try again in %s", wait)}
}

// searchLimited is the refusal of a partner's search until a time.
func (s *Service) searchLimited(partner string, until time.Time) error {
	return s.rateLimited(until, "%s made %d searches in the last %s, the most allowed", partner, s.searchRate(), SearchWindow)
}

// Search finds dossier numbers from an identity (surname, first name and
// birth date, all three, insensitive to accents and case) or a SIRET (14
// digits) — never a partial identity (EINVALID). It answers, per main
// dossier, its numbers and sub-versions with their phases and the next free
// sub-version: never a name, an address or a contact. A partner (who.Partner
// not "") learns nothing of who holds a dossier; E#L (who.Partner "") also
// gets the operator code and the partner holding each.
//
// Every search is recorded in the audit (SearchRecord: who, when, how,
// kind, results, a keyed hash of what was searched), and a partner may
// make at most SearchRate searches in SearchWindow, counted in the store so
// that the limit holds across instances: beyond, an *Error ERATELIMIT
// whose RetryAfter says how long to wait, and nothing is answered.
func (s *Service) Search(ctx context.Context, who Searcher, q dossier.Query) ([]dossier.Found, error) {
	key, err := q.Key()
	if err != nil {
		return nil, Errorf(EINVALID, "%v", err)
	}
	now := s.now()
	limit := s.searchRate()
	if who.Partner != "" && limit > 0 {
		if until := s.refusedUntil("search:" + who.Partner); now.Before(until) {
			return nil, s.searchLimited(who.Partner, until)
		}
	}
	matches, err := s.Store.Search(ctx, key, q.SIRET)
	if err != nil {
		return nil, err
	}
	kind, searched := SearchIdentity, key
	if q.SIRET != "" {
		kind, searched = SearchSIRET, q.SIRET
	}
	hash, err := s.searchHash(ctx, kind, searched)
	if err != nil {
		return nil, err
	}
	rec := &SearchRecord{At: now, Partner: who.Partner, By: who.By, Channel: who.Channel, Kind: kind, Results: len(matches), Hash: hash}
	if who.Partner == "" {
		limit = 0 // E#L's own
	}
	recorded, blocking, err := s.Store.RecordSearch(ctx, rec, now.Add(-SearchWindow), limit)
	if err != nil {
		return nil, err
	}
	if !recorded {
		until := blocking.Add(SearchWindow)
		s.refuse("search:"+who.Partner, until)
		s.logger().Warn("search refused: rate limit", "partner", who.Partner, "channel", who.Channel, "kind", kind, "until", until.Format(time.RFC3339))
		return nil, s.searchLimited(who.Partner, until)
	}
	s.logger().Info("search", "partner", who.Partner, "channel", who.Channel, "kind", kind, "results", len(matches), "audit", rec.ID)
	out := found(matches, who.Partner == "")
	s.MetricsOf().Search(len(out) > 0)
	return out, nil
}

// found groups matches per main dossier; holders adds what only E#L sees.
func found(matches []dossier.Match, holders bool) []dossier.Found {
	out := []dossier.Found{}
	for _, m := range matches {
		if len(out) == 0 || out[len(out)-1].Main != m.Main {
			f := dossier.Found{Main: m.Main}
			if holders {
				f.Oper = m.Oper
			}
			out = append(out, f)
		}
		f := &out[len(out)-1]
		d := dossier.FoundDossier{Number: m.Number, Version: m.Version, Phase: m.Phase}
		if holders {
			d.Partner = m.Partner
		}
		f.Dossiers = append(f.Dossiers, d)
	}
	for i := range out {
		f := &out[i]
		highest := 0
		for _, d := range f.Dossiers {
			highest = max(highest, d.Version)
		}
		if main, err := dossier.ParseNumber(f.Main); err == nil {
			if next, err := main.Next(highest); err == nil {
				f.NextSubversion = next.String()
			}
		}
	}
	return out
}

// Searches returns the audit of searches, most recent first, of one partner
// or of all (partner ""), at most limit (0 means 100): for E#L's operators
// (a person acting who is not one is EFORBIDDEN).
func (s *Service) Searches(ctx context.Context, partner string, limit int) ([]SearchRecord, error) {
	if err := mayOperate(ctx); err != nil {
		return nil, err
	}
	return s.Store.Searches(ctx, SearchFilter{Partner: partner, Limit: limit})
}

// PurgeSearches removes from the audit the searches made before cutoff (eleader
// purge) and returns how many.
func (s *Service) PurgeSearches(ctx context.Context, cutoff time.Time) (int, error) {
	n, err := s.Store.PurgeSearches(ctx, cutoff)
	if err == nil {
		s.logger().Info("purge of the search audit", "before", cutoff.Format(time.DateOnly), "searches", n)
	}
	return n, err
}
