package com.roisystems.ml.cluster;

import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.bus.Blocking;
import com.roisystems.ml.bus.Endpoint;
import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.bus.Topic;
import com.roisystems.ml.bus.WireFormat;
import com.roisystems.ml.testing.TestCluster;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two nodes in one JVM, joined as {@code serve} joins them: requests and publications cross, and a node leaves cleanly. */
class ClusterJoinTest {

    record Greeting(String text, String node) {
        static final WireFormat<Greeting> FORMAT = WireFormat.of(Greeting.class,
                greeting -> new JsonObject().put("text", greeting.text()).put("node", greeting.node()),
                json -> new Greeting(json.getString("text"), json.getString("node")));
    }

    private static final Endpoint<Greeting, Greeting> GREET =
            Endpoint.of("test.cluster.greet", "the greeting service", 5_000, Greeting.FORMAT, Greeting.FORMAT);
    private static final Topic<Greeting> ANNOUNCED = Topic.of("test.cluster.announced", Greeting.FORMAT);

    private static TestCluster cluster;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        cluster = TestCluster.start(2);
    }

    @AfterAll
    static void stopNodes() {
        cluster.close();
    }

    @Test
    @DisplayName("A request sent on node A is served by the only consumer, on node B, and the record reply comes back")
    void aRequestCrossesToTheOtherNode() throws Exception {
        Vertx a = cluster.node(0);
        Vertx b = cluster.node(1);
        Blocking.await(Bus.serve(b, GREET, greeting -> Future.succeededFuture(new Greeting(greeting.text() + " back", "B"))),
                Duration.ofSeconds(10));

        Greeting reply = Blocking.await(Bus.request(a, GREET, new Greeting("hello", "A")), Duration.ofSeconds(10));

        assertThat(reply).isEqualTo(new Greeting("hello back", "B"));
    }

    @Test
    @DisplayName("A message published on node A reaches the subscribers of both nodes, decoded as the record")
    void aPublicationReachesEveryNode() throws Exception {
        Vertx a = cluster.node(0);
        Vertx b = cluster.node(1);
        Promise<Greeting> onA = Promise.promise();
        Promise<Greeting> onB = Promise.promise();
        Blocking.await(Future.all(Bus.subscribe(a, ANNOUNCED, onA::tryComplete), Bus.subscribe(b, ANNOUNCED, onB::tryComplete)),
                Duration.ofSeconds(10));

        Bus.publish(a, ANNOUNCED, new Greeting("news", "A"));

        assertThat(Blocking.await(onA.future(), Duration.ofSeconds(10))).isEqualTo(new Greeting("news", "A"));
        assertThat(Blocking.await(onB.future(), Duration.ofSeconds(10))).isEqualTo(new Greeting("news", "A"));
    }

    @Test
    @DisplayName("A node that leaves takes its consumers with it: the other node's request fails at once as unavailable")
    void aLeavingNodeTakesItsConsumersWithIt() throws Exception {
        try (TestCluster pair = TestCluster.start(2)) {
            Endpoint<Greeting, Greeting> onlyOnB = Endpoint.of("test.cluster.only-b", "the service of node B", 20_000,
                    Greeting.FORMAT, Greeting.FORMAT);
            Blocking.await(Bus.serve(pair.node(1), onlyOnB, greeting -> Future.succeededFuture(greeting)), Duration.ofSeconds(10));
            assertThat(Blocking.await(Bus.request(pair.node(0), onlyOnB, new Greeting("before", "A")), Duration.ofSeconds(10)).text())
                    .isEqualTo("before");

            pair.leave(1);
            long started = System.nanoTime();

            assertThatThrownBy(() -> Blocking.await(Bus.request(pair.node(0), onlyOnB, new Greeting("after", "A")), Duration.ofSeconds(30)))
                    .isInstanceOfSatisfying(ServiceFailure.class, failure -> assertThat(failure.code()).isEqualTo(FailureCode.UNAVAILABLE));
            // Well inside the request's 20 s timeout: the consumer was unregistered on leaving, not found missing later.
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(10_000);
        }
    }

    @Test
    @DisplayName("A node-local topic stays on the node that published it; a cluster-wide one on the same nodes crosses")
    void aNodeLocalTopicStaysOnItsNode() throws Exception {
        Vertx a = cluster.node(0);
        Vertx b = cluster.node(1);
        Topic<Greeting> local = Topic.nodeLocal("test.cluster.local-topic", Greeting.FORMAT);
        java.util.List<String> seenOnB = new java.util.concurrent.CopyOnWriteArrayList<>();
        Promise<Greeting> onA = Promise.promise();
        Promise<Greeting> wideOnB = Promise.promise();
        Blocking.await(Future.all(Bus.subscribe(a, local, onA::tryComplete), Bus.subscribe(b, local, greeting -> seenOnB.add(greeting.text())),
                Bus.subscribe(b, ANNOUNCED, wideOnB::tryComplete)), Duration.ofSeconds(10));

        Bus.publish(a, local, new Greeting("only here", "A"));
        // Published after the local one on the same sender: once it has reached B, the local one would have too.
        Bus.publish(a, ANNOUNCED, new Greeting("everywhere", "A"));

        assertThat(Blocking.await(onA.future(), Duration.ofSeconds(10)).text()).isEqualTo("only here");
        assertThat(Blocking.await(wideOnB.future(), Duration.ofSeconds(10)).text()).isEqualTo("everywhere");
        assertThat(seenOnB).isEmpty();
    }

    @Test
    @DisplayName("A node-local endpoint is served by the caller's own node even when another node serves the address too")
    void aNodeLocalEndpointIsServedByTheCallersNode() throws Exception {
        Vertx a = cluster.node(0);
        Vertx b = cluster.node(1);
        Endpoint<Greeting, Greeting> local = Endpoint.nodeLocal("test.cluster.local-endpoint", "the node's own service", 5_000,
                Greeting.FORMAT, Greeting.FORMAT);
        Blocking.await(Future.all(Bus.serve(a, local, greeting -> Future.succeededFuture(new Greeting(greeting.text(), "A"))),
                Bus.serve(b, local, greeting -> Future.succeededFuture(new Greeting(greeting.text(), "B")))), Duration.ofSeconds(10));

        for (int i = 0; i < 10; i++) {
            assertThat(Blocking.await(Bus.request(a, local, new Greeting("which node?", "A")), Duration.ofSeconds(10)).node()).isEqualTo("A");
            assertThat(Blocking.await(Bus.request(b, local, new Greeting("which node?", "B")), Duration.ofSeconds(10)).node()).isEqualTo("B");
        }
    }
}
