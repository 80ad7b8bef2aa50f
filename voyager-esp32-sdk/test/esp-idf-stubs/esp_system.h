/* Stub of ESP-IDF esp_system/include/esp_system.h. */
#pragma once
#include "esp_err.h"
#ifdef __cplusplus
extern "C" {
#endif
void esp_restart(void) __attribute__((noreturn));
#ifdef __cplusplus
}
#endif
