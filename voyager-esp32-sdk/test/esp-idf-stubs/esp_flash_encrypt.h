/* Stub of ESP-IDF bootloader_support/include/esp_flash_encrypt.h. */
#pragma once
#include <stdbool.h>
#ifdef __cplusplus
extern "C" {
#endif
bool esp_flash_encryption_enabled(void);
#ifdef __cplusplus
}
#endif
