/*
 * Voyager OTA for Arduino-ESP32 (3.x, ESP-IDF 5 inside): the SDK's API (voyager/voyager.h) with its ESP-IDF port
 * (voyager/esp.h). See examples/BasicOTA.
 */
#ifndef VOYAGER_OTA_ARDUINO_H
#define VOYAGER_OTA_ARDUINO_H

#include "voyager/esp.h"
#include "voyager/voyager.h"

#endif
