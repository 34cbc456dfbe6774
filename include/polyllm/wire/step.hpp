#pragma once
/// @file
/// @brief `step`: what a stream decoder's handler made of one event or line (wire/sse_decoder.hpp,
/// wire/ndjson_decoder.hpp): go on, the consumer stopped, the answer is complete, or the stream failed.

#include <polyllm/error.hpp>
#include <polyllm/version.hpp>

#include <optional>
#include <string>
#include <utility>

POLYLLM_NAMESPACE_BEGIN
namespace wire {

/// @brief What a handler made of one event or line.
class step {
public:
    /// @brief true: go on; false: the consumer stopped (what `emit` returned).
    step(bool go_on) noexcept : kind_(go_on ? kind::go_on : kind::stopped) {}  // NOLINT: implicit by design

    /// @brief The terminal event: the stream is complete, and what follows is not part of the answer.
    [[nodiscard]] static step done() noexcept { return step(kind::done); }
    /// @brief The stream failed with `e` (an error event, a missing field): decoding stops.
    [[nodiscard]] static step fail(error e) {
        step s(kind::failed);
        s.error_ = std::move(e);
        return s;
    }
    /// @brief The event is not what the provider documents: `errc::malformed_response` with `message`.
    [[nodiscard]] static step malformed(std::string message) {
        return fail(error{errc::malformed_response, std::move(message)});
    }

    /// @brief True when decoding goes on after this event: a handler that reads an event in parts returns the first
    /// part's step when it is anything else.
    [[nodiscard]] bool goes_on() const noexcept { return kind_ == kind::go_on; }
    [[nodiscard]] bool is_done() const noexcept { return kind_ == kind::done; }
    [[nodiscard]] bool is_stopped() const noexcept { return kind_ == kind::stopped; }
    [[nodiscard]] const std::optional<error>& failure() const noexcept { return error_; }

private:
    enum class kind : unsigned char { go_on, stopped, done, failed };
    explicit step(kind k) noexcept : kind_(k) {}
    kind kind_;
    std::optional<error> error_;
};

/// @brief What a stream decoder keeps between calls, whatever its framing: the first failure (every later call
/// repeats it: a decoder never goes on after an error) and whether the terminal event has come.
class decode_progress {
public:
    /// @brief Takes a handler's step: false when decoding stops here (a failure, or the consumer stopped).
    bool apply(step s) {
        if (s.failure()) {
            fail(*s.failure());
            return false;
        }
        if (s.is_done()) done_ = true;
        return !s.is_stopped();
    }
    /// @brief Records `e` unless a failure came first, and returns the one recorded.
    error fail(error e) {
        if (!failure_) failure_ = std::move(e);
        return *failure_;
    }
    void mark_done() noexcept { done_ = true; }

    [[nodiscard]] const std::optional<error>& failure() const noexcept { return failure_; }
    [[nodiscard]] bool done() const noexcept { return done_; }

private:
    std::optional<error> failure_;
    bool done_ = false;
};

}  // namespace wire
POLYLLM_NAMESPACE_END
