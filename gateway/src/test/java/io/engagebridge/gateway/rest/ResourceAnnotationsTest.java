package io.engagebridge.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HttpMethod;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.junit.jupiter.api.Test;

import io.quarkus.security.Authenticated;

/**
 * Every endpoint of the gateway says who may call it: each resource method carries @RolesAllowed, @PermitAll,
 * @DenyAll or @Authenticated, on itself or its class. The gateway denies one that does not (TokenRulesTest checks
 * that live); this test names it before it ships. Read from the compiled main classes, without Quarkus.
 */
class ResourceAnnotationsTest {

    private static final Set<Class<? extends Annotation>> SECURITY = Set.of(RolesAllowed.class, PermitAll.class,
            DenyAll.class, Authenticated.class);

    @Test
    void everyResourceMethodSaysWhoMayCallIt() throws Exception {
        List<String> endpoints = new ArrayList<>();
        List<String> unannotated = new ArrayList<>();
        for (Class<?> type : mainClasses()) {
            if (type.isAnnotationPresent(RegisterRestClient.class)) {
                continue; // the services' API as the gateway calls it, not an endpoint of the gateway
            }
            for (Method method : type.getDeclaredMethods()) {
                if (!Modifier.isPublic(method.getModifiers()) || !isEndpoint(method)) {
                    continue;
                }
                String name = type.getSimpleName() + "." + method.getName();
                endpoints.add(name);
                if (!secured(method) && !secured(type)) {
                    unannotated.add(name);
                }
            }
        }
        assertThat(endpoints).as("the gateway's endpoints were found").contains("MyPagesResource.updateProfile",
                "PosResource.update", "OpsResource.outbox", "PingResource.ping");
        assertThat(unannotated).as("endpoints without @RolesAllowed/@PermitAll/@DenyAll/@Authenticated").isEmpty();
    }

    private static boolean isEndpoint(Method method) {
        return method.isAnnotationPresent(jakarta.ws.rs.Path.class) || Stream.of(method.getAnnotations())
                .anyMatch(a -> a.annotationType().isAnnotationPresent(HttpMethod.class));
    }

    private static boolean secured(AnnotatedElement element) {
        return SECURITY.stream().anyMatch(element::isAnnotationPresent);
    }

    private static List<Class<?>> mainClasses() throws IOException, ClassNotFoundException {
        Path root = Path.of("target", "classes");
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("io/engagebridge/gateway"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace(java.io.File.separatorChar, '.')
                        .replaceAll("\\.class$", "");
                classes.add(Class.forName(name, false, ResourceAnnotationsTest.class.getClassLoader()));
            }
        }
        return classes;
    }
}
