#!/bin/sh
# tests/fuzz/merge.sh BUILD [NAME...] - minimise the committed corpora
# tests/fuzz/corpus/NAME/ (all, or the NAMEs given) with libFuzzer's
# -merge=1: the smallest set of inputs that keeps the coverage of all of
# them. Inputs over 16 KB are then dropped (a pair of full pacts, a whole
# .docx): the seeds bring those back at each run, and the committed corpus
# stays a few MB. Run after `make fuzz-run`, then commit tests/fuzz/corpus.
set -eu
build=$1
shift
top=$(pwd)
LSAN_OPTIONS=suppressions=$top/tests/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}
export LSAN_OPTIONS
if [ $# -eq 0 ]; then
	for d in tests/fuzz/corpus/*/; do
		[ -d "$d" ] && set -- "$@" "$(basename "$d")"
	done
fi
for name in "$@"; do
	bin=$build/fuzz_$name
	corpus=tests/fuzz/corpus/$name
	[ -x "$bin" ] || { echo "fuzz-merge: no target $bin (make fuzz)" >&2; exit 2; }
	[ -d "$corpus" ] || continue
	new=$build/merge/$name
	rm -rf "$new"
	mkdir -p "$new"
	before=$(ls "$corpus" | wc -l)
	"$bin" -merge=1 -timeout=10 -max_len=65536 "$new" "$corpus" >"$build/merge-$name.log" 2>&1 || {
		echo "fuzz-merge: $name failed; see $build/merge-$name.log" >&2
		exit 1
	}
	find "$new" -type f -size +16k -delete
	rm -rf "$corpus"
	mv "$new" "$corpus"
	echo "fuzz-merge: $name: $before -> $(ls "$corpus" | wc -l) inputs, $(du -sk "$corpus" | cut -f1) KB"
done
