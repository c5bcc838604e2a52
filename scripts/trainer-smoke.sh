#!/usr/bin/env bash
# Opt-in, not in CI: TRL's GRPOTrainer on CPU with a tiny random model for two steps, every
# reward from a real `relayout serve`. Installs TRL, torch and datasets from PyPI into a venv
# (about 6 GB, once: $RELAYOUT_TRL_VENV, default ~/.cache/relayout/trl-venv), builds relayout
# (debug, in $CARGO_TARGET_DIR), and exits 0 only when the trainer ran both steps and the server
# scored every completion.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
relayout_need_packages python3 python3-venv pkg-config build-essential
relayout_need_rust
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/relayout/target}"
venv="${RELAYOUT_TRL_VENV:-$HOME/.cache/relayout/trl-venv}"
if ! "$venv/bin/python" -c "from trl import GRPOTrainer; import torch, datasets" 2>/dev/null; then
  echo "installing TRL and torch (CPU use; about 6 GB) into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "trl==${RELAYOUT_TRL_VERSION:-1.16.0}" torch datasets requests
fi
cargo build --locked --bin relayout
relayout="$CARGO_TARGET_DIR/debug/relayout"
work="$(mktemp -d)"
trap 'kill "${server:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
"$relayout" dataset -o "$work/prompts.jsonl" --count 8 --max-objects 4
"$relayout" serve --port 0 --workers 1 >"$work/serve.log" &
server=$!
for _ in $(seq 100); do
  url=$(grep -o 'http://[0-9.:]*' "$work/serve.log" | head -1 || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || relayout_die "relayout serve did not start: $(cat "$work/serve.log")"
RELAYOUT_REWARD_URL="$url" "$venv/bin/python" examples/trainer/trl_smoke.py "$work/prompts.jsonl" "$work"
