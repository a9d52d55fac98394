#!/bin/sh
# bench/run.sh PACT - run every bench/*.sh (except this one) in turn.
# `make bench` calls it with build/pact. Each script prints its own figures
# as ratios against a baseline measured in the same run.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
status=0
for s in "$here"/*.sh; do
	[ "$(basename "$s")" = run.sh ] && continue
	echo "### $(basename "$s")"
	sh "$s" "$1" || status=1
	echo
done
exit $status
