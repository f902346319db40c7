package io.engagebridge.transactions.service;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.engagebridge.api.transactions.Purchase;
import io.engagebridge.api.transactions.PurchaseHistory;
import io.engagebridge.engage.EngageErrors;
import io.engagebridge.engage.EngageException;
import io.engagebridge.engage.model.EngageReceipt;
import io.engagebridge.engage.model.TransactionsPage;
import io.engagebridge.transactions.config.TransactionsConfig;
import io.engagebridge.transactions.engage.TransactionsEngage;
import io.engagebridge.transactions.repository.ReceiptRepository;
import io.engagebridge.transactions.repository.ReceiptRow;
import io.smallrye.mutiny.Uni;

/** The purchase history for My Pages: Engage's, merged with what Engage does not show yet. */
@ApplicationScoped
public class HistoryService {

    private static final Logger LOG = Logger.getLogger(HistoryService.class);

    private final TransactionsEngage engage;
    private final ReceiptRepository receipts;
    private final ReceiptReader reader;
    private final TransactionsConfig config;

    public HistoryService(TransactionsEngage engage, ReceiptRepository receipts, ReceiptReader reader,
            TransactionsConfig config) {
        this.engage = engage;
        this.receipts = receipts;
        this.reader = reader;
        this.config = config;
    }

    /**
     * Engage's page, with the receipts Engage does not show yet first on the first page (offsets are Engage's).
     * {@code totalCount} counts what can be listed: Engage's total, plus on the first page the receipts it does not
     * show yet; null while Engage does not answer ({@code complete=false}: only the local receipts are listed).
     */
    public Uni<PurchaseHistory> history(String contactId, int offset, int count) {
        Uni<Optional<TransactionsPage>> fromEngage = engage.transactions(contactId, offset, count)
                .map(Optional::of)
                .onFailure(EngageErrors::isUnavailable).recoverWithItem(failure -> {
                    LOG.infof("Purchase history without Engage (%s): local receipts only", failure.getMessage());
                    return Optional.empty();
                })
                // Engage answered, but with a 4xx (a contact it does not know, a request it refuses): My Pages still
                // gets the receipts kept here, marked incomplete, and the log says what Engage said (it was a 500)
                .onFailure(EngageException.class).recoverWithItem(failure -> {
                    EngageException refused = (EngageException) failure;
                    LOG.warnf("Engage refused the purchase history of %s (%d %s): local receipts only", contactId,
                            refused.status(), refused.code());
                    return Optional.empty();
                });
        Uni<List<ReceiptRow>> local = offset == 0 ? receipts.notYetImported(contactId, config.importWindow())
                : Uni.createFrom().item(List.of());
        return Uni.combine().all().unis(fromEngage, local).asTuple()
                .map(both -> merge(both.getItem1(), both.getItem2(), offset, count));
    }

    private PurchaseHistory merge(Optional<TransactionsPage> engagePage, List<ReceiptRow> local, int offset, int count) {
        List<TransactionsPage.Transaction> imported = engagePage.map(TransactionsPage::itemsOrEmpty).orElse(List.of());
        Set<String> shown = imported.stream().map(TransactionsPage.Transaction::externalId).collect(Collectors.toSet());
        List<ReceiptRow> notShown = local.stream().filter(r -> !shown.contains(r.uniqueReceiptId())).toList();
        List<Purchase> items = new ArrayList<>();
        notShown.stream().map(this::pending).forEach(items::add);
        imported.stream().map(HistoryService::fromEngage).forEach(items::add);
        Integer total = engagePage.map(TransactionsPage::totalCount).map(engageTotal -> engageTotal + notShown.size())
                .orElse(null);
        return new PurchaseHistory(items, total, offset, count, engagePage.isPresent());
    }

    private Purchase pending(ReceiptRow row) {
        EngageReceipt r = reader.receiptOf(row.request());
        List<Purchase.Line> lines = r.items().stream()
                .map(i -> new Purchase.Line(i.type(), i.sku(), i.articleName(), i.quantity(), i.grossPaidPrice()))
                .toList();
        BigDecimal items = r.items().stream().map(EngageReceipt.Item::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Purchase(r.uniqueReceiptId(), r.receiptNumber(), r.createdDate(), r.storeExternalId(), null,
                r.currency(), Purchase.totalOf(lines, r.totalGrossPrice()), items, lines, true,
                ReceiptService.statusOf(row).status());
    }

    private static Purchase fromEngage(TransactionsPage.Transaction t) {
        List<Purchase.Line> lines = t.lineItems() == null ? List.of() : t.lineItems().stream()
                .map(l -> new Purchase.Line(l.type(), l.sku(), l.articleName(), l.quantity(), l.grossPaidPrice()))
                .toList();
        return new Purchase(t.externalId(), t.transactionNumber(), t.createdDate(), t.storeExternalId(),
                t.storeName(), t.localCurrency(), Purchase.totalOf(lines, t.netPriceSum()), t.numberOfItems(), lines,
                false, null);
    }
}
