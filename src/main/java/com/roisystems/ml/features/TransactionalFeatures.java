package com.roisystems.ml.features;

import java.util.List;

import static com.roisystems.ml.features.SqlFragments.daysBefore;
import static com.roisystems.ml.features.SqlFragments.daysSince;
import static com.roisystems.ml.features.FeatureCategory.TRANSACTIONAL;
import static com.roisystems.ml.features.FeatureDefinition.categorical;
import static com.roisystems.ml.features.FeatureDefinition.count;
import static com.roisystems.ml.features.FeatureDefinition.flag;
import static com.roisystems.ml.features.FeatureDefinition.numeric;

/**
 * Transaction history and the agent relationship. A transaction exists as of t once opened before t;
 * it counts as completed only if it closed before t with status CLOSED, so a deal that closes later is
 * still open as of t.
 */
final class TransactionalFeatures {

    static final FeatureGroup TRANSACTIONS = new FeatureGroup("transactions", "transactions", null,
            "FROM transactions t WHERE t.user_id = u.user_id AND t.opened_at < :as_of")
            .reading("transaction.user_id", "transaction.transaction_type", "transaction.status", "transaction.amount",
                    "transaction.opened_at", "transaction.closed_at");

    static final FeatureGroup AGENTS = new FeatureGroup("agent_assignments", "agent_assignments, transactions", null,
            "FROM agent_assignments aa WHERE aa.user_id = u.user_id AND aa.assigned_at < :as_of")
            .reading("agent.agent_id", "agent.occurred_at");

    private static final String COMPLETED = "t.status = 'CLOSED' AND t.closed_at < :as_of";

    private TransactionalFeatures() {
    }

    static List<FeatureDefinition> all() {
        return List.of(
                count("txn_count", TRANSACTIONAL, TRANSACTIONS, "count(*)", "Transactions opened before as_of").range(0, 10_000),
                count("txn_completed_count", TRANSACTIONAL, TRANSACTIONS, "count(*) FILTER (WHERE " + COMPLETED + ")",
                        "Transactions closed (status CLOSED) before as_of").range(0, 10_000),
                count("txn_open_count", TRANSACTIONAL, TRANSACTIONS, "count(*) FILTER (WHERE t.closed_at IS NULL OR t.closed_at >= :as_of)",
                        "Transactions opened but not yet closed or cancelled as of as_of").range(0, 10_000),
                categorical("txn_last_type_code", TRANSACTIONAL, TRANSACTIONS,
                        "CASE (array_agg(t.transaction_type ORDER BY t.opened_at DESC, t.transaction_id DESC))[1]"
                                + " WHEN 'BUY' THEN 0 WHEN 'SELL' THEN 1 WHEN 'REFINANCE' THEN 2 WHEN 'INVESTMENT' THEN 3 END",
                        "Type of the latest opened transaction: 0 BUY, 1 SELL, 2 REFINANCE, 3 INVESTMENT; null if none", 3),
                numeric("txn_days_since_last", TRANSACTIONAL, TRANSACTIONS, daysSince("max(t.opened_at)"),
                        "Days since the latest transaction was opened; null if none").range(0, 36_500),
                numeric("txn_days_since_last_completed", TRANSACTIONAL, TRANSACTIONS,
                        daysSince("max(t.closed_at) FILTER (WHERE " + COMPLETED + ")"),
                        "Days since the latest completed transaction closed; null if none").range(0, 36_500),
                count("txn_total_volume", TRANSACTIONAL, TRANSACTIONS, "sum(t.amount) FILTER (WHERE " + COMPLETED + ")",
                        "Sum of amounts of completed transactions").range(0, 1e12),
                numeric("txn_avg_interval_days", TRANSACTIONAL, TRANSACTIONS,
                        "CASE WHEN count(*) >= 2 THEN extract(epoch FROM (max(t.opened_at) - min(t.opened_at))) / 86400.0 / (count(*) - 1) END",
                        "Mean days between consecutive transaction openings; null with fewer than two").range(0, 36_500),
                count("txn_refinance_count", TRANSACTIONAL, TRANSACTIONS, "count(*) FILTER (WHERE t.transaction_type = 'REFINANCE')",
                        "Refinance transactions opened before as_of").range(0, 1_000),
                count("txn_buy_count", TRANSACTIONAL, TRANSACTIONS, "count(*) FILTER (WHERE t.transaction_type = 'BUY')",
                        "Purchases opened before as_of").range(0, 1_000),
                count("txn_sell_count", TRANSACTIONAL, TRANSACTIONS, "count(*) FILTER (WHERE t.transaction_type = 'SELL')",
                        "Sales opened before as_of").range(0, 1_000),
                count("txn_count_365d", TRANSACTIONAL, TRANSACTIONS, "count(*) FILTER (WHERE t.opened_at >= " + daysBefore(365) + ")",
                        "Transactions opened in the 365 days before as_of").window(365).range(0, 1_000),

                flag("has_agent", TRANSACTIONAL, AGENTS, "count(*) > 0", "1 if an agent was assigned to the user before as_of"),
                numeric("agent_tenure_days", TRANSACTIONAL, AGENTS, daysSince("max(aa.assigned_at)"),
                        "Days since the current (latest) agent was assigned; null without an agent").range(0, 36_500),
                count("agent_count", TRANSACTIONAL, AGENTS, "count(DISTINCT aa.agent_id)",
                        "Distinct agents ever assigned before as_of").range(0, 1_000),
                count("agent_transactions", TRANSACTIONAL, AGENTS,
                        "(SELECT count(*) FROM transactions x WHERE x.user_id = u.user_id AND x.opened_at < :as_of"
                                + " AND x.agent_id = (array_agg(aa.agent_id ORDER BY aa.assigned_at DESC))[1])",
                        "Transactions the user opened with the current agent: the relationship's track record").range(0, 10_000)
                        .reads("agent.agent_id", "agent.occurred_at", "transaction.agent_id", "transaction.opened_at"));
    }
}
