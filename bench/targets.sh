#!/bin/sh
# bench/targets.sh PACT - the speed targets of issue 12, each as a ratio
# against a baseline measured in the same run, printed as one table and
# written to bench/results.md.
#
# Every figure is the median of REPS runs (3 by default, PACT_BENCH_REPS).
# Time is CPU time (user + system, GNU time's %U + %S, children included):
# on a shared machine wall clock mostly measures the neighbours, CPU time
# the work; the wall-clock medians are printed beside it for the record.
# Peak memory is GNU time's %M (maximum resident set).
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
REPS=${PACT_BENCH_REPS:-3}
OUT=${PACT_BENCH_RESULTS:-$HERE/results.md}
T=$(mktemp -d "${TMPDIR:-/tmp}/pact-bench-targets-XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
export LC_ALL=C.UTF-8 GIT_CONFIG_NOSYSTEM=1 HOME="$T"
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.vn
export GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.vn
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench/targets.sh: GNU time (/usr/bin/time) is needed" >&2; exit 1; }

# median of REPS runs of "$@" (stdout discarded): "CPU_S WALL_S MAXRSS_KB"
measure() {
	: > "$T/runs"
	r=0
	while [ $r -lt "$REPS" ]; do
		"$TIME" -f "%U %S %e %M" -o "$T/time" "$@" > /dev/null 2> "$T/err" || {
			echo "bench/targets.sh: failed: $*" >&2
			cat "$T/err" >&2
			exit 1
		}
		tail -n 1 "$T/time" >> "$T/runs"
		r=$((r + 1))
	done
	awk '{ c[NR] = $1 + $2; w[NR] = $3; m[NR] = $4 }
	function med(a, n,   i, j, t) {
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	END { printf "%.4f %.4f %d\n", med(c, NR), med(w, NR), med(m, NR) }' "$T/runs"
}
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

echo "== pact speed targets (issue 12): medians of $REPS runs, CPU time"

# ---- 1-3: generated pacts, 1 000 and 10 000 clauses ----------------------
for n in 1000 10000; do
	mkdir -p "$T/g$n"
	awk -v n="$n" -v seed=42 -v dir="$T/g$n" -f "$HERE/gen.awk"
done
A10="$T/g10000/2023.yaml" B10="$T/g10000/2024.yaml"
in10=$(($(wc -c < "$A10") + $(wc -c < "$B10")))
d10=$(measure "$PACT" diff --format=json "$A10" "$B10")
# the floor is a tenth of the diff's time: ten parses per measurement, so
# the 10 ms resolution of CPU time does not decide the ratio
cat > "$T/floor10.sh" <<EOF
i=0; while [ \$i -lt 10 ]; do "$T/yaml_floor" "$A10" "$B10"; i=\$((i+1)); done
EOF
floor10=$(measure sh "$T/floor10.sh")
floor=$(awk -v c="$(cpu "$floor10")" -v w="$(wall "$floor10")" 'BEGIN { printf "%.4f %.4f 0", c / 10, w / 10 }')
cat > "$T/d1k10.sh" <<EOF
i=0; while [ \$i -lt 10 ]; do "$PACT" diff --format=json "$T/g1000/2023.yaml" "$T/g1000/2024.yaml" >/dev/null; i=\$((i+1)); done
EOF
d1k10=$(measure sh "$T/d1k10.sh")
d1=$(awk -v c="$(cpu "$d1k10")" -v w="$(wall "$d1k10")" 'BEGIN { printf "%.4f %.4f 0", c / 10, w / 10 }')
v10=$(measure "$PACT" validate "$A10" "$B10")
row "10k-clause diff (json) / libyaml event parse of both files" \
	"$(cpu "$d10") s" "$(cpu "$floor") s" "$(ratio "$(cpu "$d10")" "$(cpu "$floor")")" "<=" 5
row "10k / 1k clauses, same diff" "$(cpu "$d10") s" "$(cpu "$d1") s" \
	"$(ratio "$(cpu "$d10")" "$(cpu "$d1")")" "<=" 11
rssr=$(awk -v k="$(rss "$d10")" -v b="$in10" 'BEGIN { printf "%.2f", k * 1024 / b }')
row "peak RSS / input bytes at 10k" "$(awk -v k="$(rss "$d10")" 'BEGIN{printf "%.1f MB", k/1024}')" \
	"$(awk -v b="$in10" 'BEGIN{printf "%.1f MB", b/1048576}')" "$rssr" "<=" 8

# ---- 4: the sample pacts, 50 runs per measurement ------------------------
cat > "$T/sample_pact.sh" <<EOF
i=0; while [ \$i -lt 50 ]; do "$PACT" diff "$ROOT/pacts/2023.yaml" "$ROOT/pacts/2024.yaml" >/dev/null; i=\$((i+1)); done
EOF
cat > "$T/sample_git.sh" <<EOF
i=0; while [ \$i -lt 50 ]; do git diff --no-index --word-diff "$ROOT/pacts/2023.yaml" "$ROOT/pacts/2024.yaml" >/dev/null || true; i=\$((i+1)); done
EOF
sp=$(measure sh "$T/sample_pact.sh")
sg=$(measure sh "$T/sample_git.sh")
row "sample pacts diff / git diff --no-index --word-diff (x50)" "$(cpu "$sp") s" "$(cpu "$sg") s" \
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
reps=$REPS
REPS=1
cold=$(measure "$PACT" -C "$T/log" log)
REPS=$reps
cat > "$T/log_pact.sh" <<EOF
i=0; while [ \$i -lt 10 ]; do "$PACT" -C "$T/log" log >/dev/null; i=\$((i+1)); done
EOF
cat > "$T/log_git.sh" <<EOF
i=0; while [ \$i -lt 10 ]; do git -C "$T/log" --no-pager log -p --no-ext-diff >/dev/null; i=\$((i+1)); done
EOF
pl=$(measure sh "$T/log_pact.sh")
gl=$(measure sh "$T/log_git.sh")
row "pact log / git log -p, 10 years x 20 revisions (x10)" "$(cpu "$pl") s" "$(cpu "$gl") s" \
	"$(ratio "$(cpu "$pl")" "$(cpu "$gl")")" "<=" 1.0
echo "    (first run, filling .git/pact/log-cache: $(cpu "$cold") s CPU," \
	"x$(ratio "$(cpu "$cold")" "$(awk -v g="$(cpu "$gl")" 'BEGIN { print g / 10 }')") one git log -p)"

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
c_init=$(measure sh "$T/init_pact.sh")
g_init=$(measure sh "$T/init_git.sh")
cp_=$(measure sh "$T/commit_pact.sh")
cg_=$(measure sh "$T/commit_git.sh")
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
fp=$(measure sh "$T/fifty_pact.sh")
fg=$(measure sh "$T/fifty_git.sh")
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
vp=$(measure sh -c "\"$PACT\" validate \"$T\"/v/*.yaml")
if command -v yamllint > /dev/null 2>&1; then
	vy=$(measure sh -c "yamllint -d relaxed \"$T\"/v/*.yaml || true")
	row "pact validate of 100 pacts / yamllint" "$(cpu "$vp") s" "$(cpu "$vy") s" \
		"$(ratio "$(cpu "$vp")" "$(cpu "$vy")")" "<=" 0.1
else
	echo "  (yamllint not installed: the validate row is skipped)"
fi

# ---- the table ----------------------------------------------------------------
{
	echo "# Speed targets (issue 12): \`make bench\`, $(date -u +%Y-%m-%d)"
	echo
	echo "Medians of $REPS runs, CPU time (user + system) of pact and of a baseline doing"
	echo "the same work, measured in the same run; only the ratios carry between machines."
	echo "Generated pacts: \`bench/gen.awk\`, 10 000 clauses = $(awk -v b="$in10" 'BEGIN{printf "%.1f", b/2097152}') MB a side."
	echo
	echo "| case | pact | baseline | ratio | target | |"
	echo "|---|---:|---:|---:|---|---|"
	printf '%s' "$rows"
	echo
	echo "Wall clock (medians, the machine's load included): 10k diff $(wall "$d10") s," \
		"libyaml floor $(wall "$floor") s, 1k diff $(wall "$d1") s," \
		"validate of the 10k pair $(cpu "$v10") s CPU / $(wall "$v10") s;" \
		"pact log x10 $(wall "$pl") s, git log -p x10 $(wall "$gl") s;" \
		"40 commits $(wall "$cp_") s, git loop $(wall "$cg_") s (with pact init $(wall "$c_init") s, git init $(wall "$g_init") s)."
	echo "pact log's first run (filling its cache): $(cpu "$cold") s CPU, against" \
		"$(awk -v g="$(cpu "$gl")" 'BEGIN { printf "%.3f", g / 10 }') s for one git log -p."
} > "$OUT"
echo "== written to $OUT"
