package io.voyagerota.transport.http.internal;

/**
 * One route of the API: a method and a path template below the base path, such as
 * {@code GET /admin/products/{productId}}. The router's table of them is what {@code docs/openapi.yaml} must
 * describe, no more and no less.
 */
public record Route(String method, String template) {
    @Override
    public String toString() {
        return method + " " + template;
    }
}
