package eleader

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/dossier"
)

// emptyTx is the transaction of an empty store: it holds no dossier.
type emptyTx struct{ ImportTx }

func (emptyTx) Versions(context.Context, string) (int, bool, error) { return 0, false, nil }

// TestOverlayVersionsPastMaxSubs: an import into an empty store answers
// the sub-versions of a main dossier from subs while it is small; once
// subs grew past maxSubs, from what is pending (the dossiers created
// before and after it stopped) and the store, with the same answers.
func TestOverlayVersionsPastMaxSubs(t *testing.T) {
	ctx := t.Context()
	w := startWriter(ctx, emptyTx{})
	defer w.stop()
	o := newOverlay(emptyTx{}, w, true)
	create := func(number string) {
		t.Helper()
		n, err := dossier.ParseNumber(number)
		require.NoError(t, err)
		require.NoError(t, o.Create(ctx, dossier.NewView(n, "adie", dossier.Provenance{})))
	}
	versions := func(main string, wantHighest int, wantMain bool) {
		t.Helper()
		highest, exists, err := o.Versions(ctx, main)
		require.NoError(t, err)
		assert.Equal(t, wantHighest, highest, "highest sub-version of %s", main)
		assert.Equal(t, wantMain, exists, "main dossier %s", main)
	}

	create("ADIE1")
	create("001-ADIE2")
	versions("ADIE1", 0, true)
	versions("ADIE2", 1, false)
	versions("ADIE3", 0, false)
	for i := len(o.subs); i < maxSubs; i++ {
		o.subs[fmt.Sprintf("XXXX%d", i)] = subVersions{main: true}
	}
	create("001-ADIE1") // subs is full: it stops here
	require.Nil(t, o.subs)
	create("002-ADIE2")
	versions("ADIE1", 1, true)
	versions("ADIE2", 2, false)
	versions("ADIE3", 0, false)

	assert.NotNil(t, o.take(numbers{"ADIE1", "ADIE1"}))
	versions("ADIE1", 1, false) // its view is the store's now, which emptyTx does not hold
}
