package com.roisystems.ml.ingest;

import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.ingest.RegionContract.ListRegions;
import com.roisystems.ml.ingest.RegionContract.RegionList;
import com.roisystems.ml.ingest.RegionContract.RegionSummary;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * Serves {@link RegionContract#LIST}: every region id the platform knows or that its data names, in one statement.
 * It reads as the connecting role, across tenants: regions are platform-wide and only admins ask.
 *
 * <p>Config: {@code pg}.
 */
public final class RegionVerticle extends VerticleBase {

    private Pool pool;

    @Override
    public Future<?> start() {
        pool = PgPools.shared(vertx, config());
        return Bus.serve(vertx, RegionContract.LIST, this::list);
    }

    private Future<RegionList> list(ListRegions request) {
        // One more row than asked says whether the list was cut.
        return pool.preparedQuery(IngestQueries.LIST_REGIONS).execute(Tuple.of(request.known(), request.limit() + 1)).map(rows -> {
            List<RegionSummary> regions = new ArrayList<>();
            for (Row row : rows) {
                regions.add(new RegionSummary(row.getString("region_id"), row.getBoolean("known"), row.getString("name"),
                        row.getString("state"), row.getLong("population"), row.getDouble("median_household_income"),
                        row.getLong("users"), row.getLong("properties"), row.getLong("market_months")));
            }
            boolean truncated = regions.size() > request.limit();
            return new RegionList(truncated ? regions.subList(0, request.limit()) : regions, truncated);
        });
    }
}
