#pragma once
/// @file
/// @brief Decoding a Responses stream (`"stream": true`): SSE events named by `event:` and by their data's `type`.
/// Bytes in, normalized events out; no I/O.
///
/// Read: `response.created` (the id and model), `response.output_item.added`/`.done` (a function call's start and end,
/// a reasoning item whole), `response.output_text.delta`, `response.refusal.delta`,
/// `response.function_call_arguments.delta`/`.done`, `response.reasoning_summary_text.delta`, and the terminal
/// `response.completed`, `response.incomplete` (usage and finish reason) and `response.failed` / `error` (the
/// classified error). Items are told apart by `output_index`, so interleaved items stay apart; `sequence_number` is
/// not checked (gaps are harmless); every other event (`response.in_progress`, the `.done` and `part` events whose
/// content the deltas already gave, built-in tools' events, types from the future) changes nothing.
/// Reference: https://platform.openai.com/docs/api-reference/responses-streaming

#include <polyllm/error.hpp>
#include <polyllm/json.hpp>
#include <polyllm/providers/openai_responses_response.hpp>
#include <polyllm/stream.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/json_fields.hpp>
#include <polyllm/wire/sse_decoder.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

POLYLLM_NAMESPACE_BEGIN
namespace openai_responses_api {

/// @brief Reads one event of a Responses stream for wire::sse_decoder.
struct stream_events {
    static constexpr std::string_view terminal =
        "its terminal event (response.completed, response.incomplete or response.failed)";

    template <class Emit>
    wire::step on_event(std::string_view name, const nlohmann::json& data, Emit& emit) {
        auto type = wire::string_or_empty(data, "type");
        if (type.empty()) type = std::string(name);
        if (type == "response.output_text.delta") return on_text(data, emit, false);
        if (type == "response.refusal.delta") return on_text(data, emit, true);
        if (type == "response.function_call_arguments.delta") return on_arguments(data, emit, false);
        if (type == "response.function_call_arguments.done") return on_arguments(data, emit, true);
        if (type == "response.reasoning_summary_text.delta") return on_summary(data, emit);
        if (type == "response.output_item.added") return on_item(data, emit, false);
        if (type == "response.output_item.done") return on_item(data, emit, true);
        if (type == "response.created" || type == "response.in_progress") return on_start(data, emit);
        if (type == "response.completed" || type == "response.incomplete") return on_end(data, emit);
        if (type == "response.failed") {
            const auto* response = wire::object_or_null(data, "response");
            return wire::step::fail(failure_from(response && response->contains("error") ? (*response)["error"]
                                                                                          : nlohmann::json()));
        }
        if (type == "error") return wire::step::fail(failure_from(data));
        return true;
    }

private:
    enum class item_kind { other, function_call, reasoning };

    struct item {
        item_kind kind = item_kind::other;
        std::size_t tool_index = 0;   // function_call: the call's position among the response's calls
        bool arguments_sent = false;  // function_call: arguments went out (deltas or the .done event)
        bool ended = false;
        std::int64_t summary_index = -1;  // reasoning: the summary part the last delta belonged to
        bool summary_sent = false;        // reasoning: summary text went out
    };

    template <class Emit>
    wire::step on_start(const nlohmann::json& data, Emit& emit) {
        if (started_) return true;
        const auto* response = wire::object_or_null(data, "response");
        if (!response) return wire::step::malformed(wire::string_or_empty(data, "type") + " has no response object");
        started_ = true;
        return emit(message_start{wire::string_or_empty(*response, "id"), wire::string_or_empty(*response, "model")});
    }

    template <class Emit>
    wire::step on_text(const nlohmann::json& data, Emit& emit, bool refusal) {
        auto delta = wire::string_or_empty(data, "delta");
        if (delta.empty()) return true;
        if (refusal) return emit(refusal_delta{std::move(delta)});
        return emit(text_delta{std::move(delta)});
    }

    template <class Emit>
    wire::step on_arguments(const nlohmann::json& data, Emit& emit, bool done) {
        auto* found = find(data);
        if (!found || found->kind != item_kind::function_call || found->ended) return true;
        // The .done event repeats the whole arguments: they count only when no delta gave them.
        auto arguments = wire::string_or_empty(data, done ? "arguments" : "delta");
        if (arguments.empty() || (done && found->arguments_sent)) return true;
        found->arguments_sent = true;
        return emit(tool_call_delta{found->tool_index, std::move(arguments)});
    }

    template <class Emit>
    wire::step on_summary(const nlohmann::json& data, Emit& emit) {
        auto* found = find(data);
        if (!found || found->kind != item_kind::reasoning || found->ended) return true;
        auto delta = wire::string_or_empty(data, "delta");
        if (delta.empty()) return true;
        // A new summary part reads apart from the one before it, as summary_of joins them.
        const auto index = wire::int_or_zero(data, "summary_index");
        if (found->summary_sent && index != found->summary_index) delta.insert(0, "\n\n");
        found->summary_index = index;
        found->summary_sent = true;
        return emit(reasoning_delta{std::move(delta), {}});
    }

    template <class Emit>
    wire::step on_item(const nlohmann::json& data, Emit& emit, bool done) {
        const auto* content = wire::object_or_null(data, "item");
        if (!content || !data.contains("output_index"))
            return wire::step::malformed(wire::string_or_empty(data, "type") + " without an output_index or an item");
        const auto output_index = polyllm::detail::json_integer(data["output_index"]);
        const auto type = wire::string_or_empty(*content, "type");
        auto [at, added] = items_.try_emplace(output_index);
        auto& entry = at->second;
        if (added) {
            if (type == "function_call") {
                entry.kind = item_kind::function_call;
                entry.tool_index = tool_calls_++;
                if (!emit(tool_call_start{entry.tool_index, wire::string_or_empty(*content, "call_id"),
                                          wire::string_or_empty(*content, "name")}))
                    return false;
            } else if (type == "reasoning") {
                entry.kind = item_kind::reasoning;
            }
        }
        if (auto id = wire::string_or_empty(*content, "id"); !id.empty())
            by_id_.try_emplace(std::move(id), output_index);
        if (!done || entry.ended) return true;
        entry.ended = true;
        if (entry.kind == item_kind::function_call) {
            if (!entry.arguments_sent)
                if (auto arguments = wire::string_or_empty(*content, "arguments"); !arguments.empty())
                    if (!emit(tool_call_delta{entry.tool_index, std::move(arguments)})) return false;
            return emit(tool_call_end{entry.tool_index});
        }
        if (entry.kind == item_kind::reasoning) {
            // The whole item goes back next turn; its summary comes with it when no delta gave it.
            return emit(reasoning_delta{entry.summary_sent ? std::string() : summary_of(*content), {}, {},
                                        content->dump()});
        }
        return true;
    }

    template <class Emit>
    wire::step on_end(const nlohmann::json& data, Emit& emit) {
        const auto* response = wire::object_or_null(data, "response");
        if (!response) return wire::step::malformed(wire::string_or_empty(data, "type") + " has no response object");
        if (!started_) {
            started_ = true;
            if (!emit(message_start{wire::string_or_empty(*response, "id"), wire::string_or_empty(*response, "model")}))
                return false;
        }
        if (const auto* u = wire::object_or_null(*response, "usage"))
            if (!emit(usage_update{usage_from(*u)})) return false;
        auto [reason, raw] = finish_of(*response, tool_calls_ > 0);
        if (!emit(polyllm::finish{reason, std::move(raw)})) return false;
        return wire::step::done();
    }

    // The item an event belongs to: by output_index, else by item_id.
    item* find(const nlohmann::json& data) {
        std::int64_t output_index = -1;
        if (auto it = data.find("output_index"); it != data.end() && !it->is_null())
            output_index = polyllm::detail::json_integer(*it);
        else if (auto id = by_id_.find(wire::string_or_empty(data, "item_id")); id != by_id_.end())
            output_index = id->second;
        auto found = items_.find(output_index);
        return found == items_.end() ? nullptr : &found->second;
    }

    std::unordered_map<std::int64_t, item> items_;             // by output_index
    std::unordered_map<std::string, std::int64_t> by_id_;      // item id -> output_index
    std::size_t tool_calls_ = 0;
    bool started_ = false;
};

/// @brief The decoder of one Responses stream: `feed(bytes, emit)`, `finish()`, `done()` (wire::sse_decoder).
using stream_decoder = wire::sse_decoder<stream_events>;

}  // namespace openai_responses_api
POLYLLM_NAMESPACE_END
