#pragma once
/// @file
/// @brief The definitions of <polyllm/json/completion.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/json/completion.hpp>

POLYLLM_NAMESPACE_BEGIN

// A count the provider did not report is null, not 0.
POLYLLM_DECL void to_json(ordered_json& j, const usage& u) {
    auto count = [](const std::optional<std::int64_t>& n) { return n ? ordered_json(*n) : ordered_json(nullptr); };
    j = {{"prompt_tokens", count(u.prompt_tokens)},
         {"completion_tokens", count(u.completion_tokens)},
         {"cache_read_tokens", count(u.cache_read_tokens)},
         {"cache_write_tokens", count(u.cache_write_tokens)},
         {"cache_write_1h_tokens", count(u.cache_write_1h_tokens)},
         {"reasoning_tokens", count(u.reasoning_tokens)}};
}

POLYLLM_DECL void from_json(const ordered_json& j, usage& u) {
    auto count = [&](const char* key) -> std::optional<std::int64_t> {
        const auto it = j.find(key);
        if (it == j.end() || it->is_null()) return std::nullopt;
        return it->get<std::int64_t>();
    };
    u.prompt_tokens = count("prompt_tokens");
    u.completion_tokens = count("completion_tokens");
    u.cache_read_tokens = count("cache_read_tokens");
    u.cache_write_tokens = count("cache_write_tokens");
    u.cache_write_1h_tokens = count("cache_write_1h_tokens");
    u.reasoning_tokens = count("reasoning_tokens");
}

POLYLLM_DECL void to_json(ordered_json& j, const http_headers& headers) {
    j = ordered_json::array();
    for (const auto& h : headers) j.push_back({h.name, h.sensitive ? std::string("[redacted]") : h.value});
}

POLYLLM_DECL void from_json(const ordered_json& j, http_headers& headers) {
    headers = {};
    for (const auto& pair : j) headers.add(pair.at(0).get<std::string>(), pair.at(1).get<std::string>());
}

POLYLLM_DECL void to_json(ordered_json& j, const rate_limit& r) {
    j = ordered_json::object();
    if (r.limit) j["limit"] = *r.limit;
    if (r.remaining) j["remaining"] = *r.remaining;
    if (r.reset_after) j["reset_after_ms"] = r.reset_after->count();
}

POLYLLM_DECL void from_json(const ordered_json& j, rate_limit& r) {
    r = {};
    if (j.contains("limit")) r.limit = j["limit"].get<std::int64_t>();
    if (j.contains("remaining")) r.remaining = j["remaining"].get<std::int64_t>();
    if (j.contains("reset_after_ms")) r.reset_after = std::chrono::milliseconds(j["reset_after_ms"].get<std::int64_t>());
}

POLYLLM_DECL void to_json(ordered_json& j, const rate_limits& r) {
    j = {{"requests", r.requests}, {"tokens", r.tokens}, {"input_tokens", r.input_tokens},
         {"output_tokens", r.output_tokens}};
}

POLYLLM_DECL void from_json(const ordered_json& j, rate_limits& r) {
    r.requests = j.value("requests", rate_limit{});
    r.tokens = j.value("tokens", rate_limit{});
    r.input_tokens = j.value("input_tokens", rate_limit{});
    r.output_tokens = j.value("output_tokens", rate_limit{});
}

POLYLLM_DECL void to_json(ordered_json& j, const completion& c) {
    j = {{"id", c.id},
         {"model", c.model},
         {"message", c.message},
         {"finish_reason", c.finish_reason},
         {"finish_reason_raw", c.finish_reason_raw},
         {"usage", c.usage},
         {"request_id", c.request_id},
         {"headers", c.headers},
         {"rate_limits", c.rate_limits},
         {"cost", c.cost ? ordered_json(*c.cost) : ordered_json(nullptr)}};
    if (c.server_latency) j["server_latency_ms"] = c.server_latency->count();
}

POLYLLM_DECL void from_json(const ordered_json& j, completion& c) {
    c.id = j.value("id", "");
    c.model = j.value("model", "");
    c.message = j.at("message").get<message>();
    c.finish_reason = j.at("finish_reason").get<finish_reason>();
    c.finish_reason_raw = j.value("finish_reason_raw", "");
    c.usage = j.value("usage", usage{});
    c.request_id = j.value("request_id", "");
    c.headers = j.value("headers", http_headers{});
    c.rate_limits = j.value("rate_limits", rate_limits{});
    c.cost.reset();
    if (auto it = j.find("cost"); it != j.end() && it->is_number()) c.cost = it->get<double>();
    c.server_latency.reset();
    if (auto it = j.find("server_latency_ms"); it != j.end() && it->is_number_integer())
        c.server_latency = std::chrono::milliseconds(it->get<std::int64_t>());
}
POLYLLM_NAMESPACE_END
