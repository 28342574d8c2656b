package com.roisystems.ml.config;

/** A configuration problem a person must fix; its message is shown as the one line the command prints. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
