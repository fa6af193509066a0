// Package examples holds sample partner files on the default matrice, for
// the demo (eleader demo, eleader serve --demo) and for people trying the
// tool: files/20261116-demo.csv is clean, files/20261117-demo.csv has one
// error of every kind.
package examples

import "embed"

// Files holds files/*.csv.
//
//go:embed files/*.csv
var Files embed.FS
