package eleader_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/entrepreneur-leader/eleader-go/adapters/sqlite"
	"github.com/entrepreneur-leader/eleader-go/dossier"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

// A partner searches dossier numbers: it learns numbers and phases, not who
// holds the dossier; the search is recorded, and its limit holds.
func ExampleService_Search() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "eleader-example-")
	defer os.RemoveAll(dir)
	store, err := sqlite.Open(ctx, filepath.Join(dir, "eleader.db"))
	if err != nil {
		panic(err)
	}
	defer store.Close()
	svc := &eleader.Service{Store: store, SearchRate: 1}
	f, _ := os.Open("../examples/files/20261116-demo.csv")
	defer f.Close()
	if _, err := svc.Import(ctx, eleader.Import{Partner: "demo", Operators: []string{"ADIE", "FRAC"}, Name: "20261116-demo.csv", Body: f}); err != nil {
		panic(err)
	}

	adie := eleader.Searcher{Partner: "adie", Channel: "api"}
	q := dossier.Query{Nom: "Dupont", Prenom: "Amélie", Naissance: matrice.NewDate(1990, 5, 12)}
	found, err := svc.Search(ctx, adie, q)
	if err != nil {
		panic(err)
	}
	b, _ := json.Marshal(found)
	fmt.Println(string(b))

	_, err = svc.Search(ctx, adie, q)
	var e *eleader.Error
	errors.As(err, &e)
	wait, _ := eleader.RetryAfter(err)
	fmt.Println(e.Code, wait > 0)

	audit, _ := svc.Searches(ctx, "adie", 0)
	fmt.Println(len(audit), audit[0].Kind, audit[0].Results, len(audit[0].Hash))
	// Output:
	// [{"main":"ADIE100876-AHG-4U","dossiers":[{"number":"ADIE100876-AHG-4U","version":0,"phase":"1"}],"nextSubversion":"001-ADIE100876-AHG-4U"}]
	// rate_limited true
	// 1 identity 1 64
}
