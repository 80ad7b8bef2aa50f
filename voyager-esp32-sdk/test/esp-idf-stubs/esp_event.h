/* Stub of ESP-IDF esp_event/include/esp_event.h. */
#pragma once
#include "esp_err.h"
#include "esp_event_base.h"
#ifdef __cplusplus
extern "C" {
#endif
esp_err_t esp_event_loop_create_default(void);
#ifdef __cplusplus
}
#endif
