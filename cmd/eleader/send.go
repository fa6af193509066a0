package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/entrepreneur-leader/eleader-go/eleader/client"
	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/matrice"
)

const sendSynopsis = `send --url URL [--token TOKEN] [--check] [--retries N] [--format text|json] FILE...

Sends partner files to E#L's upload API (POST /api/v1/files, as the
connection documentation gives it), retrying network errors and server
errors. The token may come from ELEADER_TOKEN instead of --token (a token on
a command line shows in the process list), the URL from ELEADER_URL.
Exit code: 0 every file deposited, 1 a file refused by E#L (its reason is
printed), 2 usage error, 3 a file rejected by --check, 4 E#L unreachable.`

// runSend runs "eleader send".
func runSend(args []string, stdout, stderr io.Writer) int {
	var url, token, format string
	var check bool
	var retries int
	fs := newFlagSet("send", stderr, sendSynopsis)
	fs.StringVar(&url, "url", os.Getenv("ELEADER_URL"), "the service's `URL`, e.g. https://eleader.example (default $ELEADER_URL)")
	fs.StringVar(&token, "token", "", "the partner's `token` (default $ELEADER_TOKEN)")
	fs.BoolVar(&check, "check", false, "validate each file against the matrice cadre first: a file rejected whole is not sent")
	fs.IntVar(&retries, "retries", client.DefaultRetries, "retries after a network error or a server error")
	fs.StringVar(&format, "format", "text", "output `format`: text or json")
	files, err := parseFlags(fs, args)
	if err != nil {
		return flagError(err)
	}
	if token == "" {
		token = os.Getenv("ELEADER_TOKEN")
	}
	switch {
	case len(files) == 0:
		fs.Usage()
		return usageError(stderr, "send needs at least one FILE")
	case url == "":
		return usageError(stderr, "send needs --url (or ELEADER_URL)")
	case token == "":
		return usageError(stderr, "send needs --token (or ELEADER_TOKEN)")
	}
	if err := oneOf("format", format, "text", "json"); err != nil {
		return usageError(stderr, "%v", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	c := client.New(url, token)
	c.Retries = retries
	c.UserAgent = "eleader-send"
	code := exitOK
	var receipts []any
	for _, path := range files {
		if check {
			if c := checkBeforeSending(path, stderr); c != exitOK {
				code = max(code, c)
				continue
			}
		}
		r, err := c.Upload(ctx, path)
		if err != nil {
			fmt.Fprintf(stderr, "eleader: %v\n", err)
			var ce *client.Error
			switch {
			case errors.As(err, &ce) && ce.Status < 500:
				code = max(code, exitRejected)
			default:
				return exitFault
			}
			continue
		}
		if format == "json" {
			receipts = append(receipts, r)
			continue
		}
		how := "deposited"
		if r.Recovered {
			how = "deposited (by an earlier attempt whose answer was lost)"
		}
		fmt.Fprintf(stdout, "%s %s: %d bytes, sha256 %s\n", r.Name, how, r.Size, r.SHA256)
		if r.Import.Message != "" {
			fmt.Fprintf(stdout, "  %s\n", r.Import.Message)
		}
	}
	if format == "json" {
		if receipts == nil {
			receipts = []any{}
		}
		printJSON(stdout, receipts)
	}
	return code
}

// checkBeforeSending validates a file with the default matrice; a file
// rejected whole is reported and not sent.
func checkBeforeSending(path string, stderr io.Writer) int {
	res, err := validateOne(importer.NewValidator(matrice.Default()), path, "", &validateOutput{format: "text"}, io.Discard)
	if err != nil {
		fmt.Fprintf(stderr, "eleader: %s: %s\n", importer.CutName(path), shownError(err))
		return exitFault
	}
	if res.rep.Stopped() {
		for _, e := range res.rep.FileErrors {
			fmt.Fprintf(stderr, "eleader: %s: not sent: %s\n", importer.CutName(path), e.Message)
		}
		return exitFile
	}
	if res.rep.Rejected > 0 {
		fmt.Fprintf(stderr, "eleader: %s: %d of %d lines would be rejected (eleader validate %s shows them); sending anyway\n",
			importer.CutName(path), res.rep.Rejected, res.rep.Lines, importer.CutName(path))
	}
	return exitOK
}
