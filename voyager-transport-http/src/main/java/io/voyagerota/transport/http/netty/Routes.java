package io.voyagerota.transport.http.netty;

import io.voyagerota.transport.http.VoyagerRequest;
import io.voyagerota.transport.http.VoyagerResponse;
import io.voyagerota.transport.http.internal.HttpProblem;
import io.voyagerota.transport.http.internal.Problems;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The mounted handlers, longest context path first, as the JDK server picks its contexts: the first whose path is a
 * string prefix of the request's raw path answers. Plus where answers are computed.
 */
final class Routes {
    private record Mount(String contextPath, Function<VoyagerRequest, VoyagerResponse> handler) {
    }

    private final List<Mount> mounts;
    private final Executor workers;
    private final Predicate<VoyagerRequest> inline;

    Routes(Map<String, Function<VoyagerRequest, VoyagerResponse>> mounts, Executor workers,
           Predicate<VoyagerRequest> inline) {
        List<Mount> sorted = new ArrayList<>();
        mounts.forEach((path, handler) -> sorted.add(new Mount(path, handler)));
        sorted.sort(Comparator.comparingInt((Mount m) -> m.contextPath().length()).reversed());
        this.mounts = List.copyOf(sorted);
        this.workers = workers;
        this.inline = inline;
    }

    Executor workers() {
        return workers;
    }

    /** Whether this request is answered on the event loop; a predicate that throws says no. */
    boolean inline(VoyagerRequest request) {
        try {
            return inline.test(request);
        } catch (RuntimeException e) {
            return false;
        }
    }

    VoyagerResponse handle(VoyagerRequest request) {
        String path = request.path();
        for (Mount m : mounts) {
            if (path.startsWith(m.contextPath())) {
                return m.handler().apply(request);
            }
        }
        return Problems.response(HttpProblem.of(404, "not-found", "nothing is served at this path; check the"
                + " base path of the URL"), path);
    }
}
