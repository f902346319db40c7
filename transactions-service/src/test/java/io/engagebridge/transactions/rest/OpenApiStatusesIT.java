package io.engagebridge.transactions.rest;

import io.engagebridge.testsupport.openapi.DocumentedStatusesCheck;

/**
 * Every status transactions-service's tests saw, RestAssured's and the malformed-request corpus' raw ones, is documented for its
 * route in the API document the build wrote (test-support's DocumentedStatusesCheck). Runs after the tests (failsafe).
 */
class OpenApiStatusesIT extends DocumentedStatusesCheck {
}
