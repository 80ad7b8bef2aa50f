/*
 * The Arduino wrapper's header where a PlatformIO build finds it: library.json exports include/, and the wrapper
 * itself lives in arduino/src/ as the Arduino library has it.
 */
#pragma once

#include "../arduino/src/VoyagerOTA.h"
