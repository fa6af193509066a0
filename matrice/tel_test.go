package matrice

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// FuzzTelDossier checks validTel and validDossier, with their fast paths,
// against the plain rules they implement.
func FuzzTelDossier(f *testing.F) {
	for _, s := range []string{"0612345678", "06 12 34 56 78", "+33612345678", "0012345678", "061234567a", "", "123-ABCD9x", "ABCD", "ABCD+", "123-ABCD", "AbCD1", "0612345678901234567"} {
		f.Add([]byte(s))
	}
	tel := regexp.MustCompile(`^(0[1-9][0-9]{8}|\+33[1-9][0-9]{8})$`)
	dossier := regexp.MustCompile(`^[A-Z0-9]{4}[A-Za-z0-9+_-]+$`)
	f.Fuzz(func(t *testing.T, s []byte) {
		stripped := strings.NewReplacer(" ", "", ".", "").Replace(string(s))
		assert.Equal(t, tel.MatchString(stripped) && len(stripped) <= 16, validTel(s), "%q", s)
		d := s
		if HasVersion(d) {
			d = d[4:]
		}
		assert.Equal(t, dossier.Match(d), validDossier(s), "%q", s)
	})
}
