package io.engagebridge.servicetokens;

import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import io.smallrye.jwt.util.ResourceUtils;

/**
 * This app's service tokens, one per service it calls: signed with its own private key (RS256), naming the service as
 * the audience, valid for {@code service-token.lifetime}. A token is minted once and reused by every call until
 * {@code service-token.renew-before} its expiry, so signing costs nothing per request. The key is read at start-up:
 * an app that calls services without a usable key does not start.
 */
@Startup
@Singleton
public class ServiceTokens {

    private final ServiceTokenConfig config;
    private final Clock clock;
    private final String keyId;
    private final PrivateKey key;
    private final ConcurrentMap<String, Minted> byAudience = new ConcurrentHashMap<>();

    @Inject
    public ServiceTokens(ServiceTokenConfig config) {
        this(config, Clock.systemUTC());
    }

    ServiceTokens(ServiceTokenConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.keyId = required(config.keyId().orElse(null), "service-token.key-id", "SERVICE_SIGNING_KEY_ID");
        if (!namesCaller(keyId, config.caller())) {
            throw new IllegalStateException("The signing key id '" + keyId + "' must be '" + config.caller() + "' or '"
                    + config.caller() + ".<anything>': the services read the caller's name from it");
        }
        if (config.renewBefore().compareTo(config.lifetime()) >= 0) {
            throw new IllegalStateException("service-token.renew-before (" + config.renewBefore()
                    + ") must be shorter than service-token.lifetime (" + config.lifetime() + ")");
        }
        this.key = read(required(config.signingKeyLocation().orElse(null), "service-token.signing-key-location",
                "SERVICE_SIGNING_KEY_LOCATION"));
    }

    /** The {@code Authorization} header for a call to {@code audience} ({@code Bearer <token>}). */
    public String bearer(String audience) {
        Instant now = clock.instant();
        Minted current = byAudience.get(audience);
        if (current != null && current.isFreshAt(now)) {
            return current.header();
        }
        return byAudience.compute(audience, (service, old) -> old != null && old.isFreshAt(now) ? old : mint(service, now))
                .header();
    }

    private Minted mint(String audience, Instant now) {
        Instant expires = now.plus(config.lifetime());
        String token = Jwt.issuer(config.issuer())
                .subject(config.caller())
                .groups(config.caller())
                .audience(audience)
                .issuedAt(now)
                .expiresAt(expires)
                .jws().keyId(keyId).algorithm(SignatureAlgorithm.RS256)
                .sign(key);
        return new Minted("Bearer " + token, expires.minus(config.renewBefore()));
    }

    /** The services' rule (infra/service-auth, SignerGroups): a key id is the signer's name, optionally {@code .<suffix>}. */
    static boolean namesCaller(String keyId, String caller) {
        return keyId.equals(caller) || keyId.startsWith(caller + ".");
    }

    private static String required(String value, String property, String variable) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("This app signs its calls to other services, but " + property
                    + " is not set (environment variable " + variable + "). Generate keys with "
                    + "infra/scripts/service-keys.sh; see the README, \"Security\".");
        }
        return value;
    }

    private static PrivateKey read(String location) {
        try {
            String pem = ResourceUtils.readResource(location);
            if (pem == null) {
                throw new IllegalStateException("nothing there");
            }
            return KeyUtils.decodePrivateKey(pem, SignatureAlgorithm.RS256);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read this app's signing key (an RSA private key, PEM) at " + location
                    + " (service-token.signing-key-location, SERVICE_SIGNING_KEY_LOCATION): " + e.getMessage(), e);
        }
    }

    private record Minted(String header, Instant renewAt) {

        boolean isFreshAt(Instant now) {
            return now.isBefore(renewAt);
        }
    }
}
