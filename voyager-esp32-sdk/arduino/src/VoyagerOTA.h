/*
 * VoyagerOTA: a thin Arduino wrapper over the Voyager C SDK and its ESP-IDF port (Arduino-ESP32 core 3.x).
 *
 *     VoyagerOTA ota;                           // a global: it holds all state, about 17 KB
 *     VoyagerOTA::Config config;
 *     config.serverUrl = "https://ota.example.com/v1";
 *     config.deviceSecret = DEVICE_SECRET; config.product = "locker"; config.model = "locker-s3";
 *     config.version = "1.4.2";                 // this sketch's version
 *     config.releaseKey = RELEASE_KEY_PEM;      // releases must be signed by it
 *     config.offerKey = OFFER_KEY_PEM;          // offers must be signed by the server's offer key
 *     ota.begin(config);                        // in setup(), once Wi-Fi is up
 *     ...
 *     if (ota.isNewFirmware() && healthy()) ota.markValid();   // keep this firmware
 *     ota.loop();                               // in loop(): checks when due, installs, restarts
 *
 * Including this library keeps a freshly updated sketch "pending verify" until markValid(): it defines
 * verifyRollbackLater(), which the Arduino core otherwise answers by accepting every new image at boot. A sketch
 * that defines verifyRollbackLater() itself must not use this library.
 */
#pragma once

#include <stdint.h>

#include "voyager/esp_idf.h"
#include "voyager/voyager.h"

class VoyagerOTA {
public:
    struct Config {
        const char *serverUrl = nullptr;        // the device API base, such as "https://ota.example.com/v1"
        const char *deviceSecret = nullptr;     // issued when the device was enrolled
        const char *product = nullptr;
        const char *model = nullptr;
        const char *version = nullptr;          // this firmware's version; nullptr: the app descriptor's
        const char *deviceId = nullptr;         // nullptr: the Wi-Fi MAC, "24:0a:c4:12:34:56"
        const char *releaseKey = nullptr;       // the release public key (PEM): required unless allowUnsignedReleases
        const char *offerKey = nullptr;         // the server's offer key (PEM): required unless allowUnsignedOffers
        bool allowUnsignedReleases = false;     // install releases nobody signed
        bool allowUnsignedOffers = false;       // take offers nobody signed (development only)
        bool allowInsecureHttp = false;         // an http:// serverUrl: the secret goes in clear (development only)
        bool checkAppVersion = false;           // compare the app descriptor's version with the offer: only for a
                                                // sketch that sets esp_app_desc's version itself (docs/sdk.md)
        const char *serverCaPem = nullptr;      // the server's CA; nullptr: the ESP-IDF certificate bundle
        const char *downloadCaPem = nullptr;    // the CA of the download host (a CDN, S3); nullptr: see next
        bool downloadCaBundle = false;          // downloads trust the bundle; neither set: as the server
        const char *clientCertPem = nullptr;    // mutual TLS with the server (never a download host): both
        const char *clientKeyPem = nullptr;     //   PEM, or both nullptr
        voyager_esp_http_init_fn httpInit = nullptr; // called after esp_http_client_init: headers, proxy ...
        void *httpInitArg = nullptr;
        esp_mqtt_client_handle_t mqtt = nullptr; // an esp-mqtt client for push triggers, or nullptr
        uint32_t checkIntervalSeconds = 0;      // 0: one hour (give or take 10 %)
        uint32_t retryBaseSeconds = 0;          // the first retry's bound after a failure; 0: 30 s
        uint32_t retryMaxSeconds = 0;           // the largest retry bound; 0: one hour
        uint32_t firstCheckJitterSeconds = 0;   // the first check within this after boot; 0: one minute
        voyager_progress_fn onProgress = nullptr;
        voyager_may_update_fn mayUpdate = nullptr; // "may I update now?"; nullptr: always
        void *user = nullptr;                   // handed to the callbacks
        bool restartAfterUpdate = true;         // loop() restarts into a newly installed firmware
    };

    /**
     * Starts the SDK: VOYAGER_OK, or what is wrong with the configuration (lastError() says more). Without both
     * keys, or the allow flags that waive them, it refuses to start.
     */
    voyager_err_t begin(const Config &config);
    /** Checks when a check is due (or was requested), installs what may be installed, restarts after it. */
    voyager_err_t loop();
    /** The first boot after an update: run the health check, then markValid() (or markInvalid()). */
    bool isNewFirmware() const;
    /** The last update did not survive and this is the previous firmware again. */
    bool rolledBack() const;
    /** Keeps the running firmware (cancels the rollback) and reports the update a success. */
    voyager_err_t markValid();
    /** Gives up on the running firmware: the device restarts into the previous one. */
    voyager_err_t markInvalid();
    /** From onProgress: stops the download; a later loop() resumes it from the checkpoint (voyager_cancel). */
    void cancel();
    /** Makes the next loop() check now, as an MQTT trigger does. */
    void requestCheck();
    /** A sentence on the last failure, or "". */
    const char *lastError() const;
    /** The C client, for anything the wrapper does not cover. */
    voyager_client_t *client() { return &client_; }

private:
    voyager_esp_port_t port_{};
    voyager_client_t client_{};
    char deviceId_[18] = {};
    bool started_ = false;
    bool restart_ = true;
};
