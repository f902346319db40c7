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
    private final Cache<Verified, JWTCallerPrincipal> verified;

    public CachingTokenVerifier(
            @ConfigProperty(name = "bearer.token-cache.ttl", defaultValue = "60s") Duration ttl,
            @ConfigProperty(name = "bearer.token-cache.size", defaultValue = "10000") long size) {
        this.verified = Caffeine.newBuilder()
                // upkeep on the reading thread: with the default (the common pool) a pool thread was woken every few
                // reads and both event loops then waited on each other for the cache's lock (futex calls, ~4 % of a
                // cached My Pages read's CPU)
                .executor(Runnable::run)
                .maximumSize(size)
                .expireAfter(new Expiry<Verified, JWTCallerPrincipal>() {
                    @Override
                    public long expireAfterCreate(Verified token, JWTCallerPrincipal principal, long now) {
                        long untilExpiry = principal.getExpirationTime() * 1_000_000_000L
                                - System.currentTimeMillis() * 1_000_000L;
                        return Math.max(0, Math.min(untilExpiry, ttl.toNanos()));
                    }

                    @Override
                    public long expireAfterUpdate(Verified token, JWTCallerPrincipal principal, long now, long current) {
                        return current;
                    }

                    @Override
                    public long expireAfterRead(Verified token, JWTCallerPrincipal principal, long now, long current) {
                        return current;
                    }
                })
                .build();
    }

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo context) throws ParseException {
        Verified key = new Verified(Rules.of(context), token);
        JWTCallerPrincipal known = verified.getIfPresent(key);
        if (known != null && known.getExpirationTime() * 1000L > System.currentTimeMillis()) {
            return known;
        }
        JwtContext checked = verifier.parse(token, context);
        // as smallrye-jwt's DefaultJWTCallerPrincipalFactory builds it, minus its cost per claim read (VerifiedToken)
        JWTCallerPrincipal principal = new VerifiedToken(
                checked.getJoseObjects().get(0).getHeader("typ"), checked.getJwtClaims());
        if (token.length() <= MAX_TOKEN_LENGTH) {
            verified.put(key, principal);
        }
        return principal;
    }

    /**
     * A token and the rules it was verified under: equal only under the same rules. Hashed by the token alone: the
     * rules' hash (their sets and key) computed on every call was ~2 % of the gateway's CPU per cached My Pages read
     * (async-profiler, issue #14), and one token is rarely checked under more than one set of rules.
     */
    private record Verified(Rules rules, String token) {
        @Override
        public int hashCode() {
            return token.hashCode();
        }
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
