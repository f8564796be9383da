#include "kafka/message.h"

#include <optional>
#include <string>

namespace ksink::kafka {

void Message::read_headers(std::vector<Header>& out) const {
  rd_kafka_headers_t* hdrs = nullptr;
  if (rd_kafka_message_headers(m_.get(), &hdrs) != RD_KAFKA_RESP_ERR_NO_ERROR || !hdrs) return;
  const char* name;
  const void* val;
  size_t size;
  for (size_t h = 0; rd_kafka_header_get_all(hdrs, h, &name, &val, &size) == 0; ++h)
    out.push_back(
        {name, val ? std::optional<std::string>(std::string(static_cast<const char*>(val), size))
                   : std::nullopt});
}

}  // namespace ksink::kafka
