/* Publishes one message, as a server's MQTT transport would to hint a device to check: mqtt_hint PORT TOPIC TEXT */
#include <mosquitto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: mqtt_hint PORT TOPIC PAYLOAD\n");
        return 1;
    }
    mosquitto_lib_init();
    struct mosquitto *m = mosquitto_new("voyager-e2e-hint", true, NULL);
    int mid = 0;
    if (m == NULL || mosquitto_connect(m, "127.0.0.1", atoi(argv[1]), 10) != MOSQ_ERR_SUCCESS
            || mosquitto_publish(m, &mid, argv[2], (int) strlen(argv[3]), argv[3], 1, false) != MOSQ_ERR_SUCCESS) {
        fprintf(stderr, "mqtt_hint: cannot publish\n");
        return 1;
    }
    for (int i = 0; i < 20; i++) {
        mosquitto_loop(m, 50, 1); /* long enough for the QoS 1 handshake */
    }
    mosquitto_disconnect(m);
    mosquitto_destroy(m);
    mosquitto_lib_cleanup();
    return 0;
}
