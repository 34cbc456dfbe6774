#pragma once
/// @file
/// @brief An incremental splitter for newline-delimited JSON (Ollama's native streaming API): bytes in, one
/// complete line at a time out, however the stream is split. No I/O, no JSON parsing.

#include <polyllm/version.hpp>

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

class ndjson_splitter {
public:
    enum class status { ok, stopped, line_too_long };

    explicit ndjson_splitter(std::size_t max_line_bytes = 16 * 1024 * 1024) : max_line_bytes_(max_line_bytes) {}

    /// @brief Calls `on_line(std::string_view)` for each complete line, without its LF or CRLF; blank lines are
    /// skipped. The callback returns bool (false stops) or void.
    template <class OnLine>
    status feed(std::string_view bytes, OnLine&& on_line) {
        while (!bytes.empty()) {
            const void* lf = std::memchr(bytes.data(), '\n', bytes.size());
            if (!lf) {
                if (partial_.size() + bytes.size() > max_line_bytes_) return status::line_too_long;
                partial_.append(bytes);
                return status::ok;
            }
            const std::size_t end = std::size_t(static_cast<const char*>(lf) - bytes.data());
            std::string_view line = bytes.substr(0, end);
            // The same limit whether the line arrived whole or in pieces.
            if (partial_.size() + line.size() > max_line_bytes_) return status::line_too_long;
            if (!partial_.empty()) {
                partial_.append(line);
                line = partial_;
            }
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            bool keep_going = true;
            if (!line.empty()) {
                if constexpr (std::is_void_v<decltype(on_line(line))>) on_line(line);
                else keep_going = on_line(line);
            }
            partial_.clear();
            bytes.remove_prefix(end + 1);
            if (!keep_going) return status::stopped;
        }
        return status::ok;
    }

    /// @brief True when a line has started that no LF has ended.
    [[nodiscard]] bool has_partial_line() const noexcept { return !partial_.empty(); }

private:
    std::size_t max_line_bytes_;
    std::string partial_;
};

}  // namespace detail
POLYLLM_NAMESPACE_END
