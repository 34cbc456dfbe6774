#pragma once
/// @file
/// @brief An incremental Server-Sent Events parser following the WHATWG "event stream interpretation" rules.
/// Bytes in, events out, no I/O: feed it whatever each read returned, however the stream is split.
///
/// - One leading UTF-8 BOM is stripped, even when it arrives split across reads.
/// - CR, LF and CRLF end lines, including a CR at the end of one read and the LF at the start of the next.
///   Only the bytes 0x0D and 0x0A end lines: U+2028 and U+0085 inside data are data.
/// - `:comment` lines are ignored; a field without a colon has an empty value; one space after the colon is
///   stripped; `data` lines are joined with LF; `event`, `id` (unless it contains NUL) and `retry` (digits only)
///   are kept; a blank line dispatches; an event without data is not dispatched; an unterminated final event is
///   discarded (the caller learns of it through `has_partial_event()`).
/// - Linear time: each byte is scanned once; a partial line is kept, never re-scanned.

#include <polyllm/version.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

/// @brief One dispatched event. The views are valid during the callback only.
struct sse_event {
    std::string_view type;  ///< "message" when the stream named none
    std::string_view data;
    std::string_view last_event_id;
};

class sse_parser {
public:
    enum class status {
        ok,          ///< every byte consumed
        stopped,     ///< the callback returned false; the rest of this input was not parsed
        line_too_long,  ///< a line or an event passed the limit (a hostile or broken server)
    };

    /// @param max_event_bytes  limit on one line and on one event's data, so a server cannot grow memory without
    /// bound by never ending a line.
    explicit sse_parser(std::size_t max_event_bytes = 16 * 1024 * 1024) : max_event_bytes_(max_event_bytes) {}

    /// @brief Parses `bytes`, calling `on_event(const sse_event&)` for each dispatched event. The callback returns
    /// bool (false stops) or void.
    template <class OnEvent>
    status feed(std::string_view bytes, OnEvent&& on_event) {
        if (!bom_checked_ && !skip_bom(bytes)) return status::ok;  // still unsure whether a BOM is arriving
        if (skip_lf_ && !bytes.empty()) {
            if (bytes.front() == '\n') bytes.remove_prefix(1);
            skip_lf_ = false;
        }
        while (!bytes.empty()) {
            const char* begin = bytes.data();
            const std::size_t end = find_line_end(bytes);
            if (end == std::string_view::npos) {
                if (partial_.size() + bytes.size() > max_event_bytes_) return status::line_too_long;
                partial_.append(bytes);
                return status::ok;
            }
            std::string_view line(begin, end);
            // The same limit whether the line arrived whole or in pieces.
            if (partial_.size() + line.size() > max_event_bytes_) return status::line_too_long;
            if (!partial_.empty()) {
                partial_.append(line);
                line = partial_;
            }
            // Consume the line end: CRLF counts once; a CR at the very end may be followed by LF in the next read.
            std::size_t consumed = end + 1;
            if (bytes[end] == '\r') {
                if (end + 1 < bytes.size()) {
                    if (bytes[end + 1] == '\n') ++consumed;
                } else {
                    skip_lf_ = true;
                }
            }
            const status s = process_line(line, on_event);
            partial_.clear();
            bytes.remove_prefix(consumed);
            if (s != status::ok) return s;
        }
        return status::ok;
    }

    /// @brief True when bytes of an event arrived that no blank line has dispatched yet.
    [[nodiscard]] bool has_partial_event() const noexcept {
        return !partial_.empty() || !data_.empty() || has_data_field_;
    }

    /// @brief The last `retry:` value, in milliseconds.
    [[nodiscard]] std::optional<std::uint64_t> retry_ms() const noexcept { return retry_ms_; }

private:
    // Returns false while the first bytes might still be an incomplete BOM.
    POLYLLM_DECL bool skip_bom(std::string_view& bytes);

    static std::size_t find_line_end(std::string_view bytes) noexcept {
        const void* lf = std::memchr(bytes.data(), '\n', bytes.size());
        const std::size_t limit = lf ? std::size_t(static_cast<const char*>(lf) - bytes.data()) : bytes.size();
        if (const void* cr = std::memchr(bytes.data(), '\r', limit))
            return std::size_t(static_cast<const char*>(cr) - bytes.data());
        return lf ? limit : std::string_view::npos;
    }

    template <class OnEvent>
    status process_line(std::string_view line, OnEvent& on_event) {
        if (line.empty()) return dispatch(on_event);
        if (line.front() == ':') return status::ok;  // a comment (OpenRouter's ": OPENROUTER PROCESSING", keep-alives)
        std::string_view field = line, value;
        if (const auto colon = line.find(':'); colon != std::string_view::npos) {
            field = line.substr(0, colon);
            value = line.substr(colon + 1);
            if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        }
        if (field == "data") {
            if (data_.size() + value.size() + 1 > max_event_bytes_) return status::line_too_long;
            if (has_data_field_) data_.push_back('\n');
            data_.append(value);
            has_data_field_ = true;
        } else if (field == "event") {
            type_.assign(value);
        } else if (field == "id") {
            if (value.find('\0') == std::string_view::npos) last_event_id_.assign(value);
        } else if (field == "retry") {
            std::uint64_t ms = 0;
            bool digits = !value.empty() && value.size() < 16;
            for (char c : value) {
                digits = digits && c >= '0' && c <= '9';
                ms = ms * 10 + std::uint64_t(c - '0');
            }
            if (digits) retry_ms_ = ms;
        }
        return status::ok;
    }

    template <class OnEvent>
    status dispatch(OnEvent& on_event) {
        if (!has_data_field_) {  // nothing to dispatch: reset the type, as the spec says
            type_.clear();
            return status::ok;
        }
        const sse_event event{type_.empty() ? std::string_view("message") : std::string_view(type_), data_,
                              last_event_id_};
        bool keep_going = true;
        if constexpr (std::is_void_v<decltype(on_event(event))>) on_event(event);
        else keep_going = on_event(event);
        data_.clear();
        type_.clear();
        has_data_field_ = false;
        return keep_going ? status::ok : status::stopped;
    }

    std::size_t max_event_bytes_;
    std::string partial_;  // an incomplete line from earlier reads
    std::string data_;
    std::string type_;
    std::string last_event_id_;
    std::string bom_prefix_;
    std::optional<std::uint64_t> retry_ms_;
    bool has_data_field_ = false;  // "data:" with an empty value still dispatches an (empty) event
    bool skip_lf_ = false;
    bool bom_checked_ = false;
};

}  // namespace detail
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/detail/impl/sse_parser.ipp>
#endif
