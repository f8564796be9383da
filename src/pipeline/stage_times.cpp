#include "pipeline/stage_times.h"

#include <fmt/format.h>

namespace ksink {

const char* stage_name(Stage s) {
  switch (s) {
    case Stage::Idle: return "idle";
    case Stage::Kafka: return "kafka";
    case Stage::Convert: return "convert";
    case Stage::Send: return "send";
    case Stage::Target: return "target";
    case Stage::Commit: return "commit";
  }
  return "?";
}

std::string StageTimes::summary() const {
  double busy = 0;
  for (size_t i = 1; i < kStages; ++i) busy += seconds(Stage(i));
  std::string out = fmt::format("busy {:.2f} s", busy);
  for (size_t i = 1; i < kStages; ++i) {
    const double s = seconds(Stage(i));
    out += fmt::format("{} {} {:.2f} s ({:.0f}%)", i == 1 ? ":" : ",", stage_name(Stage(i)), s,
                       busy > 0 ? 100 * s / busy : 0.0);
  }
  return out + fmt::format("; idle {:.2f} s", seconds(Stage::Idle));
}

}  // namespace ksink
