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

const sendSynopsis = `send --url URL [--token TOKEN] [--check] [--retries N] [--format text|json] FILE...`

// runSend runs "eleader send".
func runSend(args []string, stdout, stderr io.Writer) int {
	var url, token, format string
	var check bool
	var retries int
	l := langOf(stderr)
	fs := newFlagSet("send", stderr, sendSynopsis, "cli.send.about")
	fs.StringVar(&url, "url", os.Getenv("ELEADER_URL"), l.Sprintf("cli.flag.url_send"))
	fs.StringVar(&token, "token", "", l.Sprintf("cli.flag.token_send"))
	fs.BoolVar(&check, "check", false, l.Sprintf("cli.flag.check_send"))
	fs.IntVar(&retries, "retries", client.DefaultRetries, l.Sprintf("cli.flag.retries"))
	fs.StringVar(&format, "format", "text", l.Sprintf("cli.flag.format"))
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
		return usageError(stderr, "cli.send.no_file")
	case url == "":
		return usageError(stderr, "cli.send.no_url")
	case token == "":
		return usageError(stderr, "cli.send.no_token")
	}
	if err := oneOf("format", format, "text", "json"); err != nil {
		return usageErr(stderr, err)
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
		how := "cli.send.deposited"
		if r.Recovered {
			how = "cli.send.recovered"
		}
		fmt.Fprintln(stdout, l.Sprintf(how, r.Name, r.Size, r.SHA256))
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
		fmt.Fprintf(stderr, "eleader: %s: %v\n", path, err)
		return exitFault
	}
	if res.rep.Stopped() {
		for _, e := range res.rep.FileErrors {
			fmt.Fprintf(stderr, "eleader: %s\n", langOf(stderr).Sprintf("cli.send.not_sent", path, e.In(langOf(stderr))))
		}
		return exitFile
	}
	if res.rep.Rejected > 0 {
		fmt.Fprintf(stderr, "eleader: %s\n", langOf(stderr).Sprintf("cli.send.would_reject", res.rep.Rejected, res.rep.Lines, path))
	}
	return exitOK
}
