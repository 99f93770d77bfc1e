package io.reservoir.platform.security;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The {@code writeKey} that browser-side Segment clients put in the JSON body instead of a
 * header. Reading it means reading the body first, so the request is replaced by one that replays
 * the same bytes to the controller.
 */
final class BodyWriteKey {

    private static final JsonFactory JSON = new JsonFactory();

    private BodyWriteKey() {}

    /** A request whose body can be read again, and the top-level {@code writeKey} in it, if any. */
    record Peeked(HttpServletRequest request, Optional<String> writeKey) {}

    static Peeked peek(HttpServletRequest request) throws IOException {
        byte[] body = request.getInputStream().readAllBytes();
        return new Peeked(new Replaying(request, body), find(body));
    }

    static Optional<String> find(byte[] body) {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("writeKey".equals(name) && value == JsonToken.VALUE_STRING) {
                    return Optional.of(parser.getString());
                }
                parser.skipChildren();
            }
            return Optional.empty();
        } catch (RuntimeException malformed) {
            return Optional.empty(); // the controller reports malformed JSON once authenticated
        }
    }

    private static final class Replaying extends HttpServletRequestWrapper {

        private final byte[] body;

        Replaying(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("replayed bodies are read blocking");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
