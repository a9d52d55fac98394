#!/bin/sh
# demo.sh - the main job on the sample pacts (run by `make demo`): check
# them, then the 2023 -> 2024 report, read from the store (this checkout is
# one), as text and as the printable HTML comparison table.
set -eu
pact=${1:-build/pact}
out=$(dirname "$pact")
echo "== pact validate pacts/2023.yaml pacts/2024.yaml"
"$pact" validate pacts/2023.yaml pacts/2024.yaml
echo
echo "== pact diff 2023 2024"
"$pact" diff 2023 2024
"$pact" diff 2023 2024 --format=html -o "$out/diff-2023-2024.html"
echo
echo "The comparison table (bảng so sánh) is in $out/diff-2023-2024.html"
