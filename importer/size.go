package importer

import (
	"strconv"
	"strings"
)

// Size writes a size for people, in binary units: "4 GiB", "512 MiB",
// "256 KiB" for a whole number of them; "1.5 MiB" (one decimal, the
// largest unit it reaches) otherwise from 1 KiB; "900 bytes" below. It is
// the one formatter of sizes in messages (bounds, limits), with SizeFR.
func Size(n int64) string { return size(n, [4]string{"bytes", "KiB", "MiB", "GiB"}, ".") }

// SizeFR is Size in French: "4 Gio", "512 Mio", "1,5 Mio", "900 octets".
func SizeFR(n int64) string { return size(n, [4]string{"octets", "Kio", "Mio", "Gio"}, ",") }

func size(n int64, units [4]string, point string) string {
	for i := 3; i >= 1; i-- {
		unit := int64(1) << (10 * i)
		switch {
		case n >= unit && n%unit == 0:
			return strconv.FormatInt(n/unit, 10) + " " + units[i]
		case n >= unit:
			f := strconv.FormatFloat(float64(n)/float64(unit), 'f', 1, 64)
			return strings.Replace(f, ".", point, 1) + " " + units[i]
		}
	}
	return strconv.FormatInt(n, 10) + " " + units[0]
}
