package io.voyagerota.transport.http.internal.admin;

/** The body of a revocation or a pause: {@code {"reason":"…"}}, 1 to 1000 characters. */
final class ReasonBody {
    private ReasonBody() {
    }

    static String read(AdminCall call, String what) {
        String[] reason = new String[1];
        call.readBody("reason", (field, p) -> {
            if (!field.equals("reason")) {
                return false;
            }
            reason[0] = Fields.text(p, field, 1000);
            return true;
        }, false);
        return Fields.required("reason", reason[0], what);
    }
}
