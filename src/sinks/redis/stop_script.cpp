#include "sinks/redis/stop_script.h"

#include <algorithm>

namespace ksink::redis {
namespace {

// ARGV is the commands back to back, each as its argument count then its arguments. Errors come
// back from redis.pcall as a table with `err`, the reply's text with its code ("WRONGTYPE ...",
// "OOM ...": classify_error reads it as it reads a plain reply). Redis checks OOM only until the
// script's first write (src/script.c scriptVerifyOOM): the commands before it ran, and count as
// written; it and the rest are retried. redis.replicate_commands() lets Redis
// before 7.0 run `XADD *` (not deterministic) followed by more writes; from 7.0 it does nothing
// (effects replication is the only mode). redis/redis src/script_lua.c, src/script.c.
constexpr std::string_view kScript = R"lua(if redis.replicate_commands then redis.replicate_commands() end
local argv, count, i, ran = ARGV, #ARGV, 1, 0
while i <= count do
  local argc = tonumber(argv[i])
  local reply = redis.pcall(unpack(argv, i + 1, i + argc))
  if type(reply) == 'table' and reply.err then return {ran, reply.err} end
  ran = ran + 1
  i = i + argc + 1
end
return {ran})lua";

// Most arguments of one command the script passes on: unpack() fails past about 8000 values
// ("too many results to unpack", Redis 7.0), raised out of the script after what ran before.
constexpr size_t kMaxScriptCommandArgs = 7000;

}  // namespace

bool append_stop_script(std::string_view pipeline, size_t commands, CommandBuffer& out) {
  // Each command's "*<argc>" header becomes the bulk "<argc>"; its arguments are copied as
  // they are, already encoded.
  size_t args = 3;  // EVAL, the script, numkeys
  for (size_t at = 0, c = 0; c < commands; ++c) {
    size_t pos = at;
    const size_t argc = header_number(pipeline, pos);
    if (argc > kMaxScriptCommandArgs) return false;
    args += 1 + argc;
    at = command_end(pipeline, at);
  }
  out.begin(args);
  out.arg("EVAL");
  out.arg(kScript);
  out.arg(int64_t{0});  // no KEYS: the keys are arguments of the commands inside
  for (size_t at = 0, c = 0; c < commands; ++c) {
    size_t pos = at;
    const size_t argc = header_number(pipeline, pos);
    const size_t end = command_end(pipeline, at);
    out.arg(static_cast<int64_t>(argc));
    out.raw(pipeline.substr(pos, end - pos));
    at = end;
  }
  return true;
}

size_t spread_script_reply(const Reply& script, size_t commands, std::vector<Reply>& replies) {
  replies.assign(commands, Reply{});
  if (script.kind == ReplyKind::Missing) return commands;
  if (script.kind == ReplyKind::Error) {
    for (auto& r : replies) r = {ReplyKind::Error, script.error, 0};
    return 0;
  }
  const size_t ran = std::min(static_cast<size_t>(std::max<int64_t>(script.integer, 0)), commands);
  for (size_t i = 0; i < ran; ++i) replies[i].kind = ReplyKind::Ok;
  if (ran < commands && !script.error.empty()) replies[ran] = {ReplyKind::Error, script.error, 0};
  return ran;
}

}  // namespace ksink::redis
