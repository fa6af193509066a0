package main

import (
	"testing"

	"github.com/entrepreneur-leader/eleader-go/eleader/client"
	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/stretchr/testify/assert"
)

// TestEventReasonFileErrors: a file a run refused for its file errors is
// told to people by the errors' messages, in their language — never the
// ledger's JSON (reviewer's finding).
func TestEventReasonFileErrors(t *testing.T) {
	f := &client.File{Events: []client.Event{{Action: "refused", Reason: "file",
		Detail: `[{"code":"header","message":"line 1: missing column 'Nom'","french":"ligne 1 : colonne manquante : 'Nom'"}]`}}}
	r := eventReason(f)
	assert.Equal(t, "file (header: line 1: missing column 'Nom')", i18n.English.Text(r))
	assert.Equal(t, "file (header : ligne 1 : colonne manquante : 'Nom')", i18n.French.Text(r))

	// Another reason keeps its detail as it is.
	f = &client.File{Events: []client.Event{{Action: "refused", Reason: "name", Detail: "not AAAAMMDD-ID.csv"}}}
	assert.Equal(t, "name (not AAAAMMDD-ID.csv)", i18n.English.Text(eventReason(f)))
}
