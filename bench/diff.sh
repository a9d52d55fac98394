#!/bin/sh
# bench/diff.sh PACT - `pact diff` on generated pacts of 6, 1 000 and 10 000
# clauses with known edits (bench/gen.awk), against in the same run:
#   - `git diff --no-index --word-diff` on the same two files (what a user
#     would run instead; it knows nothing of clauses), and
#   - `pact validate A B`, pact's own parse-only cost (both files loaded and
#     validated), so "diff minus parse" is the cost of the alignment.
# Time is the best of R runs (wall clock), memory the peak RSS (GNU time %M).
# Ratios, not seconds, are what to compare between machines. The last line
# checks that alignment is not quadratic: time(10 000) / time(1 000) should
# be near 10, not 100.
set -eu

PACT=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
SIZES=${PACT_BENCH_SIZES:-"6 1000 10000"}
T=$(mktemp -d "${TMPDIR:-/tmp}/pact-bench-diff-XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
export LC_ALL=C.UTF-8 GIT_CONFIG_NOSYSTEM=1 HOME="$T"

TIME=/usr/bin/time
if ! [ -x "$TIME" ]; then
	echo "bench/diff.sh: GNU time (/usr/bin/time) is needed for peak memory" >&2
	exit 1
fi

# best-of-R wall time and the peak RSS of that run: "SECONDS KB"
measure() { # reps cmd...
	reps=$1
	shift
	best=""
	r=0
	while [ $r -lt "$reps" ]; do
		"$TIME" -f "%e %M" -o "$T/time" "$@" >/dev/null 2>"$T/err" || true
		line=$(tail -n 1 "$T/time")
		best=$(printf '%s\n%s\n' "$best" "$line" | awk 'NF==2' | sort -n | head -n 1)
		r=$((r + 1))
	done
	echo "$best"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) b = 0.005; printf "%.2f", a / b }'; }

echo "== pact diff --format=json vs git diff --no-index --word-diff vs pact validate"
printf '%8s %10s %10s %10s %8s %8s %10s %10s %10s\n' clauses diff_s git_s parse_s \
	diff/git diff/parse diff_MB git_MB parse_MB
prev_t=""
prev_n=""
for n in $SIZES; do
	mkdir -p "$T/$n"
	awk -v n="$n" -v seed=42 -v dir="$T/$n" -f "$HERE/gen.awk"
	reps=5
	[ "$n" -ge 10000 ] && reps=3
	a="$T/$n/2023.yaml"
	b="$T/$n/2024.yaml"
	set -- $(measure $reps "$PACT" diff --format=json "$a" "$b")
	dt=$1 dm=$2
	set -- $(measure $reps git diff --no-index --word-diff "$a" "$b")
	gt=$1 gm=$2
	set -- $(measure $reps "$PACT" validate "$a" "$b")
	pt=$1 pm=$2
	printf '%8s %10s %10s %10s %8s %8s %10.1f %10.1f %10.1f\n' "$n" "$dt" "$gt" "$pt" \
		"$(ratio "$dt" "$gt")" "$(ratio "$dt" "$pt")" \
		"$(awk -v k="$dm" 'BEGIN{print k/1024}')" "$(awk -v k="$gm" 'BEGIN{print k/1024}')" \
		"$(awk -v k="$pm" 'BEGIN{print k/1024}')"
	if [ -n "$prev_t" ]; then
		echo "   scaling $prev_n -> $n clauses: time x$(ratio "$dt" "$prev_t")" \
			"for x$(ratio "$n" "$prev_n") clauses"
	fi
	prev_t=$dt
	prev_n=$n
done

# the answer the generator planted, checked on the largest size
n=$(echo $SIZES | awk '{print $NF}')
"$PACT" diff --stat --lang=en "$T/$n/2023.yaml" "$T/$n/2024.yaml" | sed -n '2,4p'
