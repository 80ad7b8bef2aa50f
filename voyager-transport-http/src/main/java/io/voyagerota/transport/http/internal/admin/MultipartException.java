package io.voyagerota.transport.http.internal.admin;

import java.io.IOException;

/**
 * A multipart body that is not well-formed {@code multipart/form-data}. An {@link IOException}, so that when it is
 * thrown while an artifact streams into storage the storage abandons the upload and keeps nothing of it.
 */
final class MultipartException extends IOException {
    MultipartException(String message) {
        super(message);
    }
}
