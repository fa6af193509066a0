package sftpd

import (
	"path"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLocate(t *testing.T) {
	tests := []struct {
		in   string
		want place
		ok   bool
	}{
		{"/", place{}, true},
		{"", place{}, true},
		{"/depot", place{dir: DepotDir}, true},
		{"/depot/", place{dir: DepotDir}, true},
		{"/depot/20261125-adie.csv", place{dir: DepotDir, name: "20261125-adie.csv"}, true},
		{"/rapports/x.csv", place{dir: ReportsDir, name: "x.csv"}, true},
		{"/depot/../rapports", place{dir: ReportsDir}, true},
		{"/../../etc/passwd", place{}, false},
		{"/depot/sub/x.csv", place{}, false},
		{"/historique/x.csv", place{}, false},
		{"/Depot", place{}, false},
		{"//depot//x.csv", place{dir: DepotDir, name: "x.csv"}, true},
		{"/depot/..", place{}, true},
	}
	for _, tt := range tests {
		got, ok := locate(tt.in)
		assert.Equal(t, tt.ok, ok, "%q", tt.in)
		if tt.ok {
			assert.Equal(t, tt.want, got, "%q", tt.in)
		}
	}
}

// FuzzLocate: whatever the path, a place found is one of the space's two
// directories or a plain name in one of them.
func FuzzLocate(f *testing.F) {
	for _, s := range []string{"/", "/depot/x", "../..", "/rapports/../depot/a", "/depot/a/b", "\x00", "/depot/.."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		pl, ok := locate(in)
		if !ok {
			return
		}
		switch pl.dir {
		case "":
			assert.Empty(t, pl.name)
		case DepotDir, ReportsDir:
		default:
			t.Fatalf("locate(%q) found directory %q", in, pl.dir)
		}
		assert.NotContains(t, pl.name, "/")
		assert.NotEqual(t, "..", pl.name)
		assert.NotEqual(t, ".", pl.name)
		if pl.name != "" {
			assert.Equal(t, "/"+pl.dir+"/"+pl.name, path.Clean("/"+in), "%q", in)
		}
		assert.False(t, strings.HasPrefix(pl.name, "../"))
	})
}
