package io.engagebridge.gateway.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.engagebridge.gateway.JwtKeysResource;
import io.engagebridge.testsupport.EngageWireMockResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;

/**
 * A gateway configured otherwise than by default: an identity provider publishing a JWK set with an RSA and an EC key
 * (so RS256 and ES256 are both listed), another audience, and narrower allow-lists. Every rule follows its
 * configuration.
 */
@QuarkusTest
@TestProfile(ConfiguredRulesTest.Otherwise.class)
@WithTestResource(value = JwtKeysResource.class, initArgs = @ResourceArg(name = "keys", value = "JWKS"))
@WithTestResource(value = EngageWireMockResource.class, initArgs = @ResourceArg(name = "property", value = "services.base-url"))
class ConfiguredRulesTest extends GatewayTestBase {

    private static final String AUDIENCE = "tills-and-pages";

    public static class Otherwise implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Timeouts are not under test here: a cold first call on a busy machine may take longer than 700 ms.
            return Map.of("mp.jwt.verify.publickey.algorithm", "RS256,ES256", "mp.jwt.verify.audiences", AUDIENCE,
                    "gateway.my-pages.changeable-attributes", "firstName,preferences.*",
                    "gateway.pos.changeable-attributes", "firstName,memberNumber",
                    "quarkus.rest-client.contacts.read-timeout", "5000");
        }
    }

    @Test
    void es256AndRs256TokensForTheConfiguredAudiencePass() {
        services.stubFor(patch(urlPathEqualTo(CONTACT)).willReturn(okJson("{\"status\":\"APPLIED\"}")));

        change(es256("customer", AUDIENCE), "/api/v1/me/profile", "{\"attributes\":{\"firstName\":\"Annie\"}}")
                .statusCode(200);
        change(rs256("customer", AUDIENCE), "/api/v1/me/profile", "{\"attributes\":{\"firstName\":\"Annie\"}}")
                .statusCode(200);

        services.verify(2, patchRequestedFor(urlPathEqualTo(CONTACT))
                .withRequestBody(equalToJson("{\"attributes\":{\"firstName\":\"Annie\"}}")));
    }

    @Test
    void aKeyOfTheSetWithAnotherAlgorithmIsRefused() {
        String rs512 = JwtKeysResource.claims("customer", ANN).audience(AUDIENCE).jws().keyId(JwtKeysResource.RSA_KID)
                .algorithm(SignatureAlgorithm.RS512).sign();
        change(rs512, "/api/v1/me/profile", "{\"attributes\":{\"firstName\":\"Annie\"}}").statusCode(401);
        services.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void theDefaultAudienceIsNoLongerEnough() {
        change(es256("customer", JwtKeysResource.AUDIENCE), "/api/v1/me/profile",
                "{\"attributes\":{\"firstName\":\"Annie\"}}").statusCode(401);
        services.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void theListsAreTheConfiguredOnes() {
        String customer = es256("customer", AUDIENCE);
        String pos = es256("pos", AUDIENCE);

        change(customer, "/api/v1/me/profile", "{\"attributes\":{\"lastName\":\"Berg\"}}").statusCode(403)
                .body("detail", equalTo("Not changeable with this token: lastName"));
        change(customer, "/api/v1/me/profile", "{\"clear\":[\"city\"]}").statusCode(403)
                .body("detail", equalTo("Not changeable with this token: city"));
        change(pos, "/api/v1/contacts/" + ANN, "{\"attributes\":{\"externalId\":\"WEB-42\"}}").statusCode(403)
                .body("detail", equalTo("Not changeable with this token: externalId"));
        services.verify(0, anyRequestedFor(anyUrl()));
    }

    private static String es256(String group, String audience) {
        return JwtKeysResource.claims(group, "customer".equals(group) ? ANN : null).audience(audience).jws()
                .keyId(JwtKeysResource.EC_KID).algorithm(SignatureAlgorithm.ES256)
                .sign(ConfigProvider.getConfig().getValue(JwtKeysResource.EC_KEY_PROPERTY, String.class));
    }

    private static String rs256(String group, String audience) {
        return JwtKeysResource.claims(group, "customer".equals(group) ? ANN : null).audience(audience).jws()
                .keyId(JwtKeysResource.RSA_KID).sign();
    }

    private static ValidatableResponse change(String token, String path, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).patch(path).then();
    }
}
