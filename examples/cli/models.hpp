#pragma once
// `polyllm models`: the capability table, as text or JSON.

#include "arguments.hpp"
#include "output.hpp"

#include <polyllm/polyllm.hpp>

#include <asio/io_context.hpp>

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace polyllm_cli {

inline constexpr std::string_view models_help = R"(usage: polyllm models [--json] [--base-url URL [--provider ollama_chat | --api-key-env VAR | --api-key KEY]]

Lists the models polyllm knows: provider, context window, output limit, prices in USD per million tokens, and
capabilities (function calling, prompt cache, reasoning effort, vision, stop words). Unknown values are "-"
(null in JSON). With --base-url, asks that server instead (GET URL/models, OpenAI's shape, as OpenAI,
OpenAI-compatible servers, Ollama and LM Studio answer it) and prints the ids it lists; with --provider
ollama_chat, asks Ollama's native GET URL/api/tags and prints the names of the models the server has pulled.

options:
  --json              one JSON array of objects (with --base-url: the server's entries as it sent them)
  --base-url URL      the server to ask, e.g. http://localhost:11434/v1
  --provider NAME     ollama_chat: the server is Ollama's native API (e.g. http://localhost:11434)
  --api-key-env VAR   its key from the variable VAR (else LLM_API_KEY, then OPENAI_API_KEY; none is fine)
  --api-key KEY       its key itself
  --help              this text
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

// GET {base}/models, and the ids of its `data` entries. The key is sent as a bearer token, when there is one.
inline int list_server_models(const std::string& base_url, const std::optional<std::string>& key_env,
                              const std::optional<std::string>& key, bool json) {
    const auto env = polyllm::environment::process();
    std::optional<std::string> secret = key;
    if (key_env) {
        secret = env.get(*key_env);
        if (!secret || secret->empty())
            return print_error(polyllm::errc::invalid_config,
                               "no API key: " + *key_env + " (named by --api-key-env) is not set"),
                   2;
    }
    if (!secret) secret = env.get("LLM_API_KEY");
    if (!secret) secret = env.get("OPENAI_API_KEY");
    if (auto checked = polyllm::detail::check_base_url(base_url); !checked)
        return print_error(polyllm::errc::invalid_config, "--base-url is not usable: " + checked.error().message), 2;

    polyllm::http_request request;
    request.method = "GET";
    request.url = polyllm::detail::join_url(base_url, "/models");
    if (secret && !secret->empty()) request.headers.add_sensitive("Authorization", "Bearer " + *secret);
    asio::io_context io;
    polyllm::asio_transport transport(io.get_executor());
    std::optional<polyllm::result<polyllm::http_response>> reply;
    transport.async_send(request, [&](polyllm::result<polyllm::http_response> r) { reply = std::move(r); });
    io.run();
    if (!reply || !*reply) {
        auto e = reply ? reply->error() : polyllm::error{polyllm::errc::connection, "no answer"};
        if (secret) polyllm::detail::redact(e.message, *secret);
        return print_error(e), 1;
    }
    const auto& response = reply->value();
    if (response.status < 200 || response.status >= 300) {
        auto e = polyllm::openai_chat::error_from(response, "x-request-id");
        if (secret) polyllm::detail::redact(e.message, *secret);
        return print_error(e), 1;
    }
    const auto body = nlohmann::ordered_json::parse(response.body, nullptr, false);
    const auto data = body.is_object() ? body.find("data") : body.end();
    if (data == body.end() || !data->is_array())
        return print_error(polyllm::errc::malformed_response,
                           "GET " + polyllm::detail::displayable_url(request.url) + " did not answer {\"data\": [...]}"),
               1;
    if (json) {
        std::printf("%s\n", data->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
        return 0;
    }
    for (const auto& entry : *data)
        if (entry.is_object() && entry.contains("id") && entry["id"].is_string())
            std::printf("%s\n", polyllm::detail::shown_server_text(entry["id"].get<std::string>()).c_str());
    return 0;
}

// GET {server}/api/tags of an Ollama server, and the names of the models it has.
inline int list_ollama_models(const std::string& base_url, bool json) {
    polyllm::llm_config cfg;
    cfg.base_url = base_url;
    if (auto checked = polyllm::detail::check_base_url(base_url); !checked)
        return print_error(polyllm::errc::invalid_config, "--base-url is not usable: " + checked.error().message), 2;
    polyllm::http_request request;
    request.method = "GET";
    request.url = polyllm::ollama_chat::server_url(cfg) + "/api/tags";
    asio::io_context io;
    polyllm::asio_transport transport(io.get_executor());
    std::optional<polyllm::result<polyllm::http_response>> reply;
    transport.async_send(request, [&](polyllm::result<polyllm::http_response> r) { reply = std::move(r); });
    io.run();
    if (!reply || !*reply) return print_error(reply ? reply->error() : polyllm::error{polyllm::errc::connection, "no answer"}), 1;
    const auto& response = reply->value();
    if (response.status < 200 || response.status >= 300) return print_error(polyllm::ollama_chat_wire::error_from(response)), 1;
    const auto body = nlohmann::json::parse(response.body, nullptr, false);
    if (!body.is_object() || !body.contains("models"))
        return print_error(polyllm::errc::malformed_response,
                           "GET " + polyllm::detail::displayable_url(request.url) + " did not answer {\"models\": [...]}"),
               1;
    const auto names = polyllm::ollama_chat_wire::model_names(body);
    if (json) {
        std::printf("%s\n", body["models"].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
        return 0;
    }
    for (const auto& name : names) std::printf("%s\n", polyllm::detail::shown_server_text(name).c_str());
    return 0;
}

inline int run_models(arguments& args) {
    if (args.flag("--help") || args.flag("-h")) {
        std::fwrite(models_help.data(), 1, models_help.size(), stdout);
        return 0;
    }
    const bool json = args.flag("--json");
    const auto base_url = args.value("--base-url");
    const auto key_env = args.value("--api-key-env");
    const auto key = args.value("--api-key");
    const auto provider = args.value("--provider");
    args.finish();
    if (!args.error.empty()) return print_error(polyllm::errc::invalid_config, args.error), 2;
    if (provider && *provider != "ollama_chat")
        return print_error(polyllm::errc::invalid_config, "--provider takes ollama_chat (other servers answer GET URL/models)"), 2;
    if (provider && !base_url) return print_error(polyllm::errc::invalid_config, "--provider goes with --base-url"), 2;
    if (provider) return list_ollama_models(*base_url, json);
    if (base_url) return list_server_models(*base_url, key_env, key, json);
    if (key_env || key) return print_error(polyllm::errc::invalid_config, "--api-key and --api-key-env go with --base-url"), 2;

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
