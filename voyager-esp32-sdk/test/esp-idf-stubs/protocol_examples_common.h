/* Stub of ESP-IDF examples/common_components/protocol_examples_common/include/protocol_examples_common.h. */
#pragma once
#include "esp_err.h"
#ifdef __cplusplus
extern "C" {
#endif
esp_err_t example_connect(void);
#ifdef __cplusplus
}
#endif
