package com.roisystems.ml.training;

import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The training slot between two nodes: each node is a Vert.x instance with its own connection pool, as two processes
 * of a cluster are; the slot is a PostgreSQL advisory lock, so nothing else is shared between them.
 */
@ExtendWith(RealServers.class)
@DisplayName("The cluster-wide training slot")
class TrainingSlotTest {

    private Vertx nodeA;
    private Vertx nodeB;
    private TrainingSlot slotA;
    private TrainingSlot slotB;

    @BeforeEach
    void twoNodes(TestServers servers) {
        nodeA = Vertx.vertx();
        nodeB = Vertx.vertx();
        slotA = new TrainingSlot(PgPools.shared(nodeA, servers.config().json()), Duration.ofMinutes(1));
        slotB = new TrainingSlot(PgPools.shared(nodeB, servers.config().json()), Duration.ofMinutes(1));
    }

    @AfterEach
    void closeNodes() throws Exception {
        nodeA.close().await(30, TimeUnit.SECONDS);
        nodeB.close().await(30, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("A run on node B starts only after node A's run has finished")
    void aSecondNodesRunWaitsForTheFirst() throws Exception {
        CountDownLatch aRunning = new CountDownLatch(1);
        CountDownLatch finishA = new CountDownLatch(1);
        AtomicBoolean aFinished = new AtomicBoolean();
        CompletableFuture<Void> runA = CompletableFuture.runAsync(() -> hold(slotA, () -> {
            aRunning.countDown();
            finishA.await();
            aFinished.set(true);
        }));
        assertThat(aRunning.await(30, TimeUnit.SECONDS)).isTrue();

        CountDownLatch bStarted = new CountDownLatch(1);
        CompletableFuture<Boolean> bSawAFinished = CompletableFuture.supplyAsync(() -> {
            AtomicBoolean seen = new AtomicBoolean();
            hold(slotB, () -> {
                bStarted.countDown();
                seen.set(aFinished.get());
            });
            return seen.get();
        });

        assertThat(bStarted.await(2, TimeUnit.SECONDS)).as("node B's run started while node A's held the slot").isFalse();
        finishA.countDown();
        runA.get(30, TimeUnit.SECONDS);
        assertThat(bSawAFinished.get(30, TimeUnit.SECONDS)).as("node B's run began after node A's ended").isTrue();
    }

    @Test
    @DisplayName("A node that dies during its run frees the slot with its connection")
    void aDeadNodesSlotIsFreed() throws Exception {
        CountDownLatch aRunning = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        CompletableFuture.runAsync(() -> hold(slotA, () -> {
            aRunning.countDown();
            never.await();
        }));
        assertThat(aRunning.await(30, TimeUnit.SECONDS)).isTrue();

        nodeA.close().await(30, TimeUnit.SECONDS);

        CompletableFuture<Boolean> runB = CompletableFuture.supplyAsync(() -> {
            AtomicBoolean ran = new AtomicBoolean();
            hold(slotB, () -> ran.set(true));
            return ran.get();
        });
        assertThat(runB.get(30, TimeUnit.SECONDS)).isTrue();
        never.countDown();
    }

    private interface Run {
        void run() throws Exception;
    }

    private static void hold(TrainingSlot slot, Run run) {
        try {
            slot.holding(() -> {
                run.run();
                return null;
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
