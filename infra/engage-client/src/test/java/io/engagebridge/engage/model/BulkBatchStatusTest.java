package io.engagebridge.engage.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class BulkBatchStatusTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static BulkBatchStatus of(String body) throws Exception {
        JsonNode node = JSON.readTree(body);
        return BulkBatchStatus.of(node);
    }

    @Test
    void readsTheAssumedStatusFieldInAnyCase() throws Exception {
        assertThat(of("{\"status\":\"Completed\",\"total\":2}")).isEqualTo(BulkBatchStatus.DONE);
        assertThat(of("{\"status\":\"PROCESSING\"}")).isEqualTo(BulkBatchStatus.PROCESSING);
        assertThat(of("{\"status\":\"failed\"}")).isEqualTo(BulkBatchStatus.FAILED);
        assertThat(of("{\"state\":\"in_progress\"}")).isEqualTo(BulkBatchStatus.PROCESSING);
        assertThat(of("\"Completed\"")).isEqualTo(BulkBatchStatus.DONE);
    }

    @Test
    void acceptsABooleanDoneFlag() throws Exception {
        assertThat(of("{\"isDone\":true}")).isEqualTo(BulkBatchStatus.DONE);
        assertThat(of("{\"isDone\":false}")).isEqualTo(BulkBatchStatus.PROCESSING);
    }

    @Test
    void anythingElseIsUnknown() throws Exception {
        assertThat(of("{\"progress\":50}")).isEqualTo(BulkBatchStatus.UNKNOWN);
        assertThat(of("{\"status\":\"Mysterious\"}")).isEqualTo(BulkBatchStatus.UNKNOWN);
        assertThat(of("[]")).isEqualTo(BulkBatchStatus.UNKNOWN);
        assertThat(BulkBatchStatus.of(null)).isEqualTo(BulkBatchStatus.UNKNOWN);
    }
}
