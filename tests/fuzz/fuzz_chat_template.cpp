// Fuzz target: chat-template parsing and rendering over a fixed conversation. Errors must be cci::Error with a
// position; the resource limits must stop runaway templates.
#include "chat/chat_template.h"
#include "util/problem.h"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string source(reinterpret_cast<const char*>(data), size);
    try {
        const auto t = cci::chat::ChatTemplate::parse(source, "fuzz.jinja");
        (void)t.render({{"system", "시스템"}, {"user", "질문 <s>"}, {"assistant", "답"}},
                       {true, "<s>", "</s>", "", ""});
    } catch (const cci::Error&) {
    }
    return 0;
}
