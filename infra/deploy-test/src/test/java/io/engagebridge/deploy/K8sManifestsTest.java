package io.engagebridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Renders every overlay under infra/k8s with {@code kubectl kustomize}, parses every document into fabric8's typed
 * models and checks the manifests against the apps themselves: their application.properties (ports, health paths,
 * the variables they read, their shutdown timeout), the project version, and the README (the Secrets and ConfigMaps
 * an operator creates). Skipped, saying so, where kubectl is not installed.
 */
class K8sManifestsTest {

    private static final List<String> OVERLAYS = List.of("local", "production");
    private static final List<String> APPS = List.of(
            "contacts-service", "transactions-service", "promotions-service", "gateway");
    /** The services behind the gateway: each serves its outbox's ops endpoints on its management port. */
    private static final List<String> SERVICES = List.of("contacts-service", "transactions-service", "promotions-service");
    private static final String NAMESPACE = "engage-bridge";
    private static final String NAME_LABEL = "app.kubernetes.io/name";

    /** Variables whose application.properties default suits a cluster as well: the manifests may leave them unset. */
    private static final Set<String> DEFAULT_SUITS_A_CLUSTER = Set.of(
            "CACHE_TTL", "ENGAGE_REDEEM_PATH", "SANDBOX_REDEEM_PATH", "SANDBOX_RECEIPT_DELAY");

    /** Names of variables and keys that carry credentials: never a literal, never in a ConfigMap. */
    private static final Pattern CREDENTIAL = Pattern.compile(".*(PASSWORD|API_KEY|APIKEY|SECRET|TOKEN|_USER|USERNAME).*",
            Pattern.CASE_INSENSITIVE);

    /** Resident memory of one app after the benchmark's loads, with -Xmx128m (infra/scripts/bench, "memory"). */
    private static final long MEASURED_RESIDENT_MIB = 200;

    private static Path root;
    private static String version;
    private static String readme;
    private static Map<String, AppConfig> apps;
    private static Map<String, Rendered> rendered;

    private static final String NO_KUBECTL = "kubectl is not on the PATH: the overlays under infra/k8s were NOT rendered "
            + "nor checked. Install kubectl (it renders offline, no cluster needed) to run K8sManifestsTest.";

    @BeforeAll
    static void renderEveryOverlay() throws IOException {
        Optional<Path> kubectl = Rendered.kubectl();
        if (kubectl.isEmpty()) {
            System.err.println("WARNING " + NO_KUBECTL);
            return;
        }
        root = Repository.root();
        version = Repository.projectVersion(root);
        readme = Files.readString(root.resolve("README.md"));
        apps = AppConfig.MODULES.keySet().stream()
                .collect(Collectors.toMap(Function.identity(), name -> AppConfig.read(root, name)));
        rendered = new LinkedHashMap<>();
        for (String overlay : OVERLAYS) {
            rendered.put(overlay, Rendered.render(kubectl.get(), root, overlay));
        }
    }

    @BeforeEach
    void skipWithoutKubectl() {
        assumeTrue(rendered != null, NO_KUBECTL);
    }

    // --- every overlay ---------------------------------------------------------------------------------------

    @Test
    void everyAppRunsItsOwnImageOfThisVersionOnTheAppsOwnPorts() {
        SoftAssertions soft = new SoftAssertions();
        for (Rendered r : rendered.values()) {
            List<String> expected = r.overlay.equals("local")
                    ? List.of("contacts-service", "transactions-service", "promotions-service", "gateway", "engage-sandbox")
                    : APPS;
            soft.assertThat(r.deployments()).extracting(d -> d.getMetadata().getName())
                    .as("%s: Deployments", r.overlay).containsExactlyInAnyOrderElementsOf(expected);
            for (Deployment d : r.deployments()) {
                String name = d.getMetadata().getName();
                AppConfig app = apps.get(name);
                Container c = Rendered.container(d);
                soft.assertThat(c.getImage()).as("%s/%s: image", r.overlay, name)
                        .matches("([^/]+/)*engage-bridge/" + Pattern.quote(name) + ":" + Pattern.quote(version));
                soft.assertThat(Rendered.port(c, "http"))
                        .as("%s/%s: container port 'http' = quarkus.http.port", r.overlay, name)
                        .hasValueSatisfying(p -> assertThat(p.getContainerPort()).isEqualTo(app.httpPort()));
                soft.assertThat(app.managementEnabled()).as("%s: quarkus.management.enabled", name).isTrue();
                soft.assertThat(Rendered.port(c, "management"))
                        .as("%s/%s: container port 'management' = quarkus.management.port", r.overlay, name)
                        .hasValueSatisfying(p -> assertThat(p.getContainerPort()).isEqualTo(app.managementPort()));
            }
        }
        soft.assertAll();
    }

    @Test
    void startupLivenessAndReadinessProbesAskTheManagementPort() {
        SoftAssertions soft = new SoftAssertions();
        for (Rendered r : rendered.values()) {
            for (Deployment d : r.deployments()) {
                String name = d.getMetadata().getName();
                AppConfig app = apps.get(name);
                Container c = Rendered.container(d);
                String health = managementPath(app, app.value("quarkus.smallrye-health.root-path").orElse("health"));
                Map<String, Probe> probes = new LinkedHashMap<>();
                probes.put(app.value("quarkus.smallrye-health.startup-path").orElse("started"), c.getStartupProbe());
                probes.put(app.value("quarkus.smallrye-health.liveness-path").orElse("live"), c.getLivenessProbe());
                probes.put(app.value("quarkus.smallrye-health.readiness-path").orElse("ready"), c.getReadinessProbe());
                probes.forEach((group, probe) -> {
                    String what = r.overlay + "/" + name + ": " + group + " probe";
                    soft.assertThat(probe).as(what).isNotNull();
                    if (probe == null) {
                        return;
                    }
                    soft.assertThat(probe.getHttpGet()).as(what + " is an HTTP GET").isNotNull();
                    if (probe.getHttpGet() == null) {
                        return;
                    }
                    soft.assertThat(probe.getHttpGet().getPath()).as(what + " path").isEqualTo(health + "/" + group);
                    soft.assertThat(Rendered.portNumber(c, probe.getHttpGet().getPort())).as(what + " port")
                            .contains(app.managementPort());
                });
                Map<String, String> annotations = d.getSpec().getTemplate().getMetadata().getAnnotations();
                if (!name.equals("engage-sandbox")) {
                    soft.assertThat(annotations).as("%s/%s: Prometheus annotations", r.overlay, name)
                            .containsEntry("prometheus.io/scrape", "true")
                            .containsEntry("prometheus.io/port", String.valueOf(app.managementPort()))
                            .containsEntry("prometheus.io/path", managementPath(app,
                                    app.value("quarkus.micrometer.export.prometheus.path").orElse("metrics")));
                }
            }
        }
        soft.assertAll();
    }

    @Test
    void everyContainerHasRequestsAndLimitsSizedFromTheMeasuredMemory() {
        SoftAssertions soft = new SoftAssertions();
        for (Rendered r : rendered.values()) {
            r.podTemplates().forEach((workload, template) -> {
                for (Container c : allContainers(template.getSpec())) {
                    String what = r.overlay + "/" + workload + "/" + c.getName();
                    var resources = c.getResources();
                    soft.assertThat(resources).as(what + ": resources").isNotNull();
                    if (resources == null) {
                        continue;
                    }
                    soft.assertThat(resources.getRequests()).as(what + ": requests").containsKeys("cpu", "memory");
                    soft.assertThat(resources.getLimits()).as(what + ": limits").containsKeys("cpu", "memory");
                    if (apps.containsKey(workload) && c.getName().equals(workload) && resources.getRequests() != null && resources.getLimits() != null
                            && resources.getRequests().containsKey("memory") && resources.getLimits().containsKey("memory")) {
                        long request = mebibytes(resources.getRequests().get("memory"));
                        long limit = mebibytes(resources.getLimits().get("memory"));
                        soft.assertThat(request).as(what + ": memory request (MiB) covers the measured resident set")
                                .isGreaterThanOrEqualTo(MEASURED_RESIDENT_MIB);
                        soft.assertThat(limit).as(what + ": memory limit (MiB)").isGreaterThanOrEqualTo(request);
                    }
                }
            });
        }
        soft.assertAll();
    }

    /**
     * Every app built on web-common serves HTTP on one event loop per core of its own container's CPU limit
     * ({@code IO_THREADS}, rounded up to whole cores), not on Quarkus' default, which put two loops on the one core.
     */
    @Test
    void everyAppServesOnOneEventLoopPerCoreOfItsCpuLimit() {
        SoftAssertions soft = new SoftAssertions();
        for (Rendered r : rendered.values()) {
            for (Deployment d : r.deployments()) {
                String name = d.getMetadata().getName();
                if (!AppConfig.WEB_COMMON_APPS.contains(name)) {
                    continue;
                }
                Container c = Rendered.container(d);
                String what = r.overlay + "/" + name;
                soft.assertThat(apps.get(name).properties().get("quarkus.http.io-threads")).as(what + ": io-threads")
                        .isEqualTo("${IO_THREADS:}");
                var field = env(c, "IO_THREADS").map(EnvVar::getValueFrom).map(EnvVarSource::getResourceFieldRef);
                soft.assertThat(field.map(ResourceFieldSelector::getResource)).as(what + ": IO_THREADS from the CPU limit")
                        .contains("limits.cpu");
                soft.assertThat(field.map(ResourceFieldSelector::getContainerName)).as(what + ": of its own container")
                        .contains(c.getName());
                soft.assertThat(field.map(ResourceFieldSelector::getDivisor).map(Quantity::getAmount))
                        .as(what + ": in whole cores").contains("1");
                soft.assertThat(c.getResources().getLimits()).as(what + ": a CPU limit to follow").containsKey("cpu");
            }
        }
        soft.assertAll();
    }

    @Test
    void everyServiceMigratesItsDatabaseInAnInitContainerFromItsOwnImage() {
        SoftAssertions soft = new SoftAssertions();
        for (Rendered r : rendered.values()) {
            for (Deployment d : r.deployments()) {
                String name = d.getMetadata().getName();
                List<Container> init = d.getSpec().getTemplate().getSpec().getInitContainers();
                if (!SERVICES.contains(name)) {
                    soft.assertThat(init).as("%s/%s: init containers (nothing to migrate)", r.overlay, name).isEmpty();
                    continue;
                }
                soft.assertThat(init).as("%s/%s: init containers", r.overlay, name)
                        .extracting(Container::getName).containsExactly("migrate");
                if (init.size() != 1) {
                    continue;
                }
                Container migrate = init.get(0);
                Container app = Rendered.container(d);
                soft.assertThat(migrate.getImage()).as("%s/%s: the schema step's image", r.overlay, name)
                        .isEqualTo(app.getImage());
                soft.assertThat(String.join(" ", migrate.getCommand()))
                        .as("%s/%s: the schema step on the app's class path", r.overlay, name)
                        .contains("-cp '/deployments/app/*:/deployments/lib/main/*' io.engagebridge.migrations.Migrate");
                for (String variable : List.of("DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASSWORD")) {
                    soft.assertThat(env(migrate, variable)).as("%s/%s: migrate's %s = the app's", r.overlay, name, variable)
                            .isPresent().isEqualTo(env(app, variable));
                }
            }
        }
        soft.assertAll();
    }

    private static Optional<EnvVar> env(Container c, String name) {
        return c.getEnv() == null ? Optional.empty() : c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst();
    }

    private static List<Container> allContainers(PodSpec pod) {
        List<Container> all = new java.util.ArrayList<>(pod.getInitContainers() == null ? List.of() : pod.getInitContainers());
        all.addAll(pod.getContainers());
        return all;
    }

    @Test
    void podsRunAsNonRootOnAReadOnlyRootWithoutPrivilegeEscalation() {
        SoftAssertions soft = new SoftAssertions();
        for (Rendered r : rendered.values()) {
            r.podTemplates().forEach((workload, template) -> {
                PodSpec pod = template.getSpec();
                String what = r.overlay + "/" + workload;
                soft.assertThat(pod.getAutomountServiceAccountToken()).as(what + ": automountServiceAccountToken").isFalse();
                for (Container c : allContainers(pod)) {
                    var podContext = pod.getSecurityContext();
                    var context = c.getSecurityContext();
                    Boolean nonRoot = context != null && context.getRunAsNonRoot() != null ? context.getRunAsNonRoot()
                            : podContext == null ? null : podContext.getRunAsNonRoot();
                    Long user = context != null && context.getRunAsUser() != null ? context.getRunAsUser()
                            : podContext == null ? null : podContext.getRunAsUser();
                    soft.assertThat(nonRoot).as(what + ": runAsNonRoot").isTrue();
                    soft.assertThat(user).as(what + ": runAsUser").isNotNull().isNotZero();
                    soft.assertThat(context).as(what + ": container securityContext").isNotNull();
                    if (context == null) {
                        continue;
                    }
                    soft.assertThat(context.getAllowPrivilegeEscalation()).as(what + ": allowPrivilegeEscalation").isFalse();
                    soft.assertThat(context.getReadOnlyRootFilesystem()).as(what + ": readOnlyRootFilesystem").isTrue();
                    soft.assertThat(context.getCapabilities() == null ? null : context.getCapabilities().getDrop())
                            .as(what + ": capabilities dropped").containsExactly("ALL");
                    soft.assertThat(c.getVolumeMounts()).as(what + ": a writable /tmp (emptyDir)")
                            .anySatisfy(m -> {
                                assertThat(m.getMountPath()).isEqualTo("/tmp");
                                assertThat(volume(pod, m.getName()).map(Volume::getEmptyDir)).isPresent();
                            });
                }
            });
        }
        soft.assertAll();
    }

    @Test
    void noSecretIsWrittenAsALiteral() {
        SoftAssertions soft = new SoftAssertions();
        for (Rendered r : rendered.values()) {
            r.podTemplates().forEach((workload, template) -> {
                for (Container c : template.getSpec().getContainers()) {
                    for (EnvVar env : c.getEnv()) {
                        if (CREDENTIAL.matcher(env.getName()).matches()) {
                            soft.assertThat(env.getValueFrom() == null ? null : env.getValueFrom().getSecretKeyRef())
                                    .as("%s/%s: %s comes from a Secret, not a literal", r.overlay, workload, env.getName())
                                    .isNotNull();
                        }
                    }
                }
            });
            for (ConfigMap cm : r.all(ConfigMap.class)) {
                soft.assertThat(cm.getData().keySet()).as("%s: ConfigMap %s holds no credential", r.overlay,
                        cm.getMetadata().getName()).noneMatch(key -> CREDENTIAL.matcher(key).matches());
            }
        }
        soft.assertThat(rendered.get("production").all(Secret.class))
                .as("production: Secrets are the operator's, not the repository's").isEmpty();
        soft.assertAll();
    }

    @Test
    void everyVariableAnAppReadsIsSetAndEverySetVariableIsRead() {
        SoftAssertions soft = new SoftAssertions();
        for (Rendered r : rendered.values()) {
            for (Deployment d : r.deployments()) {
                String name = d.getMetadata().getName();
                AppConfig app = apps.get(name);
                Container c = Rendered.container(d);
                Set<String> set = c.getEnv().stream().map(EnvVar::getName).collect(Collectors.toSet());
                Set<String> required = app.envVars().keySet().stream()
                        .filter(v -> !app.portVariables().contains(v) && !DEFAULT_SUITS_A_CLUSTER.contains(v))
                        .collect(Collectors.toSet());
                soft.assertThat(set).as("%s/%s: variables %s reads (application.properties) are set", r.overlay, name, name)
                        .containsAll(required);
                soft.assertThat(app.envVars().keySet()).as("%s/%s: every variable set is one %s reads", r.overlay, name, name)
                        .containsAll(set);
                for (EnvVar env : c.getEnv()) {
                    checkResolves(soft, r, name + " " + env.getName(), env);
                }
            }
            r.podTemplates().forEach((workload, template) -> template.getSpec().getVolumes().forEach(v -> {
                if (v.getConfigMap() != null && r.named(ConfigMap.class, v.getConfigMap().getName()).isEmpty()) {
                    String cm = v.getConfigMap().getName();
                    soft.assertThat(readmeCreates("configmap", cm, List.of()))
                            .as("%s/%s: ConfigMap %s is rendered or the README says how to create it", r.overlay, workload, cm)
                            .isTrue();
                }
                if (v.getSecret() != null && r.named(Secret.class, v.getSecret().getSecretName()).isEmpty()) {
                    String secret = v.getSecret().getSecretName();
                    soft.assertThat(readmeCreates("secret generic", secret, List.of()))
                            .as("%s/%s: Secret %s is rendered or the README says how to create it", r.overlay, workload, secret)
                            .isTrue();
                }
            }));
        }
        soft.assertAll();
    }

    /**
     * A file an app reads (a {@code *_LOCATION} variable naming {@code file:...}: keys) lies on a volume mounted where
     * it is read, from a Secret or ConfigMap that holds it (rendered, or created as the README says, with that key). A
     * private key ({@code *SIGNING_KEY*}) comes from a Secret, and an app's signing key Secret is mounted by its own
     * pods alone: no pod can sign as another caller.
     */
    @Test
    void keyFilesAnAppReadsAreMountedFromTheSecretsThatHoldThem() {
        SoftAssertions soft = new SoftAssertions();
        for (Rendered r : rendered.values()) {
            for (Deployment d : r.deployments()) {
                String name = d.getMetadata().getName();
                PodSpec pod = d.getSpec().getTemplate().getSpec();
                Container c = Rendered.container(d);
                for (EnvVar env : c.getEnv()) {
                    Optional<String> value = r.envValue(c, env.getName());
                    if (!env.getName().endsWith("_LOCATION") || value.isEmpty() || !value.get().startsWith("file:")) {
                        continue;
                    }
                    String what = r.overlay + "/" + name + " " + env.getName();
                    Path file = Path.of(value.get().substring("file:".length()));
                    Optional<VolumeMount> mount = c.getVolumeMounts().stream()
                            .filter(m -> file.startsWith(Path.of(m.getMountPath()))).findFirst();
                    soft.assertThat(mount).as("%s: %s lies on a mounted volume", what, file).isPresent();
                    if (mount.isEmpty()) {
                        continue;
                    }
                    Volume volume = volume(pod, mount.get().getName()).orElseThrow();
                    String path = Path.of(mount.get().getMountPath()).relativize(file).toString();
                    if (env.getName().contains("SIGNING_KEY")) {
                        soft.assertThat(volume.getSecret()).as("%s: a private key comes from a Secret", what).isNotNull();
                    }
                    if (volume.getSecret() != null) {
                        String secret = volume.getSecret().getSecretName();
                        String key = keyFor(path, volume.getSecret().getItems());
                        soft.assertThat(r.hasSecretKey(secret, key)
                                || (r.named(Secret.class, secret).isEmpty() && readmeCreates("secret generic", secret, List.of(key))))
                                .as("%s: Secret %s holds %s (rendered, or created as the README says)", what, secret, key)
                                .isTrue();
                    } else if (volume.getConfigMap() != null) {
                        String cm = volume.getConfigMap().getName();
                        String key = keyFor(path, volume.getConfigMap().getItems());
                        soft.assertThat(r.named(ConfigMap.class, cm).map(m -> m.getData().containsKey(key))
                                .orElseGet(() -> readmeCreates("configmap", cm, List.of(key))))
                                .as("%s: ConfigMap %s holds %s (rendered, or created as the README says)", what, cm, key)
                                .isTrue();
                    } else {
                        soft.fail("%s: %s is on neither a Secret nor a ConfigMap", what, file);
                    }
                }
                for (Volume v : pod.getVolumes()) {
                    if (v.getSecret() != null && v.getSecret().getSecretName().endsWith("-signing-key")) {
                        soft.assertThat(v.getSecret().getSecretName()).as("%s/%s: only its own signing key", r.overlay, name)
                                .isEqualTo(name + "-signing-key");
                    }
                }
            }
        }
        soft.assertAll();
    }

    /** The Secret's or ConfigMap's key a mounted file comes from (its items may map keys to other paths). */
    private static String keyFor(String path, List<KeyToPath> items) {
        if (items == null || items.isEmpty()) {
            return path;
        }
        return items.stream().filter(i -> i.getPath().equals(path)).map(KeyToPath::getKey).findFirst().orElse("(not mounted)");
    }

    @Test
    void shutdownFitsInTheTerminationGracePeriod() {
        SoftAssertions soft = new SoftAssertions();
        for (Rendered r : rendered.values()) {
            for (Deployment d : r.deployments()) {
                String name = d.getMetadata().getName();
                Duration delay = r.envValue(Rendered.container(d), "SHUTDOWN_DELAY").map(AppConfig::duration)
                        .orElse(Duration.ZERO);
                Duration needed = delay.plus(apps.get(name).shutdownTimeout());
                Long grace = d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
                soft.assertThat(grace == null ? 30L : grace)
                        .as("%s/%s: terminationGracePeriodSeconds > SHUTDOWN_DELAY + quarkus.shutdown.timeout (%ss)",
                                r.overlay, name, needed.toSeconds())
                        .isGreaterThan(needed.toSeconds());
            }
        }
        soft.assertAll();
    }

    @Test
    void urlsAndHostsNameServicesThatExistOnTheirPorts() {
        SoftAssertions soft = new SoftAssertions();
        for (Rendered r : rendered.values()) {
            for (Deployment d : r.deployments()) {
                Container c = Rendered.container(d);
                for (EnvVar env : c.getEnv()) {
                    Optional<String> value = r.envValue(c, env.getName());
                    String what = r.overlay + "/" + d.getMetadata().getName() + " " + env.getName();
                    if (env.getName().endsWith("_URL") && value.isPresent() && !value.get().isEmpty()) {
                        URI uri = URI.create(value.get());
                        if (!uri.getHost().contains(".")) {
                            checkServicePort(soft, r, what, uri.getHost(), uri.getPort());
                            checkAppPortBehind(soft, r, what, uri, env.getName().endsWith("_MANAGEMENT_URL"));
                        }
                    }
                    if (env.getName().equals("DB_HOST") && value.isPresent() && !value.get().contains(".")) {
                        checkServicePort(soft, r, what, value.get(),
                                Integer.parseInt(r.envValue(c, "DB_PORT").orElse("5432")));
                    }
                }
            }
            for (Service s : r.all(Service.class)) {
                String what = r.overlay + ": Service " + s.getMetadata().getName();
                soft.assertThat(s.getSpec().getType()).as(what + " stays inside the cluster").isIn(null, "ClusterIP");
                Optional<PodTemplateSpec> target = r.podTemplates().values().stream()
                        .filter(t -> Rendered.selects(s.getSpec().getSelector(), t.getMetadata().getLabels())).findFirst();
                soft.assertThat(target).as(what + " selects pods").isPresent();
                target.ifPresent(t -> s.getSpec().getPorts().forEach(p -> soft
                        .assertThat(Rendered.portNumber(t.getSpec().getContainers().get(0), p.getTargetPort()))
                        .as(what + " targets a port of its pods").isPresent()));
            }
        }
        soft.assertAll();
    }

    /**
     * The outbox's ops endpoints are on each service's management port, and the gateway's ops view asks their figures
     * there: each service's Service publishes its management port, and the gateway is given, for each service, the URL
     * its configuration reads ({@code services.<service>-management-url}) naming that Service and port. The gateway's
     * own management port stays unpublished.
     */
    @Test
    void theGatewayReachesEachServicesManagementPortThroughItsService() {
        SoftAssertions soft = new SoftAssertions();
        AppConfig gatewayConfig = apps.get("gateway");
        for (Rendered r : rendered.values()) {
            Container gateway = Rendered.container(r.deployment("gateway").orElseThrow());
            for (String name : SERVICES) {
                AppConfig app = apps.get(name);
                String what = r.overlay + "/" + name;
                Optional<Service> service = r.service(name);
                soft.assertThat(service).as("%s: a Service", what).isPresent();
                if (service.isEmpty()) {
                    continue;
                }
                soft.assertThat(service.get().getSpec().getPorts())
                        .as("%s: the Service publishes the management port (quarkus.management.port %s)", what,
                                app.managementPort())
                        .anyMatch(p -> containerPortBehind(r, service.get(), p.getPort()).orElse(-1) == app.managementPort());
                String property = "services." + name.replace("-service", "") + "-management-url";
                Optional<String> variable = Optional.ofNullable(gatewayConfig.properties().get(property))
                        .flatMap(value -> AppConfig.placeholders(value).keySet().stream().findFirst());
                soft.assertThat(variable).as("gateway: %s reads a variable", property).isPresent();
                Optional<URI> url = variable.flatMap(v -> r.envValue(gateway, v)).map(URI::create);
                soft.assertThat(url).as("%s: the gateway is given %s", what, variable.orElse(property)).isPresent();
                url.ifPresent(u -> {
                    soft.assertThat(u.getHost()).as("%s: %s names its Service", what, variable.get()).isEqualTo(name);
                    soft.assertThat(containerPortBehind(r, service.get(), u.getPort()))
                            .as("%s: %s leads to its management port", what, variable.get()).contains(app.managementPort());
                });
            }
            Service gatewayService = r.service("gateway").orElseThrow();
            soft.assertThat(gatewayService.getSpec().getPorts())
                    .as("%s: the gateway's Service does not publish its management port", r.overlay)
                    .noneMatch(p -> containerPortBehind(r, gatewayService, p.getPort()).orElse(-1)
                            == gatewayConfig.managementPort());
        }
        soft.assertAll();
    }

    // --- production ------------------------------------------------------------------------------------------

    @Test
    void productionScalesEveryAppWithAnAutoscalerAndKeepsOneUpThroughDisruptions() {
        Rendered r = rendered.get("production");
        SoftAssertions soft = new SoftAssertions();
        List<HorizontalPodAutoscaler> hpas = r.all(HorizontalPodAutoscaler.class);
        List<PodDisruptionBudget> pdbs = r.all(PodDisruptionBudget.class);
        for (HorizontalPodAutoscaler hpa : hpas) {
            var target = hpa.getSpec().getScaleTargetRef();
            String name = hpa.getMetadata().getName();
            soft.assertThat(target.getKind()).as("HPA %s targets a Deployment", name).isEqualTo("Deployment");
            soft.assertThat(r.deployment(target.getName())).as("HPA %s targets an existing Deployment", name).isPresent();
        }
        for (PodDisruptionBudget pdb : pdbs) {
            List<String> selected = r.podTemplates().entrySet().stream()
                    .filter(e -> Rendered.selects(pdb.getSpec().getSelector(), e.getValue().getMetadata().getLabels()))
                    .map(Map.Entry::getKey).toList();
            soft.assertThat(selected).as("PDB %s selects the pods of exactly one workload", pdb.getMetadata().getName())
                    .hasSize(1);
        }
        for (String app : APPS) {
            Deployment d = r.deployment(app).orElseThrow();
            soft.assertThat(d.getSpec().getReplicas()).as("%s: no replica count (the HPA owns it)", app).isNull();
            Optional<HorizontalPodAutoscaler> hpa = hpas.stream()
                    .filter(h -> h.getSpec().getScaleTargetRef().getName().equals(app)).findFirst();
            soft.assertThat(hpa).as("%s: an HPA", app).isPresent();
            int minReplicas = hpa.map(h -> h.getSpec().getMinReplicas()).orElse(0);
            soft.assertThat(minReplicas).as("%s: at least 2 replicas", app).isGreaterThanOrEqualTo(2);
            hpa.ifPresent(h -> soft.assertThat(h.getSpec().getMaxReplicas()).as("%s: HPA max", app).isGreaterThan(minReplicas));
            Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
            Optional<PodDisruptionBudget> pdb = pdbs.stream()
                    .filter(p -> Rendered.selects(p.getSpec().getSelector(), podLabels)).findFirst();
            soft.assertThat(pdb).as("%s: a PDB selects its pods", app).isPresent();
            pdb.ifPresent(p -> soft.assertThat(p.getSpec().getMinAvailable().getIntVal())
                    .as("%s: PDB minAvailable below the replica count, so nodes can be drained", app).isLessThan(minReplicas));
            var spread = d.getSpec().getTemplate().getSpec().getTopologySpreadConstraints();
            soft.assertThat(spread).as("%s: spread over nodes, counting its own pods", app)
                    .anySatisfy(t -> {
                        assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
                        assertThat(Rendered.selects(t.getLabelSelector(), podLabels)).isTrue();
                    });
        }
        soft.assertAll();
    }

    @Test
    void productionLetsOnlyTheIntendedTrafficThrough() {
        Rendered r = rendered.get("production");
        List<NetworkPolicy> policies = r.all(NetworkPolicy.class);
        Reachability net = new Reachability(NAMESPACE, policies);
        SoftAssertions soft = new SoftAssertions();

        soft.assertThat(policies).as("a default deny of both directions")
                .anySatisfy(p -> {
                    assertThat(p.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
                    assertThat(p.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
                    assertThat(p.getSpec().getIngress()).isNullOrEmpty();
                    assertThat(p.getSpec().getEgress()).isNullOrEmpty();
                });
        Map<String, Reachability.Endpoint> pods = new LinkedHashMap<>();
        for (String app : APPS) {
            Deployment d = r.deployment(app).orElseThrow();
            Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
            pods.put(app, Reachability.Endpoint.pod(NAMESPACE, labels, Rendered.container(d)));
        }
        for (NetworkPolicy p : policies) {
            soft.assertThat(pods.values()).as("NetworkPolicy %s selects a pod", p.getMetadata().getName())
                    .anyMatch(pod -> net.anySelects(p, pod.podLabels()));
        }

        // between the apps, on their API ports: the gateway calls the services, transactions-service calls contacts;
        // on their management ports: the gateway alone, for its ops view (the outbox's figures)
        Set<String> intended = Set.of("gateway->contacts-service", "gateway->transactions-service",
                "gateway->promotions-service", "transactions-service->contacts-service");
        Set<String> intendedManagement = SERVICES.stream().map(service -> "gateway->" + service)
                .collect(Collectors.toSet());
        for (String from : APPS) {
            for (String to : APPS) {
                if (from.equals(to)) {
                    continue;
                }
                boolean allowed = net.allowed(pods.get(from), pods.get(to), apps.get(to).httpPort(), "TCP");
                soft.assertThat(allowed).as("%s -> %s on its API port", from, to)
                        .isEqualTo(intended.contains(from + "->" + to));
                soft.assertThat(net.allowed(pods.get(from), pods.get(to), apps.get(to).managementPort(), "TCP"))
                        .as("%s -> %s on its management port", from, to)
                        .isEqualTo(intendedManagement.contains(from + "->" + to));
            }
        }
        // from outside the namespace: the ingress controller reaches the gateway alone; Prometheus the management ports
        var ingressController = Reachability.Endpoint.podElsewhere("ingress-nginx", Map.of("app", "ingress-nginx"));
        var prometheus = Reachability.Endpoint.podElsewhere("monitoring", Map.of("app", "prometheus"));
        var elsewhere = Reachability.Endpoint.podElsewhere("default", Map.of("app", "anything"));
        for (String app : APPS) {
            int api = apps.get(app).httpPort();
            int management = apps.get(app).managementPort();
            soft.assertThat(net.allowed(ingressController, pods.get(app), api, "TCP")).as("ingress controller -> %s", app)
                    .isEqualTo(app.equals("gateway"));
            soft.assertThat(net.allowed(prometheus, pods.get(app), management, "TCP")).as("Prometheus -> %s management", app)
                    .isTrue();
            soft.assertThat(net.allowed(prometheus, pods.get(app), api, "TCP")).as("Prometheus -> %s API", app).isFalse();
            soft.assertThat(net.allowed(elsewhere, pods.get(app), api, "TCP")).as("another namespace -> %s", app).isFalse();
            soft.assertThat(net.allowed(elsewhere, pods.get(app), management, "TCP"))
                    .as("another namespace -> %s management", app).isFalse();
            soft.assertThat(net.allowed(ingressController, pods.get(app), management, "TCP"))
                    .as("ingress controller -> %s management", app).isFalse();
        }
        // out: DNS, PostgreSQL and Engage (HTTPS) for everyone; nothing else
        var dns = Reachability.Endpoint.podElsewhere("kube-system", Map.of("k8s-app", "kube-dns"));
        var database = Reachability.Endpoint.outside("10.20.30.40");
        var engage = Reachability.Endpoint.outside("203.0.113.10");
        for (String app : APPS) {
            soft.assertThat(net.allowed(pods.get(app), dns, 53, "UDP")).as("%s -> DNS", app).isTrue();
            soft.assertThat(net.allowed(pods.get(app), database, 5432, "TCP")).as("%s -> PostgreSQL", app).isTrue();
            soft.assertThat(net.allowed(pods.get(app), engage, 443, "TCP")).as("%s -> Engage", app).isTrue();
            soft.assertThat(net.allowed(pods.get(app), engage, 80, "TCP")).as("%s -> plain HTTP outside", app).isFalse();
            soft.assertThat(net.allowed(pods.get(app), elsewhere, 8080, "TCP")).as("%s -> another namespace", app).isFalse();
        }
        soft.assertAll();
    }

    @Test
    void productionExposesTheGatewayAloneThroughAnIngress() {
        Rendered r = rendered.get("production");
        List<Ingress> ingresses = r.all(Ingress.class);
        assertThat(ingresses).as("an Ingress").isNotEmpty();
        SoftAssertions soft = new SoftAssertions();
        for (Ingress ingress : ingresses) {
            ingress.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(path -> {
                var backend = path.getBackend().getService();
                soft.assertThat(backend.getName()).as("Ingress backend").isEqualTo("gateway");
                Service gateway = r.service("gateway").orElseThrow();
                soft.assertThat(gateway.getSpec().getPorts()).as("the backend port exists on the gateway Service")
                        .anyMatch(p -> backend.getPort().getName() != null ? backend.getPort().getName().equals(p.getName())
                                : backend.getPort().getNumber().equals(p.getPort()));
            }));
            if (ingress.getSpec().getTls() != null) {
                ingress.getSpec().getTls().forEach(tls -> soft
                        .assertThat(readmeCreates("secret tls", tls.getSecretName(), List.of()))
                        .as("the README says how to create the TLS Secret %s", tls.getSecretName()).isTrue());
            }
        }
        soft.assertAll();
    }

    @Test
    void productionScrapesEveryAppsManagementPortWithAPodMonitor() {
        Rendered r = rendered.get("production");
        List<GenericKubernetesResource> monitors = r.all(GenericKubernetesResource.class).stream()
                .filter(o -> o.getKind().equals("PodMonitor")).toList();
        assertThat(monitors).as("a PodMonitor").hasSize(1);
        GenericKubernetesResource monitor = monitors.get(0);
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        LabelSelector selector = Rendered.convert(monitor.get("spec", "selector"), LabelSelector.class);
        List<Map<String, Object>> endpoints = monitor.get("spec", "podMetricsEndpoints");
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(endpoints).as("one metrics endpoint per pod").hasSize(1);
        Map<String, Object> endpoint = endpoints.get(0);
        for (String app : APPS) {
            Deployment d = r.deployment(app).orElseThrow();
            AppConfig config = apps.get(app);
            soft.assertThat(Rendered.selects(selector, d.getSpec().getTemplate().getMetadata().getLabels()))
                    .as("the PodMonitor selects %s's pods", app).isTrue();
            soft.assertThat(Rendered.port(Rendered.container(d), String.valueOf(endpoint.get("port"))))
                    .as("%s: the endpoint's port names its management port", app)
                    .hasValueSatisfying(p -> assertThat(p.getContainerPort()).isEqualTo(config.managementPort()));
            soft.assertThat(endpoint.get("path")).as("%s: the metrics path", app).isEqualTo(managementPath(config,
                    config.value("quarkus.micrometer.export.prometheus.path").orElse("metrics")));
        }
        soft.assertThat(r.podTemplates().entrySet().stream()
                .filter(e -> Rendered.selects(selector, e.getValue().getMetadata().getLabels())).map(Map.Entry::getKey))
                .as("it selects the apps' pods alone (every pod it selects must serve metrics)")
                .containsExactlyInAnyOrderElementsOf(APPS);
        // the labels every query and alert selects on (infra/k8s/monitoring): job="engage-bridge", service=<app>
        soft.assertThat(String.valueOf(endpoint.get("relabelings")))
                .as("relabelings: job=engage-bridge and service from the app's name label")
                .contains("replacement=engage-bridge, targetLabel=job")
                .contains("sourceLabels=[__meta_kubernetes_pod_label_app_kubernetes_io_name], targetLabel=service");
        soft.assertAll();
    }

    @Test
    void productionReachesEngageOverHttpsOnly() {
        Rendered r = rendered.get("production");
        SoftAssertions soft = new SoftAssertions();
        for (String app : AppConfig.ENGAGE_CLIENTS) {
            Container c = Rendered.container(r.deployment(app).orElseThrow());
            soft.assertThat(r.envValue(c, "ENGAGE_BASE_URL").map(URI::create).map(URI::getScheme))
                    .as("%s: Engage's URL is https (the API key never crosses a network in clear)", app).contains("https");
            soft.assertThat(r.envValue(c, "ENGAGE_PLAIN_HTTP_HOSTS").filter(hosts -> !hosts.isBlank()))
                    .as("%s: no host reached over plain http", app).isEmpty();
        }
        soft.assertAll();
    }

    @Test
    void productionCarriesTheAlertRulesAndTheDashboardForGrafanasSidecar() throws IOException {
        Rendered r = rendered.get("production");
        assertThat(r.all(GenericKubernetesResource.class)).as("a PrometheusRule")
                .anyMatch(o -> o.getKind().equals("PrometheusRule") && o.getApiVersion().equals("monitoring.coreos.com/v1"));
        ConfigMap dashboard = r.named(ConfigMap.class, "engage-bridge-dashboard").orElseThrow();
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(dashboard.getData()).containsEntry("engage-bridge.json",
                Files.readString(root.resolve(Monitoring.DASHBOARD)));
    }

    // --- local -----------------------------------------------------------------------------------------------

    @Test
    void localRunsOneReplicaOfEachAppWithItsOwnPostgresqlAndTheSandboxAsEngage() {
        Rendered r = rendered.get("local");
        SoftAssertions soft = new SoftAssertions();
        for (Deployment d : r.deployments()) {
            soft.assertThat(d.getSpec().getReplicas()).as("local/%s replicas", d.getMetadata().getName()).isEqualTo(1);
        }
        StatefulSet postgres = r.named(StatefulSet.class, "postgres").orElseThrow();
        soft.assertThat(postgres.getSpec().getVolumeClaimTemplates()).as("PostgreSQL keeps its data on a volume claim")
                .isNotEmpty();
        String init = r.all(ConfigMap.class).stream().filter(cm -> cm.getMetadata().getName().startsWith("postgres-init"))
                .flatMap(cm -> cm.getData().values().stream()).collect(Collectors.joining("\n"));
        for (Deployment d : r.deployments()) {
            Container c = Rendered.container(d);
            r.envValue(c, "DB_NAME").ifPresent(db -> soft.assertThat(init).as("the init script creates %s", db)
                    .containsIgnoringCase("CREATE DATABASE " + db + ";"));
            r.envValue(c, "ENGAGE_RATE_LIMIT_DATABASE_URL").map(URI::create).ifPresent(uri -> soft.assertThat(init)
                    .as("the init script creates the rate budget's database")
                    .containsIgnoringCase("CREATE DATABASE " + uri.getPath().substring(1) + ";"));
            r.envValue(c, "ENGAGE_BASE_URL").ifPresent(url -> soft.assertThat(URI.create(url).getHost())
                    .as("%s: Engage is the sandbox", d.getMetadata().getName()).isEqualTo("engage-sandbox"));
            r.envValue(c, "ENGAGE_BASE_URL").filter(url -> url.startsWith("http:")).ifPresent(url -> soft
                    .assertThat(r.envValue(c, "ENGAGE_PLAIN_HTTP_HOSTS")).as("%s: the sandbox, on plain http, is named "
                            + "in ENGAGE_PLAIN_HTTP_HOSTS, or the service does not start", d.getMetadata().getName())
                    .contains(URI.create(url).getHost()));
        }
        soft.assertAll();
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static String managementPath(AppConfig app, String relative) {
        String rootPath = app.value("quarkus.management.root-path").orElse("/q");
        return relative.startsWith("/") ? relative : (rootPath.endsWith("/") ? rootPath : rootPath + "/") + relative;
    }

    private static void checkResolves(SoftAssertions soft, Rendered r, String what, EnvVar env) {
        if (env.getValueFrom() == null) {
            soft.assertThat(env.getValue()).as("%s: %s has a value", r.overlay, what).isNotNull();
            return;
        }
        var cmRef = env.getValueFrom().getConfigMapKeyRef();
        if (cmRef != null) {
            soft.assertThat(r.named(ConfigMap.class, cmRef.getName()).map(cm -> cm.getData().containsKey(cmRef.getKey())))
                    .as("%s: %s from ConfigMap %s key %s", r.overlay, what, cmRef.getName(), cmRef.getKey()).contains(true);
        }
        var secretRef = env.getValueFrom().getSecretKeyRef();
        if (secretRef != null) {
            boolean resolved = r.hasSecretKey(secretRef.getName(), secretRef.getKey())
                    || (r.named(Secret.class, secretRef.getName()).isEmpty()
                            && readmeCreates("secret generic", secretRef.getName(), List.of(secretRef.getKey())));
            soft.assertThat(resolved).as("%s: %s from Secret %s key %s (rendered, or created as the README says)", r.overlay,
                    what, secretRef.getName(), secretRef.getKey()).isTrue();
        }
    }

    private static void checkServicePort(SoftAssertions soft, Rendered r, String what, String host, int port) {
        Optional<Service> service = r.service(host);
        soft.assertThat(service).as("%s: names Service %s", what, host).isPresent();
        service.ifPresent(s -> soft.assertThat(s.getSpec().getPorts()).extracting(ServicePort::getPort)
                .as("%s: Service %s has port %s", what, host, port).contains(port));
    }

    /**
     * A URL naming one of our apps' Services reaches, through the Service, the port the app serves that on: its
     * {@code quarkus.http.port}, or for a {@code *_MANAGEMENT_URL} its {@code quarkus.management.port}.
     */
    private static void checkAppPortBehind(SoftAssertions soft, Rendered r, String what, URI uri, boolean management) {
        Optional<Service> service = r.service(uri.getHost());
        Optional<AppConfig> app = service.flatMap(s -> appBehind(r, s));
        if (app.isEmpty()) {
            return;
        }
        int expected = management ? app.get().managementPort() : app.get().httpPort();
        soft.assertThat(containerPortBehind(r, service.get(), uri.getPort()))
                .as("%s: Service %s port %s leads to %s's %s port", what, uri.getHost(), uri.getPort(), app.get().name(),
                        management ? "management" : "API")
                .contains(expected);
    }

    /** The app whose pods a Service selects, when it is one of ours. */
    private static Optional<AppConfig> appBehind(Rendered r, Service service) {
        return r.deployments().stream()
                .filter(d -> Rendered.selects(service.getSpec().getSelector(), d.getSpec().getTemplate().getMetadata().getLabels()))
                .map(d -> apps.get(d.getMetadata().getName())).filter(Objects::nonNull).findFirst();
    }

    /** The container port a Service's port sends to, on the pods it selects. */
    private static Optional<Integer> containerPortBehind(Rendered r, Service service, int port) {
        Optional<PodTemplateSpec> target = r.podTemplates().values().stream()
                .filter(t -> Rendered.selects(service.getSpec().getSelector(), t.getMetadata().getLabels())).findFirst();
        Optional<ServicePort> published = service.getSpec().getPorts().stream().filter(p -> p.getPort() == port)
                .findFirst();
        if (target.isEmpty() || published.isEmpty()) {
            return Optional.empty();
        }
        IntOrString targetPort = published.get().getTargetPort() == null ? new IntOrString(port)
                : published.get().getTargetPort();
        return Rendered.portNumber(target.get().getSpec().getContainers().get(0), targetPort);
    }

    /** Whether the README's Kubernetes section tells the operator to create this object (with these keys). */
    private static boolean readmeCreates(String kind, String name, List<String> keys) {
        return readme.lines().anyMatch(line -> line.contains("create " + kind + " " + name + " ")
                && keys.stream().allMatch(key -> line.contains(key + "=")));
    }

    private static Optional<Volume> volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst();
    }

    private static long mebibytes(Quantity quantity) {
        return Quantity.getAmountInBytes(quantity).longValue() / (1024 * 1024);
    }
}
