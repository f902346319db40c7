package io.engagebridge.transactions.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** transactions-service settings. */
@ConfigMapping(prefix = "transactions")
public interface TransactionsConfig {

    /** How long after sending a receipt it is still shown as pending (Engage imports receipts about every 15 min). */
    @WithDefault("30m")
    Duration importWindow();

    /** Wait between checks while a receipt's customer is not yet in Engage. */
    @WithDefault("30s")
    Duration holdRetry();

    /** After this long without its customer appearing in Engage, a held receipt is given up (DEAD). */
    @WithDefault("24h")
    Duration holdGiveUpAfter();

    /** Country code given to national phone numbers. */
    @WithDefault("+46")
    String defaultCountryCode();
}
