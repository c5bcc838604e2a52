#!/usr/bin/env bash
# Installs what relayout needs when it is missing: a Rust toolchain new enough for the workspace
# (rustup, stable) and the Debian packages named as arguments. Sourced by scripts/run.sh and
# scripts/test.sh.
set -euo pipefail

# The oldest Rust the workspace builds with (Cargo.toml's rust-version; edition 2024).
RELAYOUT_RUST_MIN="1.95"

relayout_die() {
  echo "relayout setup: $*" >&2
  exit 1
}

# Root runs apt-get itself; anyone else through sudo; without sudo, says what to install.
relayout_apt() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    relayout_die "needs to run '$*' but is not root and sudo is not installed; run it as root, then run this script again"
  fi
}

relayout_need_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    command -v apt-get >/dev/null 2>&1 ||
      relayout_die "missing packages (${missing[*]}) and no apt-get: install their equivalents with your package manager"
    echo "installing Debian packages: ${missing[*]}" >&2
    relayout_apt apt-get update -qq
    relayout_apt env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
}

# Whether version $1 (x.y[.z]) is at least $2 (x.y).
relayout_version_at_least() {
  local have_major have_minor want_major want_minor
  IFS=. read -r have_major have_minor _ <<<"$1"
  IFS=. read -r want_major want_minor _ <<<"$2"
  [ "$have_major" -gt "$want_major" ] ||
    { [ "$have_major" -eq "$want_major" ] && [ "$have_minor" -ge "$want_minor" ]; }
}

# The version of the cargo on the PATH, e.g. 1.95.0 (empty when there is none).
relayout_cargo_version() {
  command -v cargo >/dev/null 2>&1 || return 0
  cargo --version 2>/dev/null | awk '{print $2}' | sed 's/-.*//'
}

relayout_need_rust() {
  # rustup's cargo comes before a distribution's (often older) one.
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
  local version
  version="$(relayout_cargo_version)"
  if [ -n "$version" ] && relayout_version_at_least "$version" "$RELAYOUT_RUST_MIN"; then
    return 0
  fi
  if [ -n "$version" ]; then
    echo "cargo $version on the PATH ($(command -v cargo)) is older than $RELAYOUT_RUST_MIN; installing a newer one with rustup" >&2
  fi
  if command -v rustup >/dev/null 2>&1; then
    rustup toolchain install stable --profile minimal --component rustfmt,clippy >&2
    rustup default stable >&2
  else
    relayout_need_packages curl ca-certificates build-essential
    echo "installing the Rust toolchain with rustup" >&2
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs |
      sh -s -- -y --profile minimal --component rustfmt,clippy
  fi
  export PATH="$HOME/.cargo/bin:$PATH"
  version="$(relayout_cargo_version)"
  [ -n "$version" ] && relayout_version_at_least "$version" "$RELAYOUT_RUST_MIN" ||
    relayout_die "cargo ${version:-(none)} after installing rustup; relayout needs Rust $RELAYOUT_RUST_MIN or newer"
}

# rustfmt for `cargo fmt --check` (rustup's minimal profile leaves it out).
relayout_need_rustfmt() {
  cargo fmt --version >/dev/null 2>&1 && return 0
  command -v rustup >/dev/null 2>&1 || relayout_die "cargo fmt is missing and rustup is not installed"
  rustup component add rustfmt >&2
}

# clippy for `cargo clippy` in CI.
relayout_need_clippy() {
  cargo clippy --version >/dev/null 2>&1 && return 0
  command -v rustup >/dev/null 2>&1 || relayout_die "cargo clippy is missing and rustup is not installed"
  rustup component add clippy >&2
}

# The X11 client libraries winit loads at run time (the editor window, and its tests).
RELAYOUT_X11_PACKAGES=(libx11-6 libx11-xcb1 libxcursor1 libxrandr2 libxi6 libxkbcommon-x11-0)

# A Python virtual environment with Ray, for the Ray task-pool recipe and its test
# (examples/trainer/ray_pool.py); exports RELAYOUT_RAY_PYTHON, its interpreter. About 300 MB.
RELAYOUT_RAY_VERSION="2.60.0"
relayout_need_ray() {
  local venv="${RELAYOUT_RAY_VENV:-$HOME/.cache/relayout/ray-venv}"
  if ! "$venv/bin/python" -c "import ray, sys; sys.exit(ray.__version__ != '$RELAYOUT_RAY_VERSION')" 2>/dev/null; then
    echo "installing Ray $RELAYOUT_RAY_VERSION into $venv (once; about 80 MB to download)" >&2
    python3 -m venv "$venv" ||
      relayout_die "cannot make a Python virtual environment in $venv (Debian: apt-get install python3-venv)"
    "$venv/bin/pip" install -q --disable-pip-version-check "ray==$RELAYOUT_RAY_VERSION" ||
      relayout_die "cannot install ray==$RELAYOUT_RAY_VERSION from PyPI into $venv"
  fi
  export RELAYOUT_RAY_PYTHON="$venv/bin/python"
}
