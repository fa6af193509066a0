package gen

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/entrepreneur-leader/eleader-go/importer"
)

// TestValidPartnerAgreesWithTheImporter: gen checks partner identifiers
// itself (it may not import importer), the same way.
func TestValidPartnerAgreesWithTheImporter(t *testing.T) {
	long := "a123456789012345678901234567890123456789012345678901234567890123"
	for _, id := range []string{"demo", "d", "de", "Demo", "-demo", "_demo", "demo-1", "demo_1", "france-active", "adie!", "", "é", long, long[:63], long[:64]} {
		assert.Equal(t, importer.ValidPartner(id), validPartner(id), "%q", id)
	}
}
