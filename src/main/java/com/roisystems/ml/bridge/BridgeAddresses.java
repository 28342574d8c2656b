package com.roisystems.ml.bridge;

import com.roisystems.ml.auth.Caller;
import com.roisystems.ml.auth.Role;
import com.roisystems.ml.bus.Endpoint;
import com.roisystems.ml.bus.WireFormat;
import com.roisystems.ml.ingest.DeadLetterContract;
import com.roisystems.ml.ingest.RegionContract;
import com.roisystems.ml.monitoring.MonitoringContract;
import com.roisystems.ml.pipeline.PipelineContract;
import com.roisystems.ml.registry.RegistryContract;
import com.roisystems.ml.training.ExperimentContract;
import com.roisystems.ml.training.TrainingContract;
import io.vertx.core.json.JsonObject;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static com.roisystems.ml.auth.Role.ADMIN;
import static com.roisystems.ml.auth.Role.MONITOR;

/**
 * Every address the bridge lets through, in one table, with the roles that may use it: the same roles as the HTTP
 * route that forwards to the same endpoint ({@code /v1/admin/*}: admin; {@code /v1/monitoring/*}: admin or monitor).
 * Inbound are request/reply endpoints (a client sends, the service answers); outbound are the live streams a client
 * registers on. Nothing else crosses: a client never publishes.
 *
 * <p>Vert.x checks one authority per permitted address and takes the first option that matches, so an address open to
 * two roles cannot name a role as its authority; instead each address is its own authority ({@link #authorities}),
 * granted to a caller by the roles it holds.
 */
final class BridgeAddresses {

    /** Where the guard sends a permitted request: the gateway's consumer for that address. */
    static final String GATEWAY_PREFIX = "bridge.in.";
    /** Where the guard sends a refused request, so its sender gets an error reply naming the reason. */
    static final String REFUSED = "bridge.refused";

    /** The audit trail, read over the bridge as {@code GET /v1/admin/audit} reads it: {@code {"actor"?, "action"?, "since"?, "limit"?}}. */
    static final Endpoint<JsonObject, JsonObject> AUDIT_LIST = Endpoint.of("admin.audit.list", "the audit trail", 10_000, json(), json());
    /** The current detailed health document ({@code /health} as a monitor sees it), for a page that just opened. */
    static final Endpoint<JsonObject, JsonObject> HEALTH = Endpoint.of("health.get", "the health check", 5_000, json(), json());

    /** One request address: the contract endpoint, who may call it, and the body field that names the caller (set from the token, never trusted from the body). */
    record Inbound(Endpoint<?, ?> endpoint, Set<Role> roles, String callerField) {
        String address() {
            return endpoint.address();
        }

        boolean audited() {
            return address().startsWith("admin.");
        }
    }

    /** One live stream; {@code tenantScoped}: a tenant-bound caller gets only its own tenant's address {@code address + "." + tenant}. */
    record Outbound(String address, Set<Role> roles, boolean tenantScoped) {
    }

    static final List<Inbound> INBOUND = List.of(
            admin(RegistryContract.LIST), admin(RegistryContract.GET), admin(RegistryContract.COMPARE), admin(RegistryContract.HISTORY),
            new Inbound(RegistryContract.PROMOTE, EnumSet.of(ADMIN), "changed_by"),
            new Inbound(RegistryContract.ARCHIVE, EnumSet.of(ADMIN), "changed_by"),
            new Inbound(TrainingContract.TRAIN, EnumSet.of(ADMIN), "changed_by"),
            admin(ExperimentContract.LIST), admin(ExperimentContract.GET), admin(ExperimentContract.COMPARE),
            admin(PipelineContract.TRIGGER), admin(PipelineContract.BACKFILL), admin(PipelineContract.STATUS),
            admin(PipelineContract.CANCEL), admin(PipelineContract.RESUME),
            new Inbound(PipelineContract.BASELINE, EnumSet.of(ADMIN), "accepted_by"),
            admin(DeadLetterContract.LIST), admin(DeadLetterContract.REPLAY),
            admin(RegionContract.LIST),
            admin(MonitoringContract.ADOPT_REFERENCE),
            admin(AUDIT_LIST),
            adminOrMonitor(MonitoringContract.DRIFT), adminOrMonitor(MonitoringContract.PERFORMANCE),
            adminOrMonitor(MonitoringContract.REFERENCE), adminOrMonitor(MonitoringContract.ALERTS),
            adminOrMonitor(HEALTH));

    static final List<Outbound> OUTBOUND = List.of(
            new Outbound(LiveStreams.MODELS_CHANGED, EnumSet.of(ADMIN, MONITOR), false),
            new Outbound(LiveStreams.ALERTS, EnumSet.of(ADMIN, MONITOR), false),
            new Outbound(LiveStreams.PIPELINE_PROGRESS, EnumSet.of(ADMIN, MONITOR), false),
            new Outbound(LiveStreams.INGESTION_RATES, EnumSet.of(ADMIN, MONITOR), false),
            new Outbound(LiveStreams.HEALTH, EnumSet.of(ADMIN, MONITOR), false),
            new Outbound(LiveStreams.MONITORING_WINDOWS, EnumSet.of(ADMIN, MONITOR), false),
            new Outbound(LiveStreams.PREDICTIONS, EnumSet.of(ADMIN, MONITOR), true));

    private static final Map<String, Inbound> BY_ADDRESS = INBOUND.stream().collect(Collectors.toMap(Inbound::address, Function.identity()));

    private BridgeAddresses() {
    }

    static Optional<Inbound> inbound(String address) {
        return Optional.ofNullable(address == null ? null : BY_ADDRESS.get(address));
    }

    /** The stream an address belongs to: its own, or for {@code live.predictions.acme} the tenant-scoped one. */
    static Optional<Outbound> outbound(String address) {
        if (address == null) {
            return Optional.empty();
        }
        return OUTBOUND.stream().filter(stream -> stream.address().equals(address)
                || stream.tenantScoped() && address.startsWith(stream.address() + ".") && address.length() > stream.address().length() + 1).findFirst();
    }

    /**
     * Why {@code caller} may not use {@code address} (inbound or outbound), or empty when it may: the role it lacks, or
     * for a tenant-bound caller a stream that is not its tenant's.
     */
    static Optional<String> refusal(Caller caller, String address, Set<Role> roles, boolean tenantScoped, String streamAddress) {
        if (roles.stream().noneMatch(caller::has)) {
            String needed = roles.stream().map(role -> "'" + role.wireName() + "'").collect(Collectors.joining(" or "));
            String held = caller.roles().isEmpty() ? "no role of this service"
                    : caller.roles().stream().map(Role::wireName).sorted().collect(Collectors.joining(", "));
            return Optional.of(address + " needs the " + needed + " role; the token has: " + held);
        }
        if (tenantScoped && caller.isTenantScoped() && !address.equals(streamAddress + "." + caller.tenant())) {
            return Optional.of("a token of tenant '" + caller.tenant() + "' may only listen on " + streamAddress + "." + caller.tenant());
        }
        return Optional.empty();
    }

    /** The Vert.x authorities a caller holds: each address its roles open ({@link io.vertx.ext.bridge.PermittedOptions#setRequiredAuthority}). */
    static Set<String> authorities(Caller caller) {
        Set<String> granted = new LinkedHashSet<>();
        INBOUND.stream().filter(in -> in.roles().stream().anyMatch(caller::has)).forEach(in -> granted.add(in.address()));
        OUTBOUND.stream().filter(out -> out.roles().stream().anyMatch(caller::has)).forEach(out -> granted.add(out.address()));
        return granted;
    }

    private static Inbound admin(Endpoint<?, ?> endpoint) {
        return new Inbound(endpoint, EnumSet.of(ADMIN), null);
    }

    private static Inbound adminOrMonitor(Endpoint<?, ?> endpoint) {
        return new Inbound(endpoint, EnumSet.of(ADMIN, MONITOR), null);
    }

    private static WireFormat<JsonObject> json() {
        return WireFormat.of(JsonObject.class, Function.identity(), Function.identity());
    }
}
