#!/bin/sh
# Submits a caseload command as an array of N shards and a merge job that
# runs once every shard has succeeded; prints the two job ids.
#
#   deploy/slurm/submit.sh N OUT COMMAND ARGS...
#   deploy/slurm/submit.sh 4 /shared/results/grid sweep scenarios/embedded.yaml \
#       --design scenarios/designs/staffing-grid.yaml --reps 10
#
# Extra sbatch options go in SBATCH_OPTS (e.g. "--partition=long
# --cpus-per-task=4"); CASELOAD names the program.
set -eu
if [ $# -lt 3 ]; then
	echo "usage: $0 N OUT COMMAND ARGS..." >&2
	exit 2
fi
n=$1 out=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck disable=SC2086
array=$(sbatch --parsable ${SBATCH_OPTS:-} --array=0-$((n - 1)) "$here/caseload-array.sbatch" "$@" --out "$out")
array=${array%%;*}
# shellcheck disable=SC2086
merge=$(sbatch --parsable ${SBATCH_OPTS:-} --dependency=afterok:"$array" "$here/caseload-merge.sbatch" "$out")
merge=${merge%%;*}
echo "$array $merge"
