#!/bin/sh
# The same bytes on every machine: builds caseload for amd64 with
# GOAMD64=v1 and v3 (v3 lets Go fuse x*y+z into one FMA instruction) and
# for arm64 (which always fuses; run under qemu-user, installed from
# Debian's packages if missing), runs a small run, compare, sweep, trial,
# Morris sensitivity, optimise, run with records, synthetic national run
# and run of the pilot LAs with each, and compares every file but
# invocations.log (and the manifest's "arch" line, which records the
# build, and the executable's digest that state.json's build carries for
# uncommitted code) with the v1 build's.
# Each build reads the program's profile (cmd/caseload/default.pgo), as
# go build does by itself: the inlining it adds must not change a digit.
#
#   make arch-check          (or: sh scripts/arch-check.sh)
set -eu
cd "$(dirname "$0")/.."
if ! command -v qemu-aarch64 >/dev/null && ! command -v qemu-aarch64-static >/dev/null; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq && apt-get install -y -qq qemu-user >/dev/null
fi
qemu=$(command -v qemu-aarch64 || command -v qemu-aarch64-static)
work=$(mktemp -d /tmp/caseload-arch.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
GOAMD64=v1 GOARCH=amd64 go build -o "$work/v1" ./cmd/caseload
GOAMD64=v3 GOARCH=amd64 go build -o "$work/v3" ./cmd/caseload
CGO_ENABLED=0 GOARCH=arm64 go build -o "$work/arm64" ./cmd/caseload
cat >"$work/design.yaml" <<'YAML'
method: lhs
samples: 4
factors:
  - {key: statutory.posts, low: 6, high: 12}
  - {key: need.crisis, low: 0.0009, high: 0.0017}
YAML
cat >"$work/space.yaml" <<'YAML'
roles: [qualified, support]
teams: 1
initial: 4
refine: 2
reps: 2
max_reps: 3
rounds: 1
race: 2
YAML
small="--set la.children=4000 --set la.localities=2 --set la.schools.primary=6 --set la.schools.secondary=2 --set la.schools.special=1 --set la.schools.alternative_provision=1 --set statutory.posts=9 --set years=1 --set warmup_weeks=20"
runall() { # $1: the program (with its emulator), $2: the output folder
	# shellcheck disable=SC2086
	{
		$1 run scenarios/embedded.yaml --reps 3 $small --quiet --out "$2/run"
		$1 compare scenarios/baseline.yaml scenarios/embedded.yaml scenarios/micro-cluster.yaml --reps 3 $small --quiet --out "$2/compare"
		$1 sweep scenarios/embedded.yaml --design "$work/design.yaml" --reps 2 $small --quiet --out "$2/sweep"
		$1 trial scenarios/swis.yaml --schools 8 --years 1 --trials 3 --bands 1 --seed 3 $small --quiet --out "$2/trial"
		$1 sensitivity scenarios/embedded.yaml --design "$work/design.yaml" --method morris --reps 2 $small --quiet --out "$2/morris"
		$1 optimise scenarios/embedded.yaml --budget 200000 --objective care_entries --space "$work/space.yaml" $small --quiet --out "$2/optimise"
		$1 run scenarios/embedded.yaml --reps 2 --records $small --quiet --out "$2/records"
		$1 run scenarios/embedded.yaml --reps 2 $small --set national.las=3 --set national.children=15000 --quiet --out "$2/national"
		$1 run scenarios/embedded.yaml --reps 1 --set years=1 --set warmup_weeks=20 --set national.places=pilots --quiet --out "$2/pilots"
	} >/dev/null
}
runall "$work/v1" "$work/out-v1"
runall "$work/v3" "$work/out-v3"
runall "$qemu $work/arm64" "$work/out-arm64"
fail=0
for b in v3 arm64; do
	for f in $(cd "$work/out-v1" && find . -type f ! -name invocations.log | sort); do
		x="$work/out-v1/$f" y="$work/out-$b/$f"
		case "$(basename "$f")" in
		manifest.json)
			grep -v '"arch":' "$x" >"$work/a"
			grep -v '"arch":' "$y" >"$work/b" 2>/dev/null || :
			x="$work/a" y="$work/b" ;;
		state.json) # a build of uncommitted code records its executable's digest
			sed 's/, executable sha256 [0-9a-f]*//' "$x" >"$work/a"
			sed 's/, executable sha256 [0-9a-f]*//' "$y" >"$work/b" 2>/dev/null || :
			x="$work/a" y="$work/b" ;;
		esac
		if ! cmp -s "$x" "$y"; then
			echo "arch-check: $b: $f differs from v1's" >&2
			fail=1
		fi
	done
done
[ "$fail" = 0 ] || exit 1
n=$(cd "$work/out-v1" && find . -type f ! -name invocations.log | wc -l)
echo "arch-check: ok: v1, v3 and arm64 builds wrote the same bytes ($n files each)"
