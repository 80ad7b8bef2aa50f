package io.voyagerota.transport.http;

import io.voyagerota.InvalidInputException;
import io.voyagerota.Voyager;
import io.voyagerota.link.HmacDownloadLinks;
import io.voyagerota.transport.http.internal.Router;

import java.time.InstantSource;
import java.util.Set;
import java.util.function.Function;

/**
 * The device and admin APIs over HTTP, independent of any server: it turns a {@link VoyagerRequest} into a
 * {@link VoyagerResponse} and never throws. Mount it with {@code JdkHttpServerAdapter} or {@code VoyagerServlet},
 * or adapt it to another server in a few lines.
 *
 * <pre>{@code
 * Voyager voyager = Voyager.builder().registry(…).artifactStorage(…)
 *         .downloadLinks(new HmacDownloadLinks("/v1", secret)).build();
 * VoyagerHttpHandler handler = VoyagerHttpHandler.builder(voyager).build();
 * }</pre>
 *
 * <p>Routes, relative to {@link HttpConfig#basePath()}: {@code GET|POST /devices/{id}/update} (the update check),
 * {@code POST /devices/{id}/reports} and {@code GET|HEAD /artifacts/{key}} (downloads through signed links), specified
 * in {@code docs/device-api.md}; the admin API under {@code /admin}, for holders of an admin token
 * ({@link io.voyagerota.spi.Authenticator#authenticateAdmin}), specified in {@code docs/admin-api.md}; and
 * {@code GET /openapi.yaml}, the OpenAPI description of both.
 */
public final class VoyagerHttpHandler {
    private final Router router;
    private final HttpConfig config;

    private VoyagerHttpHandler(Builder b) {
        this.config = b.config;
        this.router = new Router(b.voyager, b.links, b.config,
                b.deviceTags == null ? b.voyager.devices()::tags : b.deviceTags,
                b.clock == null ? b.voyager.clock() : b.clock);
    }

    /**
     * A handler whose artifact route verifies the links {@code voyager} issues ({@link Voyager#downloadLinks()}),
     * which must then be HMAC links.
     *
     * @throws InvalidInputException when {@code voyager} issues other links (presigned bucket URLs): give the
     *                               artifact route its own with {@link #builder(Voyager, HmacDownloadLinks)}
     */
    public static Builder builder(Voyager voyager) {
        if (voyager.downloadLinks() instanceof HmacDownloadLinks links) {
            return new Builder(voyager, links);
        }
        throw new InvalidInputException("this Voyager issues download links with "
                + voyager.downloadLinks().getClass().getSimpleName() + ", which the artifact route cannot verify:"
                + " give the handler the HmacDownloadLinks it should accept, builder(voyager, links)");
    }

    /**
     * @param voyager the service to answer from
     * @param links   the HMAC links the artifact route accepts: those {@code voyager} issues offers with, or, when
     *                it issues presigned bucket URLs, links of its own for hosts that also serve artifacts
     */
    public static Builder builder(Voyager voyager, HmacDownloadLinks links) {
        return new Builder(voyager, links);
    }

    /** Answers a request; problems become RFC 9457 problem responses, never exceptions. */
    public VoyagerResponse handle(VoyagerRequest request) {
        return router.route(request);
    }

    public HttpConfig config() {
        return config;
    }

    /** The artifact downloads served so far, for monitoring (voyager-micrometer's {@code VoyagerHttpMetrics}). */
    public DownloadStats downloadStats() {
        return router.downloads().snapshot();
    }

    /** Wires a {@link VoyagerHttpHandler}; everything but the Voyager and its links has a default. */
    public static final class Builder {
        private final Voyager voyager;
        private final HmacDownloadLinks links;
        private HttpConfig config = HttpConfig.defaults();
        private Function<String, Set<String>> deviceTags; // null: the device directory's
        private InstantSource clock; // null: the Voyager's own

        private Builder(Voyager voyager, HmacDownloadLinks links) {
            if (voyager == null || links == null) {
                throw new InvalidInputException("a VoyagerHttpHandler needs a Voyager and its download links");
            }
            this.voyager = voyager;
            this.links = links;
        }

        public Builder config(HttpConfig value) {
            this.config = notNull(value, "config");
            return this;
        }

        /**
         * Where a device's tags (such as {@code tester}) come from: the server's own records, looked up by device id
         * on every check, so it must be fast (an in-memory map). Tags a device claims in a request are never
         * trusted. By default the device directory's tags ({@link io.voyagerota.Devices#tags}, held in memory and
         * set with {@code PUT /admin/devices/{id}/tags}).
         */
        public Builder deviceTags(Function<String, Set<String>> value) {
            this.deviceTags = notNull(value, "deviceTags");
            return this;
        }

        /**
         * The clock download links are checked against; by default the one {@code voyager} issues them with, which
         * is what it should be.
         */
        public Builder clock(InstantSource value) {
            this.clock = notNull(value, "clock");
            return this;
        }

        public VoyagerHttpHandler build() {
            return new VoyagerHttpHandler(this);
        }

        private static <T> T notNull(T value, String field) {
            if (value == null) {
                throw new InvalidInputException(field + " must not be null");
            }
            return value;
        }
    }
}
