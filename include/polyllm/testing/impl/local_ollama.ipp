#pragma once
/// @file
/// @brief The definitions of <polyllm/testing/local_ollama.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/testing/local_ollama.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace testing {

namespace ollama_detail {

inline planned_response json_reply(int status, const nlohmann::json& body) {
    planned_response out;
    out.status = status;
    out.headers.emplace_back("content-type", "application/json; charset=utf-8");
    out.body = body.dump();
    return out;
}

inline planned_response error_reply(int status, std::string message) {
    return json_reply(status, nlohmann::json{{"error", std::move(message)}});
}

// Pieces of text as a model would stream them: each a run of spaces and the word after it.
inline std::vector<std::string> pieces_of(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t i = start;
        while (i < text.size() && (text[i] == ' ' || text[i] == '\n')) ++i;
        while (i < text.size() && text[i] != ' ' && text[i] != '\n') ++i;
        out.emplace_back(text.substr(start, i - start));
        start = i;
    }
    return out;
}

inline bool has_model(const local_server_options& options, const std::string& model) {
    if (options.ollama_fault == "no-model") return false;
    return model.empty() || std::find(options.models.begin(), options.models.end(), model) != options.models.end() ||
           std::find(options.models.begin(), options.models.end(), "polyllm-echo") != options.models.end();
}

inline planned_response chat(const nlohmann::json& body, const local_server_options& options, int n) {
    const std::string model = body.value("model", "");
    if (!has_model(options, model)) return error_reply(404, "model \"" + model + "\" not found, try pulling it first");
    // What the model would see: the prompt's last num_ctx tokens (by the estimate), as Ollama cuts a longer one.
    std::string prompt, last;
    for (const auto& m : body.value("messages", nlohmann::json::array())) {
        if (!m.is_object()) continue;
        const auto content = m.value("content", "");
        prompt += content;
        const auto role = m.value("role", "");
        if (role == "user" || role == "tool") last = content;
    }
    std::int64_t num_ctx = 2048;
    if (const auto o = body.find("options"); o != body.end() && o->is_object())
        if (const auto c = o->find("num_ctx"); c != o->end() && c->is_number_integer()) num_ctx = c->get<std::int64_t>();
    const auto prompt_tokens = std::int64_t(approximate_tokens(prompt).tokens) + 1;
    const auto evaluated = std::min(prompt_tokens, num_ctx);

    std::string text = last;
    std::vector<tool_call> calls;
    if (!options.script.empty()) {
        const auto& s = options.script[std::size_t(n - 1) % options.script.size()];
        text = s.text;
        calls = s.tool_calls;
    }
    auto pieces = pieces_of(text);
    std::string done_reason = "stop";
    if (const auto o = body.find("options"); o != body.end() && o->is_object())
        if (const auto p = o->find("num_predict"); p != o->end() && p->is_number_integer() && p->get<std::int64_t>() >= 0 &&
                                                   std::size_t(p->get<std::int64_t>()) < pieces.size()) {
            pieces.resize(std::size_t(p->get<std::int64_t>()));
            done_reason = "length";
        }
    text.clear();
    for (const auto& p : pieces) text += p;
    auto tool_calls = nlohmann::json::array();
    for (const auto& c : calls)
        tool_calls.push_back({{"function", {{"name", c.name}, {"arguments", nlohmann::json::parse(c.arguments.empty() ? "{}" : c.arguments, nullptr, false)}}}});

    const std::string created = "2026-01-01T00:00:00Z";
    auto line = [&](std::string content, bool done) {
        nlohmann::json l{{"model", model}, {"created_at", created}, {"message", {{"role", "assistant"}, {"content", std::move(content)}}}, {"done", done}};
        return l;
    };
    auto last_line = [&](std::string content, bool with_calls) {
        auto l = line(std::move(content), true);
        if (with_calls && !tool_calls.empty()) l["message"]["tool_calls"] = tool_calls;
        l["done_reason"] = done_reason;
        l["total_duration"] = 1000000;
        l["prompt_eval_count"] = evaluated;
        l["eval_count"] = std::int64_t(pieces.size() + calls.size());
        return l;
    };
    if (!body.value("stream", true)) return json_reply(200, last_line(text, true));

    planned_response out;
    out.streamed = true;
    out.headers.emplace_back("content-type", "application/x-ndjson");
    out.event_delay = options.token_delay;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        out.events.push_back(line(pieces[i], false).dump() + "\n");
        if (i == 0 && options.ollama_fault == "error-line") {
            out.events.push_back(nlohmann::json{{"error", "an error was encountered while running the model"}}.dump() + "\n");
            return out;
        }
    }
    if (!tool_calls.empty()) {
        auto l = line("", false);
        l["message"]["tool_calls"] = tool_calls;
        out.events.push_back(l.dump() + "\n");
    }
    if (options.ollama_fault != "cut") out.events.push_back(last_line("", false).dump() + "\n");
    return out;
}

inline planned_response show(const nlohmann::json& body, const local_server_options& options) {
    std::string model = body.value("model", "");
    if (model.empty()) model = body.value("name", "");
    if (!has_model(options, model)) return error_reply(404, "model '" + model + "' not found");
    return json_reply(200, nlohmann::json{
                               {"details", {{"format", "gguf"}, {"family", "llama"}}},
                               {"model_info",
                                {{"general.architecture", "llama"},
                                 {"llama.context_length", options.ollama_context_length}}},
                               {"capabilities", {"completion", "tools"}}});
}

inline planned_response tags(const local_server_options& options) {
    auto models = nlohmann::json::array();
    for (const auto& m : options.models)
        models.push_back({{"name", m}, {"model", m}, {"modified_at", "2026-01-01T00:00:00Z"}, {"size", 0},
                          {"details", {{"format", "gguf"}}}});
    return json_reply(200, nlohmann::json{{"models", std::move(models)}});
}

}  // namespace ollama_detail

POLYLLM_DECL bool is_ollama_path(std::string_view path) noexcept {
    return path == "/api/chat" || path == "/api/show" || path == "/api/tags";
}

POLYLLM_DECL planned_response ollama_reply(const server_request& req, const local_server_options& options, int n) {
    const std::string_view path = std::string_view(req.target).substr(0, req.target.find('?'));
    if (path == "/api/tags") {
        if (req.method != "GET") return ollama_detail::error_reply(405, "use GET for /api/tags");
        return ollama_detail::tags(options);
    }
    if (req.method != "POST") return ollama_detail::error_reply(405, "use POST for " + std::string(path));
    const auto body = nlohmann::json::parse(req.body, nullptr, false);
    if (!body.is_object()) return ollama_detail::error_reply(400, "invalid JSON in the request body");
    if (options.fail_status != 0 && path == "/api/chat" && (n - 1) % std::max(options.fail_every, 1) == 0)
        return ollama_detail::error_reply(options.fail_status, "injected failure for request " + std::to_string(n));
    if (path == "/api/show") return ollama_detail::show(body, options);
    return ollama_detail::chat(body, options, n);
}

}  // namespace testing
POLYLLM_NAMESPACE_END
