#pragma once
/// @file
/// @brief The definitions of <polyllm/completion_log.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/completion_log.hpp>

#include <cstdio>
#include <fstream>

POLYLLM_NAMESPACE_BEGIN

POLYLLM_DECL std::string completion_log_file_name(std::string_view model, std::chrono::system_clock::time_point when) {
    auto forbidden = [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || std::string_view(R"(<>:"\|?*)").find(c) != std::string_view::npos;
    };
    std::string name;
    for (char c : model) {
        if (c == '/') name += "__";
        else if (forbidden(c)) name += '_';
        else name += c;
    }
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(when.time_since_epoch()).count();
    char stamp[48];
    std::snprintf(stamp, sizeof stamp, "-%lld.%06lld.json", static_cast<long long>(us / 1000000),
                  static_cast<long long>(us % 1000000));
    return name + stamp;
}

POLYLLM_DECL std::string completion_log_text(const completion_log_entry& e, std::string_view secret) {
    const auto& cfg = e.config;
    nlohmann::json parameters = {{"model", cfg.model}};
    if (cfg.temperature) parameters["temperature"] = *cfg.temperature;
    if (cfg.top_p) parameters["top_p"] = *cfg.top_p;
    if (cfg.top_k) parameters["top_k"] = *cfg.top_k;
    if (cfg.max_output_tokens) parameters["max_output_tokens"] = *cfg.max_output_tokens;
    if (cfg.reasoning_effort) parameters["reasoning_effort"] = *cfg.reasoning_effort;
    if (cfg.seed) parameters["seed"] = *cfg.seed;
    const nlohmann::json entry = {
        {"timestamp", std::chrono::duration<double>(e.timestamp.time_since_epoch()).count()},
        {"parameters", std::move(parameters)},
        {"request", e.sent},
        {"response", e.received},
        {"cost", e.received.cost ? nlohmann::json(rounded_cost(*e.received.cost)) : nlohmann::json(nullptr)},
        {"latency_ms", e.latency.count()},
    };
    std::string text = entry.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    detail::redact(text, secret);
    return text;
}

POLYLLM_DECL result<std::filesystem::path> write_completion_log(const std::filesystem::path& folder,
                                                                 const completion_log_entry& e,
                                                                 std::string_view secret) {
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec)
        return error{errc::invalid_config,
                     "log_completions_folder \"" + detail::utf8_from_path(folder) + "\": " + ec.message()};
    const std::string name = completion_log_file_name(e.config.model, e.timestamp);
    auto path = folder / name;
    for (int n = 1; std::filesystem::exists(path, ec); ++n)
        path = folder / (name.substr(0, name.size() - 5) + "-" + std::to_string(n) + ".json");
    std::ofstream out(path, std::ios::binary);
    out << completion_log_text(e, secret);
    out.close();
    if (!out) return error{errc::invalid_config, "cannot write the completion log " + detail::utf8_from_path(path)};
    return path;
}

POLYLLM_NAMESPACE_END
