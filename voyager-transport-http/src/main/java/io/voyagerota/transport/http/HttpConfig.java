package io.voyagerota.transport.http;

import io.voyagerota.InvalidInputException;

/**
 * Settings of the HTTP transport, each with a default. Build from {@link #defaults()} and the {@code with…} methods;
 * every value is validated when set.
 *
 * @param basePath                  where the API lives, such as {@code /v1} (the default), or empty for the root;
 *                                  it must match the path of the download links' base
 * @param maxBodyBytes              the largest request body read (16 KiB); larger ones get 413
 * @param maxHeaderBytes            the longest header value or query the handler reads (8 KiB); longer ones get 431
 *                                  or 414. The server's own limit on all headers together applies first
 * @param maxJsonDepth              the deepest nesting accepted in a JSON body (8)
 * @param maxJsonStringLength       the longest JSON string or field name accepted (2048 characters)
 * @param allowUnauthenticatedChecks whether update checks without a device credential are answered; for
 *                                  development only (off by default). Reports always need the credential
 * @param downloadBufferBytes       the fixed buffer an artifact download streams through (64 KiB)
 * @param maxAdminBodyBytes         the largest JSON body of an admin request (256 KiB), which may carry a release's
 *                                  changelog; a string in it may be as long as the body. Artifact uploads are
 *                                  bounded by their product's {@code maxArtifactBytes} instead
 * @param logContext                whether the handler puts {@code voyager.deviceId} (device routes) and
 *                                  {@code voyager.releaseId} (downloads) into SLF4J's MDC while it handles a request,
 *                                  for hosts whose log format prints them (off by default: it costs a map write)
 */
public record HttpConfig(String basePath, int maxBodyBytes, int maxHeaderBytes, int maxJsonDepth,
                         int maxJsonStringLength, boolean allowUnauthenticatedChecks, int downloadBufferBytes,
                         int maxAdminBodyBytes, boolean logContext) {
    public HttpConfig {
        if (basePath == null) {
            throw new InvalidInputException("basePath must not be null; use \"\" for the root");
        }
        if (!basePath.isEmpty() && (!basePath.startsWith("/") || basePath.endsWith("/") || !safePath(basePath))) {
            throw new InvalidInputException("basePath \"" + basePath + "\" must be empty or '/'-separated segments"
                    + " of letters, digits, '.', '_' and '-' (not '.' or '..'), starting with '/' and not ending with it");
        }
        inRange(maxBodyBytes, 1024, 16 * 1024 * 1024, "maxBodyBytes");
        inRange(maxHeaderBytes, 256, 64 * 1024, "maxHeaderBytes");
        inRange(maxJsonDepth, 2, 64, "maxJsonDepth");
        inRange(maxJsonStringLength, 64, 1024 * 1024, "maxJsonStringLength");
        inRange(downloadBufferBytes, 4096, 4 * 1024 * 1024, "downloadBufferBytes");
        inRange(maxAdminBodyBytes, 1024, 16 * 1024 * 1024, "maxAdminBodyBytes");
    }

    public static HttpConfig defaults() {
        return new HttpConfig("/v1", 16 * 1024, 8 * 1024, 8, 2048, false, 64 * 1024, 256 * 1024, false);
    }

    public HttpConfig withBasePath(String path) {
        return new HttpConfig(path, maxBodyBytes, maxHeaderBytes, maxJsonDepth, maxJsonStringLength,
                allowUnauthenticatedChecks, downloadBufferBytes, maxAdminBodyBytes, logContext);
    }

    public HttpConfig withMaxBodyBytes(int bytes) {
        return new HttpConfig(basePath, bytes, maxHeaderBytes, maxJsonDepth, maxJsonStringLength,
                allowUnauthenticatedChecks, downloadBufferBytes, maxAdminBodyBytes, logContext);
    }

    public HttpConfig withMaxHeaderBytes(int bytes) {
        return new HttpConfig(basePath, maxBodyBytes, bytes, maxJsonDepth, maxJsonStringLength,
                allowUnauthenticatedChecks, downloadBufferBytes, maxAdminBodyBytes, logContext);
    }

    public HttpConfig withJsonLimits(int depth, int stringLength) {
        return new HttpConfig(basePath, maxBodyBytes, maxHeaderBytes, depth, stringLength,
                allowUnauthenticatedChecks, downloadBufferBytes, maxAdminBodyBytes, logContext);
    }

    /** Answers checks without a credential. Never in production: anyone could read any device's offers. */
    public HttpConfig withUnauthenticatedChecks(boolean allow) {
        return new HttpConfig(basePath, maxBodyBytes, maxHeaderBytes, maxJsonDepth, maxJsonStringLength, allow,
                downloadBufferBytes, maxAdminBodyBytes, logContext);
    }

    public HttpConfig withDownloadBufferBytes(int bytes) {
        return new HttpConfig(basePath, maxBodyBytes, maxHeaderBytes, maxJsonDepth, maxJsonStringLength,
                allowUnauthenticatedChecks, bytes, maxAdminBodyBytes, logContext);
    }

    /** Puts the device id and release id of the request being handled into SLF4J's MDC (see {@link #logContext}). */
    public HttpConfig withLogContext(boolean on) {
        return new HttpConfig(basePath, maxBodyBytes, maxHeaderBytes, maxJsonDepth, maxJsonStringLength,
                allowUnauthenticatedChecks, downloadBufferBytes, maxAdminBodyBytes, on);
    }

    public HttpConfig withMaxAdminBodyBytes(int bytes) {
        return new HttpConfig(basePath, maxBodyBytes, maxHeaderBytes, maxJsonDepth, maxJsonStringLength,
                allowUnauthenticatedChecks, downloadBufferBytes, bytes, logContext);
    }

    private static boolean safePath(String path) {
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                        || c == '-')) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void inRange(int value, int min, int max, String field) {
        if (value < min || value > max) {
            throw new InvalidInputException(field + " is " + value + " but must be between " + min + " and " + max);
        }
    }
}
