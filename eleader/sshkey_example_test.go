package eleader_test

import (
	"fmt"

	"github.com/entrepreneur-leader/eleader-go/eleader"
)

// A partner's public key, as its .pub file holds it: ParseSSHKey checks it
// and gives the fingerprint that ssh-keygen -l prints.
func ExampleParseSSHKey() {
	k, err := eleader.ParseSSHKey("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl export@bge")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(k.Type, k.Bits, k.Fingerprint, k.Comment)

	_, err = eleader.ParseSSHKey(`from="10.0.0.1" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl`)
	fmt.Println(err)
	// Output:
	// ssh-ed25519 256 SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU export@bge
	// the key line starts with options (from): E#L's SFTP server applies none, so they are refused; give the key without them
}
