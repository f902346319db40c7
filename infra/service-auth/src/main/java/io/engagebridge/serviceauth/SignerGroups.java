package io.engagebridge.serviceauth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jose4j.json.JsonUtil;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;

/**
 * A caller's token may carry only the group of the key that signed it. Each caller signs with its own key, whose id
 * names it ({@code gateway.2026-11} is a key of {@code gateway}); smallrye-jwt has already checked the signature
 * against the key of that id, so the id is the caller's proof. Without this check, a caller holding its own key could
 * claim another caller's group (transactions-service calling itself the gateway): such a token is refused (401).
 */
@ApplicationScoped
public class SignerGroups implements SecurityIdentityAugmentor {

    private static final Logger LOG = Logger.getLogger(SignerGroups.class);

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        String signer = signerOf(keyIdOf(token.getRawToken()));
        Set<String> groups = token.getGroups();
        if (!onlyTheSignersGroup(signer, groups)) {
            LOG.warnf("Refused a token signed with key of '%s' that claims groups %s", signer, groups);
            return Uni.createFrom().failure(new AuthenticationFailedException("The token claims a group its key does not give"));
        }
        return Uni.createFrom().item(identity);
    }

    /** The signer a key id names: the id up to its first dot ({@code gateway.2026-11} → {@code gateway}); null for none. */
    static String signerOf(String keyId) {
        if (keyId == null || keyId.isBlank()) {
            return null;
        }
        int dot = keyId.indexOf('.');
        return dot < 0 ? keyId : keyId.substring(0, dot);
    }

    static boolean onlyTheSignersGroup(String signer, Set<String> groups) {
        return signer != null && groups != null && !groups.isEmpty() && groups.stream().allMatch(signer::equals);
    }

    /** The {@code kid} of a compact JWS, or null. */
    static String keyIdOf(String rawToken) {
        if (rawToken == null || rawToken.indexOf('.') < 0) {
            return null;
        }
        try {
            String header = new String(Base64.getUrlDecoder().decode(rawToken.substring(0, rawToken.indexOf('.'))),
                    StandardCharsets.UTF_8);
            Map<String, Object> fields = JsonUtil.parseJson(header);
            return fields.get("kid") instanceof String kid ? kid : null;
        } catch (Exception e) {
            return null;
        }
    }
}
