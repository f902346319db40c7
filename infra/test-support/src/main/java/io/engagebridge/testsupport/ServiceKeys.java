package io.engagebridge.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtContext;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * The service keys of one test JVM, made at first use and never written anywhere but a temporary directory: a key
 * pair per signer (the gateway, transactions-service, an operator), their public keys as one JWK set (what a service
 * verifies its callers with), and tokens signed with them, as the callers would send them.
 */
public final class ServiceKeys {

    public static final String GATEWAY = "gateway";
    public static final String TRANSACTIONS = "transactions-service";
    public static final String OPERATOR = "operator";
    /** The issuer every service token names (the apps' {@code service-token.issuer} and {@code mp.jwt.verify.issuer}). */
    public static final String ISSUER = "engage-bridge";
    /** How long the tokens made here live, as the apps' own. */
    public static final long LIFETIME_SECONDS = 300;

    private static ServiceKeys shared;

    private final Path dir;
    private final Map<String, KeyPair> pairs = new LinkedHashMap<>();
    private final KeyPair stranger;

    private ServiceKeys() {
        try {
            dir = Files.createTempDirectory("service-keys");
            for (String signer : List.of(GATEWAY, TRANSACTIONS, OPERATOR)) {
                KeyPair pair = newPair();
                pairs.put(signer, pair);
                Files.writeString(privateKey(signer), pem(pair.getPrivate()));
            }
            stranger = newPair();
            Files.writeString(jwks(), jwkSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The keys of this test JVM (made once, shared by every test class and every app started by the tests). */
    public static synchronized ServiceKeys shared() {
        if (shared == null) {
            shared = new ServiceKeys();
        }
        return shared;
    }

    /** The id of a signer's key: its name, then a suffix, as infra/scripts/service-keys.sh makes them. */
    public String keyId(String signer) {
        return signer + ".test";
    }

    /** The callers' public keys, one JWK set. */
    public Path jwks() {
        return dir.resolve("jwks.json");
    }

    /** A signer's private key, PEM (PKCS#8). */
    public Path privateKey(String signer) {
        return dir.resolve(signer + ".key.pem");
    }

    /** What a service under test needs to verify its callers. */
    public Map<String, String> verifierConfig() {
        return Map.of("mp.jwt.verify.publickey.location", jwks().toUri().toString());
    }

    /** What an app under test needs to sign its calls as {@code signer}. */
    public Map<String, String> signerConfig(String signer) {
        return Map.of(
                "service-token.signing-key-location", privateKey(signer).toUri().toString(),
                "service-token.key-id", keyId(signer));
    }

    /** A valid token of {@code signer} for {@code audience}, as the signer would send it. */
    public String token(String signer, String audience) {
        return token(signer, audience, UnaryOperator.identity());
    }

    /** A token of {@code signer} for {@code audience}, its claims changed first (expired, another issuer, a group...). */
    public String token(String signer, String audience, UnaryOperator<JwtClaimsBuilder> change) {
        return sign(claims(signer, audience, change), keyId(signer), pairs.get(signer).getPrivate());
    }

    /** A token naming {@code signer}'s key id, signed with a key no service knows. */
    public String forgedToken(String signer, String audience) {
        return sign(claims(signer, audience, UnaryOperator.identity()), keyId(signer), stranger.getPrivate());
    }

    /** A token signed with a key of an id no service knows, claiming to be {@code signer}. */
    public String tokenOfAnUnknownKey(String signer, String audience) {
        return sign(claims(signer, audience, UnaryOperator.identity()), signer + ".unknown", stranger.getPrivate());
    }

    /**
     * Checks an {@code Authorization} header an app under test sent: a bearer token signed by {@code signer}'s key,
     * with its key id, this issuer and {@code audience}, not expired. Fails otherwise; answers what it says.
     */
    public SentToken verify(String authorization, String signer, String audience) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            throw new AssertionError("Expected a bearer token, got " + authorization);
        }
        try {
            JwtContext token = new JwtConsumerBuilder()
                    .setVerificationKey(pairs.get(signer).getPublic())
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                            AlgorithmIdentifiers.RSA_USING_SHA256)
                    .setExpectedIssuer(ISSUER)
                    .setExpectedAudience(audience)
                    .setRequireExpirationTime()
                    .setRequireIssuedAt()
                    .build().process(authorization.substring("Bearer ".length()));
            String kid = token.getJoseObjects().get(0).getKeyIdHeaderValue();
            if (!keyId(signer).equals(kid)) {
                throw new AssertionError("Expected key id " + keyId(signer) + ", got " + kid);
            }
            JwtClaims claims = token.getJwtClaims();
            return new SentToken(kid, claims.getSubject(), claims.getStringListClaimValue("groups"), claims.getAudience(),
                    claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue());
        } catch (InvalidJwtException | MalformedClaimException e) {
            throw new AssertionError("Not a valid token of " + signer + " for " + audience + ": " + e.getMessage(), e);
        }
    }

    /** What a token an app under test sent says. */
    public record SentToken(String keyId, String subject, List<String> groups, List<String> audience, long lifetimeSeconds) {
    }

    private static JwtClaimsBuilder claims(String signer, String audience, UnaryOperator<JwtClaimsBuilder> change) {
        Instant now = Instant.now();
        return change.apply(Jwt.issuer(ISSUER).subject(signer).groups(signer).audience(audience)
                .issuedAt(now).expiresAt(now.plusSeconds(LIFETIME_SECONDS)));
    }

    private static String sign(JwtClaimsBuilder claims, String keyId, PrivateKey key) {
        return claims.jws().keyId(keyId).algorithm(SignatureAlgorithm.RS256).sign(key);
    }

    private String jwkSet() {
        List<JsonWebKey> keys = new ArrayList<>();
        pairs.forEach((signer, pair) -> {
            RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) pair.getPublic());
            jwk.setKeyId(keyId(signer));
            jwk.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            jwk.setUse("sig");
            keys.add(jwk);
        });
        return new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    /** A fresh RSA 2048 key pair, for any test that signs tokens. */
    public static KeyPair newPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }
}
