#pragma once
/// @file
/// @brief `event_stream_decoder<Handler>`: the shared part of a decoder for an AWS event stream
/// (wire/event_stream.hpp framing), as wire/sse_decoder.hpp is for SSE. The skeleton frames and verifies the
/// messages, reads `:message-type`, parses an event's payload as JSON and hands it to the handler with its
/// `:event-type`; an `exception` message (`:exception-type`, a JSON payload with `message`) and an `error` message
/// (`:error-code`, `:error-message`) end the stream with an error. It keeps the first failure and makes the error
/// for a stream cut before its terminal event. Bytes in, events out; no I/O.
///
/// A handler is a type with (`emit` is an `Emit&` with `bool emit(stream_event&&)`):
/// | member                                                   | meaning                                              |
/// |----------------------------------------------------------|------------------------------------------------------|
/// | `static constexpr std::string_view terminal`             | the terminal event, as the "ended before" error names it |
/// | `step on_event(std::string_view type, nlohmann::json& payload, Emit& emit)` | one event; `step::done()` marks the terminal one; the payload is the decoder's, to move strings out of (or take it as `const&`) |
/// | `error on_exception(std::string_view type, std::string_view message) const` | the error for an exception message |
/// | optional `bool complete() const`                          | whether what arrived is a whole answer without the terminal event |

#include <polyllm/error.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/error_body.hpp>
#include <polyllm/wire/event_stream.hpp>
#include <polyllm/wire/json_fields.hpp>
#include <polyllm/wire/step.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <utility>

POLYLLM_NAMESPACE_BEGIN
namespace wire {

/// @brief Frames, verifies and parses the messages; the handler reads them. One decoder per stream.
template <class Handler>
class event_stream_decoder {
public:
    static_assert(requires { std::string_view(Handler::terminal); },
                  "polyllm: an event_stream_decoder handler needs `static constexpr std::string_view terminal`, "
                  "the event that ends its stream");

    event_stream_decoder() = default;
    explicit event_stream_decoder(Handler handler, std::size_t max_message_bytes = 16 * 1024 * 1024)
        : parser_(max_message_bytes), handler_(std::move(handler)) {}

    /// @brief Decodes `bytes`, passing events to `emit(stream_event&&) -> bool`. The first failure is the result from
    /// then on; the events before it were emitted.
    template <class Emit>
    result<void> feed(std::string_view bytes, Emit&& emit) {
        if (progress_.failure()) return *progress_.failure();
        auto framed = parser_.feed(bytes, [&](const event_stream_message_view& m) { return on_message(m, emit); });
        if (progress_.failure()) return *progress_.failure();
        if (!framed) return progress_.fail(framed.error());
        return success();
    }

    /// @brief At the end of the body: the failure, if any; else an error (errc::connection, an answer cut short)
    /// unless the terminal event arrived.
    [[nodiscard]] result<void> finish() const {
        if (progress_.failure()) return *progress_.failure();
        if (done()) return success();
        return error{errc::connection, "the stream ended before " + std::string(Handler::terminal) +
                                           (parser_.has_partial_message() ? ", inside a message" : "")};
    }

    [[nodiscard]] bool done() const noexcept {
        if constexpr (requires { handler_.complete(); })
            if (handler_.complete()) return true;
        return progress_.done();
    }

    [[nodiscard]] Handler& handler() noexcept { return handler_; }
    [[nodiscard]] const Handler& handler() const noexcept { return handler_; }

private:
    template <class Emit>
    bool on_message(const event_stream_message_view& m, Emit& emit) {
        if (progress_.done()) return true;  // nothing after the terminal event is part of the answer
        const auto kind = m.string_header(":message-type").value_or("");
        if (kind != "event") return on_other_message(kind, m);
        const auto type = m.string_header(":event-type").value_or("");
        auto payload = nlohmann::json::parse(m.payload, nullptr, false);
        if (payload.is_discarded() || !payload.is_object())
            return progress_.apply(step::malformed("an event's payload is not a JSON object: " + excerpt(m.payload)));
        try {  // every read of the payload is inside: a field of the wrong type (json throws) is malformed data
            return progress_.apply(handler_.on_event(type, payload, emit));
        } catch (const nlohmann::json::exception& ex) {
            return progress_.apply(step::malformed(std::string("unexpected field type in a stream event: ") + ex.what()));
        }
    }

    // An exception or error message ends the stream with the handler's error; any other kind is malformed.
    bool on_other_message(std::string_view kind, const event_stream_message_view& m) {
        if (kind == "exception") {
            const auto type = m.string_header(":exception-type").value_or("");
            auto payload = nlohmann::json::parse(m.payload, nullptr, false);
            std::string message = payload.is_object() ? string_or_empty(payload, "message") : std::string();
            if (message.empty())
                message = payload.is_object() ? string_or_empty(payload, "Message") : std::string(m.payload);
            return progress_.apply(step::fail(handler_.on_exception(type, message)));
        }
        if (kind == "error") {
            return progress_.apply(step::fail(handler_.on_exception(m.string_header(":error-code").value_or(""),
                                                                    m.string_header(":error-message").value_or(""))));
        }
        return progress_.apply(step::malformed("an event-stream message without a known :message-type (\"" +
                                               excerpt(kind) + "\")"));
    }

    event_stream_parser parser_;
    Handler handler_;
    decode_progress progress_;
};

}  // namespace wire
POLYLLM_NAMESPACE_END
