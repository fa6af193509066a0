package eleader_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/matrice"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fields returns the fields a Validate error names, in order.
func fields(tb testing.TB, err error) []string {
	tb.Helper()
	if err == nil {
		return nil
	}
	var errs eleader.SheetErrors
	require.True(tb, errors.As(err, &errs), "got %T %v, want SheetErrors", err, err)
	out := make([]string, len(errs))
	for i, e := range errs {
		out[i] = e.Field
		assert.NotEmpty(tb, e.Message, "field %s has no message", e.Field)
		assert.True(tb, strings.HasPrefix(e.Error(), e.Field+": "), "the error %q names its field", e.Error())
	}
	return out
}

func TestOnboardingSheetValidate(t *testing.T) {
	m := matrice.Default()
	tests := []struct {
		name   string
		change func(*eleader.ConnectionSheet)
		want   []string // fields named
		msg    string   // part of the first field's message
	}{
		{"complete", func(*eleader.ConnectionSheet) {}, nil, ""},
		{"identifier", func(s *eleader.ConnectionSheet) { s.Partner = "Adie!" }, []string{"partner"}, "not an identifier"},
		{"name missing", func(s *eleader.ConnectionSheet) { s.Name = "  " }, []string{"name"}, "required"},
		{"no operator", func(s *eleader.ConnectionSheet) { s.Operators = nil }, []string{"operators"}, "required"},
		{"bad operator code", func(s *eleader.ConnectionSheet) { s.Operators = []string{"AD-E", "ADIE"} }, []string{"operators[0]"}, `"AD-E"`},
		{"second operator code too long", func(s *eleader.ConnectionSheet) { s.Operators = []string{"ADIE", "ADIE2"} }, []string{"operators[1]"}, `"ADIE2"`},
		{"operator twice", func(s *eleader.ConnectionSheet) { s.Operators = []string{"ADIE", "adie"} }, []string{"operators"}, "twice"},
		{"no channel", func(s *eleader.ConnectionSheet) { s.Channels = nil }, []string{"channels"}, "required"},
		{"unknown channel", func(s *eleader.ConnectionSheet) { s.Channels = []eleader.Channel{"api", "fax"} }, []string{"channels[1]"}, `"fax"`},
		{"channel twice", func(s *eleader.ConnectionSheet) { s.Channels = []eleader.Channel{"web", "WEB"} }, []string{"channels"}, "twice"},
		{"mode", func(s *eleader.ConnectionSheet) { s.Mode = "strict" }, []string{"mode"}, `"strict"`},
		{"environment", func(s *eleader.ConnectionSheet) { s.Environment = "test" }, []string{"environment"}, `"test"`},
		{"contact name", func(s *eleader.ConnectionSheet) { s.Contact.Name = "" }, []string{"contact.name"}, "required"},
		{"contact phone", func(s *eleader.ConnectionSheet) { s.Contact.Phone = "" }, []string{"contact.phone"}, "required"},
		{"contact email", func(s *eleader.ConnectionSheet) { s.Contact.Email = "" }, []string{"contact.email"}, "required"},
		{"contact email malformed", func(s *eleader.ConnectionSheet) { s.Contact.Email = "jeanne.adie.example" }, []string{"contact.email"}, "not an email"},
		{"contact phone malformed", func(s *eleader.ConnectionSheet) { s.Contact.Phone = "12 34" }, []string{"contact.phone"}, "not a phone number"},
		{"contact phone international", func(s *eleader.ConnectionSheet) { s.Contact.Phone = "+33 1 23 45 67 89" }, nil, ""},
		{"whole contact missing", func(s *eleader.ConnectionSheet) { s.Contact = eleader.Contact{} }, []string{"contact.name", "contact.phone", "contact.email"}, "required"},
		{"report recipient", func(s *eleader.ConnectionSheet) { s.ReportRecipients = []string{"ok@adie.example", "nope"} }, []string{"reportRecipients[1]"}, `"nope"`},
		{"comments too long", func(s *eleader.ConnectionSheet) { s.Comments = strings.Repeat("é", 4001) }, []string{"comments"}, "4000"},
		{"comments at the limit", func(s *eleader.ConnectionSheet) { s.Comments = strings.Repeat("é", 4000) }, nil, ""},
		{"correspondence to a TXT field", func(s *eleader.ConnectionSheet) {
			s.Correspondences = []matrice.Correspondence{{Field: "Civilite", Partner: "Monsieur", Matrice: "M"}, {Field: "Nom", Partner: "x", Matrice: "y"}}
		}, []string{"correspondences[1]"}, "Nom"},
		{"correspondence to an unknown value", func(s *eleader.ConnectionSheet) {
			s.Correspondences = []matrice.Correspondence{{Field: "Civilite", Partner: "Madame", Matrice: "MADAME"}}
		}, []string{"correspondences[0]"}, `"MADAME"`},
		{"certificate", func(s *eleader.ConnectionSheet) { s.Certificate = "not a certificate" }, []string{"certificate"}, "not a certificate"},
		{"everything missing", func(s *eleader.ConnectionSheet) { *s = eleader.ConnectionSheet{} },
			[]string{"partner", "name", "operators", "channels", "contact.name", "contact.phone", "contact.email"}, "required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := onbSheet("adie", "ADIE")
			tt.change(&s)
			err := s.Validate(m, onbStart)
			got := fields(t, err)
			assert.Equal(t, tt.want, got, "fields named by %v", err)
			if tt.msg != "" && err != nil {
				var errs eleader.SheetErrors
				require.True(t, errors.As(err, &errs))
				assert.Contains(t, errs[0].Message, tt.msg)
				assert.Contains(t, err.Error(), tt.want[0]+": ")
			}
		})
	}
}

func TestOnboardingSheetNormalized(t *testing.T) {
	s := onbSheet(" adie ", " adie ")
	s.Channels = []eleader.Channel{" API "}
	s.Mode, s.Environment = "", ""
	s.Contact.Email = " tech@adie.example "
	require.NoError(t, s.Validate(matrice.Default(), onbStart))
	assert.Equal(t, "adie", s.Partner)
	assert.Equal(t, []string{"ADIE"}, s.Operators)
	assert.Equal(t, []eleader.Channel{eleader.ChannelAPI}, s.Channels)
	assert.Equal(t, "partial", string(s.Mode), "partial is the default mode")
	assert.Equal(t, eleader.Qualification, s.Environment, "qualification is the default environment")
	assert.Equal(t, []string{"tech@adie.example"}, s.Recipients(), "reports go to the contact by default")
	s.ReportRecipients = []string{"a@adie.example", "b@adie.example"}
	assert.Equal(t, []string{"a@adie.example", "b@adie.example"}, s.Recipients())
}

func TestOnboardingCreateDraft(t *testing.T) {
	ctx := context.Background()
	e := newOnboarding(t, onbStart)

	draft := onbSheet("adie", "ADIE")
	draft.Contact = eleader.Contact{Name: "Jeanne Tech"}
	draft.Channels = nil
	p, todo, err := e.svc.CreatePartner(ctx, draft, "alice")
	require.NoError(t, err, "a draft may be saved incomplete")
	assert.Equal(t, eleader.StatusDraft, p.Status)
	assert.Equal(t, []string{"channels", "contact.phone", "contact.email"}, fields(t, todo))
	stored, err := e.svc.Partner(ctx, "adie")
	require.NoError(t, err)
	assert.Equal(t, eleader.StatusDraft, stored.Status)
	assert.Equal(t, "Jeanne Tech", stored.Sheet.Contact.Name)

	// Submitting it lists every field to fix.
	_, err = e.svc.SubmitPartner(ctx, "adie", "alice")
	m := asError(t, err, eleader.EINVALID).Message
	for _, f := range []string{"channels", "contact.phone", "contact.email"} {
		assert.Contains(t, m, f+": ")
	}
	assert.Equal(t, eleader.StatusDraft, e.status(t, "adie"))

	// A draft edited stays a draft, with what is left to fix.
	p, todo, err = e.svc.EditPartner(ctx, "adie", func(s *eleader.ConnectionSheet) error {
		s.Contact.Phone = "01 23 45 67 89"
		s.Channels = []eleader.Channel{eleader.ChannelDepot}
		return nil
	}, "alice", "")
	require.NoError(t, err)
	assert.Equal(t, eleader.StatusDraft, p.Status)
	assert.Equal(t, []string{"contact.email"}, fields(t, todo))
	_, _, err = e.svc.EditPartner(ctx, "adie", func(s *eleader.ConnectionSheet) error { s.Contact.Email = "tech@adie.example"; return nil }, "alice", "")
	require.NoError(t, err)
	_, err = e.svc.SubmitPartner(ctx, "adie", "alice")
	require.NoError(t, err)
	assert.Equal(t, eleader.StatusSent, e.status(t, "adie"))

	// A submitted sheet must stay valid.
	_, _, err = e.svc.EditPartner(ctx, "adie", func(s *eleader.ConnectionSheet) error { s.Contact.Email = ""; return nil }, "alice", "")
	assert.Contains(t, asError(t, err, eleader.EINVALID).Message, "contact.email")
	stored, err = e.svc.Partner(ctx, "adie")
	require.NoError(t, err)
	assert.Equal(t, "tech@adie.example", stored.Sheet.Contact.Email, "a refused edit is not saved")

	// An edit that fails says why.
	_, _, err = e.svc.EditPartner(ctx, "adie", func(*eleader.ConnectionSheet) error { return errors.New("no such field") }, "alice", "")
	assert.Contains(t, asError(t, err, eleader.EINVALID).Message, "no such field")
}

func TestOnboardingCreateRefused(t *testing.T) {
	ctx := context.Background()
	e := newOnboarding(t, onbStart)
	e.mustCreate(t, onbSheet("adie", "ADIE", "ADI2"))

	_, _, err := e.svc.CreatePartner(ctx, onbSheet("Adie Paris", "ADIP"), "alice")
	assert.Contains(t, asError(t, err, eleader.EINVALID).Message, "partner")
	_, _, err = e.svc.CreatePartner(ctx, onbSheet("adie", "ADI3"), "alice")
	assert.Contains(t, asError(t, err, eleader.ECONFLICT).Message, "adie")

	for _, code := range []string{"ADI2", "adi2"} {
		_, _, err = e.svc.CreatePartner(ctx, onbSheet("adie-paris", "ADIP", code), "alice")
		m := asError(t, err, eleader.ECONFLICT).Message
		assert.Contains(t, m, "ADI2", "names the code")
		assert.Contains(t, m, "adie", "names its owner")
		_, err = e.svc.Partner(ctx, "adie-paris")
		asError(t, err, eleader.ENOTFOUND)
	}
	ps, err := e.svc.Partners(ctx, eleader.PartnerFilter{})
	require.NoError(t, err)
	assert.Len(t, ps, 1, "a refused creation writes nothing")
}

func TestOnboardingOperatorCodesUnique(t *testing.T) {
	ctx := context.Background()
	e := newOnboarding(t, onbStart)
	e.mustActivate(t, onbSheet("adie", "ADIE"))
	e.mustCreate(t, onbSheet("franceactive", "FRAC"))

	for _, status := range []string{"draft", "active"} {
		id := map[string]string{"draft": "franceactive", "active": "adie"}[status]
		owner := map[string]string{"draft": "adie", "active": "franceactive"}[status]
		code := map[string]string{"draft": "ADIE", "active": "FRAC"}[status]
		before, err := e.svc.Partner(ctx, id)
		require.NoError(t, err)
		_, _, err = e.svc.EditPartner(ctx, id, func(s *eleader.ConnectionSheet) error {
			s.Operators = append(s.Operators, code)
			return nil
		}, "alice", "")
		m := asError(t, err, eleader.ECONFLICT).Message
		assert.Contains(t, m, code)
		assert.Contains(t, m, owner)
		after, err := e.svc.Partner(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, before.Sheet.Operators, after.Sheet.Operators)
		assert.Equal(t, before.Status, after.Status, "a refused edit leaves the status")
	}

	// A code freed by its owner can be taken.
	_, _, err := e.svc.EditPartner(ctx, "franceactive", func(s *eleader.ConnectionSheet) error { s.Operators = []string{"FRA2"}; return nil }, "alice", "")
	require.NoError(t, err)
	e.mustCreate(t, onbSheet("frac-idf", "FRAC"))
}

func TestOnboardingIdentifierFixed(t *testing.T) {
	ctx := context.Background()
	e := newOnboarding(t, onbStart)
	e.mustCreate(t, onbSheet("adie", "ADIE"))
	_, _, err := e.svc.EditPartner(ctx, "adie", func(s *eleader.ConnectionSheet) error { s.Partner = "adie2"; return nil }, "alice", "")
	assert.Contains(t, asError(t, err, eleader.EINVALID).Message, "cannot change")
	_, err = e.svc.Partner(ctx, "adie2")
	asError(t, err, eleader.ENOTFOUND)
	p, err := e.svc.Partner(ctx, "adie")
	require.NoError(t, err)
	assert.Equal(t, "adie", p.ID())

	_, _, err = e.svc.EditPartner(ctx, "nobody", func(*eleader.ConnectionSheet) error { return nil }, "alice", "")
	asError(t, err, eleader.ENOTFOUND)
}

func TestOnboardingSearch(t *testing.T) {
	ctx := context.Background()
	e := newOnboarding(t, onbStart)
	e.reach(t, "adie", "ADIE", sA)
	e.reach(t, "adie-paris", "ADIP", sD)
	e.reach(t, "bge", "BGE1", sS)
	depot := onbSheet("initiative", "INIT")
	depot.Channels = []eleader.Channel{eleader.ChannelDepot}
	e.mustCreate(t, depot)

	ids := func(f eleader.PartnerFilter) []string {
		t.Helper()
		ps, err := e.svc.Partners(ctx, f)
		require.NoError(t, err)
		out := []string{}
		for _, p := range ps {
			assert.True(t, f.Match(p), "%s does not match %+v", p.ID(), f)
			out = append(out, p.ID())
		}
		return out
	}
	assert.Equal(t, []string{"adie", "adie-paris", "bge", "initiative"}, ids(eleader.PartnerFilter{}))
	assert.Equal(t, []string{"adie", "adie-paris"}, ids(eleader.PartnerFilter{Partner: "adie"}))
	assert.Equal(t, []string{"adie-paris", "initiative"}, ids(eleader.PartnerFilter{Status: sD}))
	assert.Equal(t, []string{"adie-paris"}, ids(eleader.PartnerFilter{Partner: "adie", Status: sD}))
	assert.Equal(t, []string{"initiative"}, ids(eleader.PartnerFilter{Channel: eleader.ChannelDepot}))
	assert.Equal(t, []string{}, ids(eleader.PartnerFilter{Environment: eleader.Production}))
	assert.Equal(t, []string{}, ids(eleader.PartnerFilter{Partner: "zzz"}))
}
