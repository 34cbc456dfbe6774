#pragma once
/// @file
/// @brief Normalized stream events, the same for every provider, and `stream_accumulator`, which builds from them
/// the completion a non-streaming call would have returned.

#include <polyllm/detail/unique_function.hpp>
#include <polyllm/error.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

POLYLLM_NAMESPACE_BEGIN

/// @brief The response began: its id and the model that answers.
struct message_start {
    std::string id;
    std::string model;
    friend bool operator==(const message_start&, const message_start&) = default;
};

/// @brief More answer text.
struct text_delta {
    std::string text;
    friend bool operator==(const text_delta&, const text_delta&) = default;
};

/// @brief More visible reasoning; `signature` carries Anthropic's thinking signature when it arrives.
/// `redacted_data` carries a redacted thinking block, which arrives whole and forms a part of its own.
/// `opaque_item` carries an OpenAI Responses reasoning item (thinking_part::opaque_item), which arrives whole after its
/// summary text and closes the part.
struct reasoning_delta {
    std::string text;
    std::string signature;
    std::string redacted_data = {};
    std::string opaque_item = {};
    friend bool operator==(const reasoning_delta&, const reasoning_delta&) = default;
};

/// @brief More refusal text (OpenAI streams refusals apart from content).
struct refusal_delta {
    std::string text;
    friend bool operator==(const refusal_delta&, const refusal_delta&) = default;
};

/// @brief A tool call begins. Calls are told apart by `index`, as providers stream them interleaved.
struct tool_call_start {
    std::size_t index = 0;
    std::string id;
    std::string name;
    friend bool operator==(const tool_call_start&, const tool_call_start&) = default;
};

/// @brief More of a tool call's arguments (JSON text, in pieces that are not JSON on their own).
struct tool_call_delta {
    std::size_t index = 0;
    std::string arguments;
    friend bool operator==(const tool_call_delta&, const tool_call_delta&) = default;
};

/// @brief A tool call is complete.
struct tool_call_end {
    std::size_t index = 0;
    friend bool operator==(const tool_call_end&, const tool_call_end&) = default;
};

/// @brief Token usage so far (providers report it cumulatively, often once at the end).
struct usage_update {
    polyllm::usage usage;
    /// How long the provider says the model took (Bedrock's `metrics.latencyMs`), when it says so with the usage.
    std::optional<std::chrono::milliseconds> server_latency = {};
    friend bool operator==(const usage_update&, const usage_update&) = default;
};

/// @brief Why the model stopped.
struct finish {
    polyllm::finish_reason reason = finish_reason::other;
    std::string raw;
    friend bool operator==(const finish&, const finish&) = default;
};

using stream_event = std::variant<message_start, text_delta, reasoning_delta, refusal_delta, tool_call_start,
                                  tool_call_delta, tool_call_end, usage_update, finish>;

/// @brief How much one streamed completion may hold. A stream has no Content-Length to refuse up front, and an endless
/// one would otherwise grow until the total timeout: these bound it, as `transport_limits::body_bytes` bounds a body
/// read whole. `llm_config::max_stream_bytes` and `max_tool_calls` set them for `basic_llm`.
struct stream_limits {
    /// Text, reasoning (with signatures and redacted blocks), refusal, and tool call ids, names and arguments,
    /// together.
    std::size_t max_bytes = std::size_t{64} * 1024 * 1024;
    std::size_t max_tool_calls = 10000;
};

/// @brief Builds the final completion from the events of one stream. Text and reasoning that arrive in a row
/// form one part each, in arrival order, except that a signature closes a thinking part (reasoning text after it
/// starts the next block) and a redacted block is a part of its own; tool calls are kept by index, and a later
/// empty id or name never overwrites one already known. Each event costs time in proportion to its own size, however
/// many came before it.
class stream_accumulator {
public:
    stream_accumulator() = default;
    explicit stream_accumulator(stream_limits limits) : limits_(limits) {}

    /// @brief Adds an event; false, with the event left out, when it would pass a limit: `exceeded()` then says
    /// which, and the stream should stop (every later event is refused too).
    POLYLLM_DECL bool add(const stream_event& event);

    /// @brief Why the last refused event was refused (`errc::protocol_error` naming the limit), if one was.
    [[nodiscard]] const std::optional<error>& exceeded() const noexcept { return exceeded_; }

    /// @brief The completion so far. `take()` moves it out; the accumulator is then empty.
    [[nodiscard]] POLYLLM_DECL const completion& current();
    [[nodiscard]] POLYLLM_DECL completion take();

    /// @brief True until an event with content (text, reasoning, a tool call, a finish) has arrived.
    [[nodiscard]] bool empty() const noexcept { return empty_; }

private:
    POLYLLM_DECL void apply(const message_start& e);
    POLYLLM_DECL void apply(const text_delta& e);
    POLYLLM_DECL void apply(const reasoning_delta& e);
    POLYLLM_DECL void apply(const refusal_delta& e);
    POLYLLM_DECL void apply(const tool_call_start& e);
    POLYLLM_DECL void apply(const tool_call_delta& e);
    void apply(const tool_call_end&) {}
    void apply(const usage_update& e) {
        completion_.usage = e.usage;
        if (e.server_latency) completion_.server_latency = e.server_latency;
    }
    POLYLLM_DECL void apply(const finish& e);

    POLYLLM_DECL tool_call& call_at(std::size_t index);

    // Tool calls join the message in index order when the completion is read.
    POLYLLM_DECL void flush_tool_calls();

    [[nodiscard]] POLYLLM_DECL bool within_limits(const stream_event& event);

    completion completion_;
    std::vector<std::pair<std::size_t, tool_call>> calls_;
    std::unordered_map<std::size_t, std::size_t> call_positions_;  // index -> position in calls_
    stream_limits limits_;
    std::size_t bytes_ = 0;
    std::optional<error> exceeded_;
    bool empty_ = true;
};

/// @brief The events a stream of `c` would have carried, in order: its start, each content part, the refusal, each
/// tool call (start, arguments, end), the usage when reported, and the finish. Accumulated, they give `c` back.
/// Used when a server answers a streamed request with one plain JSON completion.
[[nodiscard]] POLYLLM_DECL std::vector<stream_event> events_of(const completion& c);

namespace detail {

/// A stream callback behind one type: what the streamed calls take below their public templates.
using stream_callback = unique_function<bool(const stream_event&)>;

// Stream callbacks may return bool (false stops the stream) or nothing (go on).
template <class OnEvent>
bool invoke_stream_callback(OnEvent& on_event, const stream_event& event) {
    if constexpr (std::is_void_v<std::invoke_result_t<OnEvent&, const stream_event&>>) {
        on_event(event);
        return true;
    } else {
        return static_cast<bool>(on_event(event));
    }
}

/// `on_event`, held by value, as a stream_callback; one that already is one is taken as it is, not wrapped again.
template <class OnEvent>
[[nodiscard]] stream_callback to_stream_callback(OnEvent on_event) {
    if constexpr (std::is_same_v<OnEvent, stream_callback>)
        return on_event;
    else
        return [cb = std::move(on_event)](const stream_event& e) mutable { return invoke_stream_callback(cb, e); };
}

}  // namespace detail

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/impl/stream.ipp>
#endif
