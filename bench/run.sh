#!/bin/sh
# bench/run.sh PACT - `make bench`: the speed targets of issue 12
# (bench/targets.sh: one table, ratios against baselines measured in the
# same run, also written to bench/results.md; about 2-4 minutes on 2 cores).
# PACT_BENCH_ALL=1 also runs the longer studies, bench/diff.sh (sizes 6 to
# 10 000, instruction counts), bench/store.sh (1000 commits) and
# bench/hostile.sh (15 MB pairs whose word diff is costly, every format).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
status=0
echo "### targets.sh"
sh "$here/targets.sh" "$1" || status=1
if [ "${PACT_BENCH_ALL:-0}" = 1 ]; then
	for s in diff.sh store.sh hostile.sh; do
		echo
		echo "### $s"
		sh "$here/$s" "$1" || status=1
	done
fi
exit $status
