package io.engagebridge.transactions.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How accepted receipts are written: those arriving together, by one statement (see ReceiptRepository). */
@ConfigMapping(prefix = "transactions.accept")
public interface AcceptConfig {

    /** Most receipts written by one statement. */
    @WithDefault("64")
    int maxBatch();

    /**
     * Statements writing receipts at once; receipts arriving meanwhile wait, and go together in the next one. One
     * gave the largest statements and the least PostgreSQL CPU per receipt on 2 cores (~51 us against ~66 us with 2).
     */
    @WithDefault("1")
    int inFlight();

    /**
     * How long a statement writing receipts may take before its receipts are answered 503 (send again) and the next
     * statement starts; normally a few ms. Counted from the statement's start: a receipt that also waited in the queue
     * may outlast the gateway's 5 s read timeout, and the till then hears the gateway's 503/504 instead. PostgreSQL is
     * asked to cancel the late statement (ReceiptRepository), which then rolls back.
     */
    @WithDefault("3s")
    Duration writeTimeout();

    /** Most receipts waiting for a statement; one more is answered 503 at once (a database not keeping up). */
    @WithDefault("1024")
    int maxWaiting();
}
