package io.engagebridge.serviceauth;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.util.KeyUtils;
import io.smallrye.jwt.util.ResourceUtils;

/**
 * Reads the callers' public keys at start-up, so a service without them does not start (rather than refusing every
 * call), and says in the log whose calls it accepts. The keys are a JWK set, one key per caller, each with its id.
 */
@ApplicationScoped
public class CallerKeys {

    private static final Logger LOG = Logger.getLogger(CallerKeys.class);
    static final String PROPERTY = "mp.jwt.verify.publickey.location";
    static final String VARIABLE = "SERVICE_KEYS_LOCATION";

    void check(@Observes StartupEvent start, @ConfigProperty(name = PROPERTY) Optional<String> location) {
        LOG.infof("Accepting calls signed by the keys %s", keyIds(location.orElse(null)));
    }

    /** The key ids of the JWK set at {@code location}; fails with what to do when there is none usable. */
    static List<String> keyIds(String location) {
        if (location == null || location.isBlank()) {
            throw new IllegalStateException("This service accepts calls only from callers it can verify, but " + PROPERTY
                    + " is not set (environment variable " + VARIABLE + "): give it the callers' public keys (a JWK "
                    + "set), made by infra/scripts/service-keys.sh; see the README, \"Security\".");
        }
        List<JsonWebKey> keys;
        try {
            String content = ResourceUtils.readResource(location);
            keys = content == null ? null : KeyUtils.loadJsonWebKeys(content);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the callers' public keys at " + location + " (" + PROPERTY + ", "
                    + VARIABLE + "): " + e.getMessage(), e);
        }
        if (keys == null || keys.isEmpty()) {
            throw new IllegalStateException("No callers' public keys at " + location + " (" + PROPERTY + ", " + VARIABLE
                    + "): a JWK set ({\"keys\":[...]}) is expected");
        }
        List<String> ids = keys.stream().map(JsonWebKey::getKeyId).toList();
        if (ids.stream().anyMatch(id -> id == null || id.isBlank())) {
            throw new IllegalStateException("Every key at " + location + " needs an id (kid) naming its caller");
        }
        return ids;
    }
}
