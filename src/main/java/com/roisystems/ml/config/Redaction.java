package com.roisystems.ml.config;

import java.util.regex.Pattern;

/**
 * Takes credentials out of a text before it is shown: the user-info of every URL
 * ({@code redis://:secret@cache:6379} → {@code redis://***@cache:6379}) and the value of every password-like
 * {@code key=value} parameter ({@code ?sslmode=require&password=x} → {@code ?sslmode=require&password=***}).
 * Anything else, such as Kafka's {@code host:9092,host2:9092}, is returned as it is. It works on free text too, so a
 * driver's error message that quotes a URL is safe to show.
 *
 * <p>{@code String shown = Redaction.redact(config.getString("url"));}
 */
public final class Redaction {

    /** What replaces a secret. */
    public static final String MASK = "***";

    /**
     * {@code scheme://} then the user-info up to its last {@code @} before the path, query, fragment or a blank (a
     * password may hold an unencoded {@code @}).
     */
    private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/?#\\s]*@");
    /** {@code password=}, {@code sslpassword=}, {@code sasl.password=}, {@code pwd=}, {@code secret=}, {@code token=}. */
    private static final Pattern SECRET_PARAMETER =
            Pattern.compile("(?i)((?:^|[?&;\\s])[\\w.-]*(?:password|passwd|pwd|secret|token)=)[^&;#\\s]*");

    private Redaction() {
    }

    /** The text without credentials; null stays null. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String withoutUserInfo = USER_INFO.matcher(text).replaceAll("$1" + MASK + "@");
        return SECRET_PARAMETER.matcher(withoutUserInfo).replaceAll("$1" + MASK);
    }
}
