/**
 * Events and alerts published to a VoyagerListener.
 */
package io.voyagerota.event;
