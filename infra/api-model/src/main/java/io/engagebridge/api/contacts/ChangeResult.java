package io.engagebridge.api.contacts;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What an update or upgrade came to: {@code APPLIED} in Engage now, {@code QUEUED} to reach Engage later, or
 * {@code UNCHANGED} (nothing differed from what Engage already has). {@code fields} names what was sent or queued.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "ChangeResult", example = """
        {"status":"APPLIED","contactId":"00000000-0000-4000-8000-000000000001","fields":["lastName","preferences.acceptsSms"]}""")
public record ChangeResult(Status status, String contactId, List<String> fields) {

    public enum Status {
        APPLIED, QUEUED, UNCHANGED
    }
}
