package io.engagebridge.servicetokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Minting and caching checked without booting Quarkus: a fixed clock, a key made for the test. */
class ServiceTokensTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @TempDir
    static Path dir;
    private static KeyPair pair;
    private static Path privateKey;

    private final MovableClock clock = new MovableClock();

    @BeforeAll
    static void makeAKey() throws IOException, NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        pair = generator.generateKeyPair();
        privateKey = dir.resolve("gateway.key.pem");
        Files.writeString(privateKey, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
    }

    private ServiceTokens tokens(String keyId) {
        return new ServiceTokens(new Config("gateway", Optional.of(privateKey.toUri().toString()), Optional.ofNullable(keyId)),
                clock);
    }

    private JwtContext verified(String bearer, String audience) throws Exception {
        assertThat(bearer).startsWith("Bearer ");
        return new JwtConsumerBuilder()
                .setVerificationKey(pair.getPublic())
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setExpectedIssuer("engage-bridge")
                .setExpectedAudience(audience)
                .setEvaluationTime(NumericDate.fromMilliseconds(clock.instant().toEpochMilli()))
                .build().process(bearer.substring("Bearer ".length()));
    }

    @Test
    void aTokenNamesTheServiceAndTheCallerIsSignedWithTheCallersKeyAndLivesFiveMinutes() throws Exception {
        JwtContext token = verified(tokens("gateway.k1").bearer("contacts-service"), "contacts-service");

        JwtClaims claims = token.getJwtClaims();
        assertThat(token.getJoseObjects().get(0).getKeyIdHeaderValue()).isEqualTo("gateway.k1");
        assertThat(claims.getAudience()).containsExactly("contacts-service");
        assertThat(claims.getSubject()).isEqualTo("gateway");
        assertThat(claims.getStringListClaimValue("groups")).containsExactly("gateway");
        assertThat(claims.getIssuedAt().getValue()).isEqualTo(T0.getEpochSecond());
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(300);
    }

    @Test
    void oneTokenServesEveryCallUntilAMinuteBeforeItExpires() {
        ServiceTokens tokens = tokens("gateway.k1");
        String first = tokens.bearer("contacts-service");

        clock.move(Duration.ofMinutes(4).minusSeconds(1));
        assertThat(tokens.bearer("contacts-service")).isSameAs(first);

        clock.move(Duration.ofSeconds(1));
        String renewed = tokens.bearer("contacts-service");
        assertThat(renewed).isNotEqualTo(first);
        clock.move(Duration.ofMinutes(3));
        assertThat(tokens.bearer("contacts-service")).isSameAs(renewed);
    }

    @Test
    void eachServiceGetsATokenForItselfAlone() throws Exception {
        ServiceTokens tokens = tokens("gateway");

        assertThat(verified(tokens.bearer("promotions-service"), "promotions-service").getJwtClaims().getAudience())
                .containsExactly("promotions-service");
        assertThat(verified(tokens.bearer("transactions-service"), "transactions-service").getJwtClaims().getAudience())
                .containsExactly("transactions-service");
    }

    @Test
    void aKeyIdThatDoesNotNameTheCallerStopsTheStart() {
        assertThatThrownBy(() -> tokens("transactions-service.k1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'gateway' or 'gateway.<anything>'");
        assertThatThrownBy(() -> tokens("gatewayx")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aMissingKeyStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> tokens(null)).hasMessageContaining("SERVICE_SIGNING_KEY_ID");
        assertThatThrownBy(() -> new ServiceTokens(new Config("gateway", Optional.empty(), Optional.of("gateway")), clock))
                .hasMessageContaining("SERVICE_SIGNING_KEY_LOCATION");
        assertThatThrownBy(() -> new ServiceTokens(new Config("gateway",
                Optional.of(dir.resolve("absent.pem").toUri().toString()), Optional.of("gateway")), clock))
                .hasMessageContaining("Cannot read this app's signing key").hasMessageContaining("absent.pem");
    }

    private record Config(String caller, Optional<String> signingKeyLocation, Optional<String> keyId)
            implements ServiceTokenConfig {

        @Override
        public String issuer() {
            return "engage-bridge";
        }

        @Override
        public Duration lifetime() {
            return Duration.ofMinutes(5);
        }

        @Override
        public Duration renewBefore() {
            return Duration.ofMinutes(1);
        }
    }

    private static final class MovableClock extends Clock {

        private Instant now = T0;

        void move(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
