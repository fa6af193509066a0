package importer

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSize(t *testing.T) {
	for _, tt := range []struct {
		n      int64
		en, fr string
	}{
		{0, "0 bytes", "0 octets"},
		{900, "900 bytes", "900 octets"},
		{4 << 10, "4 KiB", "4 Kio"},
		{64 << 10, "64 KiB", "64 Kio"},
		{1536, "1.5 KiB", "1,5 Kio"},
		{1 << 20, "1 MiB", "1 Mio"},
		{512 << 20, "512 MiB", "512 Mio"},
		{512<<20 + 512<<10, "512.5 MiB", "512,5 Mio"},
		{4 << 30, "4 GiB", "4 Gio"},
		{3<<30 + 1<<29, "3.5 GiB", "3,5 Gio"},
	} {
		assert.Equal(t, tt.en, Size(tt.n), "%d", tt.n)
		assert.Equal(t, tt.fr, SizeFR(tt.n), "%d", tt.n)
	}
}
