package importer

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entrepreneur-leader/eleader-go/i18n"
	"github.com/entrepreneur-leader/eleader-go/importer/filename"
)

// Package filename keeps to the standard library: its errors name their
// entry of the catalog, whose English must be their Reason, word for word.
func TestFileNameReasonsAreTheCatalogs(t *testing.T) {
	for _, name := range []string{
		"", "20261116-adie", "20261116-adie.CSV", "20261116-adie.xls", "20261116-adie.txt",
		"adie.csv", "20261316-adie.csv", "20261116-A.csv", "dir/20261116-adie.csv", "20261116-ad\x01ie.csv",
	} {
		_, err := filename.Check(name)
		var fe *FileNameError
		require.True(t, errors.As(err, &fe), "%q", name)
		require.NotEmpty(t, fe.Key, "%q: %v", name, err)
		var args []any
		if fe.Arg != "" {
			args = append(args, fe.Arg)
		}
		assert.Equal(t, fe.Reason, i18n.English.Sprintf(fe.Key, args...), "%q", name)
		assert.NotEqual(t, fe.Reason, i18n.French.Sprintf(fe.Key, args...), "%q", name)
		// The file error's English is the error's text.
		assert.Equal(t, err.Error(), ErrFileName.Error()+": "+english(msgName(err)), "%q", name)
	}
}
