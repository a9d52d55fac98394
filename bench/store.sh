#!/bin/sh
# bench/store.sh PACT - the store's two benchmarks, each against what a user
# would do with git alone, in the same run (so the ratios, not the seconds,
# are what to compare between machines):
#
#  1. commit 1000 pacts, one commit each (50 years x 20 revisions):
#     `pact commit FILE` per pact vs a shell loop of cp + git add + git commit;
#  2. follow one clause across those 50 years: `pact log --clause ID`
#     vs `git log -p` over the same store (what a user would read instead),
#     and the full `pact log` (with per-revision clause summaries) too.
#
# Each process is started once per commit in both loops: the figures include
# process start-up, which is what a user pays.
set -eu

PACT=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
N=${PACT_BENCH_COMMITS:-1000}
YEARS=50
REPS=${PACT_BENCH_REPS:-20}

T=$(mktemp -d "${TMPDIR:-/tmp}/pact-bench-XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
export HOME="$T" GIT_CONFIG_NOSYSTEM=1 LC_ALL=C.UTF-8
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.vn
export GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.vn

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# One pact of 10 clauses; revision r rewrites clause r % 10, so every clause
# changes now and then and clause c0 stays the same for stretches.
gen() { # year rev
	printf 'schema: pact/1\nyear: %d\ntitle: Bản giao ước thi đua năm %d\n' "$1" "$1"
	printf 'bloc: Khối thi đua số 2\nprovince: Bắc Giang\nsigned:\n  place: Bắc Giang\n'
	printf '  date: %d-03-15\nmembers:\n  - id: so-y-te\n    name: Sở Y tế\n' "$1"
	printf 'preamble: Nhằm phát huy kết quả đạt được.\nclauses:\n'
	k=0
	while [ $k -lt 10 ]; do
		t=""
		[ $((($2 + $1) % 10)) -eq $k ] && [ $k -ne 0 ] && t=" (bản $2)"
		printf '  - id: c%d\n    number: %d\n    commitments:\n' $k $((k + 1))
		printf '      - Thực hiện nội dung %d của khối thi đua%s.\n' $k "$t"
		printf '      - Báo cáo kết quả hằng quý về cơ quan thường trực.\n'
		k=$((k + 1))
	done
	printf 'closing: Trên đây là bản giao ước năm %d.\n' "$1"
}

mkdir "$T/in"
i=0
while [ $i -lt "$N" ]; do
	gen $((2000 + i % YEARS)) $((i / YEARS)) > "$T/in/$i.yaml"
	i=$((i + 1))
done

# 1. commits
"$PACT" init "$T/p" > /dev/null
t0=$(now)
i=0
while [ $i -lt "$N" ]; do
	"$PACT" -C "$T/p" commit "$T/in/$i.yaml" -m "r$i" > /dev/null
	i=$((i + 1))
done
t1=$(now)

git init -q -b main "$T/g"
mkdir "$T/g/pacts"
t2=$(now)
i=0
while [ $i -lt "$N" ]; do
	y=$((2000 + i % YEARS))
	cp "$T/in/$i.yaml" "$T/g/pacts/$y.yaml"
	git -C "$T/g" add "pacts/$y.yaml"
	git -C "$T/g" commit -q -m "r$i"
	i=$((i + 1))
done
t3=$(now)
pc=$(secs "$t0" "$t1"); gc=$(secs "$t2" "$t3")

# 2. reading history ($REPS runs each)
run() { # label command...
	s=$(now); r=0
	while [ $r -lt "$REPS" ]; do "$@" > /dev/null; r=$((r + 1)); done
	e=$(now); secs "$s" "$e"
}
pl=$(run "$PACT" -C "$T/p" log --clause c3)
plog=$(run "$PACT" -C "$T/p" log)
gl=$(run git -C "$T/p" --no-pager log -p --no-ext-diff)

echo "store bench ($N commits = $YEARS years x $((N / YEARS)) revisions; $REPS runs for reads)"
printf '  pact commit x%d            %8ss\n' "$N" "$pc"
printf '  git add+commit loop x%d   %8ss   pact/git = %s\n' "$N" "$gc" "$(ratio "$pc" "$gc")"
printf '  pact log --clause c3 x%d   %8ss\n' "$REPS" "$pl"
printf '  pact log (summaries) x%d   %8ss\n' "$REPS" "$plog"
printf '  git log -p x%d             %8ss   clause/git = %s, log/git = %s\n' "$REPS" "$gl" \
	"$(ratio "$pl" "$gl")" "$(ratio "$plog" "$gl")"
"$PACT" -C "$T/p" log --clause c3 | head -6 | sed 's/^/    /'
