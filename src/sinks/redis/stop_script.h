// Under THROW, the failing record and everything after it stay unwritten (docs/redis-sink.md
// "Errors"). Redis has no rollback, and MULTI/EXEC runs the rest of a transaction after a command
// fails; a script is the one way to make Redis stop at a failing command. A pipeline whose
// commands Redis may refuse (StoragePlan::refusable) is therefore sent as one EVAL of a script that
// runs them in order with redis.pcall and returns at the first error reply: scripts run
// atomically, so nothing after that command runs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sinks/redis/connection.h"
#include "sinks/redis/resp.h"

namespace ksink::redis {

// Appends to `out` one EVAL command running the `commands` RESP commands of `pipeline` in order.
// Its reply is an array: {commands run} or {commands run, the error reply that stopped it}.
// False, with `out` unchanged, when a command has more arguments than one Lua call can pass
// (Lua's unpack stops near 8000: a Stream entry of thousands of fields): such a pipeline is
// sent as it is.
bool append_stop_script(std::string_view pipeline, size_t commands, CommandBuffer& out);

// The script's reply spread over its commands, one reply each: those that ran are Ok, the one
// that stopped it carries its error, those after it are Missing (never run). A script refused as
// a whole (LOADING, BUSY, NOAUTH... before it ran) gives every command its error; a reply that
// never came leaves them all Missing. Returns the index of the command that stopped the script,
// or `commands` when none did.
size_t spread_script_reply(const Reply& script, size_t commands, std::vector<Reply>& replies);

}  // namespace ksink::redis
