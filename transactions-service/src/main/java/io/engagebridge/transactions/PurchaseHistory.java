package io.engagebridge.transactions;

import java.util.List;

/**
 * A page of the purchase history: Engage's transactions, with this contact's receipts that Engage does not show
 * yet in front (first page only), never twice. {@code complete} is false when Engage could not be asked: then only
 * the local receipts are there.
 */
public record PurchaseHistory(List<Purchase> items, Integer totalCount, int offset, int count, boolean complete) {
}
