package io.engagebridge.gateway.security;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.Startup;

/**
 * The token settings the gateway refuses to start with, each named in the error: no audience (any token of the
 * identity provider, issued for any API, would pass), an algorithm other than RS256/ES256, or several algorithms
 * with a PEM key. smallrye-jwt (4.6) decodes a PEM key with the first algorithm of the set only: with
 * {@code RS256,ES256} an EC key is never loaded and every token is a 401 (seen in ConfiguredRulesTest's first version),
 * so a PEM key takes the one algorithm it fits; a JWK set may list both, its keys name their own.
 */
@Startup
@Singleton
public class TokenSettings {

    static final String AUDIENCES = "mp.jwt.verify.audiences";
    static final String ALGORITHMS = "mp.jwt.verify.publickey.algorithm";
    static final String REPLACED_ALGORITHM = "smallrye.jwt.verify.algorithm";

    /** Signatures with a key pair only: HMAC's shared secret could sign as well as verify. */
    static final Set<String> ALLOWED_ALGORITHMS = Set.of("RS256", "ES256");

    public TokenSettings(@ConfigProperty(name = AUDIENCES) Optional<List<String>> audiences,
            @ConfigProperty(name = ALGORITHMS, defaultValue = "RS256") List<String> algorithms,
            @ConfigProperty(name = REPLACED_ALGORITHM) Optional<String> replacedAlgorithm,
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> keyLocation,
            @ConfigProperty(name = "mp.jwt.verify.publickey") Optional<String> key) {
        check(audiences.orElse(List.of()), replacedAlgorithm.map(List::of).orElse(algorithms),
                key.filter(TokenSettings::isPem).map(inline -> "mp.jwt.verify.publickey")
                        .or(() -> keyLocation.filter(TokenSettings::isPemLocation)).orElse(null));
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
        return !key.equals("NONE") && !key.strip().startsWith("{");
    }
}
