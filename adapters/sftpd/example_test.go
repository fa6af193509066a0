package sftpd_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io/fs"
	"log"
	"net"
	"os"
	"path/filepath"
	"strings"

	"github.com/pkg/sftp"
	"golang.org/x/crypto/ssh"

	"github.com/entrepreneur-leader/eleader-go/adapters/dropdir"
	"github.com/entrepreneur-leader/eleader-go/adapters/sftpd"
	"github.com/entrepreneur-leader/eleader-go/adapters/sqlite"
	"github.com/entrepreneur-leader/eleader-go/eleader"
	"github.com/entrepreneur-leader/eleader-go/examples"
)

// E#L serves SFTP beside its other channels; a partner's system, with the
// key registered on the partner's connection sheet, deposits a file and
// sees it pending. (eleader serve --sftp-addr does this.)
func ExampleServer() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "eleader-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	store, err := sqlite.Open(ctx, filepath.Join(dir, "eleader.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()
	deposits, err := dropdir.New(filepath.Join(dir, "depots"))
	if err != nil {
		log.Fatal(err)
	}
	svc := &eleader.Service{Store: store, Deposits: deposits}

	// The partner's key (made on its side: ssh-keygen -t ed25519), on its
	// connection sheet, with the channel sftp.
	_, partnerKey, _ := ed25519.GenerateKey(rand.Reader)
	signer, _ := ssh.NewSignerFromKey(partnerKey)
	sheet := eleader.ConnectionSheet{Partner: "bge", Name: "BGE", Operators: []string{"BGE1"}, Channels: []eleader.Channel{eleader.ChannelSFTP},
		Contact: eleader.Contact{Name: "Jean", Phone: "01 23 45 67 89", Email: "jean@bge.example"},
		SSHKeys: []string{strings.TrimSpace(string(ssh.MarshalAuthorizedKey(signer.PublicKey())))}}
	if _, _, err := svc.CreatePartner(ctx, sheet, "e#l"); err != nil {
		log.Fatal(err)
	}
	svc.SubmitPartner(ctx, "bge", "e#l")
	svc.ProcessPartners(ctx, "bge", "e#l")

	// The server.
	_, hostKey, _ := ed25519.GenerateKey(rand.Reader)
	host, _ := ssh.NewSignerFromKey(hostKey)
	srv := &sftpd.Server{Service: svc, HostKey: host, TempDir: dir}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()

	// The partner's system.
	conn, err := ssh.Dial("tcp", ln.Addr().String(), &ssh.ClientConfig{User: "bge", Auth: []ssh.AuthMethod{ssh.PublicKeys(signer)},
		HostKeyCallback: ssh.FixedHostKey(host.PublicKey())})
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	c, err := sftp.NewClient(conn)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	export, err := fs.ReadFile(examples.Files, "files/20261116-demo.csv")
	if err != nil {
		log.Fatal(err)
	}
	for _, name := range []string{"export.csv", "20261125-bge.csv"} {
		f, err := c.Create("/depot/" + name)
		if err != nil {
			fmt.Println(err)
			continue
		}
		f.Write(export)
		fmt.Println(name, "sent:", f.Close())
	}
	list, _ := c.ReadDir("/depot")
	for _, fi := range list {
		fmt.Println("pending:", fi.Name(), fi.Size(), "bytes")
	}
	// Output:
	// sftp: "le nom export.csv est refusé : il doit commencer par la date de l'export, AAAAMMJJ (une date qui existe), suivie d'un tiret ; forme attendue AAAAMMJJ-bge.csv. Rien n'a été gardé." (SSH_FX_FAILURE)
	// 20261125-bge.csv sent: <nil>
	// pending: 20261125-bge.csv 2117 bytes
}
