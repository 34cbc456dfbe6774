#pragma once
/// @file
/// @brief `sse_event_stream`: what every SSE-based stream decoder shares, so that each provider's decoder holds only
/// its reading of the events. The SSE framing with its size limit, the first failure (which every later call
/// repeats: a decoder never goes on after an error), and the error for a stream that ends before its provider's
/// terminal event.

#include <polyllm/detail/sse_parser.hpp>
#include <polyllm/error.hpp>
#include <polyllm/version.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

class sse_event_stream {
public:
    /// @brief Parses `bytes`, calling `on_event(const sse_event&) -> bool` for each event (false stops). The first
    /// failure, the callback's (recorded with `fail`) or an event above the 16 MiB limit, is the result from then
    /// on.
    template <class OnEvent>
    result<void> feed(std::string_view bytes, OnEvent&& on_event) {
        if (failure_) return *failure_;
        const auto status = sse_.feed(bytes, std::forward<OnEvent>(on_event));
        if (failure_) return *failure_;
        if (status == sse_parser::status::line_too_long)
            return fail(error{errc::protocol_error, "a stream event is larger than the 16 MiB limit"});
        return success();
    }

    /// @brief Records `e` as the stream's failure, unless one is already recorded, and returns it.
    POLYLLM_DECL error fail(error e);

    [[nodiscard]] const std::optional<error>& failure() const noexcept { return failure_; }

    /// @brief The stream's end came before `terminal`, what the provider sends last (errc::connection): an answer
    /// cut short, not a complete one.
    [[nodiscard]] POLYLLM_DECL error ended_before(std::string_view terminal) const;

private:
    sse_parser sse_;
    std::optional<error> failure_;
};

}  // namespace detail
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
POLYLLM_NAMESPACE_BEGIN
namespace detail {

POLYLLM_DECL error sse_event_stream::fail(error e) {
    if (!failure_) failure_ = std::move(e);
    return *failure_;
}

POLYLLM_DECL error sse_event_stream::ended_before(std::string_view terminal) const {
    return error{errc::connection, "the stream ended before " + std::string(terminal) +
                                       (sse_.has_partial_event() ? ", inside an event" : "")};
}

}  // namespace detail
POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
