#pragma once
/// @file
/// @brief Counting the prompt tokens of a chat request the way OpenAI bills them (`usage.prompt_tokens`): the
/// tokens of every message plus the framing the API adds, as OpenAI's cookbook documents it ("How to count tokens
/// with tiktoken"): 3 tokens per message, 1 more per `name`, 3 to prime the reply, and for tool definitions a
/// fixed cost per function, property and enum value besides the text of names, types and descriptions.
/// docs/tokenizer.md says what is verified and what is approximate.

#include <polyllm/config.hpp>
#include <polyllm/error.hpp>
#include <polyllm/tokenize/approximate.hpp>
#include <polyllm/tokenize/count.hpp>
#include <polyllm/tokenize/encoding.hpp>
#include <polyllm/tokenize/tokenizer.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

POLYLLM_NAMESPACE_BEGIN

/// @brief The tokens OpenAI adds around the content of a chat request. The defaults are the cookbook's for gpt-4o
/// and later models; `chat_framing_for` gives the cl100k models' (gpt-4, gpt-3.5-turbo) difference.
struct chat_framing {
    std::int64_t per_message = 3;    ///< <|start|>{role}<|message|>...<|end|>, besides the role's own tokens
    std::int64_t per_name = 1;       ///< a message's `name`
    std::int64_t reply_priming = 3;  ///< <|start|>assistant<|message|>
    std::int64_t per_function = 7;   ///< each tool definition (10 for cl100k models)
    std::int64_t per_properties = 3; ///< a tool with parameters
    std::int64_t per_property = 3;   ///< each parameter
    std::int64_t per_enum = -3;      ///< a parameter with an enum
    std::int64_t per_enum_item = 3;  ///< each enum value
    std::int64_t tools_end = 12;     ///< once, when there are tools
    std::int64_t low_detail_image = 85;    ///< an image sent with detail "low"
    std::int64_t other_image = 765;        ///< an estimate for "auto"/"high": a 1024x1024 image in 512-px tiles
};

/// @brief The framing for an encoding's models.
[[nodiscard]] constexpr chat_framing chat_framing_for(encoding e) noexcept {
    chat_framing f;
    if (e == encoding::cl100k_base) f.per_function = 10;
    return f;
}

namespace detail {

[[nodiscard]] inline std::string_view without_final_period(std::string_view s) noexcept {
    return s.ends_with('.') ? s.substr(0, s.size() - 1) : s;
}

[[nodiscard]] POLYLLM_DECL std::string schema_text(const nlohmann::ordered_json& j);

// The parameters of a tool: per property "name:type:description", enum values, and nested objects (properties
// of an object, or of an array's items) the same way, one level down.
template <class CountText>
std::int64_t count_tool_properties(const nlohmann::ordered_json& schema, const chat_framing& f, CountText& count_text) {
    const auto properties = schema.find("properties");
    if (properties == schema.end() || !properties->is_object() || properties->empty()) return 0;
    std::int64_t n = f.per_properties;
    for (const auto& [name, property] : properties->items()) {
        n += f.per_property;
        if (!property.is_object()) {
            n += count_text(name);
            continue;
        }
        if (const auto values = property.find("enum"); values != property.end() && values->is_array()) {
            n += f.per_enum;
            for (const auto& value : *values) n += f.per_enum_item + count_text(schema_text(value));
        }
        const auto type = property.find("type");
        const auto description = property.find("description");
        std::string line = name + ":" + (type == property.end() ? std::string() : schema_text(*type)) + ":";
        if (description != property.end() && description->is_string())
            line += without_final_period(description->template get_ref<const std::string&>());
        n += count_text(line);
        n += count_tool_properties(property, f, count_text);
        if (const auto items = property.find("items"); items != property.end() && items->is_object())
            n += count_tool_properties(*items, f, count_text);
    }
    return n;
}

// Returns the count; `exact` is cleared when the request has what the framing can only estimate (images).
template <class CountText>
std::int64_t count_chat_request(const request& req, const chat_framing& f, CountText&& count_text, bool& exact) {
    std::int64_t n = 0;
    for (const auto& m : req.messages) {
        n += f.per_message + count_text(to_string(m.role));
        bool has_image = false;
        for (const auto& part : m.content) has_image = has_image || std::holds_alternative<image_part>(part);
        if (!has_image) {
            n += count_text(m.text());
        } else {
            for (const auto& part : m.content) {
                if (const auto* t = std::get_if<text_part>(&part)) n += count_text(t->text);
                else if (const auto* image = std::get_if<image_part>(&part)) {
                    n += image->detail == image_detail::low ? f.low_detail_image : f.other_image;
                    exact = exact && image->detail == image_detail::low;
                }
            }
        }
        if (!m.name.empty() && m.role != role::tool) n += count_text(m.name) + f.per_name;
        if (m.role == role::tool) n += count_text(m.tool_call_id);
        for (const auto& call : m.tool_calls) n += count_text(call.name) + count_text(call.arguments);
    }
    n += f.reply_priming;
    for (const auto& t : req.tools) {
        n += f.per_function + count_text(t.name + ":" + std::string(without_final_period(t.description)));
        n += count_tool_properties(t.parameters, f, count_text);
    }
    if (!req.tools.empty()) n += f.tools_end;
    return n;
}

}  // namespace detail

/// @brief The prompt tokens of `req` with this tokenizer and framing. `exact` is false when the request has
/// images whose size the framing can only estimate.
[[nodiscard]] POLYLLM_DECL token_count count_chat_tokens(const tokenizer& t, const request& req,
                                                         const chat_framing& framing);

/// @brief The predicted `usage.prompt_tokens` of `req` for the configured OpenAI model. Fails as
/// `tokenizer_for_model` does (no encoding for the model, or no vocabulary).
[[nodiscard]] POLYLLM_DECL result<token_count> exact_token_count(const request& req, const llm_config& cfg);

/// @brief The predicted `usage.prompt_tokens` of `req` for the configured model: exact (as above) when possible,
/// else the same framing around estimated text (`exact == false`). Never fails.
[[nodiscard]] POLYLLM_DECL token_count count_tokens(const request& req, const llm_config& cfg);

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/tokenize/impl/chat.ipp>
#endif
