/* Stub of the Arduino-ESP32 3.x core API the wrapper and the example sketch use (Arduino.h, esp32-hal.h). */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "esp_system.h"
#ifdef __cplusplus
extern "C" {
#endif
void delay(uint32_t ms);
unsigned long millis(void);
#ifdef __cplusplus
void configTime(long gmtOffset_sec, int daylightOffset_sec, const char *server1, const char *server2 = nullptr,
                const char *server3 = nullptr);
}
class HardwareSerial {
public:
    void begin(unsigned long baud);
    size_t printf(const char *format, ...) __attribute__((format(printf, 2, 3)));
    size_t println(const char *text);
};
extern HardwareSerial Serial;
#endif
