// The status page for people at GET /ui (docs/operations.md "Status page"): one self-contained
// HTML page, embedded in the binary, that fetches GET /ui/status.json every two seconds.
#pragma once

#include <string_view>

#include "control/health.h"
#include "control/herder.h"
#include "rest/json.h"

namespace ksink::rest {

std::string_view status_page_html();

// Every connector of the cluster with its tasks' states; tasks running in this process carry
// their metrics too (other workers' tasks are on their own pages).
Json status_page_json(Herder& herder, const KafkaHealth* health);

}  // namespace ksink::rest
