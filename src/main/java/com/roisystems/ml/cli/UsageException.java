package com.roisystems.ml.cli;

/** A command line that cannot be understood: unknown command or option, a missing or malformed value. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
