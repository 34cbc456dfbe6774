#pragma once
/// @file
/// @brief The HTTP messages that pass between a Provider and a Transport: `http_headers`, `http_request`,
/// `http_response`. Plain values; no I/O.

#include <polyllm/detail/ascii.hpp>
#include <polyllm/version.hpp>

#include <chrono>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN

/// @brief One header field. `sensitive` fields (credentials) are shown as "[redacted]" wherever a request is
/// displayed or logged.
struct http_header {
    std::string name;
    std::string value;
    bool sensitive = false;

    friend bool operator==(const http_header&, const http_header&) = default;
};

/// @brief Header fields in arrival order; lookups ignore ASCII case, as HTTP requires.
class http_headers {
public:
    using const_iterator = std::vector<http_header>::const_iterator;

    http_headers() = default;
    POLYLLM_DECL http_headers(std::initializer_list<http_header> fields);

    /// @brief Appends a field (a repeated name keeps both, as on the wire).
    POLYLLM_DECL void add(std::string name, std::string value);

    /// @brief Appends a credential field, redacted in every display of the request.
    POLYLLM_DECL void add_sensitive(std::string name, std::string value);

    /// @brief Replaces every field of that name with one field.
    POLYLLM_DECL void set(std::string name, std::string value, bool sensitive = false);

    POLYLLM_DECL void erase(std::string_view name);

    /// @brief The first field's value with that name, if any.
    [[nodiscard]] POLYLLM_DECL std::optional<std::string_view> find(std::string_view name) const noexcept;

    /// @brief The first value, or an empty view.
    [[nodiscard]] std::string_view value_or_empty(std::string_view name) const noexcept {
        return find(name).value_or(std::string_view{});
    }

    [[nodiscard]] bool contains(std::string_view name) const noexcept { return find(name).has_value(); }
    [[nodiscard]] const_iterator begin() const noexcept { return fields_.begin(); }
    [[nodiscard]] const_iterator end() const noexcept { return fields_.end(); }
    [[nodiscard]] std::size_t size() const noexcept { return fields_.size(); }
    [[nodiscard]] bool empty() const noexcept { return fields_.empty(); }
    POLYLLM_DECL void reserve(std::size_t n);

    friend bool operator==(const http_headers&, const http_headers&) = default;

private:
    std::vector<http_header> fields_;
};

/// @brief What a Provider prepares and a Transport sends. The transport adds Host, Content-Length, Accept,
/// User-Agent and Connection itself.
struct http_request {
    std::string method = "POST";
    std::string url;  ///< absolute: scheme, host, optional port, path and query
    http_headers headers;
    std::string body;
    bool stream = false;  ///< the response is read as a stream of body bytes (SSE or NDJSON)
    /// Whole-request limit. A provider may set its own (DummyLLM's `timeout` option); otherwise basic_llm sets
    /// llm_config::timeout; empty leaves the transport's default.
    std::optional<std::chrono::milliseconds> timeout;
};

/// @brief What a Transport delivers and a Provider parses.
struct http_response {
    int status = 0;
    std::string reason;
    http_headers headers;
    std::string body;
};

/// @brief Whether a streaming transport hands this response's body to the data handler piece by piece: a 2xx body
/// that is not JSON. An error body, and a plain JSON answer to a streamed request (a server that does not stream,
/// or one that reports an error with 200), are read whole into `http_response::body`, for the provider's parser.
[[nodiscard]] POLYLLM_DECL bool streams_body(int status, const http_headers& headers);

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/impl/http.ipp>
#endif
