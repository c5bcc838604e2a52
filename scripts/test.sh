#!/usr/bin/env bash
# Runs every test of the workspace, installing what the tests need first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
relayout_need_packages pkg-config build-essential
relayout_need_rust
cargo test --workspace --locked "$@"
