package com.roisystems.ml.bus;

/**
 * One request/reply address of a service contract: where it listens, the name callers know it by (in
 * "the feature store did not answer in time"), how long a caller waits, and the message types both ways.
 *
 * <p>{@code Endpoint<GetRequest, FeatureVector> GET = Endpoint.of("features.get", "the feature store", 5_000, GetRequest.FORMAT, FeatureVector.FORMAT);}
 */
public record Endpoint<Q, R>(String address, String service, long timeoutMs, WireFormat<Q> request, WireFormat<R> reply) {

    public static <Q, R> Endpoint<Q, R> of(String address, String service, long timeoutMs, WireFormat<Q> request, WireFormat<R> reply) {
        return new Endpoint<>(address, service, timeoutMs, request, reply);
    }
}
