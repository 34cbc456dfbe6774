#pragma once
/// @file
/// @brief Cassettes: HTTP exchanges recorded to a file and served again, so that a test runs without a network or
/// a key and gives the same completions every time. This header holds the format and the pure parts (JSON form,
/// credential scrubbing, request matching, record modes); the transports that record and replay are
/// recording_transport.hpp, replaying_transport.hpp and cassette_transport.hpp.
///
/// The file is JSON, indented, one exchange per entry, in the order the requests were sent:
///
///     {
///       "version": 1,
///       "scrubbed": ["authorization header"],
///       "exchanges": [
///         {
///           "request": {"method": "POST", "url": "https://api.openai.com/v1/chat/completions",
///                       "headers": {"authorization": "[redacted]", ...}, "body": {"model": "gpt-4o", ...}},
///           "response": {"status": 200, "headers": {...}, "body": {...}}
///         },
///         {
///           "request": {...},
///           "response": {"status": 200, "headers": {...},
///                        "stream": [{"at_ms": 0, "events": [{"data": {...}}]}, {"at_ms": 41, "data": "..."}]}
///         },
///         {"request": {...}, "error": {"kind": "connection", "message": "connection reset"}}
///       ]
///     }
///
/// A body that is JSON is written as JSON (and sent again compact); anything else as a string. A streamed body is
/// its pieces as they arrived, each with its time from the start of the exchange; a piece made of whole SSE events
/// with JSON data is written as those events (`events`) when they rebuild the piece byte for byte, otherwise as
/// its text (`data`). A failure after some pieces keeps both (`stream` and `error`).

#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/secret.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

POLYLLM_NAMESPACE_BEGIN

/// @brief One piece of a streamed body, as one read delivered it.
struct recorded_piece {
    std::chrono::milliseconds at{0};  ///< from the start of the exchange
    std::string data;

    friend bool operator==(const recorded_piece&, const recorded_piece&) = default;
};

/// @brief One request and what came back: a response (whole, or streamed as pieces), a transport failure, or
/// pieces then a failure.
struct recorded_exchange {
    http_request request;
    std::optional<http_response> response;  ///< status, reason, headers; the body when it was not streamed
    bool streamed = false;                  ///< the body came as `pieces`
    std::vector<recorded_piece> pieces;
    std::optional<error> failure;           ///< kind, message and HTTP status are kept
};

/// @brief A recorded session. `scrubbed` names what was replaced by "[redacted]" ("authorization header",
/// "key query parameter", "configured key"), so a reader knows what the file no longer holds.
struct cassette {
    static constexpr int format_version = 1;
    std::vector<recorded_exchange> exchanges;
    std::vector<std::string> scrubbed;
};

/// @brief The file's text: indented JSON, keys in a fixed order, so that a re-recording diffs line by line.
[[nodiscard]] POLYLLM_DECL std::string to_text(const cassette& c);

/// @brief Reads a cassette's text. A wrong shape is `errc::invalid_config` naming the exchange and the field.
[[nodiscard]] POLYLLM_DECL result<cassette> parse_cassette(std::string_view text);

/// @brief Reads a cassette file; a missing file is `errc::not_found`.
[[nodiscard]] POLYLLM_DECL result<cassette> load_cassette(const std::filesystem::path& path);

/// @brief Writes a cassette file atomically (a temporary file next to it, then a rename), so that a crash or a
/// second test run never leaves half a cassette.
[[nodiscard]] POLYLLM_DECL result<void> save_cassette(const cassette& c, const std::filesystem::path& path);

// --- Scrubbing credentials. ---

/// @brief Query parameters whose value is a credential (Gemini's `key`, Azure's SAS `sig`, presigned SigV4).
inline constexpr std::string_view credential_query_names[] = {
    "key",       "api-key",   "api_key",          "apikey",          "access_token",         "token",
    "sig",       "signature", "x-amz-signature",  "x-amz-credential", "x-amz-security-token", "code"};

/// @brief Replaces credentials in an exchange before it is kept: credential headers (those `detail::is_credential`
/// knows, plus SigV4's `x-amz-security-token`, `Cookie` and `Set-Cookie`) and credential query parameters become
/// "[redacted]", and their values, together with the configured keys, are removed from the URL, every header, the
/// bodies and the pieces. Adds what it replaced to `scrubbed`. `x-amz-date` and `x-amz-content-sha256` are not secrets and stay.
POLYLLM_DECL void scrub(recorded_exchange& x, const std::vector<secret>& keys, std::vector<std::string>& scrubbed);

/// @brief The same for a request alone: what a replaying transport does to a live request before matching it, so
/// that it compares with the scrubbed recording.
POLYLLM_DECL void scrub(http_request& r, const std::vector<secret>& keys, std::vector<std::string>& scrubbed);

// --- Matching requests. ---

/// @brief How a live request is matched to a recorded one: same method, same path and query (the host is not
/// compared, so a cassette recorded against a provider replays through a local server), and same body, compared
/// as JSON when both are JSON, without the `volatile_fields` (JSON pointers such as "/metadata/trace_id").
struct match_options {
    std::vector<std::string> volatile_fields;
};

/// @brief Picks recorded exchanges for live requests. Each exchange is served once; identical requests get
/// identical recordings in recorded order.
class cassette_matcher {
public:
    cassette_matcher() = default;
    POLYLLM_DECL explicit cassette_matcher(const cassette& c, match_options options = {});

    /// @brief The index of the first unserved exchange that matches, marked served; an unmatched request is
    /// `errc::invalid_config` with `retry_verdict::no`, naming the closest recorded request and how the bodies
    /// differ.
    [[nodiscard]] POLYLLM_DECL result<std::size_t> take(const http_request& live);

    /// @brief Adds an exchange recorded after the cassette was loaded (mode `new_episodes`), already served.
    POLYLLM_DECL void add_served(const recorded_exchange& x);

    [[nodiscard]] std::size_t served() const noexcept { return served_count_; }
    [[nodiscard]] std::size_t size() const noexcept { return keys_.size(); }

private:
    struct key {
        std::string method;
        std::string target;
        nlohmann::json body;  // null when the body is not JSON; sorted keys, so that key order never matters
        std::string text;   // the body when it is not JSON
    };
    [[nodiscard]] key key_of(const http_request& r) const;

    match_options options_;
    std::vector<key> keys_;
    std::vector<bool> served_;
    std::size_t served_count_ = 0;
};

// --- Modes. ---

/// @brief When a cassette transport records and when it replays (the names are those of VCR-style tools):
/// `once` replays the file if it exists and records it otherwise; `none` only replays; `new_episodes` replays what
/// matches and records (appends) what does not; `all` records everything again.
enum class record_mode { once, none, new_episodes, all };

[[nodiscard]] constexpr std::string_view to_string(record_mode m) noexcept {
    switch (m) {
        case record_mode::once: return "once";
        case record_mode::none: return "none";
        case record_mode::new_episodes: return "new_episodes";
        case record_mode::all: return "all";
    }
    return "once";
}

/// @brief "once", "none", "new_episodes" or "all"; anything else is `errc::invalid_config`.
[[nodiscard]] POLYLLM_DECL result<record_mode> parse_record_mode(std::string_view text);

/// @brief The environment variable that chooses the mode when the code does not: POLYLLM_RECORD_MODE.
inline constexpr std::string_view record_mode_env = "POLYLLM_RECORD_MODE";

/// @brief The mode POLYLLM_RECORD_MODE names, `fallback` when it is unset or empty, an error when it is set to
/// anything else (a typo must not silently record against the network).
[[nodiscard]] POLYLLM_DECL result<record_mode> record_mode_from_env(record_mode fallback = record_mode::once);

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/transport/impl/cassette.ipp>
#endif
