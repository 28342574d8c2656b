package com.roisystems.ml.scoring;

import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.bus.ServiceFailure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores a batch by sending each item back through {@link ScoringContract#PREDICT}, so every scoring
 * instance shares the batch's CPU work, in waves of {@link #CONCURRENCY} so a batch of 1,000 does not
 * flood the feature store at once. Each item answers on its own.
 *
 * <p>{@code new BatchScoring(vertx).score(batch).map(BatchPrediction.Result::toJson)}
 */
final class BatchScoring {

    private static final int CONCURRENCY = 64;
    private static final String SERVICE = "the scoring service";

    private final Vertx vertx;

    BatchScoring(Vertx vertx) {
        this.vertx = vertx;
    }

    Future<BatchPrediction.Result> score(BatchPrediction.Request batch) {
        List<BatchPrediction.Item> items = batch.items();
        BatchPrediction.ItemResult[] results = new BatchPrediction.ItemResult[items.size()];
        Future<Void> chain = Future.succeededFuture();
        for (int from = 0; from < items.size(); from += CONCURRENCY) {
            int start = from;
            int end = Math.min(items.size(), from + CONCURRENCY);
            chain = chain.compose(ignored -> wave(items, batch.tenant(), results, start, end));
        }
        return chain.map(done -> new BatchPrediction.Result(Arrays.asList(results)));
    }

    private Future<Void> wave(List<BatchPrediction.Item> items, String tenant, BatchPrediction.ItemResult[] results, int start, int end) {
        List<Future<Void>> wave = new ArrayList<>(end - start);
        for (int index = start; index < end; index++) {
            int at = index;
            BatchPrediction.Item item = items.get(at);
            if (item.invalid() != null) {
                results[at] = new BatchPrediction.ItemResult(at, null, item.invalid());
                continue;
            }
            // Each item is scored for the batch's tenant, so another tenant's entity fails that item alone (404).
            wave.add(Bus.request(vertx, ScoringContract.PREDICT, item.request().withTenant(tenant), ScoringContract.BATCH_TIMEOUT_MS)
                    .map(prediction -> new BatchPrediction.ItemResult(at, prediction, null))
                    .otherwise(failure -> new BatchPrediction.ItemResult(at, null, ServiceFailure.from(failure, SERVICE)))
                    .map(result -> {
                        results[at] = result;
                        return null;
                    }));
        }
        return Future.join(wave).mapEmpty();
    }
}
