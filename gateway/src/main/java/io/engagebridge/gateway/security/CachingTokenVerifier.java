package io.engagebridge.gateway.security;

import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * smallrye-jwt's verification (signature, issuer, expiry) with the result remembered per token, because My Pages
 * sends the same token many times and an RSA check costs more than a cached read. A verified token is reused until
 * the earlier of its {@code exp} and {@code gateway.token-cache.ttl} after verification; failures are never kept.
 * A rotated signing key therefore stops a token from passing within that ttl at the latest.
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class CachingTokenVerifier extends JWTCallerPrincipalFactory {

    private static final int MAX_TOKEN_LENGTH = 8192;

    private final DefaultJWTCallerPrincipalFactory verifier = new DefaultJWTCallerPrincipalFactory();
    private final Cache<String, JWTCallerPrincipal> verified;

    public CachingTokenVerifier(
            @ConfigProperty(name = "gateway.token-cache.ttl", defaultValue = "60s") Duration ttl,
            @ConfigProperty(name = "gateway.token-cache.size", defaultValue = "10000") long size) {
        this.verified = Caffeine.newBuilder()
                .maximumSize(size)
                .expireAfter(new Expiry<String, JWTCallerPrincipal>() {
                    @Override
                    public long expireAfterCreate(String token, JWTCallerPrincipal principal, long now) {
                        long untilExpiry = principal.getExpirationTime() * 1_000_000_000L
                                - System.currentTimeMillis() * 1_000_000L;
                        return Math.max(0, Math.min(untilExpiry, ttl.toNanos()));
                    }

                    @Override
                    public long expireAfterUpdate(String token, JWTCallerPrincipal principal, long now, long current) {
                        return current;
                    }

                    @Override
                    public long expireAfterRead(String token, JWTCallerPrincipal principal, long now, long current) {
                        return current;
                    }
                })
                .build();
    }

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo context) throws ParseException {
        JWTCallerPrincipal known = verified.getIfPresent(token);
        if (known != null && known.getExpirationTime() * 1000L > System.currentTimeMillis()) {
            return known;
        }
        JWTCallerPrincipal principal = verifier.parse(token, context);
        if (token.length() <= MAX_TOKEN_LENGTH) {
            verified.put(token, principal);
        }
        return principal;
    }
}
