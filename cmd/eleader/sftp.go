package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/crypto/ssh"

	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// hostKeyName is the SFTP server's host key in the data directory.
const hostKeyName = "sftp_host_ed25519_key"

// sftpHostKey reads the SFTP server's host key from path, or, when path
// is "", from DATA/sftp_host_ed25519_key, drawing it (Ed25519, readable by
// its owner only) the first time: partners' systems check it, so it stays.
// The key is written to a temporary file then linked into place, so that
// instances sharing the data directory never read a key half written, and
// of two starting together one key wins. A key readable by others, or
// protected by a passphrase, is refused.
func sftpHostKey(path, data string) (ssh.Signer, error) {
	generate := path == ""
	if generate {
		path = filepath.Join(data, hostKeyName)
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && generate {
		if err := newHostKey(path); err != nil {
			return nil, errorf("cli.sftp.key_create", path, err.Error())
		}
		return sftpHostKey("", data)
	}
	if err != nil {
		return nil, errorf("cli.sftp.key_read", err.Error())
	}
	if info, err := os.Stat(path); err == nil && info.Mode().Perm()&0o077 != 0 {
		return nil, errorf("cli.sftp.key_mode", path, info.Mode().Perm().String(), path)
	}
	signer, err := ssh.ParsePrivateKey(b)
	var missing *ssh.PassphraseMissingError
	if errors.As(err, &missing) {
		return nil, errorf("cli.sftp.key_passphrase", path)
	}
	if err != nil {
		return nil, errorf("cli.sftp.key_bad", path, err.Error())
	}
	return signer, nil
}

// newHostKey draws an Ed25519 host key into path, unless another process
// did meanwhile.
func newHostKey(path string) error {
	if err := eleader.MkdirPrivate(filepath.Dir(path)); err != nil {
		return err
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	block, err := ssh.MarshalPrivateKey(priv, "eleader sftp host key")
	if err != nil {
		return err
	}
	_, err = eleader.WritePrivateOnce(path, pem.EncodeToMemory(block)) // another process's key may win
	return err
}
