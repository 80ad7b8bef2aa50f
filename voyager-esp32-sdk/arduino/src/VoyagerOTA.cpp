/* The VoyagerOTA wrapper: configuration mapping and the loop; everything else is the C SDK. */
#include "VoyagerOTA.h"

#include "esp_system.h"

/*
 * The Arduino-ESP32 core marks a new image valid before setup() runs unless this weak hook says "later"; the
 * rollback protection only works when the sketch decides, through markValid().
 */
extern "C" bool verifyRollbackLater() {
    return true;
}

voyager_err_t VoyagerOTA::begin(const Config &config) {
    voyager_esp_port_config_t portConfig = {};
    portConfig.server_ca_pem = config.serverCaPem;
    portConfig.download_ca_pem = config.downloadCaPem;
    portConfig.download_ca_bundle = config.downloadCaBundle;
    portConfig.client_cert_pem = config.clientCertPem;
    portConfig.client_key_pem = config.clientKeyPem;
    portConfig.http_init = config.httpInit;
    portConfig.http_init_arg = config.httpInitArg;
    portConfig.mqtt = config.mqtt;
    voyager_err_t err = voyager_esp_port_init(&port_, &portConfig);
    if (err != VOYAGER_OK) {
        return err;
    }
    voyager_config_t cfg;
    voyager_esp_config(&cfg, &port_);
    if (config.serverUrl != nullptr) cfg.server_url = config.serverUrl;
    if (config.product != nullptr) cfg.product = config.product;
    if (config.model != nullptr) cfg.model = config.model;
    if (config.version != nullptr) cfg.running_version = config.version;
    if (config.releaseKey != nullptr) cfg.release_key = config.releaseKey;
    if (config.offerKey != nullptr) cfg.offer_key = config.offerKey;
    cfg.allow_unsigned_releases = config.allowUnsignedReleases;
    cfg.allow_unsigned_offers = config.allowUnsignedOffers;
    cfg.allow_insecure_http = config.allowInsecureHttp;
    /* the descriptor of an Arduino build carries the core's version, not the sketch's */
    cfg.skip_app_version_check = !config.checkAppVersion;
    if (config.checkIntervalSeconds != 0) cfg.check_interval_s = config.checkIntervalSeconds;
    if (config.retryBaseSeconds != 0) cfg.retry_base_s = config.retryBaseSeconds;
    if (config.retryMaxSeconds != 0) cfg.retry_max_s = config.retryMaxSeconds;
    if (config.firstCheckJitterSeconds != 0) cfg.first_check_jitter_s = config.firstCheckJitterSeconds;
    if (config.deviceId != nullptr) {
        cfg.device_id = config.deviceId;
    } else if (voyager_esp_device_id(deviceId_) == VOYAGER_OK) {
        cfg.device_id = deviceId_;
    }
    cfg.device_secret = config.deviceSecret;
    cfg.on_progress = config.onProgress;
    cfg.may_update = config.mayUpdate;
    cfg.user = config.user;
    restart_ = config.restartAfterUpdate;
    err = voyager_init(&client_, &cfg);
    if (err == VOYAGER_OK && config.mqtt != nullptr) {
        err = voyager_mqtt_subscribe(&client_);
    }
    started_ = err == VOYAGER_OK;
    return err;
}

voyager_err_t VoyagerOTA::loop() {
    if (!started_) {
        return VOYAGER_ERR_STATE;
    }
    voyager_err_t err = voyager_poll(&client_);
    if (err == VOYAGER_OK && restart_) {
        esp_restart(); /* the new firmware boots pending verify; it keeps itself with markValid() */
    }
    return err;
}

bool VoyagerOTA::isNewFirmware() const {
    return started_ && voyager_boot_outcome(&client_) == VOYAGER_BOOT_NEW_FIRMWARE;
}

bool VoyagerOTA::rolledBack() const {
    return started_ && voyager_boot_outcome(&client_) == VOYAGER_BOOT_ROLLED_BACK;
}

voyager_err_t VoyagerOTA::markValid() {
    return started_ ? voyager_mark_valid(&client_) : VOYAGER_ERR_STATE;
}

voyager_err_t VoyagerOTA::markInvalid() {
    return started_ ? voyager_mark_invalid(&client_) : VOYAGER_ERR_STATE;
}

void VoyagerOTA::cancel() {
    if (started_) {
        voyager_cancel(&client_);
    }
}

void VoyagerOTA::requestCheck() {
    if (started_) {
        voyager_request_check(&client_);
    }
}

const char *VoyagerOTA::lastError() const {
    return voyager_last_error(&client_);
}
