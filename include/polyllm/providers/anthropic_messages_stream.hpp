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

#include <polyllm/detail/sse_event_stream.hpp>
#include <polyllm/error.hpp>
#include <polyllm/providers/anthropic_messages.hpp>
#include <polyllm/stream.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace anthropic_messages {

class stream_decoder {
public:
    /// @brief Decodes `bytes`, passing each event to `emit(stream_event&&) -> bool` (false: the consumer stopped,
    /// decoding stops). An error event or malformed data is an error; the events before it were emitted.
    template <class Emit>
    result<void> feed(std::string_view bytes, Emit&& emit) {
        return events_.feed(bytes, [&](const polyllm::detail::sse_event& event) { return on_event(event, emit); });
    }

    /// @brief At the end of the body: an error unless `message_stop` arrived.
    [[nodiscard]] POLYLLM_DECL result<void> finish() const;

    [[nodiscard]] bool done() const noexcept { return done_; }

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
    bool on_event(const polyllm::detail::sse_event& event, Emit& emit) {
        if (done_) return true;  // nothing after message_stop is part of the answer
        auto data = nlohmann::json::parse(event.data, nullptr, false);
        if (data.is_discarded() || !data.is_object()) {
            if (!is_known(event.type)) return true;  // an event type from the future, in a shape unknown too
            fail(error{errc::malformed_response,
                       "a stream event is not a JSON object: " + openai_chat::body_excerpt(event.data)});
            return false;
        }
        try {  // every read of the data is inside: a field of the wrong type (json throws) is malformed data
            // The data's type names the event; the SSE event name is the same, and serves when the type is missing.
            auto type = field::string_or_empty(data, "type");
            if (type.empty()) type = std::string(event.type);
            return on_data(type, data, emit);
        } catch (const nlohmann::json::exception& ex) {
            fail(error{errc::malformed_response, std::string("unexpected field type in a stream event: ") + ex.what()});
            return false;
        }
    }

    static bool is_known(std::string_view type) noexcept {
        for (std::string_view known : {"message_start", "content_block_start", "content_block_delta",
                                       "content_block_stop", "message_delta", "message_stop", "error"})
            if (type == known) return true;
        return false;
    }

    template <class Emit>
    bool on_data(std::string_view type, const nlohmann::json& data, Emit& emit) {
        if (type == "error") {
            fail(error_from(http_response{200, {}, {}, data.dump()}, {}));
            return false;
        }
        if (type == "message_start") return on_message_start(data, emit);
        if (type == "content_block_start") return on_block_start(data, emit);
        if (type == "content_block_delta") return on_block_delta(data, emit);
        if (type == "content_block_stop") return on_block_stop(data, emit);
        if (type == "message_delta") return on_message_delta(data, emit);
        if (type == "message_stop") {
            done_ = true;
            return true;
        }
        return true;  // ping, and event types added after this was written
    }

    template <class Emit>
    bool on_message_start(const nlohmann::json& data, Emit& emit) {
        const auto* message = field::object_or_null(data, "message");
        if (!message) return malformed("message_start has no message object");
        if (!emit(message_start{field::string_or_empty(*message, "id"), field::string_or_empty(*message, "model")}))
            return false;
        if (const auto* u = field::object_or_null(*message, "usage")) {
            usage_.update(*u);
            return emit(usage_update{usage_.normalized()});
        }
        return true;
    }

    template <class Emit>
    bool on_block_start(const nlohmann::json& data, Emit& emit) {
        const auto* content = field::object_or_null(data, "content_block");
        if (!content || !data.contains("index")) return malformed("content_block_start without an index or a block");
        block b;
        b.index = polyllm::detail::json_integer(data["index"]);
        const auto kind = field::string_or_empty(*content, "type");
        if (kind == "text") {
            b.kind = block_kind::text;
            add_block(std::move(b));
            auto text = field::string_or_empty(*content, "text");
            return text.empty() || emit(text_delta{std::move(text)});
        }
        if (kind == "thinking") {
            b.kind = block_kind::thinking;
            add_block(std::move(b));
            auto thinking = field::string_or_empty(*content, "thinking");
            auto signature = field::string_or_empty(*content, "signature");
            return (thinking.empty() && signature.empty()) ||
                   emit(reasoning_delta{std::move(thinking), std::move(signature)});
        }
        if (kind == "redacted_thinking") {  // complete in its start event
            add_block(std::move(b));
            return emit(reasoning_delta{{}, {}, field::string_or_empty(*content, "data")});
        }
        if (kind == "tool_use") {
            b.kind = block_kind::tool_use;
            b.tool_index = tool_calls_++;
            if (auto input = content->find("input"); input != content->end()) b.start_input = *input;
            const auto index = b.tool_index;
            add_block(std::move(b));
            return emit(tool_call_start{index, field::string_or_empty(*content, "id"),
                                        field::string_or_empty(*content, "name")});
        }
        add_block(std::move(b));  // server tools and blocks from the future: not part of polyllm's answer
        return true;
    }

    template <class Emit>
    bool on_block_delta(const nlohmann::json& data, Emit& emit) {
        const auto* delta = field::object_or_null(data, "delta");
        if (!delta || !data.contains("index")) return malformed("content_block_delta without an index or a delta");
        auto* b = find(polyllm::detail::json_integer(data["index"]));
        if (!b) return malformed("a content_block_delta for a block that never started");
        const auto kind = field::string_or_empty(*delta, "type");
        if (kind == "text_delta" && b->kind == block_kind::text) {
            auto text = field::string_or_empty(*delta, "text");
            return text.empty() || emit(text_delta{std::move(text)});
        }
        if (kind == "thinking_delta" && b->kind == block_kind::thinking) {
            auto text = field::string_or_empty(*delta, "thinking");
            return text.empty() || emit(reasoning_delta{std::move(text), {}});
        }
        if (kind == "signature_delta" && b->kind == block_kind::thinking) {
            auto signature = field::string_or_empty(*delta, "signature");
            return signature.empty() || emit(reasoning_delta{{}, std::move(signature)});
        }
        if (kind == "input_json_delta" && b->kind == block_kind::tool_use)
            b->input_json += field::string_or_empty(*delta, "partial_json");
        return true;  // citations and delta types from the future
    }

    template <class Emit>
    bool on_block_stop(const nlohmann::json& data, Emit& emit) {
        if (!data.contains("index")) return malformed("content_block_stop without an index");
        auto* b = find(polyllm::detail::json_integer(data["index"]));
        if (!b) return malformed("a content_block_stop for a block that never started");
        if (b->kind != block_kind::tool_use) return true;
        // The pieces are JSON text only together; given out whole and compact, the arguments read the same as
        // a whole response's, and an empty input is `{}`.
        std::string arguments;
        if (b->input_json.empty()) {
            arguments = b->start_input.is_object() ? b->start_input.dump() : std::string("{}");
        } else {
            auto input = nlohmann::json::parse(b->input_json, nullptr, false);
            if (input.is_discarded())
                return malformed("the input of a tool call is not JSON: " + openai_chat::body_excerpt(b->input_json));
            arguments = input.dump();
        }
        const auto index = b->tool_index;
        b->kind = block_kind::ignored;  // a repeated stop changes nothing
        std::string().swap(b->input_json);  // given out: a stream of many calls does not keep them all twice
        b->start_input = nullptr;
        return emit(tool_call_delta{index, std::move(arguments)}) && emit(tool_call_end{index});
    }

    template <class Emit>
    bool on_message_delta(const nlohmann::json& data, Emit& emit) {
        if (const auto* u = field::object_or_null(data, "usage")) {
            usage_.update(*u);
            if (!emit(usage_update{usage_.normalized()})) return false;
        }
        if (const auto* delta = field::object_or_null(data, "delta"))
            if (auto reason = field::string_or_empty(*delta, "stop_reason"); !reason.empty())
                return emit(polyllm::finish{finish_reason_from(reason), std::move(reason)});
        return true;
    }

    POLYLLM_DECL block* find(std::int64_t index);
    POLYLLM_DECL void add_block(block b);

    POLYLLM_DECL bool malformed(std::string message);

    void fail(error e) { events_.fail(std::move(e)); }

    polyllm::detail::sse_event_stream events_;
    std::vector<block> blocks_;
    std::unordered_map<std::int64_t, std::size_t> block_positions_;  // index -> position in blocks_ (the first)
    raw_usage usage_;
    std::size_t tool_calls_ = 0;
    bool done_ = false;
};

}  // namespace anthropic_messages
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
POLYLLM_NAMESPACE_BEGIN
namespace anthropic_messages {

POLYLLM_DECL result<void> stream_decoder::finish() const {
    if (events_.failure()) return *events_.failure();
    if (!done_) return events_.ended_before("its terminal event (message_stop)");
    return success();
}

// By hash, not by walking the blocks: a stream of many blocks stays linear. A repeated index keeps the first block,
// as a walk from the front found it.
POLYLLM_DECL stream_decoder::block* stream_decoder::find(std::int64_t index) {
    const auto found = block_positions_.find(index);
    return found == block_positions_.end() ? nullptr : &blocks_[found->second];
}

POLYLLM_DECL void stream_decoder::add_block(block b) {
    block_positions_.try_emplace(b.index, blocks_.size());
    blocks_.push_back(std::move(b));
}

POLYLLM_DECL bool stream_decoder::malformed(std::string message) {
    fail(error{errc::malformed_response, std::move(message)});
    return false;
}

}  // namespace anthropic_messages
POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
