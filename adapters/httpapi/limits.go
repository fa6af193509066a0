package httpapi

import (
	"net/http"
	"sync"
	"time"

	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// Defaults of the bounds on uploads in progress.
const (
	// DefaultMaxUploadsPerPartner is how many uploads one partner may have
	// in progress at once (the API and the web page together).
	DefaultMaxUploadsPerPartner = 4
	// DefaultMaxUploads is how many uploads every partner together may have
	// in progress at once.
	DefaultMaxUploads = 64
	// UploadRetryAfter is the Retry-After of an upload refused for being one
	// too many: uploads in progress end within seconds or minutes.
	UploadRetryAfter = 30 * time.Second
)

// uploadSlots counts the uploads in progress, per partner and in all.
type uploadSlots struct {
	mu      sync.Mutex
	total   int
	partner map[string]int
}

// take takes a slot for partner, unless it would pass perPartner or all (a
// bound ≤ 0 is none); release gives it back.
func (u *uploadSlots) take(partner string, perPartner, all int) (release func(), ok bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if perPartner > 0 && u.partner[partner] >= perPartner || all > 0 && u.total >= all {
		return nil, false
	}
	if u.partner == nil {
		u.partner = map[string]int{}
	}
	u.partner[partner]++
	u.total++
	var once sync.Once
	return func() {
		once.Do(func() {
			u.mu.Lock()
			defer u.mu.Unlock()
			u.total--
			if u.partner[partner]--; u.partner[partner] <= 0 {
				delete(u.partner, partner)
			}
		})
	}, true
}

func bound(n, def int) int {
	switch {
	case n < 0:
		return 0 // no bound
	case n == 0:
		return def
	}
	return n
}

// takeUpload takes an upload slot for partner p, or writes nothing and
// returns the 429 to answer: the partner's own uploads in progress, or
// every partner's, are as many as allowed. The refusal closes the
// connection, whose body is not read: a client holding many slow uploads
// frees its connections at once.
func (h *Handler) takeUpload(w http.ResponseWriter, p *eleader.Partner) (func(), *Problem) {
	perPartner := bound(h.MaxUploadsPerPartner, DefaultMaxUploadsPerPartner)
	all := bound(h.MaxUploads, DefaultMaxUploads)
	release, ok := h.uploads.take(p.ID(), perPartner, all)
	if ok {
		return release, nil
	}
	w.Header().Set("Connection", "close")
	h.logger().Warn("http: upload refused: too many in progress", "partner", p.ID(), "per_partner", perPartner, "all", all)
	return nil, tooMany(UploadRetryAfter, "api.upload.busy", perPartner, all)
}
