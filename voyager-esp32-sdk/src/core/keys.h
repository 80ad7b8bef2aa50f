/* The keys the SDK keeps in the port's persistent state (at most 15 characters, as NVS allows). */
#ifndef VOYAGER_KEYS_H
#define VOYAGER_KEYS_H

#define VOYAGER_KEY_DOWNLOAD "vy_download"  /* voyager_update_state_t: the resume checkpoint */
#define VOYAGER_KEY_SEQUENCE "vy_sequence"  /* int64: the highest offer sequence (catalog generation) acted on */
#define VOYAGER_KEY_PENDING "vy_pending"    /* the update waiting for its boots, and the install attempts: session.c */
#define VOYAGER_KEY_OFFER_KEYS "vy_offerkeys" /* voyager_learned_keys_t: offer keys learned from endorsements */

#endif
