package com.roisystems.ml.bus;

/**
 * Refuses C0 control characters (U+0000–U+001F) and DEL in identifiers and text at validation, naming the
 * field: PostgreSQL rejects U+0000 in text outright, which would otherwise fail a whole batch's transaction
 * or answer a 500, and no identifier of this platform contains a control character. Free text may keep
 * tab, line feed and carriage return.
 *
 * <p>{@code ControlCharacters.requireNone("entity_id", entityId);}
 */
public final class ControlCharacters {

    private ControlCharacters() {
    }

    /** The index of the first control character in {@code value}, or -1; {@code text} allows tab, LF and CR. */
    public static int find(String value, boolean text) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 || c == 0x7F) && !(text && (c == '\t' || c == '\n' || c == '\r'))) {
                return i;
            }
        }
        return -1;
    }

    /** What to tell the sender about the character at {@code index}. */
    public static String describe(String value, int index) {
        return String.format("must not contain control characters (U+%04X at position %d)", (int) value.charAt(index), index);
    }

    /** Fails with {@code INVALID_REQUEST} naming {@code field} when an identifier holds a control character. */
    public static String requireNone(String field, String value) {
        int index = value == null ? -1 : find(value, false);
        if (index >= 0) {
            throw ServiceFailure.invalid(field, describe(value, index));
        }
        return value;
    }
}
