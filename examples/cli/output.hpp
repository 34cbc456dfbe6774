#pragma once
// What the CLI prints: the --json shape of a completion (docs/cli.md; scripts rely on it, so it changes only by
// adding fields), error lines and retry progress.

#include <polyllm/polyllm.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#if !defined(_WIN32)
#include <sys/stat.h>
#endif

namespace polyllm_cli {

/// The cost of a completion when the library knows it (`completion::cost`, issue 10), else null.
template <class C>
nlohmann::ordered_json cost_of(const C& c) {
    if constexpr (requires { c.cost; }) {
        if (c.cost) return polyllm::rounded_cost(*c.cost);
    }
    return nullptr;
}

/// All of standard input, read in blocks: reading it through std::cin's iterator costs a libc call per byte, which was
/// a third of `polyllm tokens`' time on a 10 MB input.
inline std::string read_standard_input() {
    std::string text;
#if !defined(_WIN32)
    // Input redirected from a file is read into a string of its size: growing the string block by block copied a
    // 10 MB input about twice over, and faulted in each larger buffer anew.
    struct stat input {};
    if (::fstat(0, &input) == 0 && S_ISREG(input.st_mode) && input.st_size > 0)
        text.reserve(std::size_t(input.st_size));
#endif
    char block[1 << 16];
    for (std::size_t n; (n = std::fread(block, 1, sizeof block, stdin)) > 0;) text.append(block, n);
    return text;
}

/// A token count, or null when the provider did not report it (never a made-up 0).
inline nlohmann::ordered_json count_json(const std::optional<std::int64_t>& n) {
    return n ? nlohmann::ordered_json(*n) : nlohmann::ordered_json(nullptr);
}

/// {"id", "model", "content", "tool_calls": [{"id", "name", "arguments"}], "finish_reason", "finish_reason_raw",
///  "usage": {"prompt_tokens", "completion_tokens", "cache_read_tokens", "cache_write_tokens", "cache_write_1h_tokens",
///             "reasoning_tokens"} (each null when the provider did not report it),
///  "cost"} (USD to 10 significant digits; null when unknown)
inline nlohmann::ordered_json completion_json(const polyllm::completion& c) {
    auto calls = nlohmann::ordered_json::array();
    for (const auto& call : c.message.tool_calls)
        calls.push_back({{"id", call.id}, {"name", call.name}, {"arguments", call.arguments}});
    nlohmann::ordered_json out;
    out["id"] = c.id;
    out["model"] = c.model;
    out["content"] = c.message.text();
    out["tool_calls"] = std::move(calls);
    out["finish_reason"] = std::string(polyllm::to_string(c.finish_reason));
    out["finish_reason_raw"] = c.finish_reason_raw;
    out["usage"] = {{"prompt_tokens", count_json(c.usage.prompt_tokens)},
                    {"completion_tokens", count_json(c.usage.completion_tokens)},
                    {"cache_read_tokens", count_json(c.usage.cache_read_tokens)},
                    {"cache_write_tokens", count_json(c.usage.cache_write_tokens)},
                    {"cache_write_1h_tokens", count_json(c.usage.cache_write_1h_tokens)},
                    {"reasoning_tokens", count_json(c.usage.reasoning_tokens)}};
    out["cost"] = cost_of(c);
    return out;
}

/// `polyllm: error: <errc name> (HTTP <status>): <message>`; the HTTP part only when a response arrived.
inline void print_error(const polyllm::error& e) {
    std::string line = "polyllm: error: " + std::string(polyllm::to_string(e.kind()));
    if (e.http_status != 0) line += " (HTTP " + std::to_string(e.http_status) + ")";
    // basic_llm's errors are one line of capped printable text already; the CLI's own may quote a file or argument.
    line += ": " + polyllm::detail::shown_server_text(e.message.empty() ? e.code.message() : e.message,
                                                      4 * polyllm::detail::server_text_limit);
    std::fprintf(stderr, "%s\n", line.c_str());
}

/// The library names a missing key's C++ field; a shell user sets it with a flag.
inline polyllm::error for_the_command_line(polyllm::error e) {
    if (e.type == polyllm::missing_api_key_type)
        if (auto at = e.message.find(polyllm::api_key_field); at != std::string::npos)
            e.message.replace(at, polyllm::api_key_field.size(), "--api-key-env VARIABLE, --api-key KEY");
    return e;
}

inline void print_error(polyllm::errc kind, const std::string& message) { print_error(polyllm::error{kind, message}); }

/// `retrying in 5.0 s (attempt 2 of 5): rate_limited`
inline void print_retry(const polyllm::retry_event& r) {
    std::fprintf(stderr, "retrying in %.1f s (attempt %d of %d): %s\n", double(r.delay.count()) / 1000.0, r.attempt,
                 r.max_attempts, std::string(polyllm::to_string(r.cause.kind())).c_str());
}

}  // namespace polyllm_cli
