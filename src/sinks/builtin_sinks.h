// The sinks compiled into ksink. A new sink is a new folder under sinks/ and one line here.
#pragma once

namespace ksink {

void register_builtin_sinks();

}  // namespace ksink
