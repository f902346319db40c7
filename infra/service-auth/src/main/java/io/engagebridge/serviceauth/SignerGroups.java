package io.engagebridge.serviceauth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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

    /**
     * The key ids of the headers seen. Every token a caller signs with one key has the same header, and this runs only
     * after the signature was verified, so it holds one entry per signing key in use; the cap only guards against a
     * surprise. (jose4j's parser allocated ~24 KB per call: a quarter of everything a service allocated per request.)
     */
    private static final Map<String, Optional<String>> KEY_IDS = new ConcurrentHashMap<>();
    private static final int MAX_KEY_IDS = 256;

    /** The {@code kid} of a compact JWS, or null. */
    static String keyIdOf(String rawToken) {
        int dot = rawToken == null ? -1 : rawToken.indexOf('.');
        if (dot < 0) {
            return null;
        }
        String header = rawToken.substring(0, dot);
        Optional<String> known = KEY_IDS.get(header);
        if (known == null) {
            if (KEY_IDS.size() >= MAX_KEY_IDS) {
                KEY_IDS.clear();
            }
            known = Optional.ofNullable(parseKeyId(header));
            KEY_IDS.put(header, known);
        }
        return known.orElse(null);
    }

    private static String parseKeyId(String encodedHeader) {
        try {
            Map<String, Object> fields = JsonUtil.parseJson(
                    new String(Base64.getUrlDecoder().decode(encodedHeader), StandardCharsets.UTF_8));
            return fields.get("kid") instanceof String kid ? kid : null;
        } catch (Exception e) {
            return null;
        }
    }
}
