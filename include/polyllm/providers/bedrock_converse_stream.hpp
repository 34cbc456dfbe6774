#pragma once
/// @file
/// @brief Decoding a ConverseStream response (`application/vnd.amazon.eventstream`, wire/event_stream_decoder.hpp):
/// events `messageStart`, per content block an optional `contentBlockStart` (tool use only), `contentBlockDelta`s
/// and `contentBlockStop`, then `messageStop` (the stop reason) and `metadata` (usage, metrics), the terminal event.
/// Exception messages (`throttlingException`, `modelStreamErrorException`, `validationException`, ...) end the stream
/// with their classified error. Tool input arrives as pieces of JSON text, given out whole and compact when the block
/// stops, as a whole response gives it. Bytes in, normalized events out; no I/O.
/// Reference: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html

#include <polyllm/error.hpp>
#include <polyllm/json.hpp>
#include <polyllm/providers/bedrock_converse_errors.hpp>
#include <polyllm/providers/bedrock_converse_response.hpp>
#include <polyllm/stream.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/event_stream_decoder.hpp>
#include <polyllm/wire/json_fields.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

POLYLLM_NAMESPACE_BEGIN
namespace bedrock_converse {

/// @brief Reads one event of a ConverseStream for wire::event_stream_decoder.
struct stream_events {
    static constexpr std::string_view terminal = "its terminal event (metadata)";

    template <class Emit>
    wire::step on_event(std::string_view type, nlohmann::json& data, Emit& emit) {
        if (type == "contentBlockDelta") return on_block_delta(data, emit);  // nearly every event: asked first
        if (type == "messageStart") return emit(message_start{});
        if (type == "contentBlockStart") return on_block_start(data, emit);
        if (type == "contentBlockStop") return on_block_stop(data, emit);
        if (type == "messageStop") {
            stopped_ = true;
            auto reason = wire::string_or_empty(data, "stopReason");
            return reason.empty() || emit(polyllm::finish{finish_reason_from(reason), std::move(reason)});
        }
        if (type == "metadata") {
            const auto* u = wire::object_or_null(data, "usage");
            auto latency = latency_from(data);
            if ((u || latency) && !emit(usage_update{u ? usage_from(*u) : usage{}, latency})) return false;
            return wire::step::done();
        }
        return true;  // event types added after this was written
    }

    [[nodiscard]] error on_exception(std::string_view type, std::string_view message) const {
        return stream_exception(type, message);
    }

    /// @brief After messageStop the answer is whole: a stream cut before its metadata lacks only the usage.
    [[nodiscard]] bool complete() const noexcept { return stopped_; }

private:
    struct tool_block {
        std::size_t tool_index = 0;
        std::string input;  // the JSON text pieces so far
        bool open = true;
    };

    static std::int64_t block_index(const nlohmann::json& data) {
        auto it = data.find("contentBlockIndex");
        return it == data.end() ? 0 : polyllm::detail::json_integer(*it);
    }

    template <class Emit>
    wire::step on_block_start(const nlohmann::json& data, Emit& emit) {
        const auto* start = wire::object_or_null(data, "start");
        const auto* use = start ? wire::object_or_null(*start, "toolUse") : nullptr;
        if (!use) return true;  // other kinds of block start with their first delta
        const auto index = tool_calls_++;
        tools_[block_index(data)] = tool_block{index, {}, true};
        return emit(tool_call_start{index, wire::string_or_empty(*use, "toolUseId"), wire::string_or_empty(*use, "name")});
    }

    template <class Emit>
    wire::step on_block_delta(nlohmann::json& data, Emit& emit) {
        auto delta = data.find("delta");
        if (delta == data.end() || !delta->is_object())
            return wire::step::malformed("contentBlockDelta without a delta");
        if (auto text = delta->find("text"); text != delta->end()) {
            // Moved out of the payload, which is this event's alone: the text is not copied on its way out.
            auto& piece = text->get_ref<std::string&>();
            return piece.empty() || emit(text_delta{std::move(piece)});
        }
        if (const auto* use = wire::object_or_null(*delta, "toolUse")) {
            auto found = tools_.find(block_index(data));
            if (found == tools_.end()) return wire::step::malformed("a toolUse delta for a block that never started");
            found->second.input += wire::string_or_empty(*use, "input");
            return true;
        }
        if (const auto* reasoning = wire::object_or_null(*delta, "reasoningContent")) {
            auto text = wire::string_or_empty(*reasoning, "text");
            auto signature = wire::string_or_empty(*reasoning, "signature");
            auto redacted = wire::string_or_empty(*reasoning, "redactedContent");
            if (text.empty() && signature.empty() && redacted.empty()) return true;
            return emit(reasoning_delta{std::move(text), std::move(signature), std::move(redacted)});
        }
        return true;  // citations and delta kinds added later
    }

    template <class Emit>
    wire::step on_block_stop(const nlohmann::json& data, Emit& emit) {
        auto found = tools_.find(block_index(data));
        if (found == tools_.end() || !found->second.open) return true;
        auto& b = found->second;
        std::string arguments = "{}";
        if (!b.input.empty()) {
            auto input = nlohmann::json::parse(b.input, nullptr, false);
            if (input.is_discarded())
                return wire::step::malformed("the input of a tool call is not JSON: " + wire::excerpt(b.input));
            arguments = input.dump();
        }
        b.open = false;  // a repeated stop changes nothing
        std::string().swap(b.input);
        return emit(tool_call_delta{b.tool_index, std::move(arguments)}) && emit(tool_call_end{b.tool_index});
    }

    std::unordered_map<std::int64_t, tool_block> tools_;  // by contentBlockIndex
    std::size_t tool_calls_ = 0;
    bool stopped_ = false;
};

/// @brief The decoder of one ConverseStream: `feed(bytes, emit)`, `finish()`, `done()`.
using stream_decoder = wire::event_stream_decoder<stream_events>;

}  // namespace bedrock_converse
POLYLLM_NAMESPACE_END
