package io.engagebridge.gateway.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.engagebridge.gateway.JwtKeysResource;
import io.engagebridge.testsupport.EngageWireMockResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * What a customer (PATCH /api/v1/me/profile) and a POS (PATCH /api/v1/contacts/{id}) may change, with the default
 * allow-lists: a refused attribute is a 403 naming it, and nothing reaches contacts-service (so nothing reaches Engage).
 */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(value = EngageWireMockResource.class, initArgs = @ResourceArg(name = "property", value = "services.base-url"))
class ContactChangeRulesTest extends GatewayTestBase {

    private static final String NOT_CHANGEABLE = "AttributeNotChangeable";

    /** Every attribute a customer may change by default, flat and nested, as a My Pages form would send them. */
    private static final String EVERYTHING_A_CUSTOMER_MAY_CHANGE = """
            {"attributes":{"firstName":"Ann","lastName":"Berg","street":"Storgatan 1","careOf":"Eva","zipCode":"22350",
             "city":"Lund","countryCode":"SE",
             "address":{"street":"Storgatan 1","careOf":"Eva","zipCode":"22350","city":"Lund","countryCode":"SE"},
             "mobilePhone":"+46701234567","email":"ann@example.com",
             "preferences":{"acceptsEmail":true,"acceptsSms":false,"acceptsPostal":true},
             "consents":{"newsletter":true,"profiling":false}},
             "clear":["careOf","address.careOf","preferences.acceptsPostal","consents"]}""";

    /** A cold first PATCH through a fresh gateway can outlast the 700 ms test timeout; it is made before any test. */
    @Override
    void warmUp() {
        services.stubFor(patch(urlPathEqualTo(CONTACT)).willReturn(okJson("{\"status\":\"APPLIED\"}")));
        await("the gateway forwards a first PATCH").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    breakers.resetAll();
                    changeMine("{\"attributes\":{\"firstName\":\"Ann\"}}").statusCode(200);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = { "memberNumber", "externalId", "socialSecurityNumber", "contactType", "favouriteColour",
            "MemberNumber", "birthDay", "address.memberNumber", "firstName.inner" })
    void aCustomerCannotSetAnAttributeOffTheList(String path) {
        changeMine("{\"attributes\":" + nested(path, "\"x\"") + "}")
                .statusCode(403).contentType("application/problem+json")
                .body("code", equalTo(NOT_CHANGEABLE)).body("detail", equalTo("Not changeable with this token: " + path));

        services.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @ValueSource(strings = { "memberNumber", "externalId", "socialSecurityNumber", "contactType", "favouriteColour",
            "address", "address.memberNumber" })
    void aCustomerCannotClearAnAttributeOffTheList(String path) {
        changeMine("{\"clear\":[\"" + path + "\"]}")
                .statusCode(403).contentType("application/problem+json")
                .body("code", equalTo(NOT_CHANGEABLE)).body("detail", equalTo("Not changeable with this token: " + path));

        services.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void oneRefusedAttributeStopsTheWholeChangeAndOnlyTheRefusedAreNamed() {
        changeMine("{\"attributes\":{\"firstName\":\"Annie\",\"memberNumber\":\"M-7\",\"city\":\"Lund\"},"
                + "\"clear\":[\"lastName\",\"externalId\"]}")
                .statusCode(403).body("detail", equalTo("Not changeable with this token: memberNumber, externalId"))
                .body("detail", not(containsString("firstName")));

        services.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aBodyOtherThanAttributesAndClearReachesNoService() {
        for (String body : List.of("{\"memberNumber\":\"M-7\"}", "{\"attributes\":[\"memberNumber\"]}",
                "{\"clear\":\"memberNumber\"}", "[]")) {
            changeMine(body).statusCode(400).contentType("application/problem+json");
        }
        services.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void everyAttributeOnTheCustomerListIsForwardedUnchanged() {
        services.stubFor(patch(urlPathEqualTo(CONTACT)).willReturn(okJson("{\"status\":\"APPLIED\"}")));

        changeMine(EVERYTHING_A_CUSTOMER_MAY_CHANGE).statusCode(200).body("status", equalTo("APPLIED"));

        services.verify(1, patchRequestedFor(urlPathEqualTo(CONTACT))
                .withRequestBody(equalToJson(EVERYTHING_A_CUSTOMER_MAY_CHANGE)));
        services.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void aPosMayAlsoChangeTheLoyaltyKeys() {
        services.stubFor(patch(urlPathEqualTo(CONTACT)).willReturn(okJson("{\"status\":\"APPLIED\"}")));
        String body = "{\"attributes\":{\"memberNumber\":\"M-7\",\"externalId\":\"WEB-42\",\"firstName\":\"Ann\","
                + "\"preferences\":{\"acceptsSms\":true}},\"clear\":[\"city\"]}";

        changeAnn(body).statusCode(200);
        changeAnn("{\"clear\":[\"memberNumber\",\"externalId\"]}").statusCode(200);

        services.verify(1, patchRequestedFor(urlPathEqualTo(CONTACT)).withRequestBody(equalToJson(body)));
        services.verify(1, patchRequestedFor(urlPathEqualTo(CONTACT))
                .withRequestBody(equalToJson("{\"clear\":[\"memberNumber\",\"externalId\"]}")));
    }

    @ParameterizedTest
    @ValueSource(strings = { "contactType", "socialSecurityNumber", "favouriteColour", "address.memberNumber" })
    void aPosCannotChangeWhatIsOffItsList(String path) {
        changeAnn("{\"attributes\":" + nested(path, "\"x\"") + "}").statusCode(403)
                .contentType("application/problem+json").body("code", equalTo(NOT_CHANGEABLE))
                .body("detail", equalTo("Not changeable with this token: " + path));
        changeAnn("{\"clear\":[\"" + path + "\"]}").statusCode(403)
                .body("detail", equalTo("Not changeable with this token: " + path));

        services.verify(0, anyRequestedFor(anyUrl()));
    }

    private static ValidatableResponse changeMine(String body) {
        return send(customer(), body, "/api/v1/me/profile");
    }

    private static ValidatableResponse changeAnn(String body) {
        return send(pos(), body, "/api/v1/contacts/" + ANN);
    }

    private static ValidatableResponse send(RequestSpecification who, String body, String path) {
        return who.contentType(ContentType.JSON).body(body).patch(path).then();
    }

    /** {@code address.street} and a value as {@code {"address":{"street":value}}}. */
    private static String nested(String path, String value) {
        String json = value;
        String[] names = path.split("\\.");
        for (int i = names.length - 1; i >= 0; i--) {
            json = "{\"" + names[i] + "\":" + json + "}";
        }
        return json;
    }
}
