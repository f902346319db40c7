package io.engagebridge.serviceauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * The local run and the operators make keys and tokens with infra/scripts (bash and openssl), not with Java: what
 * they make must be what smallrye-jwt, configured as the services are, accepts, and nothing else. Skipped where bash
 * or openssl is missing.
 */
class ScriptMadeKeysTest {

    private static final Path SCRIPTS = Path.of("../scripts").toAbsolutePath().normalize();

    @TempDir
    static Path keys;

    @BeforeAll
    static void makeKeysAsTheLocalRunDoes() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) && run("openssl", "version").startsWith("OpenSSL"),
                "bash and openssl are needed to run infra/scripts");
        run(SCRIPTS.resolve("service-keys.sh").toString(), keys.toString());
    }

    private static JsonWebToken verifiedBy(String audience, String token) throws ParseException {
        JWTAuthContextInfo context = new JWTAuthContextInfo(keys.resolve("jwks.json").toUri().toString(), "engage-bridge");
        context.setExpectedAudience(Set.of(audience));
        context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
        context.setMaxTimeToLiveSecs(3600L);
        return new DefaultJWTParser(context).parse(token);
    }

    private static String token(String caller, String audiences, String... seconds) throws Exception {
        List<String> command = new ArrayList<>(List.of(SCRIPTS.resolve("service-token.sh").toString(), keys.toString(),
                caller, audiences));
        command.addAll(List.of(seconds));
        return run(command.toArray(String[]::new)).trim();
    }

    @Test
    void theJwkSetNamesEveryCallerByItsKeyId() {
        assertThat(CallerKeys.keyIds(keys.resolve("jwks.json").toUri().toString()))
                .hasSize(3).allSatisfy(id -> assertThat(SignerGroups.signerOf(id))
                        .isIn("gateway", "transactions-service", "operator"));
    }

    @Test
    void anOperatorsTokenIsAcceptedByEachServiceItNamesWithTheOperatorsGroupAlone() throws Exception {
        String token = token("operator", "contacts-service,promotions-service", "3600");

        for (String service : List.of("contacts-service", "promotions-service")) {
            JsonWebToken verified = verifiedBy(service, token);
            assertThat(verified.getGroups()).containsExactly("operator");
            assertThat(SignerGroups.onlyTheSignersGroup(SignerGroups.signerOf(SignerGroups.keyIdOf(verified.getRawToken())),
                    verified.getGroups())).isTrue();
        }
        assertThatThrownBy(() -> verifiedBy("transactions-service", token)).isInstanceOf(ParseException.class);
    }

    @Test
    void aCallersTokenLivesFiveMinutesByDefaultAndNeverMoreThanAnHour() throws Exception {
        JsonWebToken verified = verifiedBy("transactions-service", token("gateway", "transactions-service"));
        assertThat(verified.getExpirationTime() - verified.getIssuedAtTime()).isEqualTo(300);

        assertThatThrownBy(() -> token("gateway", "transactions-service", "3601")).hasMessageContaining("1 to 3600");
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
