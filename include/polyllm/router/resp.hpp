#pragma once
/// @file
/// @brief Redis's wire protocol, RESP2, and its `redis://` addresses, without I/O: commands are encoded as arrays of
/// bulk strings, replies are parsed from whatever bytes have arrived (an incomplete reply asks for more, so a reply
/// split anywhere parses the same). The router's shared store (router/redis_store.hpp) speaks it over a socket.

#include <polyllm/error.hpp>
#include <polyllm/version.hpp>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

POLYLLM_NAMESPACE_BEGIN

/// @brief One RESP2 reply.
struct resp_value {
    enum class kind : unsigned char {
        simple,   ///< `+OK`: `text`
        error,    ///< `-ERR ...`: `text`
        integer,  ///< `:42`: `integer`
        bulk,     ///< `$3 abc`: `text`
        array,    ///< `*2 ...`: `items`
        nil,      ///< `$-1` or `*-1`: a missing key, a timed-out wait
    };
    kind type = kind::nil;
    std::string text{};
    std::int64_t integer = 0;
    std::vector<resp_value> items{};

    friend bool operator==(const resp_value&, const resp_value&) = default;
};

/// @brief Appends the command `args` (`{"SET", "key", "value"}`) to `out`, as Redis expects clients to send it:
/// an array of bulk strings, so that any bytes may be a key or a value.
POLYLLM_DECL void append_resp_command(std::string& out, std::initializer_list<std::string_view> args);

/// @brief A reply parsed from the front of a buffer, and how many bytes it took.
struct resp_parsed {
    resp_value value;
    std::size_t consumed = 0;
};

/// @brief The first reply in `bytes`; empty when `bytes` holds only part of it. Malformed bytes, a bulk string over
/// 64 MiB and arrays nested over 16 deep are `errc::protocol_error` (a Redis never sends them; a wrong port might).
[[nodiscard]] POLYLLM_DECL result<std::optional<resp_parsed>> parse_resp(std::string_view bytes);

/// @brief Where a Redis is, from `redis://[[user]:password@]host[:port][/db]`.
struct redis_address {
    std::string host = "127.0.0.1";
    std::uint16_t port = 6379;
    std::int64_t db = 0;
    std::string user{};      ///< with a password: Redis 6's ACL user; empty: the default user
    std::string password{};  ///< empty: no AUTH
};

/// @brief The address in `url`; anything but `redis://` (TLS's `rediss://` included) is `errc::invalid_config`.
[[nodiscard]] POLYLLM_DECL result<redis_address> parse_redis_url(std::string_view url);

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/router/impl/resp.ipp>
#endif
