package io.voyagerota.catalog;

import io.voyagerota.support.Checks;

import java.util.regex.Pattern;

/** A hardware model of a product (a board revision, a variant) and the chip it carries. */
public record HardwareModel(String name, Chip chip) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}");

    public HardwareModel {
        Checks.matches(name, NAME, "model name",
                "1 to 64 characters of letters, digits, space, '.', '_' or '-', starting with a letter or digit");
        Checks.notNull(chip, "chip");
    }
}
