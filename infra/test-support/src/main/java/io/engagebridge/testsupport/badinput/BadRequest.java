package io.engagebridge.testsupport.badinput;

import java.util.Set;

/**
 * One malformed request of the corpus: its category ({@code json}, {@code path}, {@code headers}, ...), what is
 * wrong with it, the bytes to send, and the statuses that refuse it for that fault.
 * <p>
 * {@code protocol} cases are broken HTTP (a raw CR in a header, a request line or headers over Vert.x's limits, a
 * body over {@code quarkus.http.limits.max-body-size}): Vert.x answers them itself, before any of the app's code,
 * with a bare 400/413/414/431 and no body. They must still be refused quickly with nothing done, but cannot be
 * problem+json: nothing of the app sees them (quarkusio/quarkus#55082).
 */
public record BadRequest(String category, String fault, RawRequest request, Set<Integer> refusals) {

    public boolean protocol() {
        return category.equals(BadRequests.PROTOCOL);
    }

    /** {@code category: fault}, printable (control characters shown as escapes). */
    public String name() {
        StringBuilder name = new StringBuilder(category).append(": ");
        for (char c : fault.toCharArray()) {
            name.append(c < 0x20 || (c >= 0x7f && c <= 0x9f) || Character.isSurrogate(c)
                    ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return name.length() > 160 ? name.substring(0, 157) + "..." : name.toString();
    }

    @Override
    public String toString() {
        return name();
    }
}
