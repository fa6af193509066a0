package postgres

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"
)

// The instants a bigint of Unix nanoseconds holds.
var (
	minTime = time.Unix(0, math.MinInt64)
	maxTime = time.Unix(0, math.MaxInt64)
)

// nanos returns t as the store keeps it: Unix nanoseconds, nil (NULL) for
// the zero time. A time a bigint cannot hold is an error.
func nanos(t time.Time) (any, error) {
	if t.IsZero() {
		return nil, nil
	}
	if t.Before(minTime) || t.After(maxTime) {
		return nil, fmt.Errorf("postgres: time %s cannot be stored (years 1678 to 2262)", t.Format(time.RFC3339))
	}
	return t.UnixNano(), nil
}

// nanosAll returns the times, each as nanos does.
func nanosAll(ts ...time.Time) ([]any, error) {
	out := make([]any, len(ts))
	for i, t := range ts {
		var err error
		if out[i], err = nanos(t); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// bound returns t as Unix nanoseconds for a comparison in a query, clamped
// to what a bigint holds.
func bound(t time.Time) int64 {
	switch {
	case t.Before(minTime):
		return math.MinInt64
	case t.After(maxTime):
		return math.MaxInt64
	}
	return t.UnixNano()
}

// instant scans a column of Unix nanoseconds into a time, in UTC; NULL is
// the zero time.
type instant struct{ t *time.Time }

// at returns the destination of a scan into *t.
func at(t *time.Time) instant { return instant{t} }

// Scan implements sql.Scanner, which pgx calls.
func (i instant) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*i.t = time.Time{}
	case int64:
		*i.t = time.Unix(0, v).UTC()
	default:
		return fmt.Errorf("postgres: a time column holds %T", src)
	}
	return nil
}

// freeText returns s as a text column takes it: valid UTF-8 without NUL,
// an invalid byte or a NUL becoming U+FFFD. It is for free text (comments,
// delivery errors), which may come from anywhere.
func freeText(s string) string {
	if utf8.ValidString(s) && !strings.ContainsRune(s, 0) {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}
