/**
 * The release validation pipeline run after an artifact is stored.
 */
@NullMarked
package io.voyagerota.validation;

import org.jspecify.annotations.NullMarked;
