package io.engagebridge.promotions.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;

import io.engagebridge.engage.model.PromotionAssignment;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The last answer of Engage per contact and channel. */
@ApplicationScoped
public class AssignmentCopyRepository {

    private static final TypeReference<List<PromotionAssignment>> LIST = new TypeReference<>() {
    };

    private final Pool pool;
    private final ObjectMapper json;
    /** Reads a copy back with values as Engage sent them (12.50 stays 12.50, as jsonb keeps it). */
    private final ObjectReader copyReader;

    public AssignmentCopyRepository(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
        this.copyReader = json.readerFor(LIST).with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
    }

    /** A copy and when it was fetched. */
    public record Copy(String contactId, List<PromotionAssignment> assignments, OffsetDateTime fetchedAt) {
    }

    public Uni<Void> keep(String contactId, String channel, List<PromotionAssignment> assignments) {
        return pool.preparedQuery("""
                insert into assignment_copy (contact_id, channel, assignments, fetched_at)
                values ($1, $2, cast(cast($3 as text) as jsonb), now())
                on conflict (contact_id, channel) do update set assignments = excluded.assignments, fetched_at = now()""")
                .execute(Tuple.of(contactId, channel, write(assignments))).replaceWithVoid();
    }

    public Uni<Optional<Copy>> find(String contactId, String channel) {
        return pool.preparedQuery("""
                select contact_id, assignments::text as assignments, fetched_at from assignment_copy
                 where contact_id = $1 and channel = $2""")
                .execute(Tuple.of(contactId, channel))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(copy(rows.iterator().next())));
    }

    /** Every copy that lists the assignment, whoever it belongs to. */
    public Uni<List<Copy>> holding(String assignmentId) {
        return pool.preparedQuery("""
                select contact_id, assignments::text as assignments, fetched_at from assignment_copy
                 where assignments @> cast(cast($1 as text) as jsonb)""")
                .execute(Tuple.of("[{\"id\":" + json.valueToTree(assignmentId).toString() + "}]"))
                .map(rows -> {
                    List<Copy> copies = new ArrayList<>();
                    rows.forEach(r -> copies.add(copy(r)));
                    return copies;
                });
    }

    private Copy copy(Row r) {
        try {
            return new Copy(r.getString("contact_id"), copyReader.readValue(r.getString("assignments")),
                    r.getOffsetDateTime("fetched_at"));
        } catch (Exception e) {
            throw new IllegalStateException("Unreadable promotion copy", e);
        }
    }

    private String write(List<PromotionAssignment> assignments) {
        try {
            return json.writeValueAsString(assignments);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
