package com.roisystems.ml.bus;

/**
 * One request/reply address of a service contract: where it listens, the name callers know it by (in
 * "the feature store did not answer in time"), how long a caller waits, and the message types both ways.
 * In a cluster a request goes to any node's consumer unless the endpoint is {@code nodeLocal}: then it is served by
 * the caller's own node only — the hot path (a prediction, its features, an ingest batch) that should not cross the
 * network, and a component's health, which is the health of the node asked.
 *
 * <p>{@code Endpoint<GetRequest, FeatureVector> GET = Endpoint.of("features.get", "the feature store", 5_000, GetRequest.FORMAT, FeatureVector.FORMAT);}
 */
public record Endpoint<Q, R>(String address, String service, long timeoutMs, WireFormat<Q> request, WireFormat<R> reply,
                             boolean nodeLocal) {

    /** An endpoint any node may serve. */
    public static <Q, R> Endpoint<Q, R> of(String address, String service, long timeoutMs, WireFormat<Q> request, WireFormat<R> reply) {
        return new Endpoint<>(address, service, timeoutMs, request, reply, false);
    }

    /** An endpoint served by the caller's own node. */
    public static <Q, R> Endpoint<Q, R> nodeLocal(String address, String service, long timeoutMs, WireFormat<Q> request,
                                                  WireFormat<R> reply) {
        return new Endpoint<>(address, service, timeoutMs, request, reply, true);
    }
}
