// A watch as a client or the server config describes it (POST /v1/watches, "watches" in the
// config): {"target", "mode", "report", "authority_change", "webhook_url", "secret"}. Unknown
// keys are errors; the webhook's address is checked by the caller (watch/webhook.h).
#pragma once

#include "index/result_table.h"
#include "index/status.h"
#include "watch/watch_store.h"

namespace linklens::watch {

// Fills `out` (target, mode, report, authority_change, webhook_url, secret) from `j`; 400
// errors name the key.
Status parse_watch(const Json& j, Watch& out);

// The id in a body {"id": N} (DELETE /v1/watches, POST /v1/watches/token).
StatusOr<int64_t> parse_watch_id(const std::string& body);

}  // namespace linklens::watch
