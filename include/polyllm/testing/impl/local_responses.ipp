#pragma once
/// @file
/// @brief The definitions of <polyllm/testing/local_responses.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/testing/local_responses.hpp>
#include <polyllm/testing/impl/local_replies.ipp>  // the helpers it shares with these files
#include <polyllm/testing/impl/local_reply_formats.ipp>

POLYLLM_NAMESPACE_BEGIN
namespace testing {
namespace detail {

// The text of a Responses message's content: a string, or its input_text / output_text parts.
[[nodiscard]] inline std::string responses_content_text(const nlohmann::json& content) {
    if (content.is_string()) return content.get<std::string>();
    std::string out;
    if (content.is_array())
        for (const auto& part : content)
            if (part.is_object() && part.value("text", nlohmann::json()).is_string()) out += part.value("text", "");
    return out;
}

// One Responses reply as it is built: the items, in order, and what the stream tells of each.
struct responses_plan {
    nlohmann::ordered_json response;  // the final response object
    std::vector<std::string> text_pieces;
    std::vector<std::string> summary_pieces;
    bool reasoning = false;
};

[[nodiscard]] inline nlohmann::ordered_json responses_usage(std::int64_t input, std::int64_t output,
                                                            std::int64_t reasoning) {
    return {{"input_tokens", input},
            {"input_tokens_details", {{"cached_tokens", 0}}},
            {"output_tokens", output},
            {"output_tokens_details", {{"reasoning_tokens", reasoning}}},
            {"total_tokens", input + output}};
}

}  // namespace detail

POLYLLM_DECL std::string local_encrypted_reasoning(std::string_view item_id) {
    return polyllm::detail::base64_encode("polyllm-local-server reasoning " + std::string(item_id));
}

POLYLLM_DECL std::optional<std::string> refused_reasoning(const nlohmann::json& input) {
    if (!input.is_array()) return std::nullopt;
    for (std::size_t i = 0; i < input.size(); ++i) {
        const auto& item = input[i];
        if (!item.is_object() || item.value("type", "") != "reasoning") continue;
        const auto id = item.value("id", nlohmann::json()).is_string() ? item.value("id", "") : std::string();
        const auto content = item.find("encrypted_content");
        if (content == item.end() || !content->is_string())
            return "Item with id '" + id + "' not found. Items are not persisted when `store` is set to false. Try "
                                           "again with `store` set to true, or remove this item from your input.";
        if (content->get<std::string>() != local_encrypted_reasoning(id))
            return "The encrypted content for item " + id + " could not be verified.";
        if (i + 1 == input.size())
            return "Item '" + id + "' of type 'reasoning' was provided without its required following item.";
    }
    return std::nullopt;
}

POLYLLM_DECL planned_response responses_reply(const nlohmann::json& body, int n, const scripted_reply* script,
                                              std::chrono::milliseconds token_delay) {
    planned_response out;
    const auto input = body.value("input", nlohmann::json());
    if (auto refused = refused_reasoning(input)) {
        out.status = 400;
        out.headers.emplace_back("content-type", "application/json");
        out.body = nlohmann::ordered_json{{"error",
                                           {{"message", *refused},
                                            {"type", "invalid_request_error"},
                                            {"param", "input"},
                                            {"code", nullptr}}}}
                       .dump();
        return out;
    }
    // The prompt (for the token count) and the text to echo: the last user message or tool output.
    std::string prompt = body.value("instructions", nlohmann::json()).is_string() ? body.value("instructions", "") : "";
    std::string last;
    if (input.is_string()) prompt += last = input.get<std::string>();
    if (input.is_array())
        for (const auto& item : input) {
            if (!item.is_object()) continue;
            const auto type = item.value("type", "message");
            std::string text;
            if (type == "message" && item.value("role", "") == "user")
                last = text = detail::responses_content_text(item.value("content", nlohmann::json()));
            else if (type == "message")
                text = detail::responses_content_text(item.value("content", nlohmann::json()));
            else if (type == "function_call_output" && item.value("output", nlohmann::json()).is_string())
                last = text = item.value("output", "");
            prompt += text;
        }

    const std::string id = "resp_local_" + std::to_string(n);
    std::string text, finish;
    std::vector<tool_call> calls;
    std::vector<std::string> pieces;
    if (script) {
        text = script->text;
        calls = script->tool_calls;
        finish = script->finish_reason;
        pieces = detail::split_tokens(text);
    } else {
        pieces = detail::split_tokens(last);
        if (auto limit = body.find("max_output_tokens"); limit != body.end() && limit->is_number_integer() &&
                                                          std::int64_t(pieces.size()) > limit->get<std::int64_t>()) {
            pieces.resize(std::size_t(std::max<std::int64_t>(limit->get<std::int64_t>(), 0)));
            finish = "length";
        }
        for (const auto& p : pieces) text += p;
    }

    auto output = nlohmann::ordered_json::array();
    const bool reasoning = body.contains("reasoning") && body["reasoning"].is_object();
    const std::vector<std::string> summary_pieces = {"**Echoing**\n\n", "The reply repeats", " the last message."};
    if (reasoning) {
        nlohmann::ordered_json item = {{"id", "rs_local_" + std::to_string(n)}, {"type", "reasoning"}};
        item["summary"] = {{{"type", "summary_text"}, {"text", "**Echoing**\n\nThe reply repeats the last message."}}};
        bool encrypted = false;
        if (const auto include = body.find("include"); include != body.end() && include->is_array())
            for (const auto& what : *include) encrypted = encrypted || what == "reasoning.encrypted_content";
        if (encrypted) item["encrypted_content"] = local_encrypted_reasoning(item["id"].get<std::string>());
        output.push_back(std::move(item));
    }
    if (!text.empty() || calls.empty())
        output.push_back({{"id", "msg_local_" + std::to_string(n)},
                          {"type", "message"},
                          {"status", finish == "length" ? "incomplete" : "completed"},
                          {"role", "assistant"},
                          {"content",
                           {{{"type", "output_text"}, {"annotations", nlohmann::ordered_json::array()},
                             {"text", text}}}}});
    std::int64_t output_tokens = std::int64_t(pieces.size()) + (reasoning ? 3 : 0);
    for (std::size_t i = 0; i < calls.size(); ++i) {
        const auto suffix = std::to_string(n) + "_" + std::to_string(i);
        output.push_back({{"id", "fc_local_" + suffix},
                          {"type", "function_call"},
                          {"status", "completed"},
                          {"arguments", calls[i].arguments},
                          {"call_id", calls[i].id.empty() ? "call_local_" + suffix : calls[i].id},
                          {"name", calls[i].name}});
        output_tokens += std::int64_t(detail::split_tokens(calls[i].arguments).size()) + 1;
    }
    const std::int64_t input_tokens = std::int64_t(approximate_tokens(prompt).tokens) + 1;
    nlohmann::ordered_json response = {{"id", id},
                                       {"object", "response"},
                                       {"created_at", std::int64_t(std::time(nullptr))},
                                       {"status", "completed"},
                                       {"error", nullptr},
                                       {"incomplete_details", nullptr},
                                       {"model", body.value("model", nlohmann::json("polyllm-echo"))},
                                       {"output", output},
                                       {"store", body.value("store", nlohmann::json(true))}};
    if (finish == "length" || finish == "content_filter") {
        response["status"] = "incomplete";
        response["incomplete_details"] = {{"reason", finish == "length" ? "max_output_tokens" : "content_filter"}};
    }
    if (script && script->usage)
        response["usage"] = detail::responses_usage(script->usage->prompt_tokens.value_or(0),
                                                    script->usage->completion_tokens.value_or(0),
                                                    script->usage->reasoning_tokens.value_or(0));
    else
        response["usage"] = detail::responses_usage(input_tokens, output_tokens, reasoning ? 3 : 0);

    if (!body.value("stream", false)) {
        out.headers.emplace_back("content-type", "application/json");
        out.body = response.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        return out;
    }

    // Streamed: each item added, its content in pieces, each item done, then the terminal event.
    out.streamed = true;
    out.event_delay = token_delay;
    out.headers.emplace_back("content-type", "text/event-stream; charset=utf-8");
    out.headers.emplace_back("cache-control", "no-cache");
    std::int64_t sequence = 0;
    auto send = [&](std::string_view type, nlohmann::ordered_json event) {
        nlohmann::ordered_json e = {{"type", type}};
        e.update(event);
        e["sequence_number"] = sequence++;
        out.events.push_back(detail::sse_event(type, e));
    };
    auto started = response;
    started["status"] = "in_progress";
    started["output"] = nlohmann::ordered_json::array();
    started["usage"] = nullptr;
    started["incomplete_details"] = nullptr;
    send("response.created", {{"response", started}});
    send("response.in_progress", {{"response", started}});
    for (std::size_t index = 0; index < output.size(); ++index) {
        const auto& item = output[index];
        const auto item_id = item["id"].get<std::string>();
        const auto type = item["type"].get<std::string>();
        auto added = item;
        if (type == "reasoning") {
            added["summary"] = nlohmann::ordered_json::array();
            added.erase("encrypted_content");
        } else {
            added["status"] = "in_progress";
            if (type == "message") added["content"] = nlohmann::ordered_json::array();
            else added["arguments"] = "";
        }
        send("response.output_item.added", {{"output_index", index}, {"item", added}});
        const nlohmann::ordered_json where = {{"item_id", item_id}, {"output_index", index}};
        if (type == "reasoning") {
            auto at = where;
            at["summary_index"] = 0;
            auto part = at;
            part["part"] = {{"type", "summary_text"}, {"text", ""}};
            send("response.reasoning_summary_part.added", part);
            for (const auto& piece : summary_pieces) {
                auto delta = at;
                delta["delta"] = piece;
                send("response.reasoning_summary_text.delta", delta);
            }
            auto done = at;
            done["text"] = item["summary"][0]["text"];
            send("response.reasoning_summary_text.done", done);
            part["part"] = item["summary"][0];
            send("response.reasoning_summary_part.done", part);
        } else if (type == "message") {
            auto at = where;
            at["content_index"] = 0;
            auto part = at;
            part["part"] = {{"type", "output_text"}, {"annotations", nlohmann::ordered_json::array()}, {"text", ""}};
            send("response.content_part.added", part);
            for (const auto& piece : pieces) {
                auto delta = at;
                delta["delta"] = piece;
                send("response.output_text.delta", delta);
            }
            auto done = at;
            done["text"] = text;
            send("response.output_text.done", done);
            part["part"] = item["content"][0];
            send("response.content_part.done", part);
        } else {
            const auto arguments = item["arguments"].get<std::string>();
            for (const auto& piece : detail::split_tokens(arguments)) {
                auto delta = where;
                delta["delta"] = piece;
                send("response.function_call_arguments.delta", delta);
            }
            auto done = where;
            done["arguments"] = arguments;
            send("response.function_call_arguments.done", done);
        }
        send("response.output_item.done", {{"output_index", index}, {"item", item}});
    }
    send(response["status"] == "incomplete" ? "response.incomplete" : "response.completed", {{"response", response}});
    return out;
}

}  // namespace testing
POLYLLM_NAMESPACE_END
