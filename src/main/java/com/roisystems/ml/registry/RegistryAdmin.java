package com.roisystems.ml.registry;

/**
 * Event-bus management addresses of the model registry (the HTTP admin routes forward to them).
 * Requests and replies are JSON; model versions are {@link ModelVersion#toJson()}.
 *
 * <ul>
 *   <li>{@link #LIST} {@code {}} → {@code {"models": [{model_name, prediction_type, latest_version, production_version, versions}]}}</li>
 *   <li>{@link #GET} {@code {"model_name", "version"?: "3" | "Production" | "latest"}} → one version, or
 *       {@code {"model_name", "versions": [...]}} when no version is given (the model's metadata)</li>
 *   <li>{@link #PROMOTE} {@code {"model_name", "version", "stage", "changed_by"?, "reason"?}} → the promoted version</li>
 *   <li>{@link #ARCHIVE} {@code {"model_name", "version", "changed_by"?, "reason"?}} → the archived version</li>
 *   <li>{@link #COMPARE} {@code {"model_name", "v1", "v2", "other_model_name"?, "metrics"?: [...]}} → metrics side by side</li>
 *   <li>{@link #HISTORY} {@code {"model_name"}} → {@code {"history": [{version, from, to, changed_by, reason, changed_at}]}}</li>
 * </ul>
 *
 * <p>Failures: 404 unknown model or version; 400 malformed request (the message starts with the field);
 * 409 illegal stage transition; 503 database unavailable.
 */
public final class RegistryAdmin {

    public static final String LIST = "admin.models.list";
    public static final String GET = "admin.models.get";
    public static final String PROMOTE = "admin.models.promote";
    public static final String ARCHIVE = "admin.models.archive";
    public static final String COMPARE = "admin.models.compare";
    public static final String HISTORY = "admin.models.history";

    private RegistryAdmin() {
    }
}
