#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/ollama_chat_response.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/ollama_chat_response.hpp>

#include <polyllm/wire/response.hpp>

#include <cstdint>
#include <cstdio>

POLYLLM_NAMESPACE_BEGIN
namespace ollama_chat_wire {

POLYLLM_DECL std::string tool_call_id(std::size_t index, std::string_view name, std::string_view arguments) {
    std::uint64_t h = 14695981039346656037ull;  // FNV-1a: small, and the same on every platform
    auto mix = [&](std::string_view s) {
        for (const char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
        h = (h ^ 0xffu) * 1099511628211ull;  // a separator, so that "ab"+"c" and "a"+"bc" differ
    };
    mix(name);
    mix(arguments);
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return "call_" + std::to_string(index) + "_" + std::string(hex, 12);
}

POLYLLM_DECL finish_reason finish_reason_of(std::string_view done_reason, bool called_tools) noexcept {
    if (done_reason == "length") return finish_reason::length;
    if (done_reason == "stop" || done_reason.empty()) return called_tools ? finish_reason::tool_calls : finish_reason::stop;
    return finish_reason::other;
}

POLYLLM_DECL result<completion> parse_response(const http_response& res) {
    auto read = [](const nlohmann::json& body) -> result<completion> {
        line_reader reader;
        stream_accumulator answer;
        auto emit = [&](stream_event&& e) { return answer.add(e); };
        const auto step = reader.on_line(body, emit);
        if (step.failure()) return *step.failure();
        if (answer.exceeded()) return *answer.exceeded();
        if (!step.is_done()) return error{errc::malformed_response, "the answer has no \"done\": true"};
        return answer.take();
    };
    auto parsed = wire::parse_response(res, errors, {}, read);
    if (!parsed) return with_pull_hint(std::move(parsed).error());
    return parsed;
}

}  // namespace ollama_chat_wire
POLYLLM_NAMESPACE_END
