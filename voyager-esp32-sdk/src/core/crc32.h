/* CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) without the initial and final inversion: zlib's CRC-32 is
 * ~raw(0xFFFFFFFF, ...), littlefs's is raw(0xFFFFFFFF, ...). Bitwise: it only runs over a few KiB per update. */
#ifndef VOYAGER_CRC32_H
#define VOYAGER_CRC32_H

#include <stddef.h>
#include <stdint.h>

uint32_t voyager_crc32_raw(uint32_t crc, const uint8_t *data, size_t len);

#endif
