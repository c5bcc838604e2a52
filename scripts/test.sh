#!/usr/bin/env bash
# Runs every test of the workspace, installing what the tests need first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
# Headless rendering tests draw with Mesa's software Vulkan (llvmpipe); the editor's end-to-end
# tests open its window in a virtual X display (Xvfb), which loads the X11 client libraries;
# the trainer examples are Python (python3-venv for Ray's environment); the furniture import
# test downloads Debian's CC0 library.
relayout_need_packages pkg-config build-essential mesa-vulkan-drivers libvulkan1 xvfb xauth \
  python3 python3-venv iproute2 "${RELAYOUT_X11_PACKAGES[@]}"
relayout_need_rust
# The Ray task-pool recipe's test scores through a local Ray head (loopback only).
relayout_need_ray
# Vulkan and X want a private runtime directory.
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
# Here every test's input is present: a test that cannot get it fails instead of skipping.
export RELAYOUT_REQUIRE_CC0=1
echo "building the workspace's tests (the first build compiles Bevy: about 20 minutes on two cores)" >&2
cargo test --workspace --locked "$@"
