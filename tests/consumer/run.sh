#!/usr/bin/env bash
# Installs the build into a temporary prefix, then builds tests/consumer
# against the installed tree twice: with find_package(noflat) and with
# pkg-config, and runs both.  Also checks the installed tools, checkers and
# man pages.   bash run.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
source=$2
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" > /dev/null
for f in bin/rank-check bin/verify-product bin/check-proof bin/check-rank lib/libnoflat.a \
         include/noflat/noflat.hpp include/noflat/verify/verification.hpp lib/cmake/noflat/noflatConfig.cmake \
         lib/pkgconfig/noflat.pc share/man/man1/rank-check.1 share/man/man1/check-proof.1; do
  [[ -e "$prefix/$f" ]] || { echo "FAIL: $f not installed"; exit 1; }
done
"$prefix/bin/verify-product" 2 > /dev/null
man -l "$prefix/share/man/man1/rank-check.1" 2>/dev/null | grep -q -- "--activation" \
  || grep -q -- "activation" "$prefix/share/man/man1/rank-check.1" || { echo "FAIL: the man page lacks the options"; exit 1; }

# find_package(noflat)
cmake -S "$source/tests/consumer" -B "$prefix/consumer-build" -DCMAKE_PREFIX_PATH="$prefix" > /dev/null
cmake --build "$prefix/consumer-build" > /dev/null
"$prefix/consumer-build/consumer"

# pkg-config
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
# shellcheck disable=SC2046
c++ "$source/tests/consumer/main.cpp" -o "$prefix/consumer-pc" $(pkg-config --cflags --libs noflat)
"$prefix/consumer-pc"
# the Python module, from the installed tree, finding the installed tools
site=$(echo "$prefix"/lib/python3*/dist-packages)
PYTHONPATH="$site" /usr/bin/python3 -c "
import noflat, sys
assert noflat.verify_product(3).verified
assert noflat.__file__.startswith('$prefix'), noflat.__file__
" || { echo "FAIL: import noflat from the installed tree"; exit 1; }
echo "install and consume: all passed"
