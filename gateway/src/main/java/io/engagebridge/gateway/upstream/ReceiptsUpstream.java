package io.engagebridge.gateway.upstream;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.engagebridge.servicetokens.ServiceTokens;
import io.engagebridge.web.RequestIds;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.netty.channel.EventLoop;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.ContextInternal;

/**
 * transactions-service's {@code POST /receipts}, the gateway's busiest call, on a pooled keep-alive Vert.x client: the
 * receipt's bytes go on untouched, with the gateway's service token and the request id, as {@link TransactionsApi}'s
 * REST client sends its calls. A second way to call a service, for a measured reason: the REST client, its filters and
 * the fault tolerance interceptor were a third of the gateway's CPU per receipt (async-profiler,
 * infra/scripts/bench/README.md).
 * <p>
 * The same rules as every other call: the REST client's settings for transactions-service (URL, connect and read
 * timeouts, pool size), its answers read by {@link Answer#checked} (502/503/504, no answer, a refused service token:
 * {@link UpstreamUnavailable}), and a breaker with {@link TransactionsUpstream}'s settings counting those. The breaker is
 * this call's own, as each method of TransactionsUpstream has its own: receipts failing do not stop status reads and
 * purchase lists, nor the other way round.
 */
@ApplicationScoped
public class ReceiptsUpstream {

    /** The breaker's name ({@code CircuitBreakerMaintenance}: tests reset it with the others). */
    public static final String BREAKER = TransactionsUpstream.NAME + "/receipts";
    private static final String APPLICATION_JSON = "application/json";
    /** The key of the client for calls made outside an event loop (none are, but a call never fails for it). */
    private static final Object NO_LOOP = new Object();

    private final ServiceTokens tokens;
    private final Vertx vertx;
    private final HttpClientOptions options;
    private final PoolOptions pool;
    /** One client per event loop: its connections live on the loop that serves the request (see {@link #client()}). */
    private final Map<Object, HttpClient> clients = new ConcurrentHashMap<>();
    private final String path;
    private final long readTimeoutMs;
    private final TypedGuard<Uni<Answer>> breaker;

    public ReceiptsUpstream(Vertx vertx, ServiceTokens tokens,
            @ConfigProperty(name = "quarkus.rest-client.transactions.url") URI url,
            @ConfigProperty(name = "quarkus.rest-client.transactions.read-timeout") long readTimeoutMs,
            @ConfigProperty(name = "quarkus.rest-client.connect-timeout") int connectTimeoutMs,
            @ConfigProperty(name = "quarkus.rest-client.connection-pool-size", defaultValue = "50") int poolSize) {
        this.tokens = tokens;
        this.readTimeoutMs = readTimeoutMs;
        boolean tls = "https".equalsIgnoreCase(url.getScheme());
        String base = url.getRawPath() == null ? "" : url.getRawPath();
        this.path = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/receipts";
        this.vertx = vertx;
        this.options = new HttpClientOptions()
                .setDefaultHost(url.getHost())
                .setDefaultPort(url.getPort() > 0 ? url.getPort() : tls ? 443 : 80)
                .setSsl(tls)
                .setKeepAlive(true)
                .setConnectTimeout(connectTimeoutMs)
                .setName(TransactionsUpstream.NAME);
        this.pool = new PoolOptions().setHttp1MaxSize(poolSize);
        this.breaker = TypedGuard.create(new TypeLiteral<Uni<Answer>>() {
        })
                .withCircuitBreaker()
                .name(BREAKER)
                .requestVolumeThreshold(TransactionsUpstream.BREAKER_CALLS)
                .failureRatio(TransactionsUpstream.BREAKER_RATIO)
                .delay(TransactionsUpstream.BREAKER_DELAY_MS, ChronoUnit.MILLIS)
                .failOn(UpstreamUnavailable.class)
                .done()
                // the call is non-blocking: it starts on the caller's event loop, never hops to another thread
                .withThreadOffload(false)
                .build();
    }

    /** The receipt as the caller sent it ({@code body}, its {@code contentType}); the service's answer. */
    public Uni<Answer> accept(Buffer body, String contentType, String requestId) {
        return breaker.get(() -> send(body, contentType, requestId));
    }

    private Uni<Answer> send(Buffer body, String contentType, String requestId) {
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setURI(path)
                .setIdleTimeout(readTimeoutMs)
                .putHeader(HttpHeaders.AUTHORIZATION, tokens.bearer(TransactionsUpstream.NAME))
                .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
                .putHeader(HttpHeaders.ACCEPT, APPLICATION_JSON);
        if (requestId != null) {
            request.putHeader(RequestIds.HEADER, requestId);
        }
        return Uni.createFrom().<Answer> emitter(answer -> client().request(request)
                .compose(call -> call.send(body))
                .compose(response -> response.body().map(bytes -> answerOf(response, bytes)))
                .onComplete(done -> {
                    if (done.succeeded()) {
                        answer.complete(done.result());
                    } else {
                        answer.fail(new UpstreamUnavailable(TransactionsUpstream.NAME, null, done.cause()));
                    }
                }))
                .map(answer -> Answer.checked(TransactionsUpstream.NAME, answer));
    }

    /** The answer as {@link Answer#of} reads the REST client's: status, body (none when empty), passed-on headers. */
    private static Answer answerOf(HttpClientResponse response, Buffer bytes) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Answer.PASSED_ON) {
            String value = response.getHeader(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        String body = bytes.length() == 0 ? null : bytes.toString(StandardCharsets.UTF_8);
        return new Answer(response.statusCode(), body, response.getHeader(HttpHeaders.CONTENT_TYPE), headers);
    }

    /**
     * The calling event loop's client. One client shared by all loops hands a request a connection opened on another
     * loop, and every answer then crosses threads twice (a wake-up each way: ~10 % of the gateway's CPU per receipt).
     * Each loop's client keeps up to {@code connection-pool-size} connections.
     */
    private HttpClient client() {
        ContextInternal context = (ContextInternal) Vertx.currentContext();
        EventLoop loop = context == null ? null : context.nettyEventLoop();
        return loop == null ? clients.computeIfAbsent(NO_LOOP, none -> newClient())
                : clients.computeIfAbsent(loop, mine -> newClient());
    }

    private HttpClient newClient() {
        return vertx.createHttpClient(options, pool);
    }

    @PreDestroy
    void close() {
        clients.values().forEach(HttpClient::close);
    }
}
