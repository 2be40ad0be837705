#!/bin/sh
# The Slurm contract, end to end, on a one-node cluster on this machine:
# installs Slurm and munge from Debian's packages if missing (needs root),
# starts munged, slurmctld and slurmd on localhost with a minimal
# slurm.conf, submits a sweep as a 4-task array with a dependent merge job
# (deploy/slurm/submit.sh, as written), waits, and checks that the merged
# folder's files are byte-identical to the same sweep run on one machine,
# and that caseload rerun of the merged folder reproduces them.
# Everything is under a temporary folder, removed at the end; the daemons
# are stopped.
#
#   make slurm-test          (or: sh scripts/slurm-test.sh)
set -eu
cd "$(dirname "$0")/.."
repo=$(pwd)

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
	if [ "$(id -u)" != 0 ]; then
		echo "slurm-test: Slurm and munge are not installed, and installing them needs root" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq slurm-wlm munge >/dev/null
fi
if [ "$(id -u)" != 0 ]; then
	echo "slurm-test: run as root (it starts slurmd and munged)" >&2
	exit 1
fi

work=$(mktemp -d /tmp/caseload-slurm.XXXXXX)
chmod 755 "$work"
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	sleep 1
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

# munge: a key of our own and a daemon on a socket of our own
mkdir -p "$work/munge" "$work/munge/log"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 2>/dev/null
chown -R munge:munge "$work/munge"
chmod 700 "$work/munge"
chmod 400 "$work/munge/munge.key"
sock="$work/munge/munge.socket"
runuser -u munge -- munged --key-file="$work/munge/munge.key" --socket="$sock" \
	--pid-file="$work/munge/munged.pid" --log-file="$work/munge/log/munged.log" \
	--seed-file="$work/munge/munged.seed" --force
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -S "$sock" ] && break; sleep 0.5; done
pids="$pids $(cat "$work/munge/munged.pid")"

# a one-node cluster: this machine, its cores, no cgroups, no accounting
cores=$(nproc)
mem=$(awk '/MemTotal/ {print int($2 / 1024 / 2)}' /proc/meminfo)
mkdir -p "$work/state" "$work/spool"
cat >"$work/slurm.conf" <<CONF
ClusterName=caseload-test
SlurmctldHost=localhost
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
AuthType=auth/munge
AuthInfo=socket=$sock
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cores RealMemory=$mem State=UNKNOWN
PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/slurm.conf"
slurmctld -D -i -f "$SLURM_CONF" >"$work/slurmctld.out" 2>&1 &
pids="$pids $!"
slurmd -D -N localhost -f "$SLURM_CONF" >"$work/slurmd.out" 2>&1 &
pids="$pids $!"
up=""
for _ in $(seq 1 60); do
	if sinfo -h -o %T 2>/dev/null | grep -q idle; then up=1; break; fi
	sleep 1
done
if [ -z "$up" ]; then
	echo "slurm-test: the cluster did not come up" >&2
	sinfo >&2 || true
	tail -20 "$work/slurmctld.log" "$work/slurmd.log" >&2 || true
	exit 1
fi
echo "slurm-test: one-node cluster up ($cores cores)"

# the program, and a small sweep of 8 points
go build -ldflags "-X main.revision=$(git describe --always --dirty --abbrev=12 2>/dev/null)" -o "$work/caseload" ./cmd/caseload
cat >"$work/grid.yaml" <<'YAML'
method: grid
factors:
  - {key: statutory.posts, low: 6, high: 12, levels: 4}
  - {key: front_door.threshold, low: 1.3, high: 1.6, levels: 2}
YAML
set -- sweep "$repo/scenarios/embedded.yaml" --design "$work/grid.yaml" --reps 2 --seed 5 \
	--set la.children=4000 --set la.localities=2 --set la.schools.primary=6 --set la.schools.secondary=2 \
	--set la.schools.special=1 --set la.schools.alternative_provision=1 --set statutory.posts=9 \
	--set years=1 --set warmup_weeks=20

"$work/caseload" "$@" --quiet --out "$work/one-machine" >/dev/null

cd "$work"
export CASELOAD="$work/caseload"
ids=$(sh "$repo/deploy/slurm/submit.sh" 4 "$work/sharded" "$@")
echo "slurm-test: submitted array and merge: $ids"
for _ in $(seq 1 300); do
	[ -z "$(squeue -h -j "$(echo "$ids" | tr ' ' ,)" 2>/dev/null)" ] && break
	sleep 1
done
if [ -n "$(squeue -h -j "$(echo "$ids" | tr ' ' ,)" 2>/dev/null)" ]; then
	echo "slurm-test: jobs still queued after 5 minutes" >&2
	squeue >&2
	exit 1
fi
cat "$work"/caseload-*.out
tasks=$(grep -l "shard [0-3]/4 finished" "$work"/caseload-*_*.out | wc -l)
if [ "$tasks" != 4 ]; then
	echo "slurm-test: $tasks of 4 array tasks finished" >&2
	exit 1
fi
cd "$repo"
fail=0
for f in $(cd "$work/one-machine" && find . -type f ! -name invocations.log | sort); do
	if ! cmp -s "$work/one-machine/$f" "$work/sharded/$f"; then
		echo "slurm-test: $f differs" >&2
		fail=1
	fi
done
a=$(cd "$work/one-machine" && find . -type f ! -name invocations.log | sort)
b=$(cd "$work/sharded" && find . -type f ! -name invocations.log | sort)
if [ "$a" != "$b" ]; then
	echo "slurm-test: the folders hold different files" >&2
	fail=1
fi
[ "$fail" = 0 ] || exit 1
grep -c '"shard"' "$work/sharded/invocations.log" | grep -qx 4 || { echo "slurm-test: the invocation log lacks the 4 shards" >&2; exit 1; }
# caseload rerun runs the shards' shared command again on this machine
# and finds the merged folder's every file the same
if ! "$CASELOAD" rerun "$work/sharded"; then
	echo "slurm-test: caseload rerun did not reproduce the merged folder" >&2
	exit 1
fi
echo "slurm-test: ok: a 4-task array and its merge wrote $(echo "$a" | wc -l) files byte-identical to one machine's, and caseload rerun reproduced them"
