package io.engagebridge.deploy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

/**
 * Who may open a connection to whom under the NetworkPolicies of one namespace, evaluated the way Kubernetes does:
 * a pod selected by no policy of a direction is open in that direction; a selected one allows only what some rule
 * of a policy selecting it allows, and a connection needs both the sender's egress and the receiver's ingress.
 */
final class Reachability {

    /** Something at one end of a connection: a pod (of this or another namespace), or an address outside. */
    record Endpoint(String namespace, Map<String, String> namespaceLabels, Map<String, String> podLabels,
            Container container, String ip) {

        static Endpoint pod(String namespace, Map<String, String> labels, Container container) {
            return new Endpoint(namespace, Map.of("kubernetes.io/metadata.name", namespace), labels, container, null);
        }

        static Endpoint podElsewhere(String namespace, Map<String, String> labels) {
            return new Endpoint(namespace, Map.of("kubernetes.io/metadata.name", namespace), labels, null, null);
        }

        static Endpoint outside(String ip) {
            return new Endpoint(null, Map.of(), Map.of(), null, ip);
        }

        boolean isPod() {
            return ip == null;
        }
    }

    private final String namespace;
    private final List<NetworkPolicy> policies;

    Reachability(String namespace, List<NetworkPolicy> policies) {
        this.namespace = namespace;
        this.policies = policies;
    }

    boolean allowed(Endpoint from, Endpoint to, int port, String protocol) {
        return egressAllows(from, to, port, protocol) && ingressAllows(from, to, port, protocol);
    }

    /** Whether some policy's pod selector selects these labels (the policy says what it claims to select). */
    boolean anySelects(NetworkPolicy policy, Map<String, String> podLabels) {
        return Rendered.selects(policy.getSpec().getPodSelector(), podLabels);
    }

    private boolean ingressAllows(Endpoint from, Endpoint to, int port, String protocol) {
        if (!inThisNamespace(to)) {
            return true; // not ours to police
        }
        List<NetworkPolicy> selecting = selecting(to, "Ingress");
        if (selecting.isEmpty()) {
            return true;
        }
        return selecting.stream().flatMap(p -> p.getSpec().getIngress() == null ? Stream.empty()
                : p.getSpec().getIngress().stream())
                .anyMatch(rule -> portMatches(rule.getPorts(), to, port, protocol) && peersMatch(rule.getFrom(), from));
    }

    private boolean egressAllows(Endpoint from, Endpoint to, int port, String protocol) {
        if (!inThisNamespace(from)) {
            return true;
        }
        List<NetworkPolicy> selecting = selecting(from, "Egress");
        if (selecting.isEmpty()) {
            return true;
        }
        return selecting.stream().flatMap(p -> p.getSpec().getEgress() == null ? Stream.empty()
                : p.getSpec().getEgress().stream())
                .anyMatch(rule -> portMatches(rule.getPorts(), to, port, protocol) && peersMatch(rule.getTo(), to));
    }

    private boolean inThisNamespace(Endpoint endpoint) {
        return endpoint.isPod() && namespace.equals(endpoint.namespace());
    }

    private List<NetworkPolicy> selecting(Endpoint pod, String direction) {
        return policies.stream()
                .filter(p -> policyTypes(p).contains(direction))
                .filter(p -> Rendered.selects(p.getSpec().getPodSelector(), pod.podLabels()))
                .toList();
    }

    private static List<String> policyTypes(NetworkPolicy policy) {
        if (policy.getSpec().getPolicyTypes() != null && !policy.getSpec().getPolicyTypes().isEmpty()) {
            return policy.getSpec().getPolicyTypes();
        }
        boolean egress = policy.getSpec().getEgress() != null && !policy.getSpec().getEgress().isEmpty();
        return egress ? List.of("Ingress", "Egress") : List.of("Ingress");
    }

    private static boolean portMatches(List<NetworkPolicyPort> ports, Endpoint to, int port, String protocol) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        return ports.stream().anyMatch(p -> {
            String ruleProtocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
            if (!ruleProtocol.equals(protocol)) {
                return false;
            }
            IntOrString rulePort = p.getPort();
            if (rulePort == null) {
                return true;
            }
            if (rulePort.getIntVal() != null) {
                return rulePort.getIntVal() == port;
            }
            // a named port is the receiving pod's
            return to.container() != null
                    && Rendered.portNumber(to.container(), rulePort).map(n -> n == port).orElse(false);
        });
    }

    private boolean peersMatch(List<NetworkPolicyPeer> peers, Endpoint other) {
        if (peers == null || peers.isEmpty()) {
            return true;
        }
        return peers.stream().anyMatch(peer -> peerMatches(peer, other));
    }

    private boolean peerMatches(NetworkPolicyPeer peer, Endpoint other) {
        if (peer.getIpBlock() != null) {
            return !other.isPod() && inBlock(peer.getIpBlock(), other.ip());
        }
        if (!other.isPod()) {
            return false;
        }
        boolean namespaceOk = peer.getNamespaceSelector() == null
                ? namespace.equals(other.namespace())
                : selectsOrAll(peer.getNamespaceSelector(), other.namespaceLabels());
        boolean podOk = peer.getPodSelector() == null || selectsOrAll(peer.getPodSelector(), other.podLabels());
        return namespaceOk && podOk;
    }

    private static boolean selectsOrAll(LabelSelector selector, Map<String, String> labels) {
        boolean empty = (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
        return empty || Rendered.selects(selector, labels);
    }

    private static boolean inBlock(IPBlock block, String ip) {
        if (!inCidr(block.getCidr(), ip)) {
            return false;
        }
        return block.getExcept() == null || block.getExcept().stream().noneMatch(except -> inCidr(except, ip));
    }

    private static boolean inCidr(String cidr, String ip) {
        String[] parts = cidr.split("/");
        int bits = Integer.parseInt(parts[1]);
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (ipv4(parts[0]) & mask) == (ipv4(ip) & mask);
    }

    private static long ipv4(String address) {
        long value = 0;
        for (String octet : address.split("\\.")) {
            value = (value << 8) | Integer.parseInt(octet);
        }
        return value;
    }
}
