#!/bin/sh
# tests/fuzz/run.sh BUILD SECONDS - run every fuzz target in BUILD for SECONDS each,
# one after the other (one core: the machine is shared), on a fresh copy of
# the seeds: the sample pacts, every tests/data YAML file, the saved
# regressions in tests/data/fuzz/, and for fuzz_diff the pairs of sample
# pacts joined by the "---8<---" line the target splits at.
# Crashes are written to BUILD/crashes/; the copy of the corpus is
# BUILD/corpus/NAME, thrown away at the next run.
set -eu
build=$1
secs=$2
status=0
for bin in "$build"/fuzz_*; do
	[ -x "$bin" ] || continue
	name=$(basename "$bin")
	corpus=$build/corpus/$name
	rm -rf "$corpus"
	mkdir -p "$corpus" "$build/crashes"
	for f in pacts/*.yaml $(find tests/data -name '*.yaml' -o -path 'tests/data/fuzz/*' -type f); do
		cp "$f" "$corpus/$(echo "$f" | tr / _)"
	done
	if [ "$name" = fuzz_import ]; then
		for f in tests/data/import/*.txt tests/data/import/*.docx tests/data/import/*.odt; do
			cp "$f" "$corpus/$(basename "$f")"
		done
	fi
	if [ "$name" = fuzz_diff ]; then
		printf '\n---8<---\n' >"$build/cut"
		cat pacts/2023.yaml "$build/cut" pacts/2024.yaml >"$corpus/pair-2023-2024"
		cat pacts/2024.yaml "$build/cut" pacts/2023.yaml >"$corpus/pair-2024-2023"
		cat pacts/2024.yaml "$build/cut" tests/data/valid/2024.yaml >"$corpus/pair-2024-small"
	fi
	echo "fuzz: $name for ${secs}s"
	"$bin" -max_len=65536 -timeout=10 -max_total_time="$secs" -print_final_stats=1 \
		-artifact_prefix="$build/crashes/$name-" "$corpus" || status=1
done
exit $status
