#!/usr/bin/env bash
# Assembles the Arduino library (library.properties, src/, examples/) from this SDK into DEST/VoyagerOTA:
# Arduino compiles everything below src/, so only the portable core, the mbedTLS verification and the ESP-IDF
# port go there, flat, with the public headers under src/voyager/.
# Usage: tools/arduino-package.sh DEST
set -euo pipefail
sdk=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:?usage: arduino-package.sh DEST}/VoyagerOTA
rm -rf "$dest"
mkdir -p "$dest/src/voyager"
cp "$sdk/arduino/library.properties" "$dest/"
cp -r "$sdk/arduino/examples" "$dest/"
cp "$sdk/arduino/src/"*.h "$dest/src/"
cp "$sdk/include/voyager/"*.h "$dest/src/voyager/"
cp "$sdk/src/core/"*.[ch] "$sdk/src/mbedtls/"*.[ch] "$sdk/src/esp-idf/"*.[ch] "$dest/src/"
echo "$dest"
