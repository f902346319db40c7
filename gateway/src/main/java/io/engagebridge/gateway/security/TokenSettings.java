package io.engagebridge.gateway.security;

import java.security.PublicKey;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.Startup;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.util.KeyUtils;
import io.smallrye.jwt.util.ResourceUtils;

/**
 * The token settings the gateway refuses to start with, each named in the error: no key, or a key file it cannot read
 * (smallrye-jwt reads it at the first request only: every call would be a 500), no audience (any token of the
 * identity provider, issued for any API, would pass), an algorithm other than RS256/ES256, or several algorithms
 * with a PEM key. smallrye-jwt (4.6) decodes a PEM key with the first algorithm of the set only: with
 * {@code RS256,ES256} an EC key is never loaded and every token is a 401 (seen in ConfiguredRulesTest's first version),
 * so a PEM key takes the one algorithm it fits; a JWK set may list both, its keys name their own.
 */
@Startup
@Singleton
public class TokenSettings {

    static final String AUDIENCES = "mp.jwt.verify.audiences";
    static final String KEY_LOCATION = "mp.jwt.verify.publickey.location";
    static final String KEY_VARIABLE = "JWT_PUBLIC_KEY_LOCATION";
    static final String INLINE_KEY = "mp.jwt.verify.publickey";
    /** smallrye-jwt's value for "no key given" (the gateway's default: application.properties). */
    static final String NONE = "NONE";
    static final String ALGORITHMS = "mp.jwt.verify.publickey.algorithm";
    static final String REPLACED_ALGORITHM = "smallrye.jwt.verify.algorithm";

    /** Signatures with a key pair only: HMAC's shared secret could sign as well as verify. */
    static final Set<String> ALLOWED_ALGORITHMS = Set.of("RS256", "ES256");

    public TokenSettings(@ConfigProperty(name = AUDIENCES) Optional<List<String>> audiences,
            @ConfigProperty(name = ALGORITHMS, defaultValue = "RS256") List<String> algorithms,
            @ConfigProperty(name = REPLACED_ALGORITHM) Optional<String> replacedAlgorithm,
            @ConfigProperty(name = KEY_LOCATION) Optional<String> keyLocation,
            @ConfigProperty(name = INLINE_KEY) Optional<String> key) {
        List<String> used = replacedAlgorithm.map(List::of).orElse(algorithms);
        check(audiences.orElse(List.of()), used,
                key.filter(TokenSettings::isPem).map(inline -> INLINE_KEY)
                        .or(() -> keyLocation.filter(TokenSettings::isPemLocation)).orElse(null));
        checkKey(key.filter(inline -> !inline.equals(NONE)).isPresent(),
                keyLocation.filter(location -> !location.equals(NONE)).orElse(null), used.get(0));
    }

    /**
     * The identity provider's key is given, and where it is a file (or on the class path) it reads as a key. A JWKS
     * URL ({@code https://...}) is not fetched here: smallrye-jwt fetches and caches it, so the provider being down
     * for a moment does not stop a start.
     */
    static void checkKey(boolean inlineKey, String location, String algorithm) {
        if (inlineKey) {
            return;
        }
        if (location == null || location.isBlank()) {
            throw new IllegalStateException("The gateway verifies every token with the identity provider's public key, "
                    + "but " + KEY_LOCATION + " is not set (environment variable " + KEY_VARIABLE + "): give it a PEM "
                    + "file, a JWK set or the provider's https JWKS URL (infra/scripts/dev-tokens.sh makes a key for the "
                    + "local run)");
        }
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https:") || lower.startsWith("http:")) {
            return;
        }
        try {
            String content = ResourceUtils.readResource(location);
            if (content == null || content.isBlank()) {
                throw new IllegalStateException("nothing there");
            }
            if (content.strip().startsWith("{")) {
                if (KeyUtils.loadJsonWebKeys(content).isEmpty()) {
                    throw new IllegalStateException("the JWK set holds no key");
                }
            } else {
                PublicKey key = KeyUtils.decodePublicKey(content, SignatureAlgorithm.fromAlgorithm(algorithm.trim()));
                if (key == null) {
                    throw new IllegalStateException("not a PEM public key");
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the identity provider's public key at " + location + " ("
                    + KEY_LOCATION + ", environment variable " + KEY_VARIABLE + "): " + e.getMessage(), e);
        }
    }

    /** {@code pemKey}: where the PEM key is, or null when the key is a JWK set. */
    static void check(List<String> audiences, List<String> algorithms, String pemKey) {
        if (audiences.stream().allMatch(String::isBlank)) {
            throw new IllegalStateException(AUDIENCES + " (JWT_AUDIENCE) is empty: name the audience the identity "
                    + "provider puts in this API's tokens, or any of its tokens would pass");
        }
        for (String algorithm : algorithms) {
            if (!ALLOWED_ALGORITHMS.contains(algorithm.trim())) {
                throw new IllegalStateException(ALGORITHMS + " lists " + algorithm + ": only RS256 and ES256 are allowed");
            }
        }
        if (pemKey != null && algorithms.size() > 1) {
            throw new IllegalStateException(ALGORITHMS + " lists " + String.join(",", algorithms) + " but the key ("
                    + pemKey + ") is PEM, "
                    + "which smallrye-jwt reads with one algorithm: RS256 for an RSA key, ES256 for an EC key "
                    + "(or publish a JWK set, whose keys name their own)");
        }
    }

    private static boolean isPemLocation(String location) {
        return location.toLowerCase(Locale.ROOT).endsWith(".pem");
    }

    /** An inline key that is not a JWK set; Quarkus' default for "no inline key" is NONE. */
    private static boolean isPem(String key) {
        return !key.equals(NONE) && !key.strip().startsWith("{");
    }
}
