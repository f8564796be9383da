#include "pipeline/task_status.h"

namespace ksink {

std::string_view state_name(State s) {
  switch (s) {
    case State::Unassigned: return "UNASSIGNED";
    case State::Running: return "RUNNING";
    case State::Paused: return "PAUSED";
    case State::Stopped: return "STOPPED";
    case State::Failed: return "FAILED";
    case State::Restarting: return "RESTARTING";
  }
  return "UNASSIGNED";
}

}  // namespace ksink
