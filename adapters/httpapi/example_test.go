package httpapi_test

import (
	"context"
	"log"

	"github.com/entrepreneur-leader/eleader-go/adapters/dropdir"
	"github.com/entrepreneur-leader/eleader-go/adapters/httpapi"
	"github.com/entrepreneur-leader/eleader-go/adapters/sqlite"
	"github.com/entrepreneur-leader/eleader-go/adapters/xlsx"
	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// E#L serves the upload API and the web page, importing each upload at
// once (eleader serve does this, with the scheduler and the outbox).
func ExampleNew() {
	ctx := context.Background()
	store, err := sqlite.Open(ctx, "eleader-data/eleader.db")
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()
	deposits, err := dropdir.New("eleader-data/depots")
	if err != nil {
		log.Fatal(err)
	}
	svc := &eleader.Service{Store: store, Deposits: deposits}
	queue := &eleader.ImportQueue{Service: svc}
	go queue.Run(ctx)

	h := httpapi.New(svc)
	h.Workbooks = xlsx.Workbooks{}
	h.Queue = queue
	log.Fatal(h.Server("127.0.0.1:8080").ListenAndServe())
}
