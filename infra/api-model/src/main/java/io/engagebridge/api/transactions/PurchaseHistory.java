package io.engagebridge.api.transactions;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A page of the purchase history: Engage's transactions, with this contact's receipts that Engage does not show
 * yet in front (first page only), never twice. {@code complete} is false when Engage could not be asked: then only
 * the local receipts are there.
 */
@Schema(name = "PurchaseHistory")
public record PurchaseHistory(List<Purchase> items, Integer totalCount, int offset, int count, boolean complete) {
}
