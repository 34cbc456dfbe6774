#pragma once
/// @file
/// @brief Decoding a Messages stream (`"stream": true`): SSE events `message_start`, then per content block
/// `content_block_start`, `content_block_delta`s and `content_block_stop`, then `message_delta` (stop reason and
/// cumulative usage) and `message_stop`, the terminal event. Bytes in, normalized events out; no I/O.
///
/// Shapes handled: text, thinking and signature deltas; redacted thinking blocks, which arrive whole in their
/// start event; tool use, whose input arrives as `input_json_delta` pieces of JSON text (often an empty first
/// one), buffered and given out as one compact JSON text when the block stops, the same text a whole response
/// gives (a call without arguments is `{}`); `ping` anywhere; `error` events; event types and delta types
/// Anthropic may add later, ignored. Reference: https://docs.anthropic.com/en/docs/build-with-claude/streaming

#include <polyllm/error.hpp>
#include <polyllm/json.hpp>
#include <polyllm/providers/anthropic_messages_errors.hpp>
#include <polyllm/providers/anthropic_messages_response.hpp>
#include <polyllm/stream.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/json_fields.hpp>
#include <polyllm/wire/sse_decoder.hpp>

#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace anthropic_messages {

/// @brief Reads one event of a Messages stream for wire::sse_decoder, which frames the stream, parses each event's
/// data and keeps the first failure.
struct stream_events {
    static constexpr std::string_view terminal = "its terminal event (message_stop)";
    // An event of another name whose data is not JSON is from the future, in a shape unknown too: skipped.
    static constexpr std::array<std::string_view, 7> known_events{
        "message_start", "content_block_start", "content_block_delta", "content_block_stop",
        "message_delta", "message_stop",        "error"};

    template <class Emit>
    wire::step on_event(std::string_view name, const nlohmann::json& data, Emit& emit) {
        // The data's type names the event; the SSE event name is the same, and serves when the type is missing.
        auto type = wire::string_or_empty(data, "type");
        if (type.empty()) type = std::string(name);
        return on_data(type, data, emit);
    }

private:
    enum class block_kind { text, thinking, tool_use, ignored };

    struct block {
        std::int64_t index = 0;  // the block's index in the message
        block_kind kind = block_kind::ignored;
        std::size_t tool_index = 0;  // for tool_use: the call's position among the message's calls
        std::string input_json;      // for tool_use: the input_json_delta pieces so far
        nlohmann::json start_input;  // for tool_use: the input of content_block_start
    };

    template <class Emit>
    wire::step on_data(std::string_view type, const nlohmann::json& data, Emit& emit) {
        if (type == "error") return wire::step::fail(error_from(data));
        if (type == "message_start") return on_message_start(data, emit);
        if (type == "content_block_start") return on_block_start(data, emit);
        if (type == "content_block_delta") return on_block_delta(data, emit);
        if (type == "content_block_stop") return on_block_stop(data, emit);
        if (type == "message_delta") return on_message_delta(data, emit);
        if (type == "message_stop") return wire::step::done();
        return true;  // ping, and event types added after this was written
    }

    template <class Emit>
    wire::step on_message_start(const nlohmann::json& data, Emit& emit) {
        const auto* message = wire::object_or_null(data, "message");
        if (!message) return wire::step::malformed("message_start has no message object");
        if (!emit(message_start{wire::string_or_empty(*message, "id"), wire::string_or_empty(*message, "model")}))
            return false;
        if (const auto* u = wire::object_or_null(*message, "usage")) {
            usage_.update(*u);
            return emit(usage_update{usage_.normalized()});
        }
        return true;
    }

    template <class Emit>
    wire::step on_block_start(const nlohmann::json& data, Emit& emit) {
        const auto* content = wire::object_or_null(data, "content_block");
        if (!content || !data.contains("index")) return wire::step::malformed("content_block_start without an index or a block");
        block b;
        b.index = polyllm::detail::json_integer(data["index"]);
        const auto kind = wire::string_or_empty(*content, "type");
        if (kind == "text") {
            b.kind = block_kind::text;
            add_block(std::move(b));
            auto text = wire::string_or_empty(*content, "text");
            return text.empty() || emit(text_delta{std::move(text)});
        }
        if (kind == "thinking") {
            b.kind = block_kind::thinking;
            add_block(std::move(b));
            auto thinking = wire::string_or_empty(*content, "thinking");
            auto signature = wire::string_or_empty(*content, "signature");
            return (thinking.empty() && signature.empty()) ||
                   emit(reasoning_delta{std::move(thinking), std::move(signature)});
        }
        if (kind == "redacted_thinking") {  // complete in its start event
            add_block(std::move(b));
            return emit(reasoning_delta{{}, {}, wire::string_or_empty(*content, "data")});
        }
        if (kind == "tool_use") {
            b.kind = block_kind::tool_use;
            b.tool_index = tool_calls_++;
            if (auto input = content->find("input"); input != content->end()) b.start_input = *input;
            const auto index = b.tool_index;
            add_block(std::move(b));
            return emit(tool_call_start{index, wire::string_or_empty(*content, "id"),
                                        wire::string_or_empty(*content, "name")});
        }
        add_block(std::move(b));  // server tools and blocks from the future: not part of polyllm's answer
        return true;
    }

    template <class Emit>
    wire::step on_block_delta(const nlohmann::json& data, Emit& emit) {
        const auto* delta = wire::object_or_null(data, "delta");
        if (!delta || !data.contains("index")) return wire::step::malformed("content_block_delta without an index or a delta");
        auto* b = find(polyllm::detail::json_integer(data["index"]));
        if (!b) return wire::step::malformed("a content_block_delta for a block that never started");
        const auto kind = wire::string_or_empty(*delta, "type");
        if (kind == "text_delta" && b->kind == block_kind::text) {
            auto text = wire::string_or_empty(*delta, "text");
            return text.empty() || emit(text_delta{std::move(text)});
        }
        if (kind == "thinking_delta" && b->kind == block_kind::thinking) {
            auto text = wire::string_or_empty(*delta, "thinking");
            return text.empty() || emit(reasoning_delta{std::move(text), {}});
        }
        if (kind == "signature_delta" && b->kind == block_kind::thinking) {
            auto signature = wire::string_or_empty(*delta, "signature");
            return signature.empty() || emit(reasoning_delta{{}, std::move(signature)});
        }
        if (kind == "input_json_delta" && b->kind == block_kind::tool_use)
            b->input_json += wire::string_or_empty(*delta, "partial_json");
        return true;  // citations and delta types from the future
    }

    template <class Emit>
    wire::step on_block_stop(const nlohmann::json& data, Emit& emit) {
        if (!data.contains("index")) return wire::step::malformed("content_block_stop without an index");
        auto* b = find(polyllm::detail::json_integer(data["index"]));
        if (!b) return wire::step::malformed("a content_block_stop for a block that never started");
        if (b->kind != block_kind::tool_use) return true;
        // The pieces are JSON text only together; given out whole and compact, the arguments read the same as
        // a whole response's, and an empty input is `{}`.
        std::string arguments;
        if (b->input_json.empty()) {
            arguments = b->start_input.is_object() ? b->start_input.dump() : std::string("{}");
        } else {
            auto input = nlohmann::json::parse(b->input_json, nullptr, false);
            if (input.is_discarded())
                return wire::step::malformed("the input of a tool call is not JSON: " + wire::excerpt(b->input_json));
            arguments = input.dump();
        }
        const auto index = b->tool_index;
        b->kind = block_kind::ignored;  // a repeated stop changes nothing
        std::string().swap(b->input_json);  // given out: a stream of many calls does not keep them all twice
        b->start_input = nullptr;
        return emit(tool_call_delta{index, std::move(arguments)}) && emit(tool_call_end{index});
    }

    template <class Emit>
    wire::step on_message_delta(const nlohmann::json& data, Emit& emit) {
        if (const auto* u = wire::object_or_null(data, "usage")) {
            usage_.update(*u);
            if (!emit(usage_update{usage_.normalized()})) return false;
        }
        if (const auto* delta = wire::object_or_null(data, "delta"))
            if (auto reason = wire::string_or_empty(*delta, "stop_reason"); !reason.empty())
                return emit(polyllm::finish{finish_reason_from(reason), std::move(reason)});
        return true;
    }

    POLYLLM_DECL block* find(std::int64_t index);
    POLYLLM_DECL void add_block(block b);

    std::vector<block> blocks_;
    std::unordered_map<std::int64_t, std::size_t> block_positions_;  // index -> position in blocks_ (the first)
    raw_usage usage_;
    std::size_t tool_calls_ = 0;
};

/// @brief The decoder of one Messages stream: `feed(bytes, emit)`, `finish()`, `done()` (wire::sse_decoder).
using stream_decoder = wire::sse_decoder<stream_events>;

}  // namespace anthropic_messages
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/anthropic_messages_stream.ipp>
#endif
