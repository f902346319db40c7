package io.engagebridge.transactions.rest;

import java.util.List;

import io.engagebridge.testsupport.BadInputChecks;
import io.engagebridge.testsupport.EngageWireMockResource;
import io.engagebridge.testsupport.PostgresTestResource;
import io.engagebridge.testsupport.ServiceKeysResource;
import io.engagebridge.testsupport.badinput.BadRequests;
import io.engagebridge.testsupport.badinput.Route;
import io.engagebridge.testsupport.badinput.Route.BodyChecks;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The malformed-request corpus against transactions-service's three routes (test-support's BadInputChecks). WireMock
 * is Engage and contacts-service alike: a receipt naming its customer by key would ask contacts-service first.
 */
@QuarkusTest
@WithTestResource(EngageWireMockResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "transactions_test"))
@WithTestResource(value = ServiceKeysResource.class, initArgs = @ResourceArg(name = "signer", value = "transactions-service"))
class BadInputTest extends BadInputChecks {

    private static final String ANN = "4f3b2a10-0000-4000-8000-00000000a001";

    /** Every field Voyado documents for a receipt, with a purchase line carrying a discount and a return line. */
    private static final String RECEIPT = """
            {"contactId":"%s","uniqueReceiptId":"R-1001","receiptNumber":"1001",
             "createdDate":"2026-11-26T10:14:00+01:00","storeExternalId":"S001","currency":"SEK","totalGrossPrice":150.00,
             "exchangeRateToGroupCurrency":1.0,
             "paymentMethods":[{"type":"card","value":150.00,"description":"Visa"}],
             "items":[{"type":"PURCHASE","sku":"A1","quantity":2,"grossPaidPrice":200.00,"taxAmount":40.00,
                       "taxPercent":25,"articleNumber":"A1","articleName":"Shirt","awardsBonus":true,
                       "discounts":[{"value":20.00,"type":"AMOUNT","description":"Sale"}],
                       "extraData":[{"name":"colour","value":"blue"}]},
                      {"type":"RETURN","sku":"B1","quantity":-1,"grossPaidPrice":50.00,"taxAmount":10.00,
                       "taxPercent":25,"articleNumber":"B1","articleName":"Socks"}],
             "usedPromotions":[{"promotionId":"p-10off","couponId":"C-1"}],"usedBonusChecks":[{"checkNumber":"BC-1"}],
             "extraData":[{"name":"till","value":"3"}]}""".formatted(ANN);

    @Override
    protected String[] ownTables() {
        return new String[] { "receipt" };
    }

    @Override
    protected List<Route> routes() {
        String token = gatewayToken();
        var badTokens = badTokens();
        return List.of(
                Route.of("POST", "/receipts").body(RECEIPT, BodyChecks.FULL).authorization(token, badTokens, 401, 403),
                Route.of("GET", "/receipts/{uniqueReceiptId}").path("uniqueReceiptId", "R-1001", BadRequests.badIds(100))
                        .authorization(token, badTokens, 401, 403),
                Route.of("GET", "/transactions").query("contactId", ANN, BadRequests.badIds(64), true)
                        .query("offset", "0", BadRequests.badNumbers("100001"), false)
                        .query("count", "20", BadRequests.badNumbers("0", "101"), false)
                        .authorization(token, badTokens, 401, 403));
    }
}
