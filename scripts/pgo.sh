#!/bin/sh
# Rebuilds cmd/caseload/default.pgo, the CPU profile that go build and
# go run use to optimise caseload (profile-guided optimisation: the hot
# calls inlined; PERFORMANCE.md). A build without the profile runs, with
# --cpuprofile, the main job's comparison of the four scenarios and one
# replication of England; the two profiles are merged. The profile changes
# how the program is compiled, never what it computes: results are the
# same bytes with and without it (make arch-check builds with it).
#
#   make pgo          (or: sh scripts/pgo.sh); about a minute on two cores
set -eu
cd "$(dirname "$0")/.."
GO=${GO:-go}
work=$(mktemp -d /tmp/caseload-pgo.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
"$GO" build -pgo=off -o "$work/caseload" ./cmd/caseload
"$work/caseload" compare scenarios/baseline.yaml scenarios/core-offer.yaml scenarios/micro-cluster.yaml scenarios/embedded.yaml \
	--reps 100 --seed 1 --out "$work/compare" --quiet --cpuprofile "$work/compare.prof"
"$work/caseload" run scenarios/england.yaml --reps 1 --seed 1 --out "$work/england" --quiet --cpuprofile "$work/england.prof"
"$GO" tool pprof -proto "$work/compare.prof" "$work/england.prof" >"$work/default.pgo"
# copied beside the old profile, then renamed over it: never half-written
cp "$work/default.pgo" cmd/caseload/.default.pgo.tmp
mv cmd/caseload/.default.pgo.tmp cmd/caseload/default.pgo
echo "wrote cmd/caseload/default.pgo ($(wc -c <cmd/caseload/default.pgo) bytes)"
