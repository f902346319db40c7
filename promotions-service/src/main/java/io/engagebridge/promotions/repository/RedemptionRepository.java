package io.engagebridge.promotions.repository;

import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** RedemptionRepository made here. An assignment can be in here once. */
@ApplicationScoped
public class RedemptionRepository {

    private final Pool pool;

    public RedemptionRepository(Pool pool) {
        this.pool = pool;
    }

    /** Records a redemption; false when the assignment was redeemed here before. */
    public Uni<Boolean> insertIfNew(SqlClient tx, String assignmentId, String contactId, String channel,
            String uniqueReceiptId, long outboxId) {
        return tx.preparedQuery("""
                insert into redemption (assignment_id, contact_id, channel, unique_receipt_id, status, outbox_id)
                values ($1, $2, $3, $4, 'PENDING', $5) on conflict (assignment_id) do nothing""")
                .execute(Tuple.of(assignmentId, contactId, channel, uniqueReceiptId, outboxId))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> markRedeemed(SqlClient client, String assignmentId) {
        return client.preparedQuery("""
                update redemption set status = 'REDEEMED', redeemed_at = now() where assignment_id = $1""")
                .execute(Tuple.of(assignmentId)).replaceWithVoid();
    }

    public Uni<Void> markRedeemed(String assignmentId) {
        return markRedeemed(pool, assignmentId);
    }

    public Uni<Void> delete(SqlClient tx, String assignmentId) {
        return tx.preparedQuery("delete from redemption where assignment_id = $1").execute(Tuple.of(assignmentId))
                .replaceWithVoid();
    }

    /** Assignments of this contact redeemed here, whatever Engage says: never offered again. */
    public Uni<Set<String>> redeemedBy(String contactId) {
        return pool.preparedQuery("select assignment_id from redemption where contact_id = $1")
                .execute(Tuple.of(contactId))
                .map(rows -> {
                    Set<String> ids = new HashSet<>();
                    rows.forEach(r -> ids.add(r.getString(0)));
                    return ids;
                });
    }
}
