package io.engagebridge.testsupport.badinput;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.engagebridge.testsupport.openapi.ObservedStatuses;

/**
 * HTTP/1.1 written byte for byte on a socket, so a test can send what no HTTP client would: a raw CR in a header, a
 * path with {@code ..} or invalid UTF-8 left as it is, a chunked body past a limit. One request per connection
 * ({@code Connection: close}); the answer is read whole, its time measured from the first byte sent. Each answer is
 * written down for the app's API-document check ({@link ObservedStatuses}).
 */
public final class RawHttp {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private RawHttp() {
    }

    /** An answer: status, headers (names lower-cased), body, and how long it took. Status 0: none came. */
    public record Answer(int status, Map<String, List<String>> headers, byte[] body, Duration took) {

        /** The first value of a header, or null. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            String text = bodyText();
            return status + " " + headers + " " + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
        }
    }

    /** Sends {@code request} (complete, as bytes) to 127.0.0.1:{@code port} and reads the answer. */
    public static Answer send(int port, byte[] request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            long start = System.nanoTime();
            // Written beside the reading: a server may answer (413) and close before it has read a large body.
            Thread writer = new Thread(() -> write(socket, request), "raw-http-writer");
            writer.setDaemon(true);
            writer.start();
            Answer answer = read(socket.getInputStream(), start);
            writer.join(READ_TIMEOUT.toMillis());
            observed(request, answer.status());
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException("No answer from 127.0.0.1:" + port, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Writes the answer down for the app's API-document check ({@link ObservedStatuses}), by its request line. */
    private static void observed(byte[] request, int status) {
        String head = new String(request, 0, Math.min(request.length, 16_384), StandardCharsets.ISO_8859_1);
        int end = head.indexOf("\r\n");
        String line = end < 0 ? head : head.substring(0, end);
        int space = line.indexOf(' ');
        if (space < 0) {
            return;
        }
        int version = line.lastIndexOf(" HTTP/");
        String target = version > space ? line.substring(space + 1, version) : line.substring(space + 1);
        int query = target.indexOf('?');
        ObservedStatuses.record(line.substring(0, space), query < 0 ? target : target.substring(0, query), status);
    }

    private static void write(Socket socket, byte[] request) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
        } catch (IOException closedEarly) {
            // the server answered and closed before taking all of it: the answer tells
        }
    }

    private static Answer read(InputStream in, long start) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        int b;
        try {
            while ((b = in.read()) >= 0) {
                head.write(b);
                last4 = (last4 << 8) | b;
                if (last4 == 0x0D0A0D0A) {
                    break;
                }
            }
        } catch (IOException reset) {
            if (head.size() == 0) {
                return new Answer(0, Map.of(), new byte[0], Duration.ofNanos(System.nanoTime() - start));
            }
        }
        if (head.size() == 0) {
            return new Answer(0, Map.of(), new byte[0], Duration.ofNanos(System.nanoTime() - start));
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status = Integer.parseInt(statusLine[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body;
        List<String> length = headers.get("content-length");
        List<String> encoding = headers.get("transfer-encoding");
        try {
            if (length != null) {
                body = in.readNBytes(Integer.parseInt(length.get(0)));
            } else if (encoding != null && encoding.get(0).equalsIgnoreCase("chunked")) {
                body = chunks(in);
            } else {
                body = in.readAllBytes();
            }
        } catch (IOException reset) {
            body = new byte[0];
        }
        return new Answer(status, headers, body, Duration.ofNanos(System.nanoTime() - start));
    }

    private static byte[] chunks(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                line(in);
                return body.toByteArray();
            }
            body.write(in.readNBytes(n));
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
