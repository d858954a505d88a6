#!/usr/bin/env bash
# Fuzzes Parapet's targets for longer than CI does (CI: 10 s each).
#
#   fuzz/run.sh [--duration 10m] [TARGET...]
#
# TARGET is a class in parapet-tls/src/test/java/dev/parapet/tls/fuzz, with or without the FuzzTest suffix
# (e.g. ClientConnection, Der); none means all of them, one after another, each for the whole duration.
# A finding (a crash or a broken property) is written by Jazzer as a regression input into
# parapet-tls/src/test/resources/dev/parapet/tls/fuzz/<Target>Inputs/<method>/; every later test run replays it,
# so fix the bug and commit the input with the fix. The inputs Jazzer keeps for coverage stay in
# parapet-tls/.cifuzz-corpus/ (not committed).
set -euo pipefail
cd "$(dirname "$0")/.."

duration=10m
targets=()
while [ $# -gt 0 ]; do
    case "$1" in
        --duration) duration="$2"; shift 2 ;;
        --duration=*) duration="${1#--duration=}"; shift ;;
        -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "fuzz/run.sh: unknown option $1" >&2; exit 2 ;;
        *) t="${1%FuzzTest}"; targets+=("${t}FuzzTest"); shift ;;
    esac
done
dir=parapet-tls/src/test/java/dev/parapet/tls/fuzz
if [ ${#targets[@]} -eq 0 ]; then
    for f in "$dir"/*FuzzTest.java; do targets+=("$(basename "$f" .java)"); done
fi
for t in "${targets[@]}"; do
    if [ ! -f "$dir/$t.java" ]; then
        echo "fuzz/run.sh: no fuzz target $t (see $dir)" >&2
        exit 2
    fi
done

inputs=parapet-tls/src/test/resources/dev/parapet/tls/fuzz
before=$(find "$inputs" -type f | sort)
echo "fuzzing ${targets[*]} for $duration each"
status=0
./mvnw -B test -pl parapet-tls -Pfuzz -Dfuzz.duration="$duration" -Dtest="$(IFS=,; echo "${targets[*]}")" \
    -Dsurefire.failIfNoSpecifiedTests=false || status=$?
new=$(comm -13 <(echo "$before") <(find "$inputs" -type f | sort))
if [ -n "$new" ]; then
    echo "new findings, saved as regression inputs:"
    echo "$new"
fi
exit $status
