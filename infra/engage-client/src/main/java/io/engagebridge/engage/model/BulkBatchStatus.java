package io.engagebridge.engage.model;

import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where a bulk batch stands, read from {@code GET contacts/bulk/status?batchId=} <em>(assumed from v2)</em>. The one
 * place that knows the status body: {@code {"status":"Completed"|"Processing"|"Failed",...}} <em>(assumed)</em>,
 * read tolerantly: {@code status} or {@code state}, any case, a bare JSON string, or a boolean
 * {@code isDone}/{@code done}/{@code completed}. Anything else is {@link #UNKNOWN}.
 */
public enum BulkBatchStatus {

    /** Engage has finished the batch (some rows may still have failed: they never appear). */
    DONE,
    /** Engage is still importing. */
    PROCESSING,
    /** Engage gave the whole batch up. */
    FAILED,
    /** The answer says nothing this parser understands. */
    UNKNOWN;

    private static final Set<String> DONE_WORDS = Set.of("completed", "complete", "done", "finished", "succeeded",
            "success", "successful", "completedwitherrors", "partiallycompleted", "partiallysucceeded");
    private static final Set<String> PROCESSING_WORDS = Set.of("processing", "pending", "queued", "running",
            "inprogress", "started", "received", "accepted", "notstarted", "created", "waiting");
    private static final Set<String> FAILED_WORDS = Set.of("failed", "failure", "error", "aborted", "cancelled",
            "canceled", "rejected");

    /** The status a body says; {@link #UNKNOWN} for null or an unrecognised shape. */
    public static BulkBatchStatus of(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return UNKNOWN;
        }
        if (body.isTextual()) {
            return ofWord(body.asText());
        }
        for (String field : new String[] { "status", "state", "batchStatus" }) {
            JsonNode value = body.get(field);
            if (value != null && value.isTextual()) {
                BulkBatchStatus status = ofWord(value.asText());
                if (status != UNKNOWN) {
                    return status;
                }
            }
        }
        for (String field : new String[] { "isDone", "done", "isCompleted", "completed", "isFinished" }) {
            JsonNode value = body.get(field);
            if (value != null && value.isBoolean()) {
                return value.asBoolean() ? DONE : PROCESSING;
            }
        }
        return UNKNOWN;
    }

    private static BulkBatchStatus ofWord(String word) {
        String w = word.strip().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "").replace(" ", "");
        if (DONE_WORDS.contains(w)) {
            return DONE;
        }
        if (PROCESSING_WORDS.contains(w)) {
            return PROCESSING;
        }
        if (FAILED_WORDS.contains(w)) {
            return FAILED;
        }
        return UNKNOWN;
    }
}
