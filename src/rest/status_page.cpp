#include "rest/status_page.h"

#include <chrono>
#include <map>
#include <utility>

#include "rest/api.h"

namespace ksink::rest {

namespace {

// Inline CSS and JS only: the page must work where the internet is not reachable. Names and
// traces are put in with textContent, never as HTML.
constexpr std::string_view kPage = R"HTML(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ksink status</title>
<style>
body{font:15px/1.4 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d2330}
header{background:#1d2330;color:#fff;padding:10px 16px;display:flex;flex-wrap:wrap;gap:4px 16px;align-items:baseline}
header h1{font-size:18px;margin:0}
main{padding:12px;max-width:1100px;margin:auto}
.card{background:#fff;border-radius:8px;box-shadow:0 1px 3px #0002;margin:0 0 12px;padding:10px 12px}
.card h2{font-size:16px;margin:0 0 6px;word-break:break-all}
.state{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;color:#fff;background:#777}
.RUNNING,.healthy{background:#1f8a3b}.PAUSED,.STOPPED,.starting{background:#b7791f}
.FAILED,.unhealthy{background:#c53030}.UNASSIGNED,.RESTARTING{background:#4a5568}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;padding:4px 6px;border-top:1px solid #e2e8f0}
th{font-size:12px;color:#4a5568;font-weight:600}
td.n{text-align:right;font-variant-numeric:tabular-nums}
pre{white-space:pre-wrap;word-break:break-word;background:#fff5f5;border:1px solid #feb2b2;padding:6px;font-size:12px;max-height:14em;overflow:auto;margin:6px 0}
.muted{color:#718096;font-size:13px}
.parts{font-size:12px;word-break:break-word}
@media (max-width:640px){
 thead{display:none}
 table,tbody,tr,td{display:block;width:auto}
 tr{border-top:1px solid #e2e8f0;padding:4px 0}
 td{border:0;padding:1px 4px;text-align:left!important}
 td::before{content:attr(data-label) ": ";color:#4a5568;font-size:12px}
}
</style>
</head>
<body>
<header><h1>ksink</h1><span id="worker"></span><span id="health"></span><span class="muted" id="updated"></span></header>
<main id="connectors"><p class="muted">Loading&hellip;</p></main>
<script>
"use strict";
var previous = {};  // task key -> {written, time}: records written per second between refreshes
function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}
function badge(state) { return el("span", "state " + state, state); }
var columns = [["Task"], ["State"], ["Worker"], ["Partitions", 1], ["Written/s", 1], ["Written", 1],
               ["Lag", 1], ["Errors", 1], ["Skipped", 1]];
function render(s) {
  document.getElementById("worker").textContent = "worker " + s.worker_id;
  var h = document.getElementById("health");
  h.textContent = "";
  var hb = badge(s.health.status);
  hb.title = s.health.message;
  h.appendChild(hb);
  var main = document.getElementById("connectors");
  main.textContent = "";
  if (!s.connectors.length) main.appendChild(el("p", "muted", "No connectors."));
  var now = s.time_ms, seen = {};
  s.connectors.forEach(function (c) {
    var card = el("section", "card");
    card.dataset.connector = c.name;
    var title = el("h2", null, c.name + " ");
    title.appendChild(badge(c.state));
    card.appendChild(title);
    card.appendChild(el("div", "muted", "connector on " + c.worker_id));
    if (c.trace) card.appendChild(el("pre", null, c.trace));
    var table = el("table"), head = el("tr");
    columns.forEach(function (col) { head.appendChild(el("th", null, col[0])); });
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    c.tasks.forEach(function (t) {
      var key = c.name + "/" + t.id, m = t.metrics, rate = "";
      if (m) {
        var p = previous[key];
        if (p && now > p.time) rate = Math.max(0, (m.records_written - p.written) * 1000 / (now - p.time)).toFixed(1);
        seen[key] = {written: m.records_written, time: now};
      }
      var parts = "";
      if (m) {
        parts = el("span", null, String(m.partitions));
        if (m.assigned && m.assigned.length) parts.appendChild(el("div", "muted parts", m.assigned.join(", ")));
      }
      var cells = [t.id, badge(t.state), t.worker_id, parts, rate, m ? m.records_written : "",
                   m ? m.lag_max : "", m ? m.record_errors + m.record_failures : "",
                   m ? m.records_skipped : ""];
      var row = el("tr");
      row.dataset.task = t.id;
      cells.forEach(function (v, i) {
        var td = el("td", columns[i][1] ? "n" : null);
        td.dataset.label = columns[i][0];
        if (v instanceof Node) td.appendChild(v); else td.textContent = String(v);
        row.appendChild(td);
      });
      body.appendChild(row);
      if (t.trace) {
        var tr = el("tr"), td = el("td");
        td.colSpan = columns.length;
        td.appendChild(el("pre", null, t.trace));
        tr.appendChild(td);
        body.appendChild(tr);
      }
    });
    card.appendChild(table);
    if (!c.tasks.length) card.appendChild(el("div", "muted", "No tasks."));
    main.appendChild(card);
  });
  previous = seen;
  document.getElementById("updated").textContent = "updated " + new Date(now).toLocaleTimeString();
}
function refresh() {
  fetch("/ui/status.json", {cache: "no-store"})
    .then(function (r) { return r.json(); })
    .then(render)
    .catch(function (e) { document.getElementById("updated").textContent = "cannot reach ksink: " + e; })
    .finally(function () { setTimeout(refresh, 2000); });
}
refresh();
</script>
</body>
</html>
)HTML";

Json metrics_json(const TaskMetrics& m) {
  Json j = Json::object();
  auto n = [&](const char* k, int64_t v) { j.set(k, Json::number(v)); };
  n("partitions", int64_t(m.partitions));
  Json names = Json::array();
  for (auto& name : m.assigned.get()) names.push(Json::string(std::move(name)));
  j.set("assigned", std::move(names));
  n("records_read", int64_t(m.records_read));
  n("records_written", int64_t(m.records_written));
  n("lag_max", int64_t(m.lag_max));
  n("record_errors", int64_t(m.record_errors));
  n("record_failures", int64_t(m.record_failures));
  n("records_skipped", int64_t(m.records_skipped));
  return j;
}

}  // namespace

std::string_view status_page_html() { return kPage; }

Json status_page_json(Herder& herder, const KafkaHealth* health) {
  // The metrics of this process's tasks, by connector and task id.
  std::map<std::pair<std::string, int>, Json> local;
  Worker& worker = herder.local_worker();
  for (const auto& name : worker.names()) {
    auto connector = worker.get(name);
    if (!connector) continue;  // deleted meanwhile
    connector->visit_task_metrics(
        [&](int task, const TaskMetrics& m) { local[{name, task}] = metrics_json(m); });
  }
  Json connectors = Json::array();
  for (const auto& name : herder.connectors()) {
    auto status = herder.status(name);
    if (!status) continue;
    Json tasks = Json::array();
    for (const auto& t : status->tasks) {
      Json tj = Json::object();
      tj.set("id", Json::number(t.id));
      tj.set("state", Json::string(std::string(state_name(t.state))));
      tj.set("worker_id", Json::string(t.worker_id));
      if (!t.trace.empty()) tj.set("trace", Json::string(t.trace));
      auto m = local.find({name, t.id});
      if (m != local.end() && t.worker_id == herder.worker_id()) tj.set("metrics", m->second);
      tasks.push(std::move(tj));
    }
    Json out = Json::object();
    out.set("name", Json::string(name));
    out.set("state", Json::string(std::string(state_name(status->state))));
    out.set("worker_id", Json::string(status->worker_id));
    if (!status->trace.empty()) out.set("trace", Json::string(status->trace));
    out.set("tasks", std::move(tasks));
    connectors.push(std::move(out));
  }
  Json out = Json::object();
  out.set("worker_id", Json::string(herder.worker_id()));
  out.set("health", health_json(health).second);
  out.set("time_ms", Json::number(std::chrono::duration_cast<std::chrono::milliseconds>(
                                      std::chrono::system_clock::now().time_since_epoch())
                                      .count()));
  out.set("connectors", std::move(connectors));
  return out;
}

}  // namespace ksink::rest
