/* Stub of ESP-IDF lwip/include/apps/esp_sntp.h: the 5.1+ esp_sntp_* calls, and lwIP's sntp_* that 5.0 offers. */
#pragma once
#include <stdint.h>
#include "esp_idf_version.h"
#ifdef __cplusplus
extern "C" {
#endif
#if ESP_IDF_VERSION >= ESP_IDF_VERSION_VAL(5, 1, 0)
typedef enum {
    ESP_SNTP_OPMODE_POLL,
    ESP_SNTP_OPMODE_LISTENONLY,
} esp_sntp_operatingmode_t;
void esp_sntp_setoperatingmode(esp_sntp_operatingmode_t operating_mode);
void esp_sntp_setservername(uint8_t idx, const char *server);
void esp_sntp_init(void);
#else
#define SNTP_OPMODE_POLL 0
void sntp_setoperatingmode(uint8_t operating_mode);
void sntp_setservername(uint8_t idx, const char *server);
void sntp_init(void);
#endif
#ifdef __cplusplus
}
#endif
