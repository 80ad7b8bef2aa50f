/**
 * The release validation pipeline run after an artifact is stored.
 */
package io.voyagerota.validation;
