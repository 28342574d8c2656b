package com.roisystems.ml.bus;

import io.vertx.core.Context;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for a future from a plain thread: the command line's main thread, a shutdown hook, a benchmark
 * driver. Refuses to run on a Vert.x event loop, where waiting would stall every request it serves.
 */
public final class Blocking {

    private Blocking() {
    }

    public static <T> T await(Future<T> future, Duration timeout) throws Exception {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("Blocking.await called on an event loop");
        }
        try {
            return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            throw e;
        } catch (TimeoutException e) {
            throw new TimeoutException("no result within " + timeout.toSeconds() + " s");
        }
    }
}
