#!/usr/bin/env bash
# Installs the Debian packages the engine needs, only those that are missing.
set -euo pipefail
packages=(
  build-essential cmake pkg-config
  libgmp-dev libflint-dev libflint-arb-dev libmpfr-dev libboost-dev
  doctest-dev nlohmann-json3-dev
  libopenblas-dev fflas-ffpack libgivaro-dev
  libcli11-dev help2man
  libonnx-dev libprotobuf-dev
  python3-onnx python3-numpy python3-torch
  python3-dev pybind11-dev python3-pytest
  libzstd-dev zstd
  libopenmpi-dev openmpi-bin
  python3
  gnuplot-nox time
  clang-14 libfuzzer-14-dev lcov
)
missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "installing: ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
