package io.engagebridge.outbox.ops;

import java.util.Set;

import io.smallrye.config.ConfigMapping;

/**
 * Who may call the outbox's ops endpoints: the service's configuration, not this module's, so there is no default;
 * a service without these keys does not start. The names are the callers' groups in their service tokens
 * ({@code gateway}, {@code operator}, ...).
 */
@ConfigMapping(prefix = "outbox.ops")
public interface OutboxOpsConfig {

    /** Who may read the figures, {@code GET /ops/outbox}. */
    Set<String> figuresCallers();

    /**
     * Who may list the DEAD messages, {@code GET /ops/outbox/dead}, and re-drive one: whole payloads (e-mails,
     * phones, receipts), so operators only.
     */
    Set<String> deadCallers();
}
