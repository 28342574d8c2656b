package com.roisystems.ml.api;

import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.ServiceFailure;

/**
 * A failure with meaning for an HTTP client: its status, a stable machine-readable code, a message for
 * people, and the offending field when one input field is to blame.
 *
 * <p>{@code throw ApiException.badRequest("invalid_field", "as_of_date must be RFC 3339", "as_of_date");}
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;

    public ApiException(int status, String code, String message, String field) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public static ApiException badRequest(String code, String message, String field) {
        return new ApiException(400, code, message, field);
    }

    public static ApiException notFound(String code, String message) {
        return new ApiException(404, code, message, null);
    }

    public static ApiException unavailable(String code, String message) {
        return new ApiException(503, code, message, null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }

    ServiceFailure toServiceFailure() {
        FailureCode known = FailureCode.fromWire(code);
        return new ServiceFailure(known == FailureCode.INTERNAL && status != 500 ? FailureCode.forStatus(status) : known, field, getMessage());
    }
}
