package io.engagebridge.serviceauth;

import java.util.List;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * A service's API document says what its configuration enforces: every route needs a caller's service token (the
 * bearer scheme {@code jwt}, required by the whole document). Runs before web-common's {@code CommonAnswers}, which
 * then gives every route its 401 and 403.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD, priority = ServiceTokenScheme.BEFORE_COMMON_ANSWERS)
public class ServiceTokenScheme implements OASFilter {

    /** Filters of a higher priority run first; web-common's CommonAnswers has the default, 1. */
    static final int BEFORE_COMMON_ANSWERS = 10;
    static final String SCHEME = "jwt";

    @Override
    public void filterOpenAPI(OpenAPI api) {
        Components components = api.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            api.components(components);
        }
        if (components.getSecuritySchemes() == null || !components.getSecuritySchemes().containsKey(SCHEME)) {
            components.addSecurityScheme(SCHEME, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP)
                    .scheme("bearer").bearerFormat("JWT").description("The caller's service token: a JWT signed RS256 "
                            + "with the caller's own key (its id in `kid`), issuer `engage-bridge`, this service in "
                            + "`aud`, the caller in `groups` (`gateway`, `transactions-service`, `operator`), living "
                            + "an hour at most. Which caller may call which route is the service's configuration; see "
                            + "its README, \"Callers\"."));
        }
        if (api.getSecurity() == null || api.getSecurity().isEmpty()) {
            api.setSecurity(List.of(OASFactory.createSecurityRequirement().addScheme(SCHEME)));
        }
    }
}
