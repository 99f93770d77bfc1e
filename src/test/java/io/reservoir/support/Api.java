package io.reservoir.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client against the server under test, authenticated as one key (or none). */
public final class Api {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final String authorization;

    private Api(String base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    public static Api on(int port) {
        return new Api("http://localhost:" + port, null);
    }

    /** Sends {@code Authorization: Bearer key}. */
    public Api bearer(String key) {
        return new Api(base, "Bearer " + key);
    }

    /** Sends HTTP Basic with {@code key} as user name and an empty password, as Segment clients do. */
    public Api basic(String key) {
        return new Api(base, "Basic " + java.util.Base64.getEncoder().encodeToString((key + ":").getBytes()));
    }

    public Reply get(String path) {
        return send(request(path).GET());
    }

    public Reply delete(String path) {
        return send(request(path).DELETE());
    }

    /**
     * Posts JSON. A post to the intake ({@code /v1/…}) asks to be answered once its events are
     * projected ({@code Reservoir-Wait: projected}), since tests read the projections right after;
     * {@link #postLogged} takes the default answer, given once the events are logged.
     */
    public Reply post(String path, String json) {
        HttpRequest.Builder request = request(path).header("Content-Type", "application/json");
        if (path.startsWith("/v1/")) {
            request.header("Reservoir-Wait", "projected");
        }
        return send(request.POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Posts to the intake and takes its default answer: once the events are logged, not yet projected. */
    public Reply postLogged(String path, String json) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply patch(String path, String json) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply put(String path, String json) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    public Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Reply(int status, String body, HttpHeaders headers) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        /** The {@code error.code} of an error answer. */
        public String errorCode() {
            return json().path("error").path("code").asString();
        }

        public String errorField() {
            return json().path("error").path("field").asString();
        }
    }
}
