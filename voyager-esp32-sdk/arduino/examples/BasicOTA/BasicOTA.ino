/*
 * Voyager OTA, Arduino: join Wi-Fi, keep new firmware once it runs, then check every five minutes and install
 * what the server offers. Fill in your network, server, product, model and this device's secret; put the
 * product's release key (the public PEM) in RELEASE_KEY, or leave it empty to accept unsigned releases.
 * Arduino builds leave the app descriptor's version empty: set FIRMWARE_VERSION to the release's version.
 */
#include <WiFi.h>
#include <VoyagerOTA.h>

#define FIRMWARE_VERSION "1.0.0"

static const char *WIFI_SSID = "my-network";
static const char *WIFI_PASSWORD = "my-password";
static const char *SERVER_URL = "https://ota.example.com/v1";
static const char *DEVICE_SECRET = "the secret issued when this device was enrolled";
static const char *RELEASE_KEY = "";  // "-----BEGIN PUBLIC KEY-----\n...\n-----END PUBLIC KEY-----\n"

static voyager_client_t ota;
static voyager_port_t port;
static String deviceId;

static void progress(void *user, uint32_t done, uint32_t total) {
  Serial.printf("OTA: %u of %u bytes\n", (unsigned) done, (unsigned) total);
}

void setup() {
  Serial.begin(115200);
  WiFi.begin(WIFI_SSID, WIFI_PASSWORD);
  while (WiFi.status() != WL_CONNECTED) {
    delay(250);
  }
  deviceId = WiFi.macAddress();  // 24:0A:C4:12:34:56
  voyager_esp_config_t esp = {};
  if (voyager_esp_port(&port, &esp) != VOYAGER_OK) {
    Serial.println("OTA: NVS is not available");
    return;
  }
  voyager_config_t cfg = {};
  cfg.server_url = SERVER_URL;
  cfg.device_id = deviceId.c_str();
  cfg.device_secret = DEVICE_SECRET;
  cfg.product = "locker";
  cfg.model = "locker-s3";
  cfg.chip = VOYAGER_CHIP_ESP32S3;
  cfg.running_version = FIRMWARE_VERSION;
  cfg.release_key = RELEASE_KEY[0] != '\0' ? RELEASE_KEY : NULL;
  cfg.check_interval_s = 300;
  cfg.on_progress = progress;
  cfg.port = &port;
  if (voyager_init(&ota, &cfg) != VOYAGER_OK) {
    Serial.printf("OTA: %s\n", voyager_last_error(&ota));
    return;
  }
  if (voyager_boot_outcome(&ota) == VOYAGER_BOOT_NEW_FIRMWARE) {
    voyager_mark_valid(&ota);  // this firmware came up: keep it and report SUCCESS
  }
}

void loop() {
  voyager_err_t result = voyager_poll(&ota);
  if (result == VOYAGER_OK) {
    Serial.println("OTA: restarting into the new firmware");
    ESP.restart();
  } else if (result != VOYAGER_NO_UPDATE) {
    Serial.printf("OTA: %s: %s\n", voyager_err_code(result), voyager_last_error(&ota));
  }
  delay(1000);
}
