package io.engagebridge.contacts;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What an update or upgrade came to: {@code APPLIED} in Engage now, {@code QUEUED} to reach Engage later, or
 * {@code UNCHANGED} (nothing differed from what Engage already has). {@code fields} names what was sent or queued.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChangeResult(Status status, String contactId, List<String> fields) {

    public enum Status {
        APPLIED, QUEUED, UNCHANGED
    }
}
