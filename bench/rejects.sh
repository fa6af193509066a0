#!/bin/sh
# rejects.sh builds eleader and bench/rejects, then measures eleader's
# peak memory on a file whose every line is rejected: serve --import now
# receiving it, run --now importing it, and the delivery of its report alone,
# through a loopback SMTP server and as an .eml file. Its flags are rejects':
#
#   bench/rejects.sh                                  # 350,000 lines (about 100 MB)
#   bench/rejects.sh --lines 1860000                  # 511 MiB, under serve's 512 MiB limit
#   bench/rejects.sh --lines 1860000 --mail-max-mb 64 --scenarios deliver
#
# See BENCHMARKS.md, "Rejected lines", for the results.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(mktemp -d "${TMPDIR:-/tmp}/eleader-rejects-bin.XXXXXX")
trap 'rm -rf "$bin"' EXIT
trap 'exit 130' INT TERM

cd "$root"
echo "rejects.sh: building into $bin …" >&2
go build -o "$bin/" ./cmd/eleader ./bench/rejects
"$bin/rejects" --bin "$bin" "$@"
