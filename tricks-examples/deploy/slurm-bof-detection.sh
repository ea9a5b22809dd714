#!/usr/bin/env bash
# The full bof-detection form (3 seeds x 8 rows) spread over a Slurm job array, then merged.
#
#   PARTS=8 bash tricks-examples/deploy/slurm-bof-detection.sh   # from the repository root
#
# Run with bash, this script submits itself as an array of PARTS tasks and a merge job that
# starts once every task has succeeded. Each task is one part, I = SLURM_ARRAY_TASK_ID + 1 of
# PARTS: it runs its share of the 24 runs (it pretrains the backbone itself, the same weights in
# every part) and writes OUT/part-I-of-PARTS/results.json. OUT must be on a file system every
# node shares. A task that fails leaves the other parts intact; resubmit only that one, and it
# resumes from its file, then merge:
#   PARTS=8 sbatch --array=3 tricks-examples/deploy/slurm-bof-detection.sh   # part 4/8 again
#   java -jar tricks-examples/target/tricks-examples.jar merge results/bof-detection
# The part is passed as --part from PARTS, not left to SLURM_ARRAY_TASK_COUNT (which
# bof-detection reads without --part), because a task resubmitted alone is an array of one.
#
#SBATCH --job-name=bof-detection
#SBATCH --cpus-per-task=2
#SBATCH --mem=6G
#SBATCH --time=01:00:00
#SBATCH --output=bof-detection-%A_%a.out
set -euo pipefail

PARTS=${PARTS:-8}
JAR=${JAR:-tricks-examples/target/tricks-examples.jar}
DATA=${DATA:-/usr/share/datasets/fashion-mnist}
OUT=${OUT:-results/bof-detection}
export PARTS JAR DATA OUT

if [[ -z "${SLURM_ARRAY_TASK_ID:-}" ]]; then
    # not a task yet: submit the array, then the merge that waits for all of it
    array=$(sbatch --parsable --array="0-$((PARTS - 1))" "$0")
    array=${array%%;*}
    sbatch --parsable --dependency="afterok:${array}" --job-name=bof-detection-merge \
        --cpus-per-task=2 --mem=6G --time=00:30:00 --output=bof-detection-merge-%j.out \
        --wrap="java -jar \"${JAR}\" merge --data-dir \"${DATA}\" \"${OUT}\""
    echo "submitted array ${array} (${PARTS} parts) and its merge; results in ${OUT}"
    exit 0
fi

# one task, one part: two runs at a time in child JVMs on the task's two cores
exec java -jar "${JAR}" bof-detection --data-dir "${DATA}" --workers 2 --out "${OUT}" \
    --part "$((SLURM_ARRAY_TASK_ID + 1))/${PARTS}"
