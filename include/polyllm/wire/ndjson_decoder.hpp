#pragma once
/// @file
/// @brief `ndjson_decoder<Handler>`: the shared part of a newline-delimited JSON stream decoder (Ollama's native
/// streaming), as wire/sse_decoder.hpp is for SSE. The skeleton splits the bytes into lines (16 MiB per line),
/// parses each as JSON, turns a line that is not a JSON object or a field of the wrong type into
/// `errc::malformed_response`, keeps the first failure, and makes the error for a stream cut before its last line.
///
/// A handler is a type with `static constexpr std::string_view terminal` (the last line, as the "ended before" error
/// names it) and `step on_line(const nlohmann::json& line, Emit& emit)`; `step::done()` marks the last line (what
/// follows is ignored), `step::fail(e)` an error line (read with `wire::error_from_json`).

#include <polyllm/detail/ndjson.hpp>
#include <polyllm/error.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/error_body.hpp>
#include <polyllm/wire/step.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>

POLYLLM_NAMESPACE_BEGIN
namespace wire {

/// @brief Splits and parses the lines; the handler reads them. One decoder per stream.
template <class Handler>
class ndjson_decoder {
public:
    static_assert(requires { std::string_view(Handler::terminal); },
                  "polyllm: an ndjson_decoder handler needs `static constexpr std::string_view terminal`, the line "
                  "that ends its stream");

    ndjson_decoder() = default;
    explicit ndjson_decoder(Handler handler) : handler_(std::move(handler)) {}

    /// @brief Decodes `bytes`, passing events to `emit(stream_event&&) -> bool`. The first failure is the result from
    /// then on; the events before it were emitted.
    template <class Emit>
    result<void> feed(std::string_view bytes, Emit&& emit) {
        if (progress_.failure()) return *progress_.failure();
        const auto status = lines_.feed(bytes, [&](std::string_view line) { return on_line(line, emit); });
        if (progress_.failure()) return *progress_.failure();
        if (status == polyllm::detail::ndjson_splitter::status::line_too_long)
            return progress_.fail(error{errc::protocol_error, "a stream line is larger than the 16 MiB limit"});
        return success();
    }

    /// @brief At the end of the body: the failure, if any; else an error (errc::connection) unless the last line came.
    [[nodiscard]] result<void> finish() const {
        if (progress_.failure()) return *progress_.failure();
        if (progress_.done()) return success();
        return error{errc::connection, "the stream ended before " + std::string(Handler::terminal) +
                                           (lines_.has_partial_line() ? ", inside a line" : "")};
    }

    [[nodiscard]] bool done() const noexcept { return progress_.done(); }
    [[nodiscard]] Handler& handler() noexcept { return handler_; }
    [[nodiscard]] const Handler& handler() const noexcept { return handler_; }

private:
    template <class Emit>
    bool on_line(std::string_view text, Emit& emit) {
        if (progress_.done()) return true;  // nothing after the last line is part of the answer
        auto line = nlohmann::json::parse(text, nullptr, false);
        if (line.is_discarded() || !line.is_object())
            return progress_.apply(step::malformed("a stream line is not a JSON object: " + excerpt(text)));
        try {  // every read of the line is inside: a field of the wrong type (json throws) is malformed data
            return progress_.apply(handler_.on_line(std::as_const(line), emit));
        } catch (const nlohmann::json::exception& ex) {
            return progress_.apply(
                step::malformed(std::string("unexpected field type in a stream line: ") + ex.what()));
        }
    }


    polyllm::detail::ndjson_splitter lines_;
    Handler handler_;
    decode_progress progress_;
};

}  // namespace wire
POLYLLM_NAMESPACE_END
