package io.engagebridge.bearer;

import java.security.Key;
import java.time.Duration;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwt.consumer.JwtContext;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTTokenParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * smallrye-jwt's verification (signature and its algorithm, issuer, audience, expiry) with the result remembered per
 * token, because a caller sends the same token many times (My Pages a customer's, a till its own, the gateway its
 * five-minute service token on every call it makes) and an RSA check with jose4j's parsing costs more than the rest
 * of a cached read or of accepting a receipt. A verified token is reused until the earlier of its {@code exp} and
 * {@code bearer.token-cache.ttl} after verification; failures are never kept. A rotated signing key therefore stops a
 * token from passing within that ttl at the latest.
 * <p>
 * A verification is remembered together with the rules it passed ({@link Rules}: issuer, audiences, algorithms, key,
 * required claims, ages) and reused only under those same rules, so a token can never pass stricter rules (another
 * audience, fewer algorithms) because it once passed looser ones: it is verified again.
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class CachingTokenVerifier extends JWTCallerPrincipalFactory {

    private static final int MAX_TOKEN_LENGTH = 8192;

    private final DefaultJWTTokenParser verifier = new DefaultJWTTokenParser();
    private final Cache<Verified, Known> verified;

    public CachingTokenVerifier(
            @ConfigProperty(name = "bearer.token-cache.ttl", defaultValue = "60s") Duration ttl,
            @ConfigProperty(name = "bearer.token-cache.size", defaultValue = "10000") long size) {
        this.verified = Caffeine.newBuilder()
                // upkeep on the reading thread: with the default (the common pool) a pool thread was woken every few
                // reads and both event loops then waited on each other for the cache's lock (futex calls, ~4 % of a
                // cached My Pages read's CPU)
                .executor(Runnable::run)
                .maximumSize(size)
                .expireAfter(new Expiry<Verified, Known>() {
                    @Override
                    public long expireAfterCreate(Verified token, Known known, long now) {
                        long untilExpiry = (known.expiresAtMillis() - System.currentTimeMillis()) * 1_000_000L;
                        return Math.max(0, Math.min(untilExpiry, ttl.toNanos()));
                    }

                    @Override
                    public long expireAfterUpdate(Verified token, Known known, long now, long current) {
                        return current;
                    }

                    @Override
                    public long expireAfterRead(Verified token, Known known, long now, long current) {
                        return current;
                    }
                })
                .build();
    }

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo context) throws ParseException {
        Verified key = new Verified(Rules.of(context), token);
        Known known = verified.getIfPresent(key);
        if (known != null && known.expiresAtMillis() > System.currentTimeMillis()) {
            return known.principal();
        }
        JwtContext checked = verifier.parse(token, context);
        // as smallrye-jwt's DefaultJWTCallerPrincipalFactory builds it, minus its cost per claim read (VerifiedToken)
        JWTCallerPrincipal principal = new VerifiedToken(
                checked.getJoseObjects().get(0).getHeader("typ"), checked.getJwtClaims());
        if (token.length() <= MAX_TOKEN_LENGTH) {
            verified.put(key, new Known(principal, principal.getExpirationTime() * 1000L));
        }
        return principal;
    }

    /**
     * A token and the rules it was verified under: equal only under the same rules. Hashed by the token's last
     * {@value #HASHED} characters alone, which are its signature's: the rules' hash (their sets and key) was ~2 % of the
     * gateway's CPU per cached My Pages read, and the whole token's (600 characters and more, a new string on every
     * request) ~2 % again (async-profiler, issue #14). Only tokens whose signature was verified are kept, so no caller
     * can fill the cache with tokens that share a hash; one token is rarely checked under more than one set of rules.
     */
    private record Verified(Rules rules, String token) {

        private static final int HASHED = 32;

        @Override
        public int hashCode() {
            int hash = 0;
            for (int i = Math.max(0, token.length() - HASHED); i < token.length(); i++) {
                hash = 31 * hash + token.charAt(i);
            }
            return hash;
        }
    }

    /** A verified token and when it expires ({@code exp}, read once: reading a claim costs a map lookup). */
    private record Known(JWTCallerPrincipal principal, long expiresAtMillis) {
    }

    /** What decides whether smallrye-jwt accepts a token; a token verified under some rules passes only those again. */
    record Rules(String issuer, Set<String> audiences, Set<SignatureAlgorithm> algorithms, String keyLocation,
            String keyContent, Key key, Set<String> requiredClaims, Long tokenAge, Long maxTimeToLive) {

        static Rules of(JWTAuthContextInfo context) {
            return new Rules(context.getIssuedBy(), context.getExpectedAudience(), context.getSignatureAlgorithm(),
                    context.getPublicKeyLocation(), context.getPublicKeyContent(),
                    context.getPublicVerificationKey() != null ? context.getPublicVerificationKey()
                            : context.getSecretVerificationKey(),
                    context.getRequiredClaims(), context.getTokenAge(), context.getMaxTimeToLiveSecs());
        }
    }
}
