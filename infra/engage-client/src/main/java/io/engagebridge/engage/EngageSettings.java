package io.engagebridge.engage;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;

/**
 * Where Engage is and the key to it, checked once at start-up: an app that would send the key to no one, or in clear
 * across a network, does not start, and the error names the variable to set. Production has no default for either
 * (only quarkus:dev and the tests fall back on the sandbox of this machine: META-INF/microprofile-config.properties),
 * so a deployment that forgot one fails at once instead of queueing everything for an Engage that is not there.
 * Plain http is allowed to this machine's loopback (the sandbox, WireMock) and to the hosts ENGAGE_PLAIN_HTTP_HOSTS
 * names (a trial cluster's sandbox).
 */
@Startup
@Singleton
public class EngageSettings {

    private static final Logger LOG = Logger.getLogger(EngageSettings.class);

    static final String BASE_URL = "ENGAGE_BASE_URL";
    static final String API_KEY = "ENGAGE_API_KEY";
    static final String PLAIN_HTTP_HOSTS = "ENGAGE_PLAIN_HTTP_HOSTS";

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");
    private static final Pattern IPV6_LOOPBACK = Pattern.compile("(0{1,4}:){7}0{0,3}1|::1");

    private final URI baseUrl;
    private final String apiKey;

    @Inject
    public EngageSettings(EngageConfig config) {
        this(config.baseUrl().orElse(null), config.apiKey().orElse(null), config.plainHttpHosts().orElse(List.of()));
        LOG.infof("Engage at %s (the API key is not shown)", origin(baseUrl));
    }

    EngageSettings(String baseUrl, String apiKey, List<String> plainHttpHosts) {
        List<String> problems = new ArrayList<>();
        URI url = null;
        if (baseUrl == null || baseUrl.isBlank()) {
            problems.add(BASE_URL + " is not set (engage.base-url): give the Engage tenant's URL, e.g. "
                    + "https://tenant.voyado.com. Only quarkus:dev and the tests fall back on the sandbox; "
                    + "infra/scripts/run.sh sets it for the local run");
        } else {
            url = parse(baseUrl.strip());
            String problem = url == null ? BASE_URL + " (engage.base-url) is not an http(s) URL with a host; give the "
                    + "Engage tenant's, e.g. https://tenant.voyado.com" : unsafe(url, plainHttpHosts);
            if (problem != null) {
                problems.add(problem);
            }
        }
        if (apiKey == null || apiKey.isBlank()) {
            problems.add(API_KEY + " is not set (engage.api-key): give the tenant's Engage API key (in Kubernetes, "
                    + "Secret engage-api); only quarkus:dev and the tests fall back on the sandbox's");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Engage is not configured: " + String.join("; ", problems) + ".");
        }
        this.baseUrl = url;
        this.apiKey = apiKey;
    }

    /** The tenant's base URL, checked. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** The API key. Never log it, nor put it in a message. */
    public String apiKey() {
        return apiKey;
    }

    /** An absolute http(s) URL with a host, or null (never echoed: a key pasted into the wrong variable stays unseen). */
    private static URI parse(String raw) {
        try {
            URI url = new URI(raw);
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("https") || scheme.equals("http")) && url.getHost() != null ? url : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String unsafe(URI url, List<String> plainHttpHosts) {
        if (url.getRawUserInfo() != null) {
            return BASE_URL + " (engage.base-url) carries a user or password: give the URL alone (" + origin(url)
                    + "), the key goes in " + API_KEY;
        }
        String host = url.getHost();
        boolean plain = url.getScheme().equalsIgnoreCase("http");
        if (plain && !isLoopback(host) && plainHttpHosts.stream().map(String::strip).noneMatch(host::equalsIgnoreCase)) {
            return BASE_URL + " (engage.base-url) is " + origin(url) + ": over plain http the API key would cross the "
                    + "network in clear. Give the tenant's https:// URL; http is for this machine only (127.0.0.1, "
                    + "localhost, [::1]), or for a host named in " + PLAIN_HTTP_HOSTS + " (a trial cluster's sandbox)";
        }
        return null;
    }

    /** Whether {@code host} (as a URL names it) is this machine's loopback, by name: nothing is resolved. */
    static boolean isLoopback(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        return name.equals("localhost") || IPV4_LOOPBACK.matcher(name).matches()
                || IPV6_LOOPBACK.matcher(name).matches();
    }

    /** {@code scheme://host[:port]}: what may be shown of a URL. */
    private static String origin(URI url) {
        return url.getScheme().toLowerCase(Locale.ROOT) + "://" + url.getHost()
                + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }
}
