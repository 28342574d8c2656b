package com.roisystems.ml.bench;

import com.roisystems.ml.bus.Blocking;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends {@link HostileRequests} to a running service and tallies the answers: HTTP requests (a few at a time), raw
 * bytes no HTTP client would send (malformed request lines, NUL in headers), and hostile frames on both WebSockets.
 * A 5xx answer, a WebSocket error frame with a 5xx status or {@code internal_error}, or a close with 1011 is a failure;
 * each is kept with its route, kind and answer so it can be fixed.
 *
 * <p>{@code HostileTraffic.Result result = new HostileTraffic(vertx, port, token).run(10_000, 7);}
 */
final class HostileTraffic {

    /** Answers by status (0 = no answer: connection closed or timed out), the 5xx count, and the first failures in full. */
    record Result(long sent, Map<Integer, Long> statuses, long serverErrors, List<String> failures, long webSocketFrames,
                  long webSocketServerErrors) {
    }

    private static final int CONCURRENCY = 8;
    private static final List<String> RAW = List.of(
            "GET /v1/features/user/user_1\u0000 HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /health HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0000b\r\n\r\n",
            "POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n{}",
            "POST /v1/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nabc\r\n0\r\n\r\n",
            "GARBAGE\r\n\r\n",
            "GET /health HTTP/9.9\r\nHost: x\r\n\r\n",
            "GET /" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /health HTTP/1.1\r\nHost: x\r\n" + "X-Long: " + "b".repeat(70_000) + "\r\n\r\n",
            "POST /v1/predict/move-probability HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nContent-Length: 20\r\n\r\n{}");

    private final Vertx vertx;
    private final int port;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final WebSocketClient sockets;
    private final Map<Integer, Long> statuses = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private long serverErrors;
    private long webSocketFrames;
    private long webSocketServerErrors;

    HostileTraffic(Vertx vertx, int port, String token) {
        this.vertx = vertx;
        this.port = port;
        this.token = token;
        // Frames up to 1 MiB leave this client whole, so the server's own frame limit is what is tested.
        this.sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20));
    }

    /** {@code count} hostile inputs in all: about 90 % HTTP requests, 1 % raw bytes, the rest WebSocket frames. */
    Result run(int count, long seed) throws Exception {
        int raw = Math.max(RAW.size(), count / 100);
        int frames = Math.max(20, count / 10);
        int requests = Math.max(0, count - raw - frames);
        List<HostileRequests.Request> hostile = HostileRequests.generate(requests, seed, token);
        Semaphore inFlight = new Semaphore(CONCURRENCY);
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (HostileRequests.Request request : hostile) {
            inFlight.acquire();
            pending.add(send(request).whenComplete((ignored, failure) -> inFlight.release()));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        for (int i = 0; i < raw; i++) {
            raw(RAW.get(i % RAW.size()));
        }
        webSockets(frames, new Random(seed));
        return result(requests + raw);
    }

    private synchronized Result result(long sent) {
        return new Result(sent, new TreeMap<>(statuses), serverErrors, List.copyOf(failures), webSocketFrames, webSocketServerErrors);
    }

    private CompletableFuture<Void> send(HostileRequests.Request request) {
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + request.target())).timeout(Duration.ofSeconds(30))
                    .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(request.body()));
            request.headers().forEach(builder::header);
        } catch (IllegalArgumentException e) {
            // A header or path the client library itself refuses to send: that attack goes by raw bytes instead.
            return CompletableFuture.completedFuture(null);
        }
        return http.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> {
                    record(request, response == null ? 0 : response.statusCode(), response == null ? String.valueOf(failure) : response.body());
                    return null;
                });
    }

    private synchronized void record(HostileRequests.Request request, int status, String answer) {
        statuses.merge(status, 1L, Long::sum);
        if (status >= 500) {
            serverErrors++;
            String body = request.body() == null ? "" : " body " + abbreviate(new String(request.body(), StandardCharsets.UTF_8)
                    .replace("\u0000", "\\u0000"));
            note(request.route() + " [" + request.kind() + "] " + abbreviate(request.target()) + " " + request.headers().get("Content-Type")
                    + body + " -> " + status + " " + PredictionLoad.abbreviate(answer));
        }
    }

    private void raw(String bytes) {
        int status = 0;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = new byte[12];
            int read = in.readNBytes(head, 0, head.length);
            String line = new String(head, 0, read, StandardCharsets.ISO_8859_1);
            if (line.startsWith("HTTP/1.") && line.length() >= 12) {
                status = Integer.parseInt(line.substring(9, 12));
            }
        } catch (IOException | NumberFormatException e) {
            status = 0;
        }
        record(new HostileRequests.Request("raw-bytes", "RAW", "raw bytes", abbreviate(bytes), Map.of(), null), status, "");
    }

    /** Hostile frames on both sockets, in rounds: a socket the server closes is opened again. */
    private void webSockets(int frames, Random random) throws Exception {
        List<Buffer> messages = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            messages.add(frame(random, i));
        }
        for (String path : List.of("/v1/ws/events", "/v1/ws/predictions")) {
            int from = path.endsWith("events") ? 0 : frames / 2;
            int to = path.endsWith("events") ? frames / 2 : frames;
            int at = from;
            while (at < to) {
                at = socketRound(path, messages, at, Math.min(to, at + 50));
            }
            // Upgrades with bad tokens: refused with 401, never a 5xx.
            for (String bad : List.of("garbage", token + "x", "")) {
                int status = upgradeStatus(path, bad);
                record(new HostileRequests.Request("bad-token", "GET", "GET " + path, path, Map.of(), null), status, "upgrade refused");
            }
        }
    }

    private int upgradeStatus(String path, String bearer) {
        try {
            WebSocket socket = Blocking.await(sockets.connect(options(path, bearer)), Duration.ofSeconds(10));
            Blocking.await(socket.close(), Duration.ofSeconds(10));
            return 101;
        } catch (Exception e) {
            return statusIn(e);
        }
    }

    /** No Origin header: the bench is a server-side client, not a browser page (which the origin check is for). */
    private WebSocketConnectOptions options(String path, String bearer) {
        return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(path).setAllowOriginHeader(false)
                .addHeader("Authorization", "Bearer " + bearer);
    }

    /** The status of a refused upgrade ("WebSocket upgrade failure: 401"), 0 when there was no answer. */
    private static int statusIn(Exception refused) {
        Matcher status = Pattern.compile("\\b([1-5]\\d\\d)\\b").matcher(String.valueOf(refused.getMessage()));
        return status.find() ? Integer.parseInt(status.group(1)) : 0;
    }

    /** Sends messages [from, to) on one socket; returns where it stopped (early when the server closed the socket). */
    private int socketRound(String path, List<Buffer> messages, int from, int to) throws Exception {
        WebSocket socket;
        try {
            socket = Blocking.await(sockets.connect(options(path, token)), Duration.ofSeconds(10));
        } catch (Exception e) {
            record(new HostileRequests.Request("upgrade", "GET", "GET " + path, path, Map.of(), null), statusIn(e), String.valueOf(e));
            return to;
        }
        AtomicInteger replies = new AtomicInteger();
        Promise<Short> closed = Promise.promise();
        socket.textMessageHandler(text -> {
            replies.incrementAndGet();
            webSocketReply(path, text);
        });
        socket.closeHandler(ignored -> closed.tryComplete(socket.closeStatusCode()));
        int at = from;
        for (; at < to && !closed.future().isComplete(); at++) {
            Buffer message = messages.get(at);
            Future<Void> written = at % 3 == 0 ? socket.writeFrame(WebSocketFrame.binaryFrame(message, true))
                    : socket.writeFrame(WebSocketFrame.textFrame(message.toString(StandardCharsets.UTF_8), true));
            try {
                Blocking.await(written, Duration.ofSeconds(10));
            } catch (Exception e) {
                break;
            }
            synchronized (this) {
                webSocketFrames++;
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (replies.get() < at - from && !closed.future().isComplete() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (!closed.future().isComplete()) {
            socket.close();
        } else if (Short.valueOf((short) 1011).equals(closed.future().result())) {
            synchronized (this) {
                webSocketServerErrors++;
                note("WS " + path + " closed with 1011 (internal error)");
            }
        }
        return Math.max(at, from + 1);
    }

    private synchronized void webSocketReply(String path, String text) {
        JsonObject frame;
        try {
            frame = new JsonObject(text);
        } catch (RuntimeException e) {
            return;
        }
        JsonObject error = frame.getJsonObject("error");
        Integer status = frame.getInteger("status");
        if (status != null && status >= 500 || error != null && "internal_error".equals(error.getString("code"))) {
            webSocketServerErrors++;
            note("WS " + path + " error frame: " + PredictionLoad.abbreviate(text));
        }
    }

    private static Buffer frame(Random random, int i) {
        String text = switch (i % 8) {
            case 0 -> "{\"type\": \"predict\", \"id\": \"" + HostileRequests.STRINGS.get(random.nextInt(HostileRequests.STRINGS.size()))
                    .replace("\\", "\\\\").replace("\"", "\\\"") + "\", \"request\": {\"entity_id\": \"user_1\\u0000\", \"entity_type\": \"USER\"}}";
            case 1 -> "{\"type\": \"subscribe\", \"id\": \"s\", \"entity_ids\": [1, null, {}, \"user_1\\u0000\"], \"prediction_types\": \"x\"}";
            case 2 -> "[".repeat(50_000);
            case 3 -> "{\"event_id\": 12, \"event_type\": [\"a\"], \"entity_id\": \"' OR 1=1 --\", \"occurred_at\": \"not a date\"}";
            case 4 -> "{\"type\": \"" + "x".repeat(300_000) + "\"}";
            case 5 -> "\u0000\u0001\u0002";
            case 6 -> "{\"type\": \"unsubscribe\", \"id\": " + Long.MAX_VALUE + "9, \"entity_ids\": \"user_1\"}";
            default -> "{\"event_id\": \"00000000-0000-4000-8000-000000000000\", \"event_type\": \"page.viewed\", \"entity_type\": \"USER\", "
                    + "\"entity_id\": \"user_1\\u0000\", \"occurred_at\": \"2024-01-01T00:00:00Z\", \"schema_version\": 1, \"payload\": {}}";
        };
        if (i % 8 == 5 && random.nextBoolean()) {
            return Buffer.buffer(new byte[]{(byte) 0xC3, 0x28, (byte) 0xFF, 0x00});
        }
        return Buffer.buffer(text);
    }

    private void note(String failure) {
        if (failures.size() < 60) {
            failures.add(failure);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...(" + text.length() + " chars)";
    }
}
