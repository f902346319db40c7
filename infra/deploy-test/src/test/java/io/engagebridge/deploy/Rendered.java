package io.engagebridge.deploy;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** One overlay rendered by {@code kubectl kustomize}, every document parsed into fabric8's typed models. */
final class Rendered {

    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    final String overlay;
    final List<HasMetadata> objects;

    private Rendered(String overlay, List<HasMetadata> objects) {
        this.overlay = overlay;
        this.objects = objects;
    }

    /** kubectl on the PATH, if there is one. */
    static Optional<Path> kubectl() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "kubectl"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    static Rendered render(Path kubectl, Path root, String overlay) {
        Path dir = root.resolve("infra/k8s/overlays").resolve(overlay);
        try {
            Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                    .redirectErrorStream(false)
                    .start();
            process.getOutputStream().close();
            byte[] out;
            byte[] err;
            try (InputStream stdout = process.getInputStream(); InputStream stderr = process.getErrorStream()) {
                out = stdout.readAllBytes();
                err = stderr.readAllBytes();
            }
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(
                        "kubectl kustomize " + dir + " failed: " + new String(err, StandardCharsets.UTF_8));
            }
            return new Rendered(overlay, parse(new String(out, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + kubectl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every document of a multi-document YAML stream, as the model type of its apiVersion and kind. */
    static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (document.isBlank()) {
                continue;
            }
            Object parsed = YAML.unmarshal(document);
            if (!(parsed instanceof HasMetadata object)) {
                throw new IllegalStateException("Not a Kubernetes object: " + document);
            }
            objects.add(object);
        }
        return objects;
    }

    /** A part of an object without a typed model (a custom resource's spec) as a typed model. */
    static <T> T convert(Object value, Class<T> type) {
        return YAML.convertValue(value, type);
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    List<Deployment> deployments() {
        return all(Deployment.class);
    }

    Optional<Deployment> deployment(String name) {
        return named(Deployment.class, name);
    }

    /** Every pod template (Deployments and StatefulSets), by its workload's name. */
    Map<String, PodTemplateSpec> podTemplates() {
        Map<String, PodTemplateSpec> templates = new LinkedHashMap<>();
        all(Deployment.class).forEach(d -> templates.put(d.getMetadata().getName(), d.getSpec().getTemplate()));
        all(StatefulSet.class).forEach(s -> templates.put(s.getMetadata().getName(), s.getSpec().getTemplate()));
        return templates;
    }

    static Container container(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    static Optional<ContainerPort> port(Container container, String name) {
        return container.getPorts().stream().filter(p -> name.equals(p.getName())).findFirst();
    }

    /** A probe's or Service's port as a number, resolving a port name against the container. */
    static Optional<Integer> portNumber(Container container, IntOrString port) {
        if (port == null) {
            return Optional.empty();
        }
        if (port.getIntVal() != null) {
            return Optional.of(port.getIntVal());
        }
        return port(container, port.getStrVal()).map(ContainerPort::getContainerPort);
    }

    /** An environment variable's value: a literal, or the key of a rendered ConfigMap. Secrets are not read. */
    Optional<String> envValue(Container container, String name) {
        Optional<EnvVar> variable = container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst();
        if (variable.isEmpty()) {
            return Optional.empty();
        }
        EnvVar env = variable.get();
        if (env.getValueFrom() == null) {
            return Optional.ofNullable(env.getValue());
        }
        if (env.getValueFrom().getConfigMapKeyRef() != null) {
            var ref = env.getValueFrom().getConfigMapKeyRef();
            return named(ConfigMap.class, ref.getName()).map(cm -> cm.getData().get(ref.getKey()));
        }
        return Optional.empty();
    }

    boolean hasSecretKey(String secret, String key) {
        return named(Secret.class, secret)
                .map(s -> (s.getData() != null && s.getData().containsKey(key))
                        || (s.getStringData() != null && s.getStringData().containsKey(key)))
                .orElse(false);
    }

    Optional<Service> service(String name) {
        return named(Service.class, name);
    }

    /** Whether a label selector (matchLabels only; matchExpressions are not used here) selects these labels. */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
            throw new IllegalStateException("matchExpressions are not evaluated by this test: use matchLabels");
        }
        Map<String, String> wanted = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty()
                && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
}
