#!/bin/sh
# bench/targets.sh PACT - the speed targets of issue 12, each as a ratio
# against a baseline measured in the same run, printed as one table and
# written to bench/results.md.
#
# Every figure is a median: of REPS runs (7 by default, PACT_BENCH_REPS)
# for the cases of 0.1 s and more, of SHORT runs (11, PACT_BENCH_SHORT_REPS)
# for the single processes of a few milliseconds. Time is CPU time (user +
# system of the process and the children it waited for), read by
# bench/runcpu.c from wait4()'s rusage in microseconds: on a shared machine
# wall clock mostly measures the neighbours, CPU time the work, and GNU
# time's 10 ms steps were as large as a whole commit. A pact command and
# its baseline run round-robin (runcpu's `::`), so both see the same
# moments of the machine. The wall-clock medians are printed beside it for
# the record. Peak memory is the median of the runs' maximum resident set.
# With valgrind installed (PACT_BENCH_COUNT=0 skips it), a second table
# gives instruction counts (callgrind, deterministic) of the single-process
# cases.
#
# The baselines:
#  - yaml_floor (bench/yaml_floor.c, built here): libyaml's event parse of
#    the two files and nothing else, the floor for any diff of them;
#  - git diff --no-index --word-diff on the same two sample pacts;
#  - git log -p on the same store;
#  - cp + git add + git commit, one file per commit, or one git add + git
#    commit per year for the 50-year case;
#  - yamllint on the same 100 pacts (a syntax-only check).
# Generated pacts come from bench/gen.awk (planted edits, known answer).
set -eu

PACT=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
REPS=${PACT_BENCH_REPS:-7}
SHORT=${PACT_BENCH_SHORT_REPS:-11}
OUT=${PACT_BENCH_RESULTS:-$HERE/results.md}
T=$(mktemp -d "${TMPDIR:-/tmp}/pact-bench-targets-XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
export LC_ALL=C.UTF-8 GIT_CONFIG_NOSYSTEM=1 HOME="$T"
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.vn
export GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.vn

# medians of runs of the commands (runcpu's arguments: [-n N] [-e CODE]...
# CMD... [:: [-e CODE]... CMD...], each -e for the command it precedes),
# one "CPU_S WALL_S MAXRSS_KB" line per command
measure() {
	"$T/runcpu" -n "$REPS" "$@" || {
		echo "bench/targets.sh: a measured command failed (above)" >&2
		exit 1
	}
}
line() { echo "$1" | sed -n "$2p"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) b = 0.0005; printf "%.2f", a / b }'; }
cpu() { echo "$1" | cut -d' ' -f1; }
wall() { echo "$1" | cut -d' ' -f2; }
rss() { echo "$1" | cut -d' ' -f3; }
# a table row: case, pact figure, baseline figure, ratio, target, verdict
rows=""
row() { # case pact base ratio target(op value)
	verdict=$(awk -v r="$4" -v op="$5" -v t="$6" 'BEGIN {
		ok = (op == "<=") ? r <= t + 1e-9 : r >= t - 1e-9; print ok ? "met" : "NOT met" }')
	rows="$rows| $1 | $2 | $3 | **$4x** | $5 $6x | $verdict |
"
	printf '  %-58s %8sx  (target %s %sx: %s)\n' "$1" "$4" "$5" "$6" "$verdict"
}

cc -O2 -o "$T/yaml_floor" "$HERE/yaml_floor.c" $(pkg-config --cflags --libs yaml-0.1)
cc -O2 -o "$T/runcpu" "$HERE/runcpu.c"

echo "== pact speed targets (issue 12): medians of $REPS (short cases: $SHORT) runs, CPU time"

# ---- 1-3: generated pacts, 1 000 and 10 000 clauses ----------------------
for n in 1000 10000; do
	mkdir -p "$T/g$n"
	awk -v n="$n" -v seed=42 -v dir="$T/g$n" -f "$HERE/gen.awk"
done
A10="$T/g10000/2023.yaml" B10="$T/g10000/2024.yaml"
in10=$(($(wc -c < "$A10") + $(wc -c < "$B10")))
# the diff and the floor (libyaml's event parse of the same two files)
# round-robin; microseconds of CPU need no loop of ten parses any more
m=$(measure "$PACT" diff --format=json "$A10" "$B10" :: "$T/yaml_floor" "$A10" "$B10")
d10=$(line "$m" 1) floor=$(line "$m" 2)
d1=$(measure -n "$SHORT" "$PACT" diff --format=json "$T/g1000/2023.yaml" "$T/g1000/2024.yaml")
v10=$(measure "$PACT" validate "$A10" "$B10")
row "10k-clause diff (json) / libyaml event parse of both files" \
	"$(cpu "$d10") s" "$(cpu "$floor") s" "$(ratio "$(cpu "$d10")" "$(cpu "$floor")")" "<=" 5
row "10k / 1k clauses, same diff" "$(cpu "$d10") s" "$(cpu "$d1") s" \
	"$(ratio "$(cpu "$d10")" "$(cpu "$d1")")" "<=" 11
rssr=$(awk -v k="$(rss "$d10")" -v b="$in10" 'BEGIN { printf "%.2f", k * 1024 / b }')
row "peak RSS / input bytes at 10k" "$(awk -v k="$(rss "$d10")" 'BEGIN{printf "%.1f MB", k/1024}')" \
	"$(awk -v b="$in10" 'BEGIN{printf "%.1f MB", b/1048576}')" "$rssr" "<=" 8

# ---- 4: the sample pacts, single processes of a few ms ------------------
# git diff exits 1 when the files differ (pact diff must exit 0: its -e
# would let a refusal be timed as a diff)
m=$(measure -n "$SHORT" "$PACT" diff "$ROOT/pacts/2023.yaml" "$ROOT/pacts/2024.yaml" :: \
	-e 1 git diff --no-index --word-diff "$ROOT/pacts/2023.yaml" "$ROOT/pacts/2024.yaml")
sp=$(line "$m" 1) sg=$(line "$m" 2)
row "sample pacts diff / git diff --no-index --word-diff" "$(cpu "$sp") s" "$(cpu "$sg") s" \
	"$(ratio "$(cpu "$sp")" "$(cpu "$sg")")" "<=" 2.5

# ---- 5: pact log over 10 years x 20 revisions ----------------------------
gen_year() { # year rev -> stdout: a 10-clause pact; revision r rewrites one clause
	printf 'schema: pact/1\nyear: %d\ntitle: Bản giao ước thi đua năm %d\n' "$1" "$1"
	printf 'bloc: Khối thi đua số 2\nprovince: Bắc Giang\nsigned:\n  place: Bắc Giang\n'
	printf '  date: %d-03-15\nmembers:\n  - id: so-y-te\n    name: Sở Y tế\n' "$1"
	printf 'preamble: Nhằm phát huy kết quả đạt được.\nclauses:\n'
	k=0
	while [ $k -lt 10 ]; do
		t=""
		[ $((($2 + $1) % 10)) -eq $k ] && t=" (bản $2)"
		printf '  - id: c%d\n    number: %d\n    commitments:\n' $k $((k + 1))
		printf '      - Thực hiện nội dung %d của khối thi đua%s.\n' $k "$t"
		printf '      - Báo cáo kết quả hằng quý về cơ quan thường trực.\n'
		k=$((k + 1))
	done
	printf 'closing: Trên đây là bản giao ước năm %d.\n' "$1"
}
mkdir "$T/in"
"$PACT" init "$T/log" > /dev/null
rev=0
while [ $rev -lt 20 ]; do
	y=2000
	while [ $y -lt 2010 ]; do
		gen_year $y $rev > "$T/in/$y.yaml"
		"$PACT" -C "$T/log" commit "$T/in/$y.yaml" -m "$y r$rev" > /dev/null
		y=$((y + 1))
	done
	rev=$((rev + 1))
done
rm -f "$T/log/.git/pact/log-cache"
cold=$(measure -n 1 "$PACT" -C "$T/log" log)
m=$(measure -n "$SHORT" "$PACT" -C "$T/log" log :: git -C "$T/log" --no-pager log -p --no-ext-diff)
pl=$(line "$m" 1) gl=$(line "$m" 2)
row "pact log / git log -p, 10 years x 20 revisions" "$(cpu "$pl") s" "$(cpu "$gl") s" \
	"$(ratio "$(cpu "$pl")" "$(cpu "$gl")")" "<=" 1.0
echo "    (first run, filling .git/pact/log-cache: $(cpu "$cold") s CPU," \
	"x$(ratio "$(cpu "$cold")" "$(cpu "$gl")") one git log -p)"

# ---- 6: 40 single commits --------------------------------------------------
i=0
while [ $i -lt 40 ]; do
	gen_year $((2000 + i % 10)) $((100 + i)) > "$T/in/c$i.yaml"
	i=$((i + 1))
done
cat > "$T/commit_pact.sh" <<EOF
set -e; rm -rf "$T/cp"; "$PACT" init "$T/cp" >/dev/null
i=0; while [ \$i -lt 40 ]; do "$PACT" -C "$T/cp" commit "$T/in/c\$i.yaml" -m "r\$i" >/dev/null; i=\$((i+1)); done
EOF
cat > "$T/commit_git.sh" <<EOF
set -e; rm -rf "$T/cg"; git init -q -b main "$T/cg"; mkdir "$T/cg/pacts"
i=0; while [ \$i -lt 40 ]; do y=\$((2000 + i % 10)); cp "$T/in/c\$i.yaml" "$T/cg/pacts/\$y.yaml"
git -C "$T/cg" add "pacts/\$y.yaml"; git -C "$T/cg" commit -q -m "r\$i"; i=\$((i+1)); done
EOF
cat > "$T/init_pact.sh" <<EOF
rm -rf "$T/ci"; "$PACT" init "$T/ci" >/dev/null
EOF
cat > "$T/init_git.sh" <<EOF
rm -rf "$T/gi"; git init -q -b main "$T/gi"; mkdir "$T/gi/pacts"
EOF
m=$(measure sh "$T/init_pact.sh" :: sh "$T/init_git.sh")
c_init=$(line "$m" 1) g_init=$(line "$m" 2)
m=$(measure sh "$T/commit_pact.sh" :: sh "$T/commit_git.sh")
cp_=$(line "$m" 1) cg_=$(line "$m" 2)
# creating the repository (pact init, git init) is not a commit
cpn=$(awk -v a="$(cpu "$cp_")" -v b="$(cpu "$c_init")" 'BEGIN { printf "%.4f", a - b }')
cgn=$(awk -v a="$(cpu "$cg_")" -v b="$(cpu "$g_init")" 'BEGIN { printf "%.4f", a - b }')
row "40 single pact commits / cp + git add + git commit" "$cpn s" "$cgn s" \
	"$(ratio "$cpn" "$cgn")" "<=" 0.67

# ---- 7: one commit of 50 years ---------------------------------------------
y=1980
files=""
while [ $y -lt 2030 ]; do
	gen_year $y 7 > "$T/in/$y.yaml"
	files="$files $T/in/$y.yaml"
	y=$((y + 1))
done
cat > "$T/fifty_pact.sh" <<EOF
set -e; rm -rf "$T/fp"; "$PACT" init "$T/fp" >/dev/null
"$PACT" -C "$T/fp" commit $files -m fifty >/dev/null
EOF
cat > "$T/fifty_git.sh" <<EOF
set -e; rm -rf "$T/fg"; git init -q -b main "$T/fg"; mkdir "$T/fg/pacts"
for f in $files; do cp "\$f" "$T/fg/pacts/"; git -C "$T/fg" add "pacts/\$(basename "\$f")"
git -C "$T/fg" commit -q -m "\$(basename "\$f")"; done
EOF
m=$(measure sh "$T/fifty_pact.sh" :: sh "$T/fifty_git.sh")
fp=$(line "$m" 1) fg=$(line "$m" 2)
fpn=$(awk -v a="$(cpu "$fp")" -v b="$(cpu "$c_init")" 'BEGIN { printf "%.4f", a - b }')
fgn=$(awk -v a="$(cpu "$fg")" -v b="$(cpu "$g_init")" 'BEGIN { printf "%.4f", a - b }')
row "one pact commit of 50 years / 50 git add + commit" "$fpn s" "$fgn s" \
	"$(ratio "$fpn" "$fgn")" "<=" 0.1

# ---- 8: validate 100 pacts -------------------------------------------------
mkdir "$T/v"
y=1930
while [ $y -lt 2030 ]; do
	gen_year $y 3 > "$T/v/$y.yaml"
	y=$((y + 1))
done
if command -v yamllint > /dev/null 2>&1; then
	# yamllint exits 1 on its (relaxed) findings; pact validate must exit 0
	m=$(measure "$PACT" validate "$T"/v/*.yaml :: -e 1 yamllint -d relaxed "$T"/v/*.yaml)
	vp=$(line "$m" 1) vy=$(line "$m" 2)
	row "pact validate of 100 pacts / yamllint" "$(cpu "$vp") s" "$(cpu "$vy") s" \
		"$(ratio "$(cpu "$vp")" "$(cpu "$vy")")" "<=" 0.1
else
	echo "  (yamllint not installed: the validate row is skipped)"
fi

# ---- instruction counts of the single-process cases (callgrind) ----------
# Deterministic where CPU time is not; one run each, about 20 s in all.
counts=""
count() { # command... -> instructions (callgrind's total), or "?"
	# (the command's exit status does not matter: git diff exits 1)
	valgrind --tool=callgrind --callgrind-out-file="$T/cg.out" "$@" > /dev/null 2> "$T/cg.err" ||
		true
	sed -n 's/^==[0-9]*== Collected : \([0-9][0-9]*\).*/\1/p' "$T/cg.err" | tail -n 1 | grep . ||
		echo "?"
}
count_row() { # case pact base
	counts="$counts| $1 | $2 | $3 | $(awk -v a="$2" -v b="$3" 'BEGIN {
		if (b + 0 > 0 && a + 0 > 0) printf "%.2fx", a / b; else print "" }') |
"
}
if [ "${PACT_BENCH_COUNT:-1}" != 0 ] && command -v valgrind > /dev/null 2>&1; then
	echo "== instruction counts (callgrind, one run each)"
	count_row "pact --version (start-up) / git --version" \
		"$(count "$PACT" --version)" "$(count git --version)"
	count_row "sample pacts diff / git diff --no-index --word-diff" \
		"$(count "$PACT" diff "$ROOT/pacts/2023.yaml" "$ROOT/pacts/2024.yaml")" \
		"$(count git diff --no-index --word-diff "$ROOT/pacts/2023.yaml" "$ROOT/pacts/2024.yaml")"
	count_row "pact validate pacts/2024.yaml (10 KB)" "$(count "$PACT" validate "$ROOT/pacts/2024.yaml")" ""
	# one more commit on the 40-commit stores: pact commit / git add + git commit
	gen_year 2005 999 > "$T/in/one.yaml"
	cp "$T/in/one.yaml" "$T/cg/pacts/2005.yaml"
	pc1=$(count "$PACT" -C "$T/cp" commit "$T/in/one.yaml" -m one)
	ga1=$(count git -C "$T/cg" add pacts/2005.yaml)
	gc1=$(count git -C "$T/cg" commit -q -m one)
	count_row "one pact commit (11th year, 40 commits before) / git add + git commit" "$pc1" \
		"$(awk -v a="$ga1" -v b="$gc1" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) print a + b; else print "?" }')"
	rm -rf "$T/fp"
	"$PACT" init "$T/fp" > /dev/null
	count_row "one pact commit of 50 years" "$(count "$PACT" -C "$T/fp" commit $files -m fifty)" ""
	printf '%s' "$counts" | awk -F'|' '{ printf "  %-72s %12s %12s %8s\n", $2, $3, $4, $5 }'
fi

# ---- the table ----------------------------------------------------------------
{
	echo "# Speed targets (issue 12): \`make bench\`, $(date -u +%Y-%m-%d)"
	echo
	echo "Medians of $REPS runs ($SHORT for the single processes of the sample diff, the"
	echo "1k diff and pact log), CPU time (user + system, microseconds from wait4's rusage:"
	echo "\`bench/runcpu.c\`) of pact and of a baseline doing the same work, run"
	echo "round-robin in the same run; only the ratios carry between machines."
	echo "Generated pacts: \`bench/gen.awk\`, 10 000 clauses = $(awk -v b="$in10" 'BEGIN{printf "%.1f", b/2097152}') MB a side."
	echo
	echo "| case | pact | baseline | ratio | target | |"
	echo "|---|---:|---:|---:|---|---|"
	printf '%s' "$rows"
	echo
	echo "Wall clock (medians, the machine's load included): 10k diff $(wall "$d10") s," \
		"libyaml floor $(wall "$floor") s, 1k diff $(wall "$d1") s," \
		"validate of the 10k pair $(cpu "$v10") s CPU / $(wall "$v10") s;" \
		"pact log $(wall "$pl") s, git log -p $(wall "$gl") s;" \
		"40 commits $(wall "$cp_") s, git loop $(wall "$cg_") s (with pact init $(wall "$c_init") s, git init $(wall "$g_init") s)."
	echo "pact log's first run (filling its cache): $(cpu "$cold") s CPU, against" \
		"$(cpu "$gl") s for one git log -p."
	if [ -n "$counts" ]; then
		echo
		echo "Instructions (callgrind, one run each; deterministic, unlike CPU time):"
		echo
		echo "| case | pact | baseline | ratio |"
		echo "|---|---:|---:|---:|"
		printf '%s' "$counts"
	fi
} > "$OUT"
echo "== written to $OUT"
