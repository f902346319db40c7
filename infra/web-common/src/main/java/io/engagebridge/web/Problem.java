package io.engagebridge.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 7807 error body ({@code application/problem+json}). {@code code} carries Engage's error code when the
 * problem came from Engage; {@code requestId} ties it to the logs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String code, String requestId) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
