/* Reports: what the device tells the server about an update, and the outcome it owes after a reboot. */
#include <string.h>

#include "client.h"

static voyager_err_t send_report(voyager_client_t *c, const voyager_report_t *r) {
    voyager_http_response_t *resp = &c->resp;
    voyager_err_t err = voyager_report_json(r, c->out, sizeof c->out, &c->out_len);
    if (err == VOYAGER_OK) {
        err = voyager__api_url(c, "reports");
    }
    if (err == VOYAGER_OK) {
        err = voyager__post_json(c, NULL, resp);
    }
    if (err == VOYAGER_OK && resp->status != 200 && resp->status != 202) {
        voyager__log(c, VOYAGER_LOG_WARN, "voyager: report refused with HTTP %d: %s", resp->status, c->body);
        /* a refusal (4xx) will not change on a retry; a server error (5xx) may */
        err = resp->status >= 500 ? VOYAGER_ERR_HTTP : VOYAGER_OK;
    }
    return err;
}

/*
 * About the current offer: within an install attempt its reports carry the attempt; outside one (an offer refused at
 * the check) attempt 0, so refusing the same offer for the same reason at every check counts once per generation.
 */
void voyager__report_offer(voyager_client_t *c, voyager_status_t status, voyager_err_t err) {
    voyager_report_t r = {c->cfg.device_id, c->cfg.product, c->offer.sequence, c->running.text,
                          c->offer.version.text, c->running.text, status, NULL, NULL, -1, -1, voyager__battery(c),
                          c->attempt};
    if (status == VOYAGER_STATUS_FAILED) {
        r.error_code = voyager_err_code(err);
        r.error_message = c->why;
    }
    if (status != VOYAGER_STATUS_DOWNLOADING && c->started_ms != 0) {
        r.download_ms = (int64_t) (voyager__now(c) - c->started_ms);
        r.bytes = c->offer.size;
    }
    send_report(c, &r);
}

void voyager__pending_report(voyager_client_t *c, voyager_report_t *r) {
    const voyager_pending_t *pd = &c->pending;
    voyager_report_t settled = {c->cfg.device_id, c->cfg.product, pd->sequence, pd->from, pd->to, c->running.text,
                                VOYAGER_STATUS_SUCCESS, NULL, NULL, pd->download_ms, pd->bytes, voyager__battery(c),
                                pd->attempt};
    *r = settled;
    if (pd->state == OUTCOME_ROLLED_BACK) {
        r->status = VOYAGER_STATUS_ROLLED_BACK;
        r->error_message = "the new firmware did not mark itself valid; the bootloader went back";
    } else if (pd->state == OUTCOME_INTERRUPTED) {
        r->status = VOYAGER_STATUS_FAILED;
        r->error_code = "install-interrupted";
        r->error_message = "the device restarted while switching to the new firmware";
    }
}

/* Sends the outcome the last boots settled, once; kept until the server has it. */
void voyager__flush_reports(voyager_client_t *c) {
    voyager_report_t r;
    if (!c->report_pending) {
        return;
    }
    voyager__pending_report(c, &r);
    if (send_report(c, &r) == VOYAGER_OK) {
        c->report_failures = 0;
        voyager__save_pending(c, PENDING_NONE);
    } else {
        if (c->report_failures < UINT32_MAX) {
            c->report_failures++;
        }
        c->next_report_ms = voyager__now(c) + voyager__api_backoff_ms(c, c->report_failures);
    }
}
