package io.voyagerota.auth;

import io.voyagerota.support.Checks;

/** Who a request comes from once its credential checked out. */
public record Principal(String name, Role role) {
    /** What a principal may do. */
    public enum Role { DEVICE, ADMIN }

    public Principal {
        Checks.notNull(name, "name");
        Checks.notNull(role, "role");
    }
}
