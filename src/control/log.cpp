#include "control/log.h"

#include <spdlog/sinks/stdout_sinks.h>

#include <cstdlib>

namespace ksink {

void setup_logging() {
  // Logs go to stderr so stdout stays for what commands print (dev-kafka's bootstrap line).
  auto logger = spdlog::stderr_logger_mt("ksink");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("[%Y-%m-%d %H:%M:%S,%e] %^%l%$ %v");
  const char* level = std::getenv("KSINK_LOG_LEVEL");
  spdlog::set_level(level ? spdlog::level::from_str(level) : spdlog::level::info);
  spdlog::flush_on(spdlog::level::info);
}

}  // namespace ksink
