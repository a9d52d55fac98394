#!/bin/sh
# bench/diff.sh PACT - `pact diff` on generated pacts of 6, 1 000 and 10 000
# clauses with known edits (bench/gen.awk), against in the same run:
#   - `git diff --no-index --word-diff` on the same two files (what a user
#     would run instead; it knows nothing of clauses), and
#   - `pact validate A B`, pact's own parse-only cost (both files loaded and
#     validated), so "diff minus parse" is the cost of the alignment.
# Time is the best of R runs (wall clock), memory the peak RSS (GNU time %M).
# Ratios, not seconds, are what to compare between machines.
#
# The scaling check (alignment must not be quadratic: cost(10 000) /
# cost(1 000) near 10, not 100) counts instructions, not seconds: on a
# shared 2-core VM the same 10 000-clause diff took 2.4 s one run and 3.9 s
# the next, so a wall-clock ratio swung between x9 and x27. Instruction
# counts are deterministic. They come from `perf stat -e instructions` when
# the kernel exposes the counter, else from valgrind's callgrind (one run
# per size, ~100x slower than native: minutes at 10 000 clauses), else the
# check falls back to wall clock and says so. The check runs on the two
# largest sizes; PACT_BENCH_COUNTER=none skips the counters.
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

# instructions retired by one run of "$@" (stdout discarded), or nothing
count_perf() {
	perf stat -x, -e instructions -o "$T/perf" "$@" >/dev/null 2>"$T/err" || return 0
	awk -F, '$3 ~ /^instructions/ && $1 ~ /^[0-9]+$/ { print $1 }' "$T/perf"
}
count_callgrind() {
	valgrind --tool=callgrind --callgrind-out-file="$T/cg.out" "$@" >/dev/null 2>"$T/cg.err" ||
		return 0
	sed -n 's/^==[0-9]*== Collected : \([0-9][0-9]*\).*/\1/p' "$T/cg.err" | tail -n 1
}

# which counter works here: "perf", "callgrind" or "none"
pick_counter() {
	case ${PACT_BENCH_COUNTER:-auto} in
	none) echo none; return ;;
	esac
	if command -v perf >/dev/null 2>&1 && [ -n "$(count_perf true)" ]; then
		echo perf
	elif command -v valgrind >/dev/null 2>&1 && [ -n "$(count_callgrind true)" ]; then
		echo callgrind
	else
		echo none
	fi
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
		echo "   wall clock $prev_n -> $n clauses: time x$(ratio "$dt" "$prev_t")" \
			"for x$(ratio "$n" "$prev_n") clauses (noisy on a shared machine)"
	fi
	prev_t=$dt
	prev_n=$n
done

# The scaling check on the two largest sizes, from instruction counts.
counter=$(pick_counter)
set -- $SIZES
if [ $# -ge 2 ]; then
	while [ $# -gt 2 ]; do shift; done
	n1=$1 n2=$2
	if [ "$counter" = none ]; then
		echo "== scaling check: no instruction counter here (perf stat -e instructions" \
			"unsupported, no valgrind); see the wall-clock ratio above"
	else
		i1=$("count_$counter" "$PACT" diff --format=json "$T/$n1/2023.yaml" "$T/$n1/2024.yaml")
		i2=$("count_$counter" "$PACT" diff --format=json "$T/$n2/2023.yaml" "$T/$n2/2024.yaml")
		if [ -z "$i1" ] || [ -z "$i2" ]; then
			echo "== scaling check: $counter gave no count" >&2
		else
			echo "== scaling check, instructions ($counter; deterministic, unlike wall clock)"
			awk -v n1="$n1" -v n2="$n2" -v i1="$i1" -v i2="$i2" 'BEGIN {
				r = i2 / i1; k = n2 / n1
				printf "   %s clauses: %.2f G instructions; %s clauses: %.2f G\n", \
					n1, i1 / 1e9, n2, i2 / 1e9
				printf "   %s -> %s clauses: instructions x%.1f for x%.0f clauses: %s\n", \
					n1, n2, r, k, (r < 2 * k ? "linear" : "SUPERLINEAR (quadratic?)")
			}'
		fi
	fi
fi

# the answer the generator planted, checked on the largest size
n=$(echo $SIZES | awk '{print $NF}')
"$PACT" diff --stat --lang=en "$T/$n/2023.yaml" "$T/$n/2024.yaml" | sed -n '2,4p'
