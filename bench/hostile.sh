#!/bin/sh
# bench/hostile.sh PACT - `pact diff` on hostile pairs within the document
# limits (bench/hostile.awk: 60 commitments of 250 KB a side, 15 MB pacts),
# in every format: time, peak memory against the input, and how many word
# diffs the report says were compared only in part (the word diff's work
# budget, src/textdiff_internal.h). No target: a study, run by `make bench`
# with PACT_BENCH_ALL=1. The budget counts steps, not time, so the
# "in part" column is the same on every machine; times are not (on a
# shared machine, user CPU seconds move less than wall-clock ones).
#   PACT_BENCH_SHAPES="binary sprinkle ..."  shapes (default: all six)
#   PACT_BENCH_FORMATS="text json ..."       formats (default: all four)
set -eu

PACT=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
SHAPES=${PACT_BENCH_SHAPES:-"binary sprinkle shuffled alternate scattered vi"}
FORMATS=${PACT_BENCH_FORMATS:-"text markdown html json"}
T=$(mktemp -d "${TMPDIR:-/tmp}/pact-bench-hostile-XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
export LC_ALL=C.UTF-8

TIME=/usr/bin/time
if ! [ -x "$TIME" ]; then
	echo "hostile.sh: GNU time (/usr/bin/time) is needed for peak memory" >&2
	exit 1
fi
echo "| shape | format | wall s | user s | peak RSS MB | RSS / input | compared in part |"
echo "|---|---|---|---|---|---|---|"
for s in $SHAPES; do
	mkdir -p "$T/$s"
	awk -v shape="$s" -v dir="$T/$s" -f "$HERE/hostile.awk"
	in_bytes=$(cat "$T/$s/2023.yaml" "$T/$s/2024.yaml" | wc -c)
	part=
	for f in $FORMATS; do
		"$TIME" -f "%e %U %M" -o "$T/time" "$PACT" --lang=en --no-pager diff \
			"$T/$s/2023.yaml" "$T/$s/2024.yaml" --format="$f" -o "$T/out"
		set -- $(cat "$T/time")
		if [ -z "$part" ]; then # the same in every format: one JSON summary
			part=$("$PACT" --lang=en --no-pager diff "$T/$s/2023.yaml" "$T/$s/2024.yaml" \
				--stat --format=json | sed -n 's/.*"compared_in_part": \([0-9]*\).*/\1/p')
			part=${part:-0}
		fi
		awk -v s="$s" -v f="$f" -v w="$1" -v u="$2" -v kb="$3" -v in_b="$in_bytes" \
			-v p="$part" 'BEGIN {
			printf "| %s | %s | %.2f | %.2f | %.0f | %.1fx | %d |\n",
			       s, f, w, u, kb / 1024, kb * 1024 / in_b, p }'
	done
	rm -rf "${T:?}/$s"
done
