package client_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"
	"time"

	"github.com/entrepreneur-leader/eleader-go/adapters/dropdir"
	"github.com/entrepreneur-leader/eleader-go/adapters/httpapi"
	"github.com/entrepreneur-leader/eleader-go/adapters/sqlite"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/eleader/client"
	"github.com/entrepreneur-leader/eleader-go/examples"
)

// A partner's system sends its daily export and tells what went wrong.
func ExampleClient_Upload() {
	c := client.New("https://eleader.example", "elt_…") // the token E#L gave
	receipt, err := c.Upload(context.Background(), "exports/20261116-adie.csv")
	switch {
	case errors.Is(err, client.ErrBadName):
		log.Fatal("rename the file AAAAMMJJ-adie.csv: ", err) // nothing was sent
	case errors.Is(err, client.ErrConflict):
		log.Print("already sent: ", err)
	case err != nil:
		log.Fatal(err) // E#L's message says what to fix
	default:
		fmt.Println(receipt.Name, receipt.SHA256, receipt.Import.Message)
	}
}

// exampleService starts an E#L service, importing uploads at once, with an
// active partner adie (operator code ADIE, in qualification), and returns
// its URL, adie's token, a directory for files, and its stop.
func exampleService() (url, token, dir string, stop func()) {
	dir, err := os.MkdirTemp("", "eleader-example-*")
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	store, err := sqlite.Open(ctx, filepath.Join(dir, "eleader.db"))
	if err != nil {
		log.Fatal(err)
	}
	deposits, err := dropdir.New(filepath.Join(dir, "depots"))
	if err != nil {
		log.Fatal(err)
	}
	svc := &eleader.Service{Store: store, Deposits: deposits}
	sheet := eleader.ConnectionSheet{Partner: "adie", Name: "Adie", Operators: []string{"ADIE"}, Channels: []eleader.Channel{eleader.ChannelAPI},
		Environment: eleader.Qualification, Contact: eleader.Contact{Name: "Camille", Phone: "0123456789", Email: "c@adie.example"}}
	if _, _, err := svc.CreatePartner(ctx, sheet, "example"); err != nil {
		log.Fatal(err)
	}
	if _, err := svc.SubmitPartner(ctx, "adie", "example"); err != nil {
		log.Fatal(err)
	}
	acts, err := svc.ProcessPartners(ctx, "adie", "example")
	if err != nil {
		log.Fatal(err)
	}
	queue := &eleader.ImportQueue{Service: svc}
	done := make(chan struct{})
	go func() { queue.Run(ctx); close(done) }()
	h := httpapi.New(svc)
	h.Queue = queue
	srv := httptest.NewServer(h)
	return srv.URL, acts[0].Token, dir, func() {
		srv.Close()
		cancel()
		<-done
		store.Close()
		os.RemoveAll(dir)
	}
}

// exampleExport writes the example export, whose FRAC numbers are another
// partner's, as adie's file of 16/11/2026.
func exampleExport(dir string) string {
	b, err := fs.ReadFile(examples.Files, "files/20261116-demo.csv")
	if err != nil {
		log.Fatal(err)
	}
	path := filepath.Join(dir, "20261116-adie.csv")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		log.Fatal(err)
	}
	return path
}

// A partner's CI asks E#L's dry run for the verdict of an export before
// sending it: the checks that need E#L's store (here, operator codes)
// included, nothing kept.
func ExampleClient_Check() {
	url, token, dir, stop := exampleService()
	defer stop()
	c := client.New(url, token)
	v, err := c.Check(context.Background(), exampleExport(dir))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %s, %d lines, %d rejected\n", v.File, v.Status, v.Lines, v.Rejected)
	fmt.Println(v.Errors[0].Line, v.Errors[0].Check, v.Errors[0].Message)
	// Output:
	// 20261116-adie.csv: partial, 5 lines, 3 rejected
	// 5 operator Attribute 'NumeroDossier' with value 'FRAC2024-0042' fails check for operator code is one of 'ADIE'
}

// A partner's system sends its export, waits for E#L's import and reads
// the verdict; a file still waiting for a daily run is ErrPending.
func ExampleClient_Wait() {
	url, token, dir, stop := exampleService()
	defer stop()
	c := client.New(url, token)
	ctx := context.Background()
	receipt, err := c.Upload(ctx, exampleExport(dir))
	if err != nil {
		log.Fatal(err)
	}
	f, err := c.Wait(ctx, receipt.Name, client.WaitOptions{Timeout: time.Minute})
	switch {
	case errors.Is(err, client.ErrPending):
		fmt.Println("still waiting; next import:", f.Import.At)
	case err != nil:
		log.Fatal(err)
	default:
		fmt.Printf("%s %s: %s, %d of %d lines rejected\n", f.Name, f.State, f.Verdict.Status, f.Verdict.Rejected, f.Verdict.Lines)
		fmt.Println("rejected lines:", f.Links.RejectsCSV)
	}
	// Output:
	// 20261116-adie.csv imported: partial, 3 of 5 lines rejected
	// rejected lines: /api/v1/reports/1/rejects.csv
}
