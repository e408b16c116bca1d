/// The demo's sample of payment-received events: card captures, bank transfers and PSP settlements, with the cases
/// a payments team meets every week (a webhook redelivered, a broken payload, an unknown customer, a wrong currency).
enum DemoEvents {
    struct Sample {
        let key: String
        let json: String
        /// What the demo expects, shown beside what happened.
        let expectation: String
    }

    static let all: [Sample] = [
        Sample(key: "psp-ch_3Q1001", json: #"{"eventId":"evt-1001","idempotencyKey":"psp-ch_3Q1001","type":"payment.received","occurredAt":"2026-11-20T09:15:00+01:00","customerNumber":"C10000","amount":"1500.00","currencyCode":"USD","invoiceNumber":"103004","externalReference":"ch_3Q1001","description":"Card capture"}"#, expectation: "created"),
        Sample(key: "bank-TRF-88231", json: #"{"eventId":"evt-1002","idempotencyKey":"bank-TRF-88231","customerNumber":"C20000","amount":"249.99","invoiceNumber":"103001","documentNumber":"TRF-88231","description":"Bank transfer"}"#, expectation: "created"),
        Sample(key: "psp-settle-4471", json: #"{"eventId":"evt-1003","idempotencyKey":"psp-settle-4471","customerNumber":"C30000","amount":80.5,"comment":"Settlement batch 4471"}"#, expectation: "created"),
        Sample(key: "bank-TRF-88232", json: #"{"eventId":"evt-1004","idempotencyKey":"bank-TRF-88232","customerNumber":"c40000","amount":"12000","postingDate":"2026-11-20"}"#, expectation: "created"),
        Sample(key: "psp-ch_3Q1005", json: #"{"eventId":"evt-1005","idempotencyKey":"psp-ch_3Q1005","customerNumber":"C50000","amount":"75.10","description":"Card capture (customer blocked for invoicing still pays)"}"#, expectation: "created"),
        Sample(key: "psp-ch_3Q1001", json: #"{"eventId":"evt-1006","idempotencyKey":"psp-ch_3Q1001","type":"payment.received","customerNumber":"C10000","amount":"1500.00","description":"Webhook redelivered"}"#, expectation: "duplicate"),
        Sample(key: "psp-ch_3Q1007", json: #"{"eventId":"evt-1007","customerNumber":"C10000","amount":"19.999"}"#, expectation: "rejected (3 decimals)"),
        Sample(key: "broken", json: #"{"eventId":"evt-1008","customerNumber":"C10000","amount":"#, expectation: "rejected (not JSON)"),
        Sample(key: "psp-ch_3Q1009", json: #"{"eventId":"evt-1009","idempotencyKey":"psp-ch_3Q1009","customerNumber":"C99999","amount":"310.00"}"#, expectation: "rejected (unknown customer)"),
        Sample(key: "psp-ch_3Q1010", json: #"{"eventId":"evt-1010","idempotencyKey":"psp-ch_3Q1010","customerNumber":"C20000","amount":"99.00","currencyCode":"EUR"}"#, expectation: "rejected (currency)"),
        Sample(key: "bank-TRF-88233", json: #"{"eventId":"evt-1011","idempotencyKey":"bank-TRF-88233","customerNumber":"C30000","amount":"640.25","invoiceNumber":"103002"}"#, expectation: "created"),
        Sample(key: "psp-ch_3Q1012", json: #"{"eventId":"evt-1012","idempotencyKey":"psp-ch_3Q1012","customerNumber":"C60000","amount":"55.00"}"#, expectation: "rejected (customer blocked)"),
    ]
}
