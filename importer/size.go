package importer

import "github.com/entrepreneur-leader/eleader-go/i18n"

// Size writes a size for people, in binary units: "4 GiB", "512 MiB",
// "256 KiB" for a whole number of them; "1.5 MiB" (one decimal, the
// largest unit it reaches) otherwise from 1 KiB; "900 bytes" below. It is
// i18n.English.Size, the one formatter of sizes in messages (bounds,
// limits); a message of the catalog takes an i18n.Size, said in its
// language.
func Size(n int64) string { return i18n.English.Size(n) }

// SizeFR is Size in French, i18n.French.Size: "4 Gio", "512 Mio",
// "1,5 Mio", "900 octets".
func SizeFR(n int64) string { return i18n.French.Size(n) }
