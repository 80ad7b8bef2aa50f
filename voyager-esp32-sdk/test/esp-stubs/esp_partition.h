#include "esp_idf_stubs.h"
