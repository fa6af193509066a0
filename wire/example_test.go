package wire_test

import (
	"encoding/json"
	"fmt"

	"github.com/entrepreneur-leader/eleader-go/wire"
)

// A verdict's type embeds Head, then adds its keys: the JSON opens with
// the spec's keys, in the spec's order.
func ExampleHead() {
	v := struct {
		wire.Head
		Errors []wire.LineError `json:"errors"`
	}{
		Head: wire.Head{File: "20261116-demo.csv", Partner: "demo", Date: "2026-11-16", Status: "partial",
			Lines: 2, Accepted: 1, Rejected: 1, Dossiers: 1, FileErrors: []wire.FileError{}},
		Errors: []wire.LineError{{Line: 3, Dossier: "D-1", Field: "SIRET", Value: "abc", Check: "type",
			Message: "Attribute 'SIRET' with value 'abc' fails check for type is 'NUM'"}},
	}
	b, _ := json.Marshal(v)
	fmt.Println(string(b))
	// Output:
	// {"file":"20261116-demo.csv","partner":"demo","date":"2026-11-16","status":"partial","lines":2,"accepted":1,"rejected":1,"dossiers":1,"fileErrors":[],"errors":[{"line":3,"dossier":"D-1","field":"SIRET","value":"abc","check":"type","message":"Attribute 'SIRET' with value 'abc' fails check for type is 'NUM'"}]}
}
