/*
 * BasicOTA: keep a sketch up to date from a Voyager OTA server.
 *
 * Board: any ESP32 with Arduino-ESP32 core 3.x and a partition scheme with two OTA app slots (the default one
 * has them). Fill in the constants, upload once over USB, then publish new versions to the server:
 *   voyager release upload --product demo --version 1.0.1 --model demo-board build/BasicOTA.ino.bin ...
 */
#include <WiFi.h>
#include <VoyagerOTA.h>

static const char *WIFI_SSID = "my-network";
static const char *WIFI_PASSWORD = "my-password";
static const char *FIRMWARE_VERSION = "1.0.0";          // bump it for every release you upload
static const char *SERVER_URL = "https://ota.example.com/v1";
static const char *DEVICE_SECRET = "the-secret-issued-at-enrolment";
// The product's release public key (openssl pkey -in release.pem -pubout): releases it did not sign are refused.
static const char *RELEASE_KEY = "-----BEGIN PUBLIC KEY-----\n"
                                 "...paste the key here...\n"
                                 "-----END PUBLIC KEY-----\n";
// The server's offer key (voyager serve keeps it in offer-key.pub.pem in its data directory): offers it did not
// sign are refused. Until both keys are pasted in, ota.begin() refuses to start and lastError() says why.
static const char *OFFER_KEY = "-----BEGIN PUBLIC KEY-----\n"
                               "...paste the key here...\n"
                               "-----END PUBLIC KEY-----\n";

static const unsigned long HEALTHY_AFTER_MS = 30000;   // up and connected this long: keep the new firmware

static VoyagerOTA ota;
static unsigned long bootedAt;

static void onProgress(void *user, uint32_t done, uint32_t total) {
    (void) user;
    Serial.printf("update: %lu of %lu bytes\n", (unsigned long) done, (unsigned long) total);
}

void setup() {
    Serial.begin(115200);
    WiFi.begin(WIFI_SSID, WIFI_PASSWORD);
    while (WiFi.status() != WL_CONNECTED) {
        delay(250);
    }
    configTime(0, 0, "pool.ntp.org");   // with the time known, the device also refuses expired offers

    VoyagerOTA::Config config;
    config.serverUrl = SERVER_URL;
    config.deviceSecret = DEVICE_SECRET;
    config.product = "demo";
    config.model = "demo-board";
    config.version = FIRMWARE_VERSION;
    config.releaseKey = RELEASE_KEY;
    config.offerKey = OFFER_KEY;
    config.onProgress = onProgress;
    if (ota.begin(config) != VOYAGER_OK) {
        Serial.printf("Voyager OTA not started: %s\n", ota.lastError());
    }
    if (ota.rolledBack()) {
        Serial.println("the last update failed its first boot: running the previous firmware again");
    }
    bootedAt = millis();
}

void loop() {
    // The first boot of an update is on probation: crash or reset before markValid() and the bootloader goes back.
    if (ota.isNewFirmware() && millis() - bootedAt > HEALTHY_AFTER_MS && WiFi.status() == WL_CONNECTED) {
        ota.markValid();                 // reports SUCCESS to the server
    }
    ota.loop();                          // checks every hour; installs and restarts when there is an update
    delay(1000);
}
