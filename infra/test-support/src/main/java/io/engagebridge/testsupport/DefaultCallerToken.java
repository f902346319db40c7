package io.engagebridge.testsupport;

import java.net.URI;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Gives every call of a service test the token of a caller allowed to make it, as in production: an operator's for
 * {@code /ops/...}, the gateway's for the rest, for the service under test. A call that carries its own
 * {@code Authorization} keeps it; {@code given().noFiltersOfType(DefaultCallerToken.class)} sends none.
 */
public final class DefaultCallerToken implements Filter {

    private final String audience;

    public DefaultCallerToken(String audience) {
        this.audience = audience;
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
            FilterContext context) {
        if (!request.getHeaders().hasHeaderWithName("Authorization")) {
            String path = URI.create(request.getURI()).getPath();
            String caller = path.startsWith("/ops/") ? ServiceKeys.OPERATOR : ServiceKeys.GATEWAY;
            request.header("Authorization", "Bearer " + ServiceKeys.shared().token(caller, audience));
        }
        return context.next(request, response);
    }

    public String audience() {
        return audience;
    }
}
