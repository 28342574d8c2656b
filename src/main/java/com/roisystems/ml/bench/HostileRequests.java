package com.roisystems.ml.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Hostile input for every HTTP route of the published contract ({@code openapi.json} on the class path): each request
 * aims one kind of attack at one route — path and query parameters and every body field carrying control characters,
 * injection strings, wrong types or absurd numbers; bodies of malformed UTF-8, huge, deeply nested or not JSON at all;
 * missing, forged or wrong-scheme tokens. No request is ever valid: every body field the route knows is hostile, so
 * nothing (a training run, a pipeline run, an erasure) is started by accident. Deterministic for a seed.
 *
 * <p>{@code List<HostileRequests.Request> requests = HostileRequests.generate(10_000, 7, token);}
 */
final class HostileRequests {

    /** One request: its kind of attack, the method, the already-encoded path and query, headers and body bytes. */
    record Request(String kind, String method, String route, String target, Map<String, String> headers, byte[] body) {
    }

    /** Hostile text values; a route must refuse each with a 4xx naming the field, never a 5xx. */
    static final List<String> STRINGS = List.of("user_1\u0000", "\u0000", "a\u0001b\u001Fc", "user_1\u007F", "' OR '1'='1' --",
            "\"; DROP TABLE ml_predictions; --", "${jndi:ldap://127.0.0.1/x}", "<script>alert(1)</script>", "../../../../etc/passwd",
            "%00%0a%0d", "\uD800", "\u202Euser_1", "x".repeat(10_000), "-1", "99999999999999999999999", "NaN", "1e309", "", " ",
            "\r\nX-Injected: 1", "user_1\n", "\u00A0", "🚀".repeat(100));
    /** Hostile JSON values for typed fields. */
    private static final List<Object> VALUES = List.of(123, -1, Long.MAX_VALUE, 1e308, true, new JsonArray().add("a"),
            new JsonObject().put("$ne", 1), new JsonArray(), new JsonObject(), "2024-02-30", "not a date", "USER\u0000");
    private static final String[] KINDS = {"control-chars", "injection", "wrong-types", "malformed-utf8", "not-json",
            "deeply-nested", "huge", "bad-token", "no-token", "wrong-content-type", "query"};

    private record Route(String method, String path, List<String> queryParameters, List<String> bodyFields, boolean hasBody) {
    }

    private HostileRequests() {
    }

    /**
     * {@code count} requests cycling through the routes and the kinds of attack; {@code token} is the bench's valid
     * token (most attacks carry it, so they reach validation rather than stop at authentication).
     */
    static List<Request> generate(int count, long seed, String token) {
        List<Route> routes = routes();
        Random random = new Random(seed);
        List<Request> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Route route = routes.get(i % routes.size());
            String kind = KINDS[(i / routes.size() + i) % KINDS.length];
            if ("huge".equals(kind) && random.nextInt(10) != 0) {
                kind = "control-chars";
            }
            requests.add(request(route, kind, random, token));
        }
        return requests;
    }

    /** The number of HTTP routes (method and path) the contract publishes. */
    static int routeCount() {
        return routes().size();
    }

    private static Request request(Route route, String kind, Random random, String token) {
        Map<String, String> headers = new LinkedHashMap<>();
        switch (kind) {
            case "bad-token" -> headers.put("Authorization", badToken(random, token));
            case "no-token" -> { }
            default -> headers.put("Authorization", "Bearer " + token);
        }
        headers.put("Content-Type", "wrong-content-type".equals(kind) ? pick(random, List.of("text/plain", "application/xml",
                "multipart/form-data; boundary=x", "application/json; charset=utf-16")) : "application/json");
        String target = hostilePath(route.path(), random);
        if ("query".equals(kind) || !route.queryParameters().isEmpty() && random.nextBoolean()) {
            StringBuilder query = new StringBuilder();
            List<String> names = route.queryParameters().isEmpty() ? List.of("limit", "q") : route.queryParameters();
            for (String name : names) {
                query.append(query.length() == 0 ? '?' : '&').append(name).append('=').append(encode(pick(random, STRINGS)));
            }
            target += query;
        }
        byte[] body = route.hasBody() || random.nextInt(4) == 0 ? body(route, kind, random) : null;
        return new Request(kind, route.method(), route.method() + " " + route.path(), target, headers, body);
    }

    private static byte[] body(Route route, String kind, Random random) {
        return switch (kind) {
            case "malformed-utf8" -> concat("{\"entity_id\": \"".getBytes(StandardCharsets.UTF_8),
                    new byte[]{(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0xED, (byte) 0xA0, (byte) 0x80},
                    "\"}".getBytes(StandardCharsets.UTF_8));
            case "not-json" -> pick(random, List.of("{", "}", "null", "[]", "\"text\"", "12", "{\"a\":}", "{'a': 1}", "\u0000\u0000",
                    "<?xml version=\"1.0\"?><a/>", "{\"entity_id\": \"user_1\"", "true")).getBytes(StandardCharsets.UTF_8);
            case "deeply-nested" -> nested(random.nextBoolean() ? 100_000 : 5_000, random.nextBoolean());
            case "huge" -> huge(route, 5 << 20);
            case "wrong-types" -> fields(route, random, true).encode().getBytes(StandardCharsets.UTF_8);
            default -> fields(route, random, false).encode().getBytes(StandardCharsets.UTF_8);
        };
    }

    /** Every field the route's body knows, each hostile (a string attack, or a wrong type). */
    private static JsonObject fields(Route route, Random random, boolean wrongTypes) {
        JsonObject body = new JsonObject();
        List<String> names = route.bodyFields().isEmpty() ? List.of("entity_id", "entity_type", "event_id") : route.bodyFields();
        for (String name : names) {
            // Never blank: a blank optional field may read as absent, and an absent one as a valid default (a pipeline run for today).
            String text = pick(random, STRINGS);
            body.put(name, wrongTypes ? pick(random, VALUES) : text.isBlank() ? "\u0000" : text);
        }
        if (random.nextInt(5) == 0) {
            body.put("unexpected\u0000field", pick(random, STRINGS));
        }
        return body;
    }

    private static String hostilePath(String path, Random random) {
        StringBuilder out = new StringBuilder();
        for (String segment : path.substring(1).split("/")) {
            out.append('/').append(segment.startsWith("{") ? encode(pick(random, STRINGS).isEmpty() ? "%" : pick(random, STRINGS)) : segment);
        }
        return out.toString();
    }

    private static String badToken(Random random, String token) {
        String[] parts = token.split("\\.");
        return pick(random, List.of("Bearer", "Bearer ", "Bearer garbage", "Basic dXNlcjpwYXNz", token,
                "Bearer " + parts[0] + "." + parts[1] + ".",
                "Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + parts[1] + ".",
                "Bearer " + parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse(),
                "Bearer " + "A".repeat(20_000), "Bearer " + token + token));
    }

    private static byte[] nested(int depth, boolean arrays) {
        StringBuilder text = new StringBuilder(depth * 8);
        for (int i = 0; i < depth; i++) {
            text.append(arrays ? "[" : "{\"a\":");
        }
        text.append("1");
        for (int i = 0; i < depth; i++) {
            text.append(arrays ? "]" : "}");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] huge(Route route, int bytes) {
        String field = route.bodyFields().isEmpty() ? "entity_id" : route.bodyFields().get(0);
        return ("{\"" + field + "\": \"" + "x".repeat(bytes) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The HTTP routes of {@code openapi.json}, WebSocket upgrades apart (they get frames of their own). */
    private static List<Route> routes() {
        JsonObject contract = contract();
        JsonObject schemas = contract.getJsonObject("components", new JsonObject()).getJsonObject("schemas", new JsonObject());
        List<Route> routes = new ArrayList<>();
        contract.getJsonObject("paths").forEach(path -> {
            if (path.getKey().startsWith("/v1/ws/")) {
                return;
            }
            ((JsonObject) path.getValue()).forEach(operation -> {
                if (!List.of("get", "post", "put", "delete", "patch").contains(operation.getKey())) {
                    return;
                }
                JsonObject spec = (JsonObject) operation.getValue();
                List<String> query = new ArrayList<>();
                for (Object parameter : spec.getJsonArray("parameters", new JsonArray())) {
                    JsonObject p = (JsonObject) parameter;
                    if ("query".equals(p.getString("in"))) {
                        query.add(p.getString("name"));
                    }
                }
                JsonObject schema = spec.getJsonObject("requestBody", new JsonObject()).getJsonObject("content", new JsonObject())
                        .getJsonObject("application/json", new JsonObject()).getJsonObject("schema");
                routes.add(new Route(operation.getKey().toUpperCase(java.util.Locale.ROOT), path.getKey(), query,
                        bodyFields(schema, schemas), schema != null));
            });
        });
        return routes;
    }

    private static List<String> bodyFields(JsonObject schema, JsonObject schemas) {
        if (schema == null) {
            return List.of();
        }
        JsonObject resolved = resolve(schema, schemas);
        if (resolved.containsKey("oneOf")) {
            resolved = resolve(resolved.getJsonArray("oneOf").getJsonObject(0), schemas);
        }
        return List.copyOf(resolved.getJsonObject("properties", new JsonObject()).fieldNames());
    }

    private static JsonObject resolve(JsonObject schema, JsonObject schemas) {
        String ref = schema.getString("$ref");
        return ref == null ? schema : schemas.getJsonObject(ref.substring(ref.lastIndexOf('/') + 1), new JsonObject());
    }

    private static JsonObject contract() {
        try (InputStream in = HostileRequests.class.getResourceAsStream("/webroot/openapi.json")) {
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("openapi.json missing from the class path", e);
        }
    }
}
