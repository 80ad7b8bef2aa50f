package io.voyagerota.transport.mqtt.internal;

import io.voyagerota.InvalidInputException;

import java.util.Optional;

/**
 * The topic layout under a template such as {@code devices/{id}/ota}: the trigger topic of a device, its
 * {@code …/status} and {@code …/state} topics, the server's shared subscriptions to them, and the device and kind of
 * an incoming topic.
 */
public final class Topics {
    /** What a device sent. */
    public enum Kind { STATUS, STATE }

    /** An incoming message's device and kind. */
    public record Route(String deviceId, Kind kind) {
    }

    private static final String ID = "{id}";
    private final String[] levels;
    private final int idLevel;

    public Topics(String template) {
        this.levels = checkTemplate(template).split("/", -1);
        int at = 0;
        while (!levels[at].equals(ID)) {
            at++;
        }
        this.idLevel = at;
    }

    /** Checks a trigger topic template and returns it. */
    public static String checkTemplate(String template) {
        String problem = null;
        if (template == null || template.isEmpty() || template.length() > 512) {
            problem = "must be 1 to 512 characters";
        } else if (template.startsWith("$")) {
            problem = "must not start with '$' (those topics belong to the broker)";
        } else if (template.indexOf('+') >= 0 || template.indexOf('#') >= 0 || template.indexOf('\0') >= 0) {
            problem = "must not hold the wildcards '+' or '#'";
        } else {
            int ids = 0;
            for (String level : template.split("/", -1)) {
                if (level.isEmpty()) {
                    problem = "must not have empty levels (a leading, trailing or double '/')";
                } else if (level.equals(ID)) {
                    ids++;
                } else if (level.contains("{") || level.contains("}")) {
                    problem = "may hold '{id}' only as a whole level";
                }
            }
            if (problem == null && ids != 1) {
                problem = "must hold '{id}' exactly once, as a whole level";
            }
        }
        if (problem != null) {
            throw new InvalidInputException("MQTT topic template '" + template + "' " + problem
                    + ", such as devices/{id}/ota");
        }
        return template;
    }

    /** Where the server publishes a device's trigger. */
    public String trigger(String deviceId) {
        return with(deviceId);
    }

    public String status(String deviceId) {
        return with(deviceId) + "/status";
    }

    public String state(String deviceId) {
        return with(deviceId) + "/state";
    }

    /** The server's shared subscription to every device's messages of a kind. */
    public String sharedFilter(String group, Kind kind) {
        return "$share/" + group + "/" + with("+") + (kind == Kind.STATUS ? "/status" : "/state");
    }

    /** The device and kind of an incoming topic, if it is one of the layout's. */
    public Optional<Route> route(String topic) {
        String[] parts = topic.split("/", -1);
        if (parts.length != levels.length + 1) {
            return Optional.empty();
        }
        for (int i = 0; i < levels.length; i++) {
            if (i != idLevel && !levels[i].equals(parts[i])) {
                return Optional.empty();
            }
        }
        String last = parts[levels.length];
        Kind kind = last.equals("status") ? Kind.STATUS : last.equals("state") ? Kind.STATE : null;
        return kind == null || parts[idLevel].isEmpty() ? Optional.empty()
                : Optional.of(new Route(parts[idLevel], kind));
    }

    private String with(String id) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < levels.length; i++) {
            out.append(i == 0 ? "" : "/").append(i == idLevel ? id : levels[i]);
        }
        return out.toString();
    }
}
