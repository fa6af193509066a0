package client_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/entrepreneur-leader/eleader-go/eleader/client"
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
