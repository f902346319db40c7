package io.engagebridge.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.infrastructure.CallbackDecorator;

/**
 * Mutiny runs every callback as it is, without a decorator around it: the root pom leaves out
 * {@code mutiny-smallrye-context-propagation}, whose decorator captured and restored a thread context no app has
 * (issue #14: 5-9 % of the gateway's CPU per cached My Pages read). A dependency that brings it back fails here.
 */
class MutinyCallbacksTest {

    @Test
    void noCallbackDecoratorIsOnTheClassPath() {
        assertThat(ServiceLoader.load(CallbackDecorator.class).stream().map(decorator -> decorator.type().getName()))
                .as("Mutiny callback decorators (Mutiny would wrap every callback in them)")
                .isEmpty();
    }
}
