package io.engagebridge.testsupport.badinput;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One HTTP/1.1 request as bytes, written exactly as given: the target and header values are not encoded or checked
 * (a target's characters go out as single bytes, ISO-8859-1, so {@code "\u00c3("} is the invalid UTF-8 it spells).
 */
public record RawRequest(String method, String target, List<Header> headers, byte[] body, Framing framing) {

    private static final byte[] CRLF = { '\r', '\n' };
    private static final int CHUNK = 8192;

    /** How the body is framed. */
    public enum Framing {
        /** {@code Content-Length} (none without a body). */
        LENGTH,
        /** {@code Transfer-Encoding: chunked}, in 8 KiB chunks: the server learns the size only by reading. */
        CHUNKED,
        /** Both {@code Content-Length} and {@code Transfer-Encoding: chunked}: the request smuggling shape. */
        LENGTH_AND_CHUNKED
    }

    /** A header line; its value as bytes, so it can hold what a header must not (CR, NUL, raw UTF-8). */
    public record Header(String name, byte[] value) {

        public static Header of(String name, String value) {
            return new Header(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    public RawRequest {
        headers = List.copyOf(headers);
    }

    public RawRequest withMethod(String newMethod) {
        return new RawRequest(newMethod, target, headers, body, framing);
    }

    public RawRequest withTarget(String newTarget) {
        return new RawRequest(method, newTarget, headers, body, framing);
    }

    public RawRequest withBody(byte[] newBody) {
        return new RawRequest(method, target, headers, newBody, framing);
    }

    public RawRequest withBody(String json) {
        return withBody(json.getBytes(StandardCharsets.UTF_8));
    }

    public RawRequest withFraming(Framing newFraming) {
        return new RawRequest(method, target, headers, body, newFraming);
    }

    /** With {@code name} replaced by {@code header} (removed when null). */
    public RawRequest withHeader(String name, Header header) {
        List<Header> changed = new ArrayList<>(headers.stream().filter(h -> !h.name().equalsIgnoreCase(name)).toList());
        if (header != null) {
            changed.add(header);
        }
        return new RawRequest(method, target, changed, body, framing);
    }

    public RawRequest withHeader(String name, String value) {
        return withHeader(name, value == null ? null : Header.of(name, value));
    }

    /** And one more header line (a second one of the same name stays). */
    public RawRequest plusHeader(Header header) {
        List<Header> changed = new ArrayList<>(headers);
        changed.add(header);
        return new RawRequest(method, target, changed, body, framing);
    }

    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        for (Header header : headers) {
            out.writeBytes((header.name() + ": ").getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(header.value());
            out.writeBytes(CRLF);
        }
        if (body != null) {
            if (framing != Framing.CHUNKED) {
                out.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            if (framing != Framing.LENGTH) {
                out.writeBytes("Transfer-Encoding: chunked\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        out.writeBytes(CRLF);
        if (body != null) {
            if (framing == Framing.LENGTH) {
                out.writeBytes(body);
            } else {
                for (int at = 0; at < body.length; at += CHUNK) {
                    int n = Math.min(CHUNK, body.length - at);
                    out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(body, at, n);
                    out.writeBytes(CRLF);
                }
                out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return out.toByteArray();
    }
}
