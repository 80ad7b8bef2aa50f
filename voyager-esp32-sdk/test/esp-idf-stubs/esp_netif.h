/* Stub of ESP-IDF esp_netif/include/esp_netif.h. */
#pragma once
#include "esp_err.h"
#ifdef __cplusplus
extern "C" {
#endif
esp_err_t esp_netif_init(void);
#ifdef __cplusplus
}
#endif
