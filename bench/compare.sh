#!/bin/sh
# compare.sh builds eleader, the floor (encoding/csv reading), the naive peer
# (gocsv + validator/v10) and bench/compare, then runs the comparison on one
# file, alternating the contenders round after round. Its flags are
# compare's:
#
#   bench/compare.sh                          # 200,000 generated lines, 3 rounds
#   bench/compare.sh --lines 1000000 --contenders floor,validate
#   bench/compare.sh --file 20261116-adie.csv --operators ADIE
#   bench/compare.sh --file export.csv --contenders floor,validate   # measured as TODAY-demo.csv
#   bench/compare.sh --remix --contenders floor,validate      # another partner's export of the same data
#   bench/compare.sh --contenders import,reimport --db 'postgres://USER@HOST/DB'  # a schema per round
#   bench/compare.sh --json > results.json
#
# See BENCHMARKS.md for the results and how to read them.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(mktemp -d "${TMPDIR:-/tmp}/eleader-compare-bin.XXXXXX")
trap 'rm -rf "$bin"' EXIT
trap 'exit 130' INT TERM

cd "$root"
echo "compare.sh: building into $bin …" >&2
go build -o "$bin/" ./cmd/eleader ./bench/floor ./bench/naive ./bench/compare
"$bin/compare" --bin "$bin" "$@"
