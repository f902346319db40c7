package io.engagebridge.transactions.repository;

/**
 * A row the database did not take in time: its statement ran longer than {@code transactions.accept.write-timeout},
 * or {@code transactions.accept.max-waiting} rows were already waiting for one. Not confirmed, so the caller is told
 * to send it again; were it stored after all (a statement that ends after its timeout), the repeat finds it stored.
 */
public final class StoreBusy extends RuntimeException {

    StoreBusy(String message) {
        super(message, null, false, false);
    }
}
