package io.engagebridge.gateway.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.engagebridge.gateway.JwtKeysResource;
import io.engagebridge.testsupport.EngageWireMockResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;

/**
 * The token rules beyond signature and expiry (GatewayTest): the audience, the algorithms (RS256, ES256 only), and
 * endpoints without a security annotation denied. Every refusal is a 401 or 403 before anything reaches a service.
 * The calls go to PATCH /api/v1/me/profile with a refused attribute: a token that passes gets the allow-list's 403
 * (AttributeNotChangeable), one that does not gets 401, and no service is ever called either way.
 */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(value = EngageWireMockResource.class, initArgs = @ResourceArg(name = "property", value = "services.base-url"))
class TokenRulesTest extends GatewayTestBase {

    @Test
    void aGoodTokenPasses() {
        tryWith(JwtKeysResource.token("customer", ANN)).statusCode(403).body("code", equalTo("AttributeNotChangeable"));
    }

    @Test
    void aTokenWithoutAnAudienceIsRefused() {
        String noAudience = Jwt.issuer(JwtKeysResource.ISSUER).upn("someone").groups(Set.of("customer"))
                .claim("contact_id", ANN).expiresIn(300).sign();
        tryWith(noAudience).statusCode(401).contentType("application/problem+json");
        services.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aTokenForAnotherAudienceIsRefusedEveryTime() {
        String another = JwtKeysResource.claims("customer", ANN).audience("another-api").sign();
        for (int i = 0; i < 3; i++) {
            tryWith(another).statusCode(401);
        }
        services.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aTokenNamingThisApiAmongOthersPasses() {
        String both = JwtKeysResource.claims("customer", ANN).audience(Set.of("another-api", JwtKeysResource.AUDIENCE))
                .sign();
        tryWith(both).statusCode(403).body("code", equalTo("AttributeNotChangeable"));
    }

    @ParameterizedTest
    @EnumSource(value = SignatureAlgorithm.class, names = { "RS384", "RS512", "PS256", "PS384", "PS512" })
    void aTokenSignedWithTheRightKeyButAnotherAlgorithmIsRefused(SignatureAlgorithm algorithm) {
        String token = JwtKeysResource.claims("customer", ANN).jws().algorithm(algorithm).sign();
        tryWith(token).statusCode(401);
        services.verify(0, anyRequestedFor(anyUrl()));
    }

    /** The classic confusion: HS256 with the verifier's public key, which anyone has, as the HMAC secret. */
    @Test
    void anHs256TokenIsRefusedEvenWithThePublicKeyAsItsSecret() throws Exception {
        String publicKey = Files.readString(Path.of(URI.create(
                ConfigProvider.getConfig().getValue("mp.jwt.verify.publickey.location", String.class))));
        tryWith(JwtKeysResource.claims("customer", ANN).signWithSecret(publicKey)).statusCode(401);
        tryWith(JwtKeysResource.claims("customer", ANN).signWithSecret("a-shared-secret-of-at-least-32-bytes!!"))
                .statusCode(401);
        services.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void anUnsignedTokenIsRefused() {
        long now = Instant.now().getEpochSecond();
        String claims = "{\"iss\":\"" + JwtKeysResource.ISSUER + "\",\"aud\":\"" + JwtKeysResource.AUDIENCE
                + "\",\"upn\":\"someone\",\"groups\":[\"customer\"],\"contact_id\":\"" + ANN + "\",\"iat\":" + now
                + ",\"exp\":" + (now + 300) + "}";
        String unsigned = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + base64Url(claims) + ".";
        tryWith(unsigned).statusCode(401);

        String signed = JwtKeysResource.token("customer", ANN);
        String signatureStripped = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + signed.substring(signed.indexOf('.'),
                signed.lastIndexOf('.') + 1);
        tryWith(signatureStripped).statusCode(401);
        services.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void anEndpointWithoutASecurityAnnotationIsDeniedToEveryone() {
        given().get("/api/v1/test-only/unannotated").then().statusCode(401).contentType("application/problem+json");
        for (String group : new String[] { "customer", "pos", "ops" }) {
            given().auth().oauth2(JwtKeysResource.token(group, ANN)).get("/api/v1/test-only/unannotated").then()
                    .statusCode(403).contentType("application/problem+json");
        }
        given().get("/api/v1/ping").then().statusCode(200);
    }

    private static ValidatableResponse tryWith(String token) {
        return given().auth().oauth2(token).contentType("application/json")
                .body("{\"attributes\":{\"memberNumber\":\"M-7\"}}").patch("/api/v1/me/profile").then();
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
