package eleader

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRunOutcome(t *testing.T) {
	for in, want := range map[string]string{
		"ok": RunOK, "some partners failed": RunPartial, "failed: the store is closed": RunFailed, "interrupted": RunPartial,
	} {
		assert.Equal(t, want, runOutcome(in), in)
	}
}
