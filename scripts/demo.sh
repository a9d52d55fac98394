#!/bin/sh
# demo.sh - the main job on the sample pacts (run by `make demo`).
set -eu
pact=${1:-build/pact}
echo "== pact validate pacts/2023.yaml pacts/2024.yaml"
"$pact" validate pacts/2023.yaml pacts/2024.yaml
echo
echo "== pact diff --lang=en pacts/2023.yaml pacts/2024.yaml"
"$pact" diff --lang=en pacts/2023.yaml pacts/2024.yaml
