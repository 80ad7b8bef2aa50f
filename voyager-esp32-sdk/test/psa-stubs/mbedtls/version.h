/* Stub of Mbed TLS 4's include/mbedtls/version.h: the version macro the verifier chooses its variant by. */
#pragma once
#define MBEDTLS_VERSION_MAJOR 4
#define MBEDTLS_VERSION_MINOR 0
#define MBEDTLS_VERSION_PATCH 0
#define MBEDTLS_VERSION_NUMBER 0x04000000
