package io.voyagerota.transport.http;

import java.time.Duration;

/**
 * The artifact downloads this handler has served since it was built, for monitoring: GETs of a signed link that
 * sent a body (a whole artifact or a range); HEAD, 304 and refused requests are not downloads.
 *
 * @param completed downloads whose body was sent in full
 * @param failed    downloads cut short: the client went away, or the artifact could not be read
 * @param active    downloads sending now
 * @param bytes     artifact bytes sent, by completed and failed downloads alike
 * @param totalTime the time completed and failed downloads took, summed
 */
public record DownloadStats(long completed, long failed, long active, long bytes, Duration totalTime) {
}
