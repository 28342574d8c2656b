package com.roisystems.ml.ratelimit;

import com.roisystems.ml.api.ErrorResponses;
import com.roisystems.ml.auth.Caller;
import com.roisystems.ml.auth.Role;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate-limit handler in a router like the API's (body handler, then a stand-in for the authentication handler that
 * stores the {@link Caller} named by test headers, then the limiter, then routes), against the real Redis.
 */
@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("Rate limits")
class RateLimitHandlerTest {

    private static final String SUBJECT_HEADER = "x-test-subject";
    private static final String ROLE_HEADER = "x-test-role";

    /** admin: 50/s, burst 100 (the shipped figures); client: a slow refill, so counts are exact within a test's time. */
    private static JsonObject config(TestServers servers, String redisUrl) {
        JsonObject config = servers.config().json().copy();
        config.getJsonObject("redis").put("url", redisUrl);
        config.put("rateLimits", new JsonObject().put("enabled", true)
                .put("anonymous", limit(1, 5))
                .put("admin", limit(50, 100))
                .put("client", limit(1, 50))
                .put("producer", limit(1, 50))
                .put("monitor", limit(1, 5)));
        config.put("auth", config.getJsonObject("auth", new JsonObject()).copy().put("enabled", true));
        return config;
    }

    private static JsonObject limit(double perSecond, long burst) {
        return new JsonObject().put("perSecond", perSecond).put("burst", burst);
    }

    /** A handler on a client of its own, as each API verticle gives its handler (closed with the test's Vert.x). */
    private static RateLimitHandler handler(Vertx vertx, JsonObject config) {
        return RateLimitHandler.create(vertx, config, Redis.createClient(vertx, RateLimitHandler.redisOptions(config.getJsonObject("redis"))));
    }

    private static Future<HttpServer> serve(Vertx vertx, RateLimitHandler handler) {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false));
        router.route().handler(context -> {
            String subject = context.request().getHeader(SUBJECT_HEADER);
            if (subject != null) {
                Role role = Role.fromWireName(context.request().getHeader(ROLE_HEADER)).orElse(Role.CLIENT);
                context.put(Caller.CONTEXT_KEY, new Caller(subject, EnumSet.of(role), null, "127.0.0.1"));
            }
            context.next();
        });
        router.route().handler(handler);
        router.get("/v1/ping").handler(context -> context.response().end("pong"));
        router.post("/v1/predict/batch").handler(context -> context.response().end("{}"));
        router.post("/v1/events").handler(context -> context.response().setStatusCode(202).end("{}"));
        router.route().failureHandler(ErrorResponses::handle);
        return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1");
    }

    private static WebClient client(Vertx vertx) {
        return WebClient.create(vertx, new WebClientOptions(), new PoolOptions().setHttp1MaxSize(50));
    }

    private static HttpRequest<Buffer> as(HttpRequest<Buffer> request, String subject, Role role) {
        return request.putHeader(SUBJECT_HEADER, subject).putHeader(ROLE_HEADER, role.wireName());
    }

    /** {@code n} requests at once; their responses in the order sent. */
    private static Future<List<HttpResponse<Buffer>>> concurrently(int n, Supplier<Future<HttpResponse<Buffer>>> send) {
        List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sent.add(send.get());
        }
        return Future.all(sent).map(all -> all.<HttpResponse<Buffer>>list());
    }

    /** {@code n} requests one after the other. */
    private static Future<List<HttpResponse<Buffer>>> oneByOne(int n, Supplier<Future<HttpResponse<Buffer>>> send) {
        List<HttpResponse<Buffer>> responses = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        for (int i = 0; i < n; i++) {
            chain = chain.compose(ignored -> send.get().map(response -> {
                responses.add(response);
                return null;
            }));
        }
        return chain.map(done -> responses);
    }

    private static long count(List<HttpResponse<Buffer>> responses, int status) {
        return responses.stream().filter(response -> response.statusCode() == status).count();
    }

    private static JsonObject batchOf(int n) {
        JsonArray requests = new JsonArray();
        for (int i = 0; i < n; i++) {
            requests.add(new JsonObject().put("entity_id", "user_" + i));
        }
        return new JsonObject().put("requests", requests);
    }

    @Test
    @DisplayName("300 requests at once from one admin subject: beyond the burst they are answered 429 rate_limited with Retry-After and RateLimit-* headers; allowed ones carry RateLimit-* too")
    void burstFromOneSubjectIsLimited(Vertx vertx, TestServers servers, VertxTestContext testContext) {
        RateLimitHandler handler = handler(vertx, config(servers, servers.redis().url()));
        WebClient http = client(vertx);
        String subject = "burst-" + UUID.randomUUID();
        long started = System.nanoTime();
        serve(vertx, handler)
                .compose(server -> concurrently(300, () -> as(http.get(server.actualPort(), "127.0.0.1", "/v1/ping"), subject, Role.ADMIN).send()))
                .onComplete(testContext.succeeding(responses -> testContext.verify(() -> {
                    double seconds = (System.nanoTime() - started) / 1e9;
                    long allowed = count(responses, 200);
                    long refused = count(responses, 429);
                    assertThat(allowed + refused).isEqualTo(300);
                    assertThat(refused).as("refused within %.2f s", seconds).isPositive();
                    assertThat(allowed).isBetween(100L, 100L + (long) Math.ceil(50 * seconds) + 1);
                    HttpResponse<Buffer> ok = responses.stream().filter(r -> r.statusCode() == 200).findFirst().orElseThrow();
                    assertThat(ok.getHeader("RateLimit-Limit")).isEqualTo("100");
                    assertThat(ok.getHeader("RateLimit-Remaining")).isNotNull();
                    assertThat(ok.getHeader("RateLimit-Reset")).isNotNull();
                    assertThat(ok.getHeader("Retry-After")).isNull();
                    HttpResponse<Buffer> limited = responses.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
                    assertThat(Long.parseLong(limited.getHeader("Retry-After"))).isBetween(1L, 2L);
                    assertThat(limited.getHeader("RateLimit-Limit")).isEqualTo("100");
                    assertThat(limited.getHeader("RateLimit-Remaining")).isEqualTo("0");
                    assertThat(Long.parseLong(limited.getHeader("RateLimit-Reset"))).isBetween(1L, 3L);
                    assertThat(limited.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("rate_limited");
                    assertThat(LocalBuckets.of(vertx).fallingBack.get()).as("served from Redis, not the fallback").isFalse();
                    testContext.completeNow();
                })));
    }

    @Test
    @DisplayName("a caller well under a generous limit spends leased tokens locally: 500 requests cost Redis a handful of "
            + "round trips, not 500, and RateLimit-Remaining still counts down")
    void leasesSpareRedisRoundTrips(Vertx vertx, TestServers servers, VertxTestContext testContext) {
        JsonObject config = config(servers, servers.redis().url());
        config.getJsonObject("rateLimits").put("producer", limit(10_000, 20_000));
        RateLimitHandler handler = handler(vertx, config);
        WebClient http = client(vertx);
        String subject = "leasing-" + UUID.randomUUID();
        Redis redis = Redis.createClient(vertx, servers.redis().url());
        long[] scriptCallsBefore = new long[1];
        List<HttpResponse<Buffer>> answered = new ArrayList<>();
        scriptCalls(redis)
                .compose(before -> {
                    scriptCallsBefore[0] = before;
                    return serve(vertx, handler);
                })
                .compose(server -> oneByOne(500, () -> as(http.get(server.actualPort(), "127.0.0.1", "/v1/ping"), subject, Role.PRODUCER).send()))
                .compose(responses -> {
                    answered.addAll(responses);
                    return scriptCalls(redis);
                })
                .onComplete(testContext.succeeding(after -> testContext.verify(() -> {
                    assertThat(count(answered, 200)).isEqualTo(500);
                    assertThat(after - scriptCallsBefore[0]).as("scripts run in Redis for 500 requests (lease: 500 tokens)")
                            .isBetween(1L, 10L);
                    long first = Long.parseLong(answered.get(0).getHeader("RateLimit-Remaining"));
                    long last = Long.parseLong(answered.get(499).getHeader("RateLimit-Remaining"));
                    assertThat(last).as("remaining counts the leased tokens spent").isLessThan(first);
                    redis.close();
                    testContext.completeNow();
                })));
    }

    /** How many times Redis has run a script (EVALSHA and EVAL), from INFO commandstats. */
    private static Future<Long> scriptCalls(Redis redis) {
        return redis.send(Request.cmd(Command.INFO).arg("commandstats")).map(info -> info.toString().lines()
                .filter(line -> line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("^[^:]*:calls=(\\d+),.*", "$1")))
                .sum());
    }

    @Test
    @DisplayName("two handler instances with their own Redis clients share one bucket per subject, kept in Redis with a TTL")
    void instancesShareBuckets(Vertx vertx, TestServers servers, VertxTestContext testContext) {
        JsonObject config = config(servers, servers.redis().url());
        RateLimitHandler first = handler(vertx, config);
        RateLimitHandler second = handler(vertx, config);
        WebClient http = client(vertx);
        String subject = "shared-" + UUID.randomUUID();
        Redis redis = Redis.createClient(vertx, servers.redis().url());
        List<HttpResponse<Buffer>> fromFirst = new ArrayList<>();
        Future.all(serve(vertx, first), serve(vertx, second))
                .compose(servers2 -> {
                    int portA = servers2.<HttpServer>resultAt(0).actualPort();
                    int portB = servers2.<HttpServer>resultAt(1).actualPort();
                    return oneByOne(30, () -> as(http.get(portA, "127.0.0.1", "/v1/ping"), subject, Role.CLIENT).send())
                            .compose(responses -> {
                                fromFirst.addAll(responses);
                                return oneByOne(30, () -> as(http.get(portB, "127.0.0.1", "/v1/ping"), subject, Role.CLIENT).send());
                            });
                })
                .compose(fromSecond -> redis.send(Request.cmd(Command.PTTL).arg("roi:ratelimit:subject:" + subject))
                        .map(ttl -> {
                            testContext.verify(() -> {
                                assertThat(count(fromFirst, 200)).isEqualTo(30);
                                assertThat(Long.parseLong(fromSecond.get(0).getHeader("RateLimit-Remaining")))
                                        .as("the second instance starts where the first left off").isLessThanOrEqualTo(21);
                                assertThat(count(fromSecond, 429)).as("50 tokens plus a few refilled, shared by both").isGreaterThanOrEqualTo(5);
                                assertThat(ttl.toLong()).as("the bucket key expires").isPositive();
                            });
                            return null;
                        }))
                .onComplete(testContext.succeeding(done -> {
                    redis.close();
                    testContext.completeNow();
                }));
    }

    @Test
    @DisplayName("a prediction batch costs its number of requests and an events array its length")
    void batchesCostTheirItems(Vertx vertx, TestServers servers, VertxTestContext testContext) {
        RateLimitHandler handler = handler(vertx, config(servers, servers.redis().url()));
        WebClient http = client(vertx);
        String subject = "batch-" + UUID.randomUUID();
        JsonArray events = new JsonArray();
        for (int i = 0; i < 25; i++) {
            events.add(new JsonObject().put("event_type", "page.viewed"));
        }
        serve(vertx, handler).compose(server -> {
            int port = server.actualPort();
            return as(http.post(port, "127.0.0.1", "/v1/predict/batch"), subject, Role.CLIENT).sendJsonObject(batchOf(20))
                    .compose(batch -> as(http.post(port, "127.0.0.1", "/v1/events"), subject, Role.CLIENT).sendBuffer(events.toBuffer())
                            .compose(intake -> as(http.post(port, "127.0.0.1", "/v1/predict/batch"), subject, Role.CLIENT).sendJsonObject(batchOf(20))
                                    .map(refused -> List.of(batch, intake, refused))));
        }).onComplete(testContext.succeeding(responses -> testContext.verify(() -> {
            assertThat(responses.get(0).statusCode()).isEqualTo(200);
            assertThat(Long.parseLong(responses.get(0).getHeader("RateLimit-Remaining"))).isBetween(30L, 31L);
            assertThat(responses.get(1).statusCode()).isEqualTo(202);
            assertThat(Long.parseLong(responses.get(1).getHeader("RateLimit-Remaining"))).isBetween(5L, 7L);
            assertThat(responses.get(2).statusCode()).as("20 items do not fit in ~5 tokens").isEqualTo(429);
            assertThat(Long.parseLong(responses.get(2).getHeader("Retry-After"))).as("15 tokens at 1/s").isBetween(13L, 16L);
            testContext.completeNow();
        })));
    }

    @Test
    @DisplayName("with Redis unreachable it counts in local buckets: anonymous requests share their address's bucket, a subject keeps its own")
    void fallsBackToLocalBucketsWhenRedisIsDown(Vertx vertx, TestServers servers, VertxTestContext testContext) {
        RateLimitHandler handler = handler(vertx, config(servers, "redis://127.0.0.1:1"));
        WebClient http = client(vertx);
        String subject = "fallback-" + UUID.randomUUID();
        serve(vertx, handler).compose(server -> {
            int port = server.actualPort();
            return oneByOne(8, () -> http.get(port, "127.0.0.1", "/v1/ping").send())
                    .compose(anonymous -> as(http.get(port, "127.0.0.1", "/v1/ping"), subject, Role.CLIENT).send()
                            .map(own -> {
                                List<HttpResponse<Buffer>> all = new ArrayList<>(anonymous);
                                all.add(own);
                                return all;
                            }));
        }).onComplete(testContext.succeeding(responses -> testContext.verify(() -> {
            List<HttpResponse<Buffer>> anonymous = responses.subList(0, 8);
            assertThat(count(anonymous, 200)).as("the anonymous burst of 5").isEqualTo(5);
            assertThat(count(anonymous, 429)).isEqualTo(3);
            assertThat(anonymous.get(7).getHeader("Retry-After")).isEqualTo("1");
            assertThat(anonymous.get(7).getHeader("RateLimit-Limit")).isEqualTo("5");
            assertThat(responses.get(8).statusCode()).as("a subject has a bucket of its own").isEqualTo(200);
            assertThat(responses.get(8).getHeader("RateLimit-Limit")).isEqualTo("50");
            assertThat(LocalBuckets.of(vertx).fallingBack.get()).isTrue();
            testContext.completeNow();
        })));
    }

    @Test
    @DisplayName("anonymous requests are keyed by client address in Redis")
    void anonymousKeyedByAddress(Vertx vertx, TestServers servers, VertxTestContext testContext) {
        RateLimitHandler handler = handler(vertx, config(servers, servers.redis().url()));
        WebClient http = client(vertx);
        Redis redis = Redis.createClient(vertx, servers.redis().url());
        serve(vertx, handler)
                .compose(server -> http.get(server.actualPort(), "127.0.0.1", "/v1/ping").send())
                .compose(response -> redis.send(Request.cmd(Command.EXISTS).arg("roi:ratelimit:address:127.0.0.1")))
                .onComplete(testContext.succeeding(exists -> testContext.verify(() -> {
                    assertThat(exists.toLong()).isEqualTo(1);
                    redis.close();
                    testContext.completeNow();
                })));
    }

    @Test
    @DisplayName("a caller with several roles gets the most generous of their limits")
    void mostGenerousRole() {
        RateLimits limits = RateLimits.fromJson(new JsonObject().put("anonymous", limit(1, 5)).put("client", limit(200, 400))
                .put("admin", limit(50, 100)));
        assertThat(limits.limitFor(EnumSet.of(Role.ADMIN, Role.CLIENT))).isEqualTo(new BucketLimit(200, 400));
        assertThat(limits.limitFor(EnumSet.noneOf(Role.class))).isEqualTo(new BucketLimit(1, 5));
        assertThat(limits.limitFor(EnumSet.of(Role.MONITOR))).as("a role without an entry is anonymous").isEqualTo(new BucketLimit(1, 5));
    }
}
