#pragma once
// `polyllm models`: the capability table, as text or JSON.

#include "arguments.hpp"
#include "output.hpp"

#include <polyllm/polyllm.hpp>

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace polyllm_cli {

inline constexpr std::string_view models_help = R"(usage: polyllm models [--json]

Lists the models polyllm knows: provider, context window, output limit, prices in USD per million tokens, and
capabilities (function calling, prompt cache, reasoning effort, vision, stop words). Unknown values are "-"
(null in JSON).

options:
  --json   one JSON array of objects
  --help   this text
)";

namespace detail {

inline nlohmann::ordered_json optional_json(const auto& v, double scale = 1) {
    if (!v) return nullptr;
    if (scale != 1) return double(*v) * scale;
    return *v;
}

inline std::string optional_text(const auto& v, double scale = 1) {
    if (!v) return "-";
    char buf[32];
    if (scale != 1) std::snprintf(buf, sizeof buf, "%g", double(*v) * scale);
    else std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(*v));
    return buf;
}

}  // namespace detail

inline int run_models(arguments& args) {
    if (args.flag("--help") || args.flag("-h")) {
        std::fwrite(models_help.data(), 1, models_help.size(), stdout);
        return 0;
    }
    const bool json = args.flag("--json");
    args.finish();
    if (!args.error.empty()) return print_error(polyllm::errc::invalid_config, args.error), 2;

    auto rows = nlohmann::ordered_json::array();
    if (!json)
        std::printf("%-34s %-10s %9s %8s %8s %8s  %s\n", "MODEL", "PROVIDER", "CONTEXT", "OUTPUT", "IN$/M", "OUT$/M",
                    "CAPABILITIES");
    for (const auto& entry : polyllm::model_tables::info) {
        const std::string name(entry.pattern);
        const auto& info = entry.info;
        const auto features = polyllm::features_of(name);
        polyllm::llm_config cfg;
        cfg.model = name;
        const auto provider = polyllm::provider_for(cfg);
        const std::string provider_name = provider ? provider.value() : "-";
        constexpr double per_million = 1'000'000.0;
        if (json) {
            nlohmann::ordered_json row;
            row["model"] = name;
            row["provider"] = provider_name;
            row["max_input_tokens"] = detail::optional_json(info.max_input_tokens);
            row["max_output_tokens"] = detail::optional_json(info.max_output_tokens);
            row["input_cost_per_token"] = detail::optional_json(info.input_cost_per_token);
            row["output_cost_per_token"] = detail::optional_json(info.output_cost_per_token);
            row["cache_read_cost_per_token"] = detail::optional_json(info.cache_read_cost_per_token);
            row["cache_write_cost_per_token"] = detail::optional_json(info.cache_write_cost_per_token);
            row["cache_write_1h_cost_per_token"] = detail::optional_json(info.cache_write_1h_cost_per_token);
            row["function_calling"] = features.function_calling;
            row["prompt_cache"] = features.prompt_cache;
            row["reasoning_effort"] = features.reasoning_effort;
            row["vision"] = features.vision;
            row["stop_words"] = features.stop_words;
            rows.push_back(std::move(row));
            continue;
        }
        std::string caps;
        using flag = std::pair<bool, const char*>;
        for (auto [on, label] : {flag{features.function_calling, "tools"}, flag{features.prompt_cache, "cache"},
                                 flag{features.reasoning_effort, "reasoning"}, flag{features.vision, "vision"},
                                 flag{features.stop_words, "stop"}})
            if (on) caps += (caps.empty() ? "" : ",") + std::string(label);
        std::printf("%-34s %-10s %9s %8s %8s %8s  %s\n", name.c_str(), provider_name.c_str(),
                    detail::optional_text(info.max_input_tokens).c_str(),
                    detail::optional_text(info.max_output_tokens).c_str(),
                    detail::optional_text(info.input_cost_per_token, per_million).c_str(),
                    detail::optional_text(info.output_cost_per_token, per_million).c_str(), caps.c_str());
    }
    if (json) std::printf("%s\n", rows.dump().c_str());
    return 0;
}

}  // namespace polyllm_cli
