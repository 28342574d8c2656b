package com.roisystems.ml.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class BusTest {

    record Echo(String text) {
        static final WireFormat<Echo> FORMAT = WireFormat.of(Echo.class, echo -> new JsonObject().put("text", echo.text()),
                json -> {
                    if (json.getString("text") == null) {
                        throw ServiceFailure.invalid("text", "required");
                    }
                    return new Echo(json.getString("text"));
                });
    }

    private static final Endpoint<Echo, Echo> ECHO = Endpoint.of("test.echo", "the echo service", 2_000, Echo.FORMAT, Echo.FORMAT);
    private static final Endpoint<Echo, Echo> SILENT = Endpoint.of("test.silent", "the silent service", 200, Echo.FORMAT, Echo.FORMAT);

    @Test
    @DisplayName("A local request delivers the record itself and answers with the reply record")
    void localRequestDeliversTheRecordItself(Vertx vertx, VertxTestContext test) {
        Echo sent = new Echo("hello");
        Bus.serve(vertx, ECHO, request -> {
            test.verify(() -> assertThat(request).isSameAs(sent));
            return Future.succeededFuture(new Echo(request.text() + "!"));
        }).compose(ignored -> Bus.request(vertx, ECHO, sent))
                .onComplete(test.succeeding(reply -> test.verify(() -> {
                    assertThat(reply.text()).isEqualTo("hello!");
                    test.completeNow();
                })));
    }

    @Test
    @DisplayName("A service failure reaches the caller as itself, with its code and field")
    void serviceFailureReachesTheCallerWithItsField(Vertx vertx, VertxTestContext test) {
        Bus.serve(vertx, ECHO, request -> Future.failedFuture(ServiceFailure.invalid("text", "too short")))
                .compose(ignored -> Bus.request(vertx, ECHO, new Echo("x")))
                .onComplete(test.failing(failure -> test.verify(() -> {
                    assertThat(failure).isInstanceOf(ServiceFailure.class);
                    ServiceFailure service = (ServiceFailure) failure;
                    assertThat(service.code()).isEqualTo(FailureCode.INVALID_REQUEST);
                    assertThat(service.field()).isEqualTo("text");
                    assertThat(service.getMessage()).isEqualTo("text: too short");
                    test.completeNow();
                })));
    }

    @Test
    @DisplayName("An unexpected exception is an internal error, not an unavailable service")
    void unexpectedExceptionIsInternal(Vertx vertx, VertxTestContext test) {
        Bus.serve(vertx, ECHO, request -> {
            throw new NullPointerException("bug");
        }).compose(ignored -> Bus.request(vertx, ECHO, new Echo("x")))
                .onComplete(test.failing(failure -> test.verify(() -> {
                    assertThat(((ServiceFailure) failure).code()).isEqualTo(FailureCode.INTERNAL);
                    assertThat(((ServiceFailure) failure).httpStatus()).isEqualTo(500);
                    test.completeNow();
                })));
    }

    @Test
    @DisplayName("A timeout and a missing handler are 503s naming the service that did not answer")
    void timeoutsNameTheService(Vertx vertx, VertxTestContext test) {
        Bus.serve(vertx, SILENT, request -> Future.<Echo>future(promise -> { }))
                .compose(ignored -> Bus.request(vertx, SILENT, new Echo("x")))
                .onComplete(test.failing(timeout -> test.verify(() -> {
                    assertThat(((ServiceFailure) timeout).code()).isEqualTo(FailureCode.TIMEOUT);
                    assertThat(((ServiceFailure) timeout).httpStatus()).isEqualTo(503);
                    assertThat(timeout.getMessage()).isEqualTo("the silent service did not answer in time");
                    Bus.request(vertx, Endpoint.of("test.nobody", "the nobody service", 500, Echo.FORMAT, Echo.FORMAT), new Echo("x"))
                            .onComplete(test.failing(missing -> test.verify(() -> {
                                assertThat(((ServiceFailure) missing).code()).isEqualTo(FailureCode.UNAVAILABLE);
                                assertThat(missing.getMessage()).isEqualTo("the nobody service is not running");
                                test.completeNow();
                            })));
                })));
    }

    @Test
    @DisplayName("A JSON request is read with the endpoint's format and answered in JSON; a bad one names its field")
    void jsonRequestsAreAnsweredInJson(Vertx vertx, VertxTestContext test) {
        Bus.serve(vertx, ECHO, request -> Future.succeededFuture(new Echo(request.text().toUpperCase())))
                .compose(ignored -> vertx.eventBus().<Object>request(ECHO.address(), new JsonObject().put("text", "hi")))
                .compose(reply -> {
                    test.verify(() -> assertThat(reply.body()).isEqualTo(new JsonObject().put("text", "HI")));
                    return vertx.eventBus().request(ECHO.address(), new JsonObject());
                })
                .onComplete(test.failing(failure -> test.verify(() -> {
                    assertThat(((ServiceFailure) failure).field()).isEqualTo("text");
                    test.completeNow();
                })));
    }

    @Test
    @DisplayName("Between cluster nodes a record travels as its JSON and comes back equal")
    void wireEncodingRoundTrips() {
        RecordCodec codec = new RecordCodec();
        Buffer buffer = Buffer.buffer().appendString("prefix");
        codec.encodeToWire(buffer, new Echo("über"));
        assertThat(codec.decodeFromWire(6, buffer)).isEqualTo(new Echo("über"));
        WireFormat.of(ServiceFailure.class, ServiceFailure::toJson, ServiceFailure::fromJson);
        Buffer failureBytes = Buffer.buffer();
        codec.encodeToWire(failureBytes, ServiceFailure.invalid("as_of", "in the future"));
        ServiceFailure decoded = (ServiceFailure) codec.decodeFromWire(0, failureBytes);
        assertThat(decoded.code()).isEqualTo(FailureCode.INVALID_REQUEST);
        assertThat(decoded.field()).isEqualTo("as_of");
    }

    /** Named by the test below only as a string, so this JVM has not loaded it before a message of it arrives. */
    record NeverSentHere(String text) {
        static final WireFormat<NeverSentHere> FORMAT = WireFormat.of(NeverSentHere.class,
                message -> new JsonObject().put("text", message.text()), json -> new NeverSentHere(json.getString("text")));
    }

    @Test
    @DisplayName("A node decodes a message of a type it has never used itself: the type is loaded by its name")
    void aTypeNeverUsedOnThisNodeIsDecodedByName() {
        String typeName = BusTest.class.getName() + "$NeverSentHere";
        byte[] type = typeName.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Buffer json = new JsonObject().put("text", "from another node").toBuffer();
        Buffer wire = Buffer.buffer().appendInt(type.length).appendBytes(type).appendInt(json.length()).appendBuffer(json);

        Object decoded = new RecordCodec().decodeFromWire(0, wire);

        assertThat(decoded).isEqualTo(new NeverSentHere("from another node"));
    }
}
