package eleader

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/subtle"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/ssh"

	"github.com/entrepreneur-leader/eleader-go/importer"
	"github.com/entrepreneur-leader/eleader-go/importer/filename"
)

// Limits of the SSH keys of a connection sheet.
const (
	// MaxSSHKeys is how many keys one sheet holds at most.
	MaxSSHKeys = 20
	// maxSSHKeyLine bounds one key line: an RSA key of 16,384 bits takes
	// about 2,800 characters.
	maxSSHKeyLine = 16 << 10
	// maxSSHKeyComment bounds the comment kept with a key.
	maxSSHKeyComment = 200
	// minRSABits is the smallest RSA key accepted.
	minRSABits = 2048
)

// sshKeyTypes are the key types a partner may register: those OpenSSH
// offers by default. DSA keys (ssh-dss) are refused, as OpenSSH does.
var sshKeyTypes = map[string]bool{
	ssh.KeyAlgoED25519:    true,
	ssh.KeyAlgoECDSA256:   true,
	ssh.KeyAlgoECDSA384:   true,
	ssh.KeyAlgoECDSA521:   true,
	ssh.KeyAlgoRSA:        true,
	ssh.KeyAlgoSKED25519:  true,
	ssh.KeyAlgoSKECDSA256: true,
}

// SSHKey is an SSH public key of a partner, with which its systems log in
// to E#L's SFTP server.
type SSHKey struct {
	// Line is the key as the sheet keeps it: "TYPE BASE64" and, if the
	// line had one, a space and its comment.
	Line string `json:"line"`
	// Type is the key's algorithm, e.g. "ssh-ed25519".
	Type string `json:"type"`
	// Bits is the size of an RSA or ECDSA key, 256 for Ed25519.
	Bits int `json:"bits"`
	// Fingerprint is OpenSSH's: "SHA256:" and the unpadded base64 of the
	// key's SHA-256, as ssh-keygen -l prints it.
	Fingerprint string `json:"fingerprint"`
	// Comment is the line's comment (often user@host), control characters
	// replaced.
	Comment string `json:"comment,omitempty"`

	wire []byte // the key in SSH wire format
}

// The problems of an SSH key, in SSHKeyError.Problem.
const (
	SSHKeyEmpty       = "empty"       // nothing given
	SSHKeyTooLong     = "too_long"    // a line longer than any public key
	SSHKeyPrivate     = "private"     // a private key
	SSHKeyLines       = "lines"       // several lines
	SSHKeyRFC4716     = "rfc4716"     // an RFC 4716 (SSH2) key, to convert
	SSHKeyUnreadable  = "unreadable"  // not an SSH public key
	SSHKeyOptions     = "options"     // authorized_keys options before the key (Detail: their names)
	SSHKeySeveral     = "several"     // more than one key on the line
	SSHKeyCertificate = "certificate" // an SSH certificate (Detail: its type)
	SSHKeyDSA         = "dsa"         // a DSA key
	SSHKeyType        = "type"        // a type OpenSSH does not offer (Detail: the type)
	SSHKeyRSABits     = "rsa_bits"    // an RSA key under 2048 bits (Bits: its size)
)

// SSHKeyError is the cause of ParseSSHKey's errors: what is wrong with the
// key, for an adapter that words it in its own language (the portal, in
// French); the *Error's message says it in English.
type SSHKeyError struct {
	// Problem is one of the SSHKey… problems.
	Problem string
	// Detail is the options, the certificate's or the key's type.
	Detail string
	// Bits is the size of an RSA key too short.
	Bits int
}

func (e *SSHKeyError) Error() string { return "SSH key: " + e.Problem }

// badKey is ParseSSHKey's error: EINVALID, its message, its cause.
func badKey(cause *SSHKeyError, format string, a ...any) (SSHKey, error) {
	return SSHKey{}, &Error{Code: EINVALID, Message: fmt.Sprintf(format, a...), Err: cause}
}

// ParseSSHKey parses one public key in the authorized_keys format
// ("ssh-ed25519 AAAA… comment", the content of a .pub file). It refuses,
// each with a message saying what to send instead: anything but one key,
// options before the key (from=, command= …: E#L's server enforces none of
// them, and a key gives access to the partner's space only), an SSH
// certificate, a private key, a DSA key or an RSA key under 2048 bits, and
// types OpenSSH does not offer. Its errors are *Error EINVALID, whose
// cause is an *SSHKeyError.
func ParseSSHKey(line string) (SSHKey, error) {
	line = strings.TrimSpace(line)
	switch {
	case line == "":
		return badKey(&SSHKeyError{Problem: SSHKeyEmpty}, "the SSH key is empty: give the content of the .pub file, e.g. \"ssh-ed25519 AAAA… name@host\"")
	case len(line) > maxSSHKeyLine:
		return badKey(&SSHKeyError{Problem: SSHKeyTooLong}, "the SSH key line is longer than %d bytes: give one public key", maxSSHKeyLine)
	case strings.Contains(line, "PRIVATE KEY"):
		return badKey(&SSHKeyError{Problem: SSHKeyPrivate}, "this is a private key: give the public key (the .pub file), and keep the private key secret")
	case strings.ContainsAny(line, "\r\n"):
		return badKey(&SSHKeyError{Problem: SSHKeyLines}, "the SSH key spans several lines: give one key per line")
	}
	pub, comment, options, rest, err := ssh.ParseAuthorizedKey([]byte(line))
	if err != nil {
		if strings.HasPrefix(line, "---- BEGIN SSH2 PUBLIC KEY") {
			return badKey(&SSHKeyError{Problem: SSHKeyRFC4716}, "this is an RFC 4716 (SSH2) key: convert it with ssh-keygen -i -f FILE and give the result")
		}
		return badKey(&SSHKeyError{Problem: SSHKeyUnreadable}, "not an SSH public key: expected \"TYPE BASE64 [COMMENT]\" as in a .pub file (ssh-keygen -t ed25519 makes one)")
	}
	if len(options) > 0 {
		names := strings.Join(optionNames(options), ", ")
		return badKey(&SSHKeyError{Problem: SSHKeyOptions, Detail: names}, "the key line starts with options (%s): E#L's SFTP server applies none, so they are refused; give the key without them", names)
	}
	if len(strings.TrimSpace(string(rest))) > 0 || holdsKeyType(comment) {
		return badKey(&SSHKeyError{Problem: SSHKeySeveral}, "more than one key: give one key per line")
	}
	if _, ok := pub.(*ssh.Certificate); ok {
		return badKey(&SSHKeyError{Problem: SSHKeyCertificate, Detail: pub.Type()}, "this is an SSH certificate (%s): give the plain public key it certifies", pub.Type())
	}
	typ := pub.Type()
	if typ == ssh.KeyAlgoDSA {
		return badKey(&SSHKeyError{Problem: SSHKeyDSA}, "DSA keys (ssh-dss) are refused, as OpenSSH refuses them: make an Ed25519 key (ssh-keygen -t ed25519)")
	}
	if !sshKeyTypes[typ] {
		shown := printableText(typ, 60)
		return badKey(&SSHKeyError{Problem: SSHKeyType, Detail: shown}, "key type %q is not accepted: use ssh-ed25519, ecdsa-sha2-nistp256/384/521 or ssh-rsa of at least %d bits", shown, minRSABits)
	}
	bits := keyBits(pub)
	if typ == ssh.KeyAlgoRSA && bits < minRSABits {
		return badKey(&SSHKeyError{Problem: SSHKeyRSABits, Bits: bits}, "this RSA key has %d bits, fewer than %d: make an Ed25519 key (ssh-keygen -t ed25519) or a longer RSA key", bits, minRSABits)
	}
	k := SSHKey{Type: typ, Bits: bits, Fingerprint: ssh.FingerprintSHA256(pub), Comment: printableText(comment, maxSSHKeyComment), wire: pub.Marshal()}
	k.Line = strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pub)))
	if k.Comment != "" {
		k.Line += " " + k.Comment
	}
	return k, nil
}

// ParseSSHKeys parses a file of public keys (a .pub file, or an
// authorized_keys file): one key per line; blank lines and lines starting
// with # are skipped. Errors name the line (1-indexed).
func ParseSSHKeys(text string) ([]SSHKey, error) {
	var keys []SSHKey
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 0, 4096), maxSSHKeyLine+2)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, err := ParseSSHKey(line)
		if err != nil {
			return nil, Errorf(EINVALID, "line %d: %v", n, err)
		}
		keys = append(keys, k)
	}
	if err := sc.Err(); err != nil {
		return nil, Errorf(EINVALID, "a line is longer than %d bytes: give public keys, one per line", maxSSHKeyLine)
	}
	if len(keys) == 0 {
		return nil, Errorf(EINVALID, "no SSH public key found: give the content of a .pub file")
	}
	return keys, nil
}

// holdsKeyType reports whether a comment holds a key type, as when keys
// were pasted on one line.
func holdsKeyType(comment string) bool {
	for _, f := range strings.Fields(comment) {
		if sshKeyTypes[f] || f == ssh.KeyAlgoDSA {
			return true
		}
	}
	return false
}

// optionNames returns the names of authorized_keys options, without their
// values (a command= could hold anything).
func optionNames(options []string) []string {
	names := make([]string, len(options))
	for i, o := range options {
		name, _, _ := strings.Cut(o, "=")
		names[i] = printableText(name, 40)
	}
	return names
}

// keyBits returns the size of a key, 0 when unknown.
func keyBits(pub ssh.PublicKey) int {
	if cpk, ok := pub.(ssh.CryptoPublicKey); ok {
		switch k := cpk.CryptoPublicKey().(type) {
		case *rsa.PublicKey:
			return k.N.BitLen()
		case *ecdsa.PublicKey:
			return k.Curve.Params().BitSize
		case ed25519.PublicKey:
			return 256
		}
	}
	switch pub.Type() {
	case ssh.KeyAlgoSKED25519, ssh.KeyAlgoSKECDSA256:
		return 256
	}
	return 0
}

// printableText returns s with control and invalid characters replaced by
// '?', cut to at most max runes.
func printableText(s string, max int) string {
	s = filename.Printable(strings.TrimSpace(s))
	if utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max])
	}
	return s
}

// SSHKeys parses the keys of the sheet; a key that does not parse (the
// sheet was not validated) is skipped.
func (s *ConnectionSheet) sshKeys() []SSHKey {
	var keys []SSHKey
	for _, line := range s.SSHKeys {
		if k, err := ParseSSHKey(line); err == nil {
			keys = append(keys, k)
		}
	}
	return keys
}

// SSHKeyInfos describes the SSH keys of the sheet, fingerprints included, in
// the sheet's order. A line that does not parse comes with its Type empty
// and Comment saying why.
func (s *ConnectionSheet) SSHKeyInfos() []SSHKey {
	out := make([]SSHKey, 0, len(s.SSHKeys))
	for _, line := range s.SSHKeys {
		k, err := ParseSSHKey(line)
		if err != nil {
			k = SSHKey{Line: line, Comment: ErrorMessage(err)}
		}
		out = append(out, k)
	}
	return out
}

// validateSSHKeys returns the problems of the sheet's keys.
func (s *ConnectionSheet) validateSSHKeys() SheetErrors {
	var errs SheetErrors
	if len(s.SSHKeys) > MaxSSHKeys {
		errs = append(errs, FieldError{Field: "sshKeys", Message: fmt.Sprintf("holds %d keys, more than %d", len(s.SSHKeys), MaxSSHKeys),
			Check: "sshkeys_max", Param: strconv.Itoa(MaxSSHKeys), Value: strconv.Itoa(len(s.SSHKeys))})
	}
	seen := map[string]int{}
	for i, line := range s.SSHKeys {
		k, err := ParseSSHKey(line)
		if err != nil {
			var cause *SSHKeyError
			errors.As(err, &cause)
			errs = append(errs, FieldError{Field: fmt.Sprintf("sshKeys[%d]", i), Message: ErrorMessage(err), Check: "sshkey", Err: cause})
			continue
		}
		if j, dup := seen[k.Fingerprint]; dup {
			errs = append(errs, FieldError{Field: fmt.Sprintf("sshKeys[%d]", i), Message: fmt.Sprintf("the key %s is already sshKeys[%d]", k.Fingerprint, j),
				Check: "sshkey_dup", Param: strconv.Itoa(j), Value: k.Fingerprint})
			continue
		}
		seen[k.Fingerprint] = i
	}
	return errs
}

// normalizeSSHKeys rewrites each key that parses in its canonical form.
func (s *ConnectionSheet) normalizeSSHKeys() {
	for i, line := range s.SSHKeys {
		if k, err := ParseSSHKey(line); err == nil {
			s.SSHKeys[i] = k.Line
		} else {
			s.SSHKeys[i] = strings.TrimSpace(line)
		}
	}
}

// AddSSHKeys adds keys to the sheet, each once: a key already there (same
// fingerprint) is not added again.
func (s *ConnectionSheet) AddSSHKeys(keys ...SSHKey) {
	have := map[string]bool{}
	for _, k := range s.sshKeys() {
		have[k.Fingerprint] = true
	}
	for _, k := range keys {
		if !have[k.Fingerprint] {
			s.SSHKeys = append(s.SSHKeys, k.Line)
			have[k.Fingerprint] = true
		}
	}
}

// RemoveSSHKey removes the key whose fingerprint is fingerprint ("SHA256:…",
// the prefix optional). Its error, *Error ENOTFOUND, lists the sheet's keys.
func (s *ConnectionSheet) RemoveSSHKey(fingerprint string) error {
	fp := strings.TrimSpace(fingerprint)
	if !strings.HasPrefix(fp, "SHA256:") {
		fp = "SHA256:" + fp
	}
	var have []string
	for i, line := range s.SSHKeys {
		k, err := ParseSSHKey(line)
		if err != nil {
			continue
		}
		if k.Fingerprint == fp {
			s.SSHKeys = append(s.SSHKeys[:i:i], s.SSHKeys[i+1:]...)
			return nil
		}
		have = append(have, k.Fingerprint)
	}
	if len(have) == 0 {
		return Errorf(ENOTFOUND, "no SSH key %s: the sheet has none", printableText(fingerprint, 80))
	}
	return Errorf(ENOTFOUND, "no SSH key %s: the sheet has %s", printableText(fingerprint, 80), strings.Join(have, ", "))
}

// The causes of an EUNAUTHORIZED from AuthenticateSSHKey, for errors.Is
// (besides ErrSheetInactive): the adapter logs them, the client only hears
// that its key was refused.
var (
	ErrSSHKeyUnknown = errors.New("SSH key not registered for this partner")
	ErrNoSFTPChannel = errors.New("the connection sheet has no sftp channel")
)

// AuthenticateSSHKey returns the partner whose identifier is user when key
// (a public key in SSH wire format, ssh.PublicKey.Marshal) is one of the SSH
// keys of its connection sheet, the sheet is ACTIVEE and has the sftp
// channel. Anything else is an *Error EUNAUTHORIZED wrapping
// ErrSSHKeyUnknown (also for an unknown user: a client never learns which
// partners exist), ErrSheetInactive or ErrNoSFTPChannel.
func (s *Service) AuthenticateSSHKey(ctx context.Context, user string, key []byte) (*Partner, error) {
	unknown := &Error{Code: EUNAUTHORIZED, Err: ErrSSHKeyUnknown, Message: "the SSH key is not registered for this partner"}
	if !importer.ValidPartner(user) {
		return nil, unknown
	}
	p, err := s.Store.Partner(ctx, user)
	if ErrorCode(err) == ENOTFOUND {
		return nil, unknown
	}
	if err != nil {
		return nil, err
	}
	found := 0
	for _, k := range p.Sheet.sshKeys() {
		found |= subtle.ConstantTimeCompare(k.wire, key)
	}
	if found != 1 {
		return nil, unknown
	}
	if p.Status != StatusActive {
		return nil, &Error{Code: EUNAUTHORIZED, Err: ErrSheetInactive,
			Message: fmt.Sprintf("the connection sheet is %s: only an ACTIVEE sheet logs in", p.Status)}
	}
	if !p.Sheet.HasChannel(ChannelSFTP) {
		return nil, &Error{Code: EUNAUTHORIZED, Err: ErrNoSFTPChannel,
			Message: "the connection sheet does not list the sftp channel"}
	}
	return p, nil
}

// HasChannel reports whether the sheet lists channel c.
func (s *ConnectionSheet) HasChannel(c Channel) bool {
	for _, x := range s.Channels {
		if normalizeChannel(x) == c {
			return true
		}
	}
	return false
}
