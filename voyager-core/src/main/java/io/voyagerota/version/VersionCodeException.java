package io.voyagerota.version;

import io.voyagerota.VoyagerException;

/**
 * A version has no compact numeric {@linkplain Version#code() version code} (it is a prerelease, or a component is
 * beyond the code's bounds), or a number is not the code of any version. The message names the version or code, the
 * bound it broke, and points to {@link Version#sortKey()}, which orders every version. {@link #code()} is always
 * {@code no-version-code}.
 */
public final class VersionCodeException extends VoyagerException {
    VersionCodeException(String message) {
        super("no-version-code", message);
    }
}
