#pragma once
/// @file
/// @brief Google's Gemini API wire format (`models/{model}:generateContent` and `:streamGenerateContent?alt=sse`), as
/// free functions without I/O: the request body (contents, systemInstruction, functionDeclarations with schemas
/// translated for Gemini, toolConfig, generationConfig with thinkingConfig), the response, the error body.
/// Reference: https://ai.google.dev/api/generate-content and the google-genai SDK types.

#include <polyllm/config.hpp>
#include <polyllm/detail/ascii.hpp>
#include <polyllm/wire/body_writer.hpp>
#include <polyllm/detail/json_diagnosis.hpp>
#include <polyllm/detail/json_writer.hpp>
#include <polyllm/detail/server_text.hpp>
#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/providers/openai_chat.hpp>
#include <polyllm/retry/hints.hpp>
#include <polyllm/stream.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/gemini_schema.hpp>

#include <nlohmann/json.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace gemini_content {

// The generic JSON field readers are OpenAI's; Gemini's bodies read the same way.
namespace field = openai_chat::field;

// ---------------------------------------------------------------------------------------------- settings

/// @brief What the model tables say about the model, decided by the provider and passed in, so that the wire code
/// does no lookups and can be tested with any values.
struct model_traits {
    bool thinking = false;        ///< the model takes a thinking configuration (the reasoning_effort capability)
    bool include_thoughts = true;  ///< ask for thought summaries when thinking is configured (gemini::options)
    /// Send schemas as JSON Schema, unchanged (`parametersJsonSchema`, `responseJsonSchema`), instead of translated
    /// to Gemini's Schema (gemini::options::schema_passthrough).
    bool schema_passthrough = false;
};

/// @brief How a reasoning effort is said to a Gemini model: Gemini 3 takes a thinking level, earlier models a
/// token budget. Levels: none, minimal and low are "low", medium and high are "high" (the two levels every Gemini 3
/// model takes; Gemini 3 cannot turn thinking off). Budgets: none 0 (off; 128, the least, for the Pro models, which
/// cannot turn it off), minimal 512, low 1024, medium 8192, high 24576.
struct thinking_setting {
    std::optional<std::int64_t> budget;
    std::string level;
};

[[nodiscard]] inline bool uses_thinking_level(std::string_view model) noexcept {
    if (const auto slash = model.rfind('/'); slash != std::string_view::npos) model.remove_prefix(slash + 1);
    return polyllm::detail::istarts_with(model, "gemini-3");
}

[[nodiscard]] POLYLLM_DECL thinking_setting thinking_for(std::string_view model, reasoning_effort e);

// ---------------------------------------------------------------------------------------------- tool call ids

/// Gemini's function calls carry no id (the Developer API leaves `id` empty), so polyllm makes one:
/// `call_<responseId>_<n>`, n counting the response's calls from 0, or Gemini's own id when it sent one. The call's
/// thought signature, which must go back with it, rides on the id after this separator (the convention LiteLLM and
/// gateways use), so that it survives any code that keeps tool calls by id.
inline constexpr std::string_view thought_separator = "__thought__";

[[nodiscard]] POLYLLM_DECL std::string make_call_id(std::string_view gemini_id, std::string_view response_id,
                                                    std::size_t n, std::string_view signature);

/// @brief The thought signature carried by a tool call id, or an empty view.
[[nodiscard]] inline std::string_view signature_of(std::string_view call_id) noexcept {
    const auto at = call_id.find(thought_separator);
    return at == std::string_view::npos ? std::string_view{} : call_id.substr(at + thought_separator.size());
}

// ---------------------------------------------------------------------------------------------- request body
// Written straight into the request's body with detail::json_writer, as openai_chat::write_body is: no tree of the
// conversation is built.

/// @brief An object schema with no properties declares no parameters; Gemini rejects it ("properties: should be
/// non-empty for OBJECT type"), so such a tool is declared without `parameters`. A schema that refers elsewhere
/// (`$ref`, `anyOf`, `oneOf`, `allOf`) may declare them there, and counts as declaring. For a JSON Schema sent as it
/// is; a translated one is judged by what was written (wire::gemini_schema_summary).
[[nodiscard]] POLYLLM_DECL bool declares_parameters(const nlohmann::ordered_json& schema);

/// @brief A function declaration: the tool's schema as `parameters`, translated to Gemini's Schema
/// (wire::write_gemini_schema), or with `schema_passthrough` as it is, in `parametersJsonSchema`. A schema that
/// declares no properties (see declares_parameters) is left out either way.
POLYLLM_DECL void write_function_declaration(polyllm::detail::json_writer& w, const tool& t,
                                             bool schema_passthrough = false);

POLYLLM_DECL void write_tool_config(polyllm::detail::json_writer& w, const tool_choice& c);

POLYLLM_DECL void write_image(polyllm::detail::json_writer& w, const image_part& image);

/// @brief Appends the generateContent body to `out`. System messages form `systemInstruction`; assistant turns
/// are `model` turns; tool results are `functionResponse` parts (`{"output": <text>}`) in user turns; consecutive
/// turns of one role are merged. Request fields win over the configuration's defaults; a field `extra` names
/// takes extra's value where it stands, and extra's other fields follow. On an error `out` is left as it was.
[[nodiscard]] POLYLLM_DECL result<void> write_body(std::string& out, const request& r, const llm_config& cfg,
                                                   std::string_view model, const model_traits& traits);

// ---------------------------------------------------------------------------------------------- responses

/// @brief Gemini's finishReason: STOP is a stop (tool_calls when the answer has calls), MAX_TOKENS is length,
/// the safety and recitation blocks are content_filter, a malformed or unexpected call is error, anything else is
/// other.
[[nodiscard]] inline finish_reason finish_reason_from(std::string_view raw, bool has_tool_calls = false) noexcept {
    if (raw == "STOP") return has_tool_calls ? finish_reason::tool_calls : finish_reason::stop;
    if (raw == "MAX_TOKENS") return finish_reason::length;
    for (std::string_view filtered : {"SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII",
                                      "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION"})
        if (raw == filtered) return finish_reason::content_filter;
    if (raw == "MALFORMED_FUNCTION_CALL" || raw == "UNEXPECTED_TOOL_CALL" || raw == "TOO_MANY_TOOL_CALLS")
        return finish_reason::error;
    return finish_reason::other;
}

/// @brief Gemini's usageMetadata. promptTokenCount already includes the cached content (cachedContentTokenCount),
/// as polyllm's prompt_tokens does; tool-use prompt tokens are prompt too. Thoughts are output Gemini counts apart
/// (thoughtsTokenCount); polyllm's completion_tokens includes them, as reasoning_tokens.
[[nodiscard]] POLYLLM_DECL usage usage_from(const nlohmann::json& u);

/// @brief Reads the parts of a candidate's content as the events a stream of them carries. Shared by the whole
/// response and the stream decoder, so that both give the same message.
class part_reader {
public:
    /// @brief `response_id` names the calls (see make_call_id); the first non-empty one is kept.
    POLYLLM_DECL void set_response_id(std::string_view id);

    [[nodiscard]] bool has_tool_calls() const noexcept { return tool_calls_ > 0; }

    /// @brief Emits the events of one part through `emit(stream_event&&) -> bool`.
    template <class Emit>
    bool read(const nlohmann::json& part, Emit&& emit) {
        auto signature = field::string_or_empty(part, "thoughtSignature");
        if (const auto* call = field::object_or_null(part, "functionCall")) {
            const auto index = tool_calls_++;
            auto args = call->find("args");
            const bool has_args = args != call->end() && !args->is_null();
            auto id = make_call_id(field::string_or_empty(*call, "id"), response_id_, index, signature);
            return emit(tool_call_start{index, std::move(id), field::string_or_empty(*call, "name")}) &&
                   emit(tool_call_delta{index, has_args ? args->dump() : std::string("{}")}) &&
                   emit(tool_call_end{index});
        }
        auto text = field::string_or_empty(part, "text");
        if (part.value("thought", false))
            return (text.empty() && signature.empty()) || emit(reasoning_delta{std::move(text), std::move(signature)});
        if (!text.empty() && !emit(text_delta{std::move(text)})) return false;
        // A signature on a part that is not a thought is kept right after it, to go back in the same place.
        return signature.empty() || emit(reasoning_delta{{}, std::move(signature)});
    }

private:
    std::string response_id_;
    std::size_t tool_calls_ = 0;
};

/// @brief The error for a response without candidates: a blocked prompt is content_policy (asking again gets the
/// same block); otherwise no_response, which happens now and then and is worth another try.
[[nodiscard]] POLYLLM_DECL error no_candidates_error(const nlohmann::json& body);

/// @brief A parsed GenerateContentResponse. The first candidate is the answer (polyllm never asks for more).
[[nodiscard]] POLYLLM_DECL result<completion> completion_from(const nlohmann::json& body);

// ---------------------------------------------------------------------------------------------- errors

/// @brief "17s" or "0.5s", as google.rpc.RetryInfo's retryDelay is written in JSON.
[[nodiscard]] inline std::optional<std::chrono::milliseconds> duration_from(std::string_view text) {
    if (text.size() < 2 || text.back() != 's') return std::nullopt;
    text.remove_suffix(1);
    double seconds = 0;
    bool digits = false, dot = false;
    double scale = 1;
    for (char c : text) {
        if (c == '.' && !dot) {
            dot = true;
        } else if (c >= '0' && c <= '9') {
            digits = true;
            if (dot) seconds += (scale /= 10) * (c - '0');
            else seconds = seconds * 10 + (c - '0');
        } else {
            return std::nullopt;
        }
    }
    if (!digits) return std::nullopt;
    // Saturated, not ignored: a delay beyond any cap means "do not retry", which the retry policy then says.
    if (!(seconds * 1000 < double(retry_hint_ceiling.count()))) return retry_hint_ceiling;
    return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000 + 0.5));
}

/// @brief The errc for Gemini's `error.status` (google.rpc codes), the HTTP status and the message.
[[nodiscard]] POLYLLM_DECL errc classify(int status, std::string_view rpc_status, std::string_view reason,
                                         std::string_view message);

/// @brief The error for `{"error": {"code", "message", "status", "details"}}` (also inside a one-element array, as
/// the non-SSE stream sends it). `type` is the rpc status, or the ErrorInfo reason when there is one; a RetryInfo
/// detail becomes the retry hint.
[[nodiscard]] POLYLLM_DECL error error_from(const http_response& res);

/// @brief Retry what Google's SDKs retry (408, 429, 500, 502, 503, 504) and a response without candidates; never a
/// rejected key or a prompt too long.
[[nodiscard]] inline bool should_retry(const error& e) noexcept {
    switch (e.kind()) {
        case errc::quota_exceeded:
        case errc::cancelled:
        case errc::context_window_exceeded:
        case errc::authentication:
        case errc::permission_denied:
        case errc::content_policy:
            return false;
        case errc::no_response:
        case errc::rate_limited:
        case errc::service_unavailable:
            return true;
        default: break;
    }
    switch (e.http_status) {
        case 408: case 429: case 500: case 502: case 503: case 504: return true;
        case 0: return e.kind() == errc::connection || e.kind() == errc::timeout;
        default: return false;
    }
}

/// @brief Parses a generateContent response: the completion for a 2xx with a candidate, the classified error
/// otherwise. Never throws: a body of the wrong shape is `errc::malformed_response`.
[[nodiscard]] POLYLLM_DECL result<completion> parse_response(const http_response& res);

}  // namespace gemini_content
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
POLYLLM_NAMESPACE_BEGIN
namespace gemini_content {

POLYLLM_DECL thinking_setting thinking_for(std::string_view model, reasoning_effort e) {
    if (uses_thinking_level(model))
        return {std::nullopt, e == reasoning_effort::medium || e == reasoning_effort::high ? "high" : "low"};
    switch (e) {
        case reasoning_effort::none:
            return {polyllm::detail::to_lower(model).find("pro") != std::string::npos ? 128 : 0, {}};
        case reasoning_effort::minimal: return {512, {}};
        case reasoning_effort::low: return {1024, {}};
        case reasoning_effort::medium: return {8192, {}};
        case reasoning_effort::high: return {24576, {}};
    }
    return {};
}

POLYLLM_DECL std::string make_call_id(std::string_view gemini_id, std::string_view response_id, std::size_t n,
                                      std::string_view signature) {
    std::string id = !gemini_id.empty() ? std::string(gemini_id)
                     : response_id.empty()
                         ? "call_" + std::to_string(n)
                         : "call_" + std::string(response_id) + "_" + std::to_string(n);
    if (!signature.empty()) id.append(thought_separator).append(signature);
    return id;
}

POLYLLM_DECL bool declares_parameters(const nlohmann::ordered_json& schema) {
    if (!schema.is_object() || schema.empty()) return false;
    const auto properties = schema.find("properties");
    const bool has_properties = properties != schema.end() && properties->is_object() && !properties->empty();
    const auto type = schema.find("type");
    const bool is_object = type == schema.end() || *type == "object" || *type == "OBJECT";
    const bool elsewhere = schema.contains("$ref") || schema.contains("anyOf") || schema.contains("oneOf") ||
                           schema.contains("allOf");
    return has_properties || !is_object || elsewhere;
}

POLYLLM_DECL void write_function_declaration(polyllm::detail::json_writer& w, const tool& t,
                                             bool schema_passthrough) {
    w.begin_object().key("name").string(t.name);
    if (!t.description.empty()) w.key("description").string(t.description);
    const auto& parameters = t.parameters;
    if (schema_passthrough) {
        if (declares_parameters(parameters)) w.key("parametersJsonSchema").value(parameters);
    } else {
        // Translated aside first: whether it declares anything is known once its references are followed.
        std::string translated;
        polyllm::detail::json_writer aside(translated);
        const auto written = wire::write_gemini_schema(aside, parameters);
        if (written.has_properties || (!written.type.empty() && written.type != "object"))
            w.key("parameters").raw(translated);
    }
    w.end_object();
}

POLYLLM_DECL void write_tool_config(polyllm::detail::json_writer& w, const tool_choice& c) {
    w.begin_object().key("functionCallingConfig").begin_object().key("mode");
    switch (c.kind) {
        case tool_choice::mode::none: w.string("NONE"); break;
        case tool_choice::mode::required: w.string("ANY"); break;
        case tool_choice::mode::function:
            w.string("ANY").key("allowedFunctionNames").begin_array().string(c.function_name).end_array();
            break;
        case tool_choice::mode::automatic: w.string("AUTO"); break;
    }
    w.end_object().end_object();
}

POLYLLM_DECL void write_image(polyllm::detail::json_writer& w, const image_part& image) {
    if (image.is_inline()) {
        w.begin_object().key("inlineData").begin_object();
        w.key("mimeType").string(image.media_type).key("data").string(image.data);
        w.end_object().end_object();
        return;
    }
    w.begin_object().key("fileData").begin_object();
    if (!image.media_type.empty()) w.key("mimeType").string(image.media_type);
    w.key("fileUri").string(image.url).end_object().end_object();
}

namespace detail {

// The name of the call a tool result answers: the message's own, else the call's in an earlier assistant turn.
inline std::string function_name_for(const std::vector<message>& messages, std::size_t result_index) {
    const auto& result = messages[result_index];
    if (!result.name.empty()) return result.name;
    for (std::size_t i = result_index; i-- > 0;)
        for (const auto& call : messages[i].tool_calls)
            if (call.id == result.tool_call_id) return call.name;
    return {};
}

// The contents being written: consecutive turns of one role are merged (parallel calls need all their responses
// in one turn, and Gemini expects turns to alternate). A message without parts opens no turn: Gemini rejects a
// turn without parts, and an empty message says nothing.
class turn_writer {
public:
    explicit turn_writer(polyllm::detail::json_writer& w) noexcept : w_(w) {}

    /// @brief Continues the open turn when it has this role, else opens one; the caller then writes parts.
    void parts_of(std::string_view role) {
        if (role == role_) return;
        close();
        w_.begin_object().key("role").string(role).key("parts").begin_array();
        role_ = role;
    }

    void close() {
        if (!role_.empty()) w_.end_array().end_object();
        role_ = {};
    }

private:
    polyllm::detail::json_writer& w_;
    std::string_view role_;  // of the open turn; empty when none is open
};

[[nodiscard]] inline bool has_user_parts(const message& m) noexcept {
    for (const auto& part : m.content) {
        if (const auto* t = std::get_if<text_part>(&part)) {
            if (!t->text.empty()) return true;
        } else if (std::holds_alternative<image_part>(part)) {
            return true;
        }
    }
    return false;
}

inline void write_user_parts(polyllm::detail::json_writer& w, const message& m) {
    for (const auto& part : m.content) {
        if (const auto* t = std::get_if<text_part>(&part)) {
            if (!t->text.empty()) w.begin_object().key("text").string(t->text).end_object();  // Gemini rejects ""
        } else if (const auto* image = std::get_if<image_part>(&part)) {
            write_image(w, *image);
        }
    }
}

// A model turn as it arrived: thought parts (with their signatures), text, a signature that belonged to the part
// before it, then the calls, each with the signature its id carries. A part stays open until the next one starts,
// since a signature-only thinking part after it puts its signature on it (the last such signature wins).
inline result<void> write_model_parts(polyllm::detail::json_writer& w, const message& m, turn_writer& turns) {
    bool has_parts = !m.tool_calls.empty();
    for (const auto& part : m.content) {
        if (std::holds_alternative<image_part>(part))
            return error{errc::bad_request, "Gemini takes no images in model turns"};
        if (const auto* t = std::get_if<text_part>(&part)) has_parts = has_parts || !t->text.empty();
        else if (const auto* thinking = std::get_if<thinking_part>(&part))
            has_parts = has_parts || !thinking->thinking.empty();
    }
    if (!has_parts) return success();
    turns.parts_of("model");
    bool open = false;  // a part is written but for its signature and closing brace
    std::string_view signature;
    auto close_part = [&] {
        if (!open) return;
        if (!signature.empty()) w.key("thoughtSignature").string(signature);
        w.end_object();
        open = false;
    };
    for (const auto& part : m.content) {
        if (const auto* t = std::get_if<text_part>(&part)) {
            if (t->text.empty()) continue;
            close_part();
            w.begin_object().key("text").string(t->text);
            open = true;
            signature = {};
        } else if (const auto* thinking = std::get_if<thinking_part>(&part)) {
            if (!thinking->thinking.empty()) {
                close_part();
                w.begin_object().key("text").string(thinking->thinking).key("thought").boolean(true);
                open = true;
                signature = thinking->signature;
            } else if (!thinking->signature.empty() && open) {
                signature = thinking->signature;  // a signature Gemini put on that part
            }
        }
    }
    close_part();
    for (const auto& call : m.tool_calls) {
        w.begin_object().key("functionCall").begin_object().key("name").string(call.name).key("args");
        if (call.arguments.empty()) {
            w.begin_object().end_object();
        } else {
            const auto args = nlohmann::ordered_json::parse(call.arguments, nullptr, false);
            if (args.is_discarded() || !args.is_object())
                return error{errc::bad_request, "the arguments of tool call " + call.id + " (" + call.name +
                                                    ") are not a JSON object, which Gemini requires: " +
                                                    openai_chat::body_excerpt(call.arguments)};
            w.value(args);
        }
        w.end_object();
        if (auto call_signature = signature_of(call.id); !call_signature.empty())
            w.key("thoughtSignature").string(call_signature);
        w.end_object();
    }
    return success();
}

// A tool's result as the text it returned, without joining the common single part.
inline void write_tool_output(polyllm::detail::json_writer& w, const message& m) {
    const text_part* only = nullptr;
    std::size_t texts = 0;
    for (const auto& part : m.content)
        if (const auto* t = std::get_if<text_part>(&part)) {
            only = t;
            ++texts;
        }
    if (texts <= 1) w.string(only ? std::string_view(only->text) : std::string_view{});
    else w.string(m.text());
}

// The turns of `contents`. `system_error_at` is the index of the first system message with an image, whose error
// comes in its place among the others.
inline result<void> write_contents(polyllm::detail::json_writer& w, const std::vector<message>& messages,
                                   std::size_t system_error_at) {
    w.begin_array();
    turn_writer turns(w);
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const auto& m = messages[i];
        switch (m.role) {
            case role::system:
                if (i == system_error_at)
                    return error{errc::bad_request, "Gemini takes only text in the system instruction"};
                break;
            case role::user:
                if (has_user_parts(m)) {
                    turns.parts_of("user");
                    write_user_parts(w, m);
                }
                break;
            case role::assistant:
                if (auto written = write_model_parts(w, m, turns); !written) return std::move(written).error();
                break;
            case role::tool: {
                const auto name = function_name_for(messages, i);
                if (name.empty())
                    return error{errc::bad_request, "a tool result (tool_call_id \"" + m.tool_call_id +
                                                        "\") names no function and answers no earlier call: Gemini "
                                                        "needs the function's name"};
                turns.parts_of("user");
                w.begin_object().key("functionResponse").begin_object().key("name").string(name);
                w.key("response").begin_object().key("output");
                write_tool_output(w, m);
                w.end_object().end_object().end_object();
                for (const auto& part : m.content)  // images a tool returned follow its response
                    if (const auto* image = std::get_if<image_part>(&part)) write_image(w, *image);
                break;
            }
        }
    }
    turns.close();
    w.end_array();
    return success();
}

}  // namespace detail

POLYLLM_DECL result<void> write_body(std::string& out, const request& r, const llm_config& cfg, std::string_view model,
                                     const model_traits& traits) {
    const std::size_t start = out.size();
    out.reserve(start + openai_chat::body_size_hint(r));
    polyllm::detail::json_writer w(out);
    polyllm::wire::body_fields fields(w, r.extra);

    w.begin_object();
    std::size_t system_error_at = r.messages.size();
    bool has_system = false;
    for (std::size_t i = 0; i < r.messages.size() && system_error_at == r.messages.size(); ++i) {
        if (r.messages[i].role != role::system) continue;
        for (const auto& part : r.messages[i].content) {
            if (std::holds_alternative<image_part>(part)) {
                system_error_at = i;
                break;
            }
            if (const auto* t = std::get_if<text_part>(&part); t && !t->text.empty()) has_system = true;
        }
    }
    if (has_system && fields.standard("systemInstruction")) {
        w.begin_object().key("parts").begin_array();
        for (const auto& m : r.messages)
            if (m.role == role::system)
                for (const auto& part : m.content)
                    if (const auto* t = std::get_if<text_part>(&part); t && !t->text.empty())
                        w.begin_object().key("text").string(t->text).end_object();
        w.end_array().end_object();
    }

    auto contents = [&] {
        if (fields.standard("contents")) return detail::write_contents(w, r.messages, system_error_at);
        std::string unused;  // extra replaces the contents, but what they cannot carry is still an error
        polyllm::detail::json_writer scratch(unused);
        return detail::write_contents(scratch, r.messages, system_error_at);
    }();
    if (!contents) {
        out.resize(start);
        return std::move(contents).error();
    }

    if (!r.tools.empty()) {
        if (fields.standard("tools")) {
            w.begin_array().begin_object().key("functionDeclarations").begin_array();
            for (const auto& t : r.tools) write_function_declaration(w, t, traits.schema_passthrough);
            w.end_array().end_object().end_array();
        }
        if (r.tool_choice && fields.standard("toolConfig")) write_tool_config(w, *r.tool_choice);
    }

    const auto temperature = r.temperature ? r.temperature : cfg.temperature;
    const auto top_p = r.top_p ? r.top_p : cfg.top_p;
    const auto max_tokens = r.max_tokens ? r.max_tokens : cfg.max_output_tokens;
    const auto seed = r.seed ? r.seed : cfg.seed;
    const bool json_response = r.response_format && r.response_format->type != response_format::kind::text;
    const auto effort = r.reasoning_effort ? r.reasoning_effort : cfg.reasoning_effort;
    const bool thinking = traits.thinking && effort;
    if ((temperature || top_p || cfg.top_k || max_tokens || !r.stop.empty() || seed || json_response || thinking) &&
        fields.standard("generationConfig")) {
        w.begin_object();
        if (temperature) w.key("temperature").number(*temperature);
        if (top_p) w.key("topP").number(*top_p);
        if (cfg.top_k) w.key("topK").integer(*cfg.top_k);
        if (max_tokens) w.key("maxOutputTokens").integer(*max_tokens);
        if (!r.stop.empty()) {
            w.key("stopSequences").begin_array();
            for (const auto& s : r.stop) w.string(s);
            w.end_array();
        }
        if (seed) w.key("seed").integer(*seed);
        if (json_response) {
            w.key("responseMimeType").string("application/json");
            if (r.response_format->type == response_format::kind::json_schema) {
                const auto& schema = r.response_format->schema;
                if (traits.schema_passthrough) w.key("responseJsonSchema").value(schema);
                else wire::write_gemini_schema(w.key("responseSchema"), schema);
            }
        }
        if (thinking) {
            const auto setting = thinking_for(model, *effort);
            w.key("thinkingConfig").begin_object();
            if (setting.budget) w.key("thinkingBudget").integer(*setting.budget);
            if (!setting.level.empty()) w.key("thinkingLevel").string(setting.level);
            if (traits.include_thoughts && setting.budget != 0) w.key("includeThoughts").boolean(true);
            w.end_object();
        }
        w.end_object();
    }
    // llm_config::safety_settings, as the user wrote them ({category, threshold} each).
    if (cfg.safety_settings.is_array() && !cfg.safety_settings.empty() && fields.standard("safetySettings"))
        w.value(cfg.safety_settings);

    fields.rest();
    w.end_object();
    return success();
}

POLYLLM_DECL usage usage_from(const nlohmann::json& u) {
    usage out;
    // Tool-use prompt tokens and thoughts are parts Gemini reports beside the prompt and the candidates.
    if (auto prompt = field::int_or_null(u, "promptTokenCount"))
        out.prompt_tokens = *prompt + field::int_or_zero(u, "toolUsePromptTokenCount");
    out.reasoning_tokens = field::int_or_null(u, "thoughtsTokenCount");
    // A reply of thoughts alone, or one cut off, may have no candidatesTokenCount: the completion is then the thoughts.
    if (auto candidates = field::int_or_null(u, "candidatesTokenCount"))
        out.completion_tokens = *candidates + out.reasoning_tokens.value_or(0);
    else
        out.completion_tokens = out.reasoning_tokens;
    out.cache_read_tokens = field::int_or_null(u, "cachedContentTokenCount");
    return out;
}

POLYLLM_DECL void part_reader::set_response_id(std::string_view id) {
    if (response_id_.empty()) response_id_ = std::string(id);
}

POLYLLM_DECL error no_candidates_error(const nlohmann::json& body) {
    if (const auto* feedback = field::object_or_null(body, "promptFeedback"))
        if (auto reason = field::string_or_empty(*feedback, "blockReason"); !reason.empty()) {
            std::string message = "the prompt was blocked (" + reason + ")";
            if (auto detail = field::string_or_empty(*feedback, "blockReasonMessage"); !detail.empty())
                message += ": " + detail;
            // The server's words, shown only as server text may be shown.
            error e{errc::content_policy, polyllm::detail::shown_server_text(message)};
            e.type = polyllm::detail::shown_server_text(reason);
            return e;
        }
    return error{errc::no_response, "the response has no candidates"};
}

POLYLLM_DECL result<completion> completion_from(const nlohmann::json& body) {
    const auto candidates = body.find("candidates");
    if (candidates != body.end() && !candidates->is_array() && !candidates->is_null())
        return error{errc::malformed_response,
                     std::string("\"candidates\" is ") + candidates->type_name() + ", not a list"};
    if (candidates == body.end() || !candidates->is_array() || candidates->empty()) return no_candidates_error(body);
    const auto& candidate = candidates->front();
    if (!candidate.is_object()) return error{errc::malformed_response, "candidates[0] is not an object"};
    stream_accumulator acc;
    part_reader reader;
    reader.set_response_id(field::string_or_empty(body, "responseId"));
    if (auto content = candidate.find("content");
        content != candidate.end() && !content->is_object() && !content->is_null())
        return error{errc::malformed_response,
                     std::string("candidates[0].content is ") + content->type_name() + ", not an object"};
    if (const auto* content = field::object_or_null(candidate, "content")) {
        if (auto parts = content->find("parts"); parts != content->end() && !parts->is_array() && !parts->is_null())
            return error{errc::malformed_response,
                         std::string("candidates[0].content.parts is ") + parts->type_name() + ", not a list"};
        if (auto parts = content->find("parts"); parts != content->end() && parts->is_array())
            for (const auto& part : *parts) reader.read(part, [&](stream_event&& e) {
                acc.add(e);
                return true;
            });
    }
    completion c = acc.take();
    c.id = field::string_or_empty(body, "responseId");
    c.model = field::string_or_empty(body, "modelVersion");
    c.finish_reason_raw = field::string_or_empty(candidate, "finishReason");
    c.finish_reason = finish_reason_from(c.finish_reason_raw, reader.has_tool_calls());
    if (const auto* u = field::object_or_null(body, "usageMetadata")) c.usage = usage_from(*u);
    return c;
}

POLYLLM_DECL errc classify(int status, std::string_view rpc_status, std::string_view reason, std::string_view message) {
    const auto lower = polyllm::detail::to_lower(message);
    if (reason == "API_KEY_INVALID" || reason == "API_KEY_SERVICE_BLOCKED") return errc::authentication;
    if (lower.find("exceeds the maximum number of tokens") != std::string::npos ||
        (status >= 400 && status < 500 && openai_chat::mentions_context_window(message)))
        return errc::context_window_exceeded;
    if (rpc_status == "RESOURCE_EXHAUSTED") return errc::rate_limited;
    if (rpc_status == "UNAUTHENTICATED") return errc::authentication;
    if (rpc_status == "PERMISSION_DENIED") return errc::permission_denied;
    if (rpc_status == "INVALID_ARGUMENT" || rpc_status == "FAILED_PRECONDITION" || rpc_status == "OUT_OF_RANGE")
        return errc::bad_request;
    if (rpc_status == "NOT_FOUND") return errc::not_found;
    if (rpc_status == "UNAVAILABLE") return errc::service_unavailable;
    if (rpc_status == "DEADLINE_EXCEEDED") return errc::timeout;
    if (rpc_status == "ABORTED" || rpc_status == "ALREADY_EXISTS") return errc::conflict;
    if (rpc_status == "INTERNAL" || rpc_status == "UNKNOWN" || rpc_status == "DATA_LOSS") return errc::server_error;
    switch (status) {
        case 400: case 422: return errc::bad_request;
        case 401: return errc::authentication;
        case 403: return errc::permission_denied;
        case 404: return errc::not_found;
        case 408: case 504: return errc::timeout;
        case 409: return errc::conflict;
        case 413: return errc::context_window_exceeded;
        case 429: return errc::rate_limited;
        case 503: return errc::service_unavailable;
        default: break;
    }
    if (status >= 500) return errc::server_error;
    if (status >= 400) return errc::bad_request;
    return errc::server_error;  // an error body or event on a 2xx: the server failed
}

POLYLLM_DECL error error_from(const http_response& res) {
    error e;
    e.http_status = res.status;
    auto body = nlohmann::json::parse(res.body, nullptr, false);
    if (body.is_array() && !body.empty()) body = body.front();
    const nlohmann::json* err = body.is_object() ? field::object_or_null(body, "error") : nullptr;
    std::string rpc_status, reason;
    if (err) {
        auto text = [&](const nlohmann::json& from, std::string_view key) {
            auto it = from.find(key);
            return it != from.end() && it->is_string() ? it->get<std::string>() : std::string{};
        };
        e.message = text(*err, "message");
        rpc_status = text(*err, "status");
        if (auto details = err->find("details"); details != err->end() && details->is_array())
            for (const auto& detail : *details) {
                if (!detail.is_object()) continue;
                const auto kind = text(detail, "@type");
                if (kind.ends_with("google.rpc.ErrorInfo") && reason.empty()) reason = text(detail, "reason");
                if (kind.ends_with("google.rpc.RetryInfo")) e.retry_after = duration_from(text(detail, "retryDelay"));
            }
        e.type = reason.empty() ? rpc_status : reason;
        if (e.message.empty()) e.message = rpc_status.empty() ? "an error without a message" : rpc_status;
    } else {
        const auto status = "HTTP " + std::to_string(res.status);
        e.message = res.body.empty() ? status + " with an empty body"
                                     : status + ": " + openai_chat::body_excerpt(res.body);
    }
    e.code = make_error_code(classify(res.status, rpc_status, reason, e.message));
    // Classified from the server's words as they came; shown only as server text may be shown.
    e.message = polyllm::detail::shown_server_text(e.message);
    e.type = polyllm::detail::shown_server_text(e.type);
    return e;
}

POLYLLM_DECL result<completion> parse_response(const http_response& res) {
    if (res.status < 200 || res.status >= 300) return error_from(res);
    auto with_status = [&](error e) {
        e.http_status = res.status;
        return e;
    };
    auto body = nlohmann::json::parse(res.body, nullptr, false);
    if (body.is_discarded() || !body.is_object())
        return with_status(error{errc::malformed_response,
                                 "the response body " + polyllm::detail::json_object_problem(res.body) + ": " +
                                     openai_chat::body_excerpt(res.body)});
    if (body.contains("error") && !body.contains("candidates")) return error_from(res);
    try {
        auto c = completion_from(body);
        if (!c) return with_status(std::move(c).error());
        c.value().headers = res.headers;
        return c;
    } catch (const nlohmann::json::exception& ex) {
        return with_status(
            error{errc::malformed_response, std::string("unexpected field type in the response: ") + ex.what()});
    }
}

}  // namespace gemini_content
POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
