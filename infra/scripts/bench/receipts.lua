-- wrk script: POST a new receipt (unique uniqueReceiptId) for the demo customer on every request.
-- The bearer token is TOKEN (a service token, to post straight to transactions-service) or else POS (the gateway's).
local threads = 0
function setup(thread)
    thread:set("tid", threads)
    threads = threads + 1
end

function init(args)
    n = 0
    prefix = "B" .. os.time() .. "-" .. tid .. "-"
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["Authorization"] = "Bearer " .. (os.getenv("TOKEN") or os.getenv("POS"))
end

local template = '{"contactId":"00000000-0000-4000-8000-000000000001","uniqueReceiptId":"%s",'
    .. '"receiptNumber":"1","createdDate":"2026-11-26T10:14:00+01:00","storeExternalId":"S001","currency":"SEK",'
    .. '"totalGrossPrice":100.00,"paymentMethods":[{"type":"card","value":100.00}],'
    .. '"items":[{"type":"PURCHASE","sku":"A1","quantity":1,"grossPaidPrice":100.00,"taxAmount":20.00,'
    .. '"taxPercent":25,"articleNumber":"A1","articleName":"Shirt"}]}'

function request()
    n = n + 1
    wrk.body = string.format(template, prefix .. n)
    return wrk.format(nil, os.getenv("RECEIPTS_PATH") or "/api/v1/receipts")
end
