#!/bin/sh
# tests/fuzz/run.sh BUILD SECONDS [NAME...] - run the fuzz targets of BUILD
# (all, or the NAMEs given: doc, diff, review...) for SECONDS each, one
# after the other (one core: the machine is shared); with FUZZ_RUNS=N in
# the environment, each stops after N executions if that comes first.
#
# Each target NAME (build/fuzz/fuzz_NAME) starts from, and adds what it
# learns to, the committed corpus tests/fuzz/corpus/NAME/; it also reads
# the seeds, made afresh in BUILD/seeds/NAME: the sample pacts, every
# tests/data YAML file, the saved regressions in tests/data/fuzz/NAME/, for
# import the documents of tests/data/import, and for diff the pairs of
# sample pacts joined by the "---8<---" line the target splits at, behind
# a control byte. tests/fuzz/NAME.dict, when there is one, is the target's
# dictionary. Crashes are written to BUILD/crashes/; each run's executions
# are added to BUILD/executions.log ("NAME RUNS SECONDS"), so a total over
# several runs is a sum. Minimise the grown corpus with `make fuzz-merge`
# before committing it.
set -eu
build=$1
secs=$2
shift 2
top=$(pwd)
status=0
# libgit2 1.5 leaks pcre2 match data on regexps that do not match (fixed in
# libgit2 1.6, libgit2/libgit2#6382): known, not ours (tests/lsan.supp)
LSAN_OPTIONS=suppressions=$top/tests/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}
export LSAN_OPTIONS
if [ $# -eq 0 ]; then
	for bin in "$build"/fuzz_*; do
		[ -x "$bin" ] && set -- "$@" "${bin##*/fuzz_}"
	done
fi
mkdir -p "$build/crashes"
for name in "$@"; do
	bin=$build/fuzz_$name
	[ -x "$bin" ] || { echo "fuzz: no target $bin (make fuzz)" >&2; exit 2; }
	corpus=tests/fuzz/corpus/$name
	seeds=$build/seeds/$name
	rm -rf "$seeds"
	mkdir -p "$corpus" "$seeds"
	for f in pacts/*.yaml $(find tests/data -name '*.yaml'); do
		cp "$f" "$seeds/$(echo "$f" | tr / _)"
	done
	if [ -d "tests/data/fuzz/$name" ]; then
		find "tests/data/fuzz/$name" -type f -exec cp {} "$seeds/" \;
	fi
	case $name in
	import)
		for f in tests/data/import/*.txt tests/data/import/*.docx tests/data/import/*.odt; do
			[ -f "$f" ] && cp "$f" "$seeds/$(basename "$f")"
		done ;;
	diff)
		# control byte 0x00 (Vietnamese text), 0x06 (English JSON), 0x23
		# (verbose Markdown), 0x87 (English HTML, one line of context)
		printf '\n---8<---\n' >"$build/cut"
		for c in 000 006 043 207; do
			printf "\\$c" >"$build/ctl"
			cat "$build/ctl" pacts/2023.yaml "$build/cut" pacts/2024.yaml >"$seeds/pair-$c-2023-2024"
			cat "$build/ctl" pacts/2024.yaml "$build/cut" tests/data/valid/2024.yaml >"$seeds/pair-$c-small"
		done ;;
	esac
	dict=
	[ -f "tests/fuzz/$name.dict" ] && dict=-dict=tests/fuzz/$name.dict
	# inputs as long as a pact where length matters; shorter where it
	# only slows each run (a record, an address, a string to sanitise)
	case $name in
	address | sanitize) maxlen=1024 ;;
	review | text) maxlen=4096 ;;
	*) maxlen=65536 ;;
	esac
	echo "fuzz: $name for ${secs}s, corpus $corpus ($(ls "$corpus" | wc -l) inputs)"
	log=$build/fuzz-$name.log
	rc=0
	# shellcheck disable=SC2086
	"$bin" -max_len=$maxlen -timeout=10 -max_total_time="$secs" ${FUZZ_RUNS:+-runs=$FUZZ_RUNS} \
		-print_final_stats=1 $dict \
		-artifact_prefix="$build/crashes/fuzz_$name-" "$corpus" "$seeds" 2>"$log" || rc=$?
	tail -n 12 "$log" | grep -v '^#' || true
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	if [ "$rc" -eq 0 ]; then
		echo "$name ${runs:-0} $secs" >>"$build/executions.log"
	else
		echo "fuzz: $name FAILED after ${runs:-?} runs (exit $rc); see $log and $build/crashes/" >&2
		status=1
	fi
done
exit $status
