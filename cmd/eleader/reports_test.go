package main

import (
	"testing"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/stretchr/testify/assert"
)

// A report's email state tells its failed attempts only when there were
// some (Attempts counts failures: a report sent at once has none).
func TestDeliveryState(t *testing.T) {
	for _, tt := range []struct {
		state    string
		attempts int
		en, fr   string
	}{
		{eleader.ReportSent, 0, "sent", "sent"},
		{eleader.ReportPending, 0, "pending", "pending"},
		{eleader.ReportPending, 1, "pending (1 failed attempt)", "pending (1 tentative échouée)"},
		{eleader.ReportSent, 2, "sent (2 failed attempts)", "sent (2 tentatives échouées)"},
		{eleader.ReportFailed, 9, "failed (9 failed attempts)", "failed (9 tentatives échouées)"},
	} {
		r := eleader.Report{State: tt.state, Attempts: tt.attempts}
		assert.Equal(t, tt.en, deliveryState(i18n.English, r))
		assert.Equal(t, tt.fr, deliveryState(i18n.French, r))
	}
}
