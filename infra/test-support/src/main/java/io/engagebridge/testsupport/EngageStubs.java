package io.engagebridge.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

/** Engage answers for WireMock stubs, in the documented forms. */
public final class EngageStubs {

    private EngageStubs() {
    }

    /** A JSON answer. */
    public static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** An Engage error in its documented body: {@code {"errors":[{"code":...,"message":...}]}}. */
    public static ResponseDefinitionBuilder engageError(int status, String code) {
        return json(status, "{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + code + "\"}]}");
    }
}
