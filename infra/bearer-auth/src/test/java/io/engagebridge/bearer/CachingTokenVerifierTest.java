package io.engagebridge.bearer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.security.KeyPair;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.engagebridge.testsupport.ServiceKeys;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;

/**
 * A remembered verification never lets a token through rules it was not checked against: the same token, once
 * accepted under looser rules, is verified again (and refused) under the gateway's. Without Quarkus.
 */
class CachingTokenVerifierTest {

    private static final String ISSUER = "https://engage-bridge.test";
    private static final KeyPair KEYS = ServiceKeys.newPair();

    private final CachingTokenVerifier verifier = new CachingTokenVerifier(Duration.ofSeconds(60), 100);

    @Test
    void aGoodTokenIsVerifiedOnceAndThenRemembered() throws Exception {
        String token = Jwt.issuer(ISSUER).audience("engage-bridge").upn("ann").expiresIn(300).sign(KEYS.getPrivate());

        JWTCallerPrincipal first = verifier.parse(token, strict());
        JWTCallerPrincipal second = verifier.parse(token, strict());

        assertThat(second).isSameAs(first);
    }

    @Test
    void aRememberedTokenIsRefusedOnceItHasExpired() throws Exception {
        String token = Jwt.issuer(ISSUER).audience("engage-bridge").upn("ann").expiresIn(2).sign(KEYS.getPrivate());
        JWTAuthContextInfo noGrace = strict();
        noGrace.setClockSkew(0);

        verifier.parse(token, noGrace);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertThatThrownBy(() -> verifier.parse(token, noGrace)).isInstanceOf(ParseException.class));
    }

    @Test
    void theVerifiedTokenReadsEveryClaimAsSmallryeJwtDoes() throws Exception {
        String token = Jwt.issuer(ISSUER).audience("engage-bridge").upn("ann").groups(Set.of("customer"))
                .claim("contact_id", "c-1").claim("raw_token", "a claim named like a listed one").expiresIn(300)
                .sign(KEYS.getPrivate());

        JWTCallerPrincipal principal = verifier.parse(token, strict());

        assertThat(principal.<String>getClaim("contact_id")).isEqualTo("c-1");
        assertThat(principal.getGroups()).containsExactly("customer");
        assertThat(principal.getName()).isEqualTo("ann");
        assertThat(principal.getIssuer()).isEqualTo(ISSUER);
        assertThat(principal.<String>getClaim("upn")).isEqualTo("ann");
        assertThat(principal.getRawToken()).isEqualTo(token);
        assertThat(principal.<Object>getClaim("absent")).isNull();
    }

    @Test
    void aTokenAcceptedWithoutAnAudienceCheckIsStillRefusedForItsAudience() throws Exception {
        String anotherApi = Jwt.issuer(ISSUER).audience("another-api").upn("ann").expiresIn(300).sign(KEYS.getPrivate());
        String none = Jwt.issuer(ISSUER).upn("ann").expiresIn(300).sign(KEYS.getPrivate());

        for (String token : new String[] { anotherApi, none }) {
            verifier.parse(token, loose());
            assertThatThrownBy(() -> verifier.parse(token, strict())).isInstanceOf(ParseException.class);
        }
    }

    @Test
    void aTokenAcceptedUnderMoreAlgorithmsIsStillRefusedForItsAlgorithm() throws Exception {
        String rs512 = Jwt.issuer(ISSUER).audience("engage-bridge").upn("ann").expiresIn(300).jws()
                .algorithm(SignatureAlgorithm.RS512).sign(KEYS.getPrivate());

        verifier.parse(rs512, loose());
        assertThatThrownBy(() -> verifier.parse(rs512, strict())).isInstanceOf(ParseException.class);
    }

    /** The gateway's rules: its audience, RS256 or ES256. */
    private static JWTAuthContextInfo strict() {
        JWTAuthContextInfo context = new JWTAuthContextInfo(KEYS.getPublic(), ISSUER);
        context.setExpectedAudience(Set.of("engage-bridge"));
        context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256, SignatureAlgorithm.ES256));
        return context;
    }

    /** Looser rules another verifier might have: any audience, RS512 too. */
    private static JWTAuthContextInfo loose() {
        JWTAuthContextInfo context = new JWTAuthContextInfo(KEYS.getPublic(), ISSUER);
        context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256, SignatureAlgorithm.RS512));
        return context;
    }
}
