#!/usr/bin/env bash
# The Arduino library: packaged into OUT, and every source in it compiled the way Arduino would find it (only src/
# on the include path, ARDUINO defined), against the ESP-IDF signatures in test/esp-stubs.
# Usage: arduino_layout.sh SDK_DIR OUT CC
set -euo pipefail
sdk=$1 out=$2 cc=$3
pkg=$("$sdk/tools/arduino-package.sh" "$out")
for f in library.properties examples/BasicOTA/BasicOTA.ino src/VoyagerOTA.h src/voyager/voyager.h src/voyager/esp.h; do
    [ -f "$pkg/$f" ] || { echo "missing $f in $pkg" >&2; exit 1; }
done
for f in "$pkg"/src/*.c; do
    "$cc" -std=c99 -Wall -Wextra -Werror -fsyntax-only -DARDUINO=10819 -I"$pkg/src" -I"$sdk/test/esp-stubs" "$f"
done
echo "Arduino library in $pkg: $(ls "$pkg"/src/*.c | wc -l) sources compile"
