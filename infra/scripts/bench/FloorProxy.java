import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * bench.sh's floor for the gateway's proxy hop: a plain reverse proxy written on the gateway's own Vert.x and Netty,
 * with nothing else (no Quarkus, no token check, no breaker, no metrics, no request ids), one event loop, the same
 * keep-alive upstream pool as the gateway's receipt call. It does what the nginx anchor does: the request's method,
 * path, body and headers go upstream as they came; the answer's status, body and headers come back. So the bench can
 * say how much of the gateway's cost per receipt is the JVM's HTTP stack and how much is the gateway's own work.
 * Run with the gateway's libraries: java -cp 'gateway/target/quarkus-app/lib/main/*' FloorProxy.java PORT UPSTREAM_PORT
 */
public class FloorProxy {

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int upstream = Integer.parseInt(args[1]);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(upstream).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(50));
        vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            RequestOptions call = new RequestOptions().setMethod(request.method()).setURI(request.uri())
                    .setHeaders(request.headers()).removeHeader(HttpHeaders.HOST).removeHeader(HttpHeaders.CONNECTION);
            client.request(call).compose(sent -> sent.send(body))
                    .compose(answer -> answer.body().onSuccess(bytes -> {
                        answer.headers().forEach(header -> request.response().putHeader(header.getKey(),
                                header.getValue()));
                        request.response().setStatusCode(answer.statusCode()).end(bytes);
                    }))
                    .onFailure(failure -> answer(request, 502));
        })).listen(port, "127.0.0.1").onSuccess(server -> System.out.println("FloorProxy listening on " + port))
                .onFailure(failure -> {
                    failure.printStackTrace();
                    System.exit(1);
                });
    }

    private static void answer(HttpServerRequest request, int status) {
        if (!request.response().ended()) {
            request.response().setStatusCode(status).end();
        }
    }
}
