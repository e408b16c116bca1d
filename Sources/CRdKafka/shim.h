#ifndef PAYMENT_RELAY_CRDKAFKA_SHIM_H
#define PAYMENT_RELAY_CRDKAFKA_SHIM_H

// rdkafka.h must come before rdkafka_mock.h.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <sys/eventfd.h>

// Swift cannot call C variadic functions; this wraps the one mock call that has no array form.
static inline rd_kafka_resp_err_t
shim_mock_broker_push_request_error_rtt(rd_kafka_mock_cluster_t *mcluster, int32_t broker_id,
                                        int16_t api_key, rd_kafka_resp_err_t err, int rtt_ms) {
    return rd_kafka_mock_broker_push_request_error_rtts(mcluster, broker_id, api_key, 1, err, rtt_ms);
}

// A non-blocking, close-on-exec eventfd: what librdkafka's queue IO events (and the consumer's own wake-ups) write
// to, for the per-partition consumer's wait. -1 on failure (errno set).
static inline int shim_eventfd_nonblocking(void) {
    return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

#endif
