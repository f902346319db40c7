package io.engagebridge.gateway.cache;

import java.time.Instant;

import io.engagebridge.gateway.upstream.Answer;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A good answer, with the time it was fetched. */
@RegisterForReflection
public record Stamped(Answer answer, Instant at) {
}
