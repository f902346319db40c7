package io.engagebridge.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;

import io.engagebridge.testsupport.ServiceKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * A key pair made for this test run only: the gateway verifies with the public half (PEM), tests sign with the private
 * ({@code smallrye.jwt.sign.key.location}). The init arg {@code keys=JWKS} makes an RSA and an EC (P-256) pair
 * instead, published as one JWK set (kids {@link #RSA_KID}, {@link #EC_KID}), the way an identity provider does; the
 * EC private key's location is then {@value #EC_KEY_PROPERTY}. The gateway's audience is not overridden: tests sign
 * for its default, {@link #AUDIENCE}. The gateway's own service key comes with either ({@link ServiceKeys}).
 */
public class JwtKeysResource implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER = "https://engage-bridge.test";
    /** The gateway's default {@code mp.jwt.verify.audiences}. */
    public static final String AUDIENCE = "engage-bridge";

    public static final String RSA_KID = "rsa-1";
    public static final String EC_KID = "ec-1";
    public static final String EC_KEY_PROPERTY = "test.jwt.ec-key.location";

    private boolean keySet;

    @Override
    public void init(Map<String, String> initArgs) {
        keySet = "JWKS".equals(initArgs.get("keys"));
    }

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("jwt-keys");
            KeyPair pair = newPair();
            Path privateKey = dir.resolve("private.pem");
            Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            if (!keySet) {
                Path publicKey = dir.resolve("public.pem");
                Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
                return withServiceKey(Map.of(
                        "mp.jwt.verify.publickey.location", publicKey.toUri().toString(),
                        "mp.jwt.verify.issuer", ISSUER,
                        "smallrye.jwt.sign.key.location", privateKey.toUri().toString()));
            }
            KeyPair ec = newEcPair();
            Path ecPrivateKey = dir.resolve("ec-private.pem");
            Files.writeString(ecPrivateKey, pem("PRIVATE KEY", ec.getPrivate().getEncoded()));
            RsaJsonWebKey rsaJwk = new RsaJsonWebKey((RSAPublicKey) pair.getPublic());
            rsaJwk.setKeyId(RSA_KID);
            rsaJwk.setAlgorithm("RS256");
            EllipticCurveJsonWebKey ecJwk = new EllipticCurveJsonWebKey((ECPublicKey) ec.getPublic());
            ecJwk.setKeyId(EC_KID);
            ecJwk.setAlgorithm("ES256");
            Path jwks = dir.resolve("jwks.json");
            Files.writeString(jwks, new JsonWebKeySet(rsaJwk, ecJwk).toJson());
            return withServiceKey(Map.of(
                    "mp.jwt.verify.publickey.location", jwks.toUri().toString(),
                    "mp.jwt.verify.issuer", ISSUER,
                    "smallrye.jwt.sign.key.location", privateKey.toUri().toString(),
                    EC_KEY_PROPERTY, ecPrivateKey.toUri().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** And the gateway's own service key ({@link ServiceKeys}), which it signs its calls to the services with. */
    private static Map<String, String> withServiceKey(Map<String, String> config) {
        Map<String, String> all = new HashMap<>(config);
        all.putAll(ServiceKeys.shared().signerConfig(ServiceKeys.GATEWAY));
        return all;
    }

    /** The claims of a good token of {@code group} (with {@code contact_id} when not null), valid 5 minutes. */
    public static JwtClaimsBuilder claims(String group, String contactId) {
        JwtClaimsBuilder builder = Jwt.issuer(ISSUER).audience(AUDIENCE).upn("someone").groups(Set.of(group));
        if (contactId != null) {
            builder.claim("contact_id", contactId);
        }
        return builder.expiresIn(300);
    }

    /** A good token of {@code group}, signed (RS256) with this run's private key. */
    public static String token(String group, String contactId) {
        return claims(group, contactId).sign();
    }

    public static KeyPair newPair() {
        return ServiceKeys.newPair();
    }

    public static KeyPair newEcPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Override
    public void stop() {
        // temp files go with the machine's temp directory
    }
}
