#pragma once
/// @file
/// @brief The keep-alive pool: idle connections per origin key, most recently used first, bounded per key, expired
/// after an idle timeout. It holds no pending operation, so an `io_context` with only idle connections runs out of
/// work and `run()` returns.

#include <polyllm/detail/ascii.hpp>
#include <polyllm/detail/http_connection.hpp>
#include <polyllm/detail/http_grammar.hpp>
#include <polyllm/http.hpp>
#include <polyllm/version.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

/// @brief The idle timeout a server announced with `Keep-Alive: timeout=N`, if any.
[[nodiscard]] POLYLLM_DECL std::optional<std::chrono::milliseconds> announced_keep_alive(const http_headers& headers);

class connection_pool {
public:
    using clock = std::chrono::steady_clock;

    connection_pool(std::size_t max_idle_per_key, std::chrono::milliseconds idle_timeout)
        : max_idle_per_key_(max_idle_per_key), idle_timeout_(idle_timeout) {}

    /// @brief The most recently returned idle connection for `key` that still looks usable, or null. Expired and
    /// dead connections met on the way are closed.
    [[nodiscard]] POLYLLM_DECL std::unique_ptr<http_connection> take(const std::string& key, clock::time_point now);

    /// @brief Keeps a connection whose last response was read exactly to its end. `server_keep_alive` is the
    /// server's announced idle timeout (`Keep-Alive: timeout=N`), which shortens ours.
    POLYLLM_DECL void give_back(const std::string& key, std::unique_ptr<http_connection> connection,
                                clock::time_point now,
                                std::optional<std::chrono::milliseconds> server_keep_alive = std::nullopt);

    /// @brief Idle connections kept, in all or for one key.
    [[nodiscard]] POLYLLM_DECL std::size_t idle() const;
    [[nodiscard]] POLYLLM_DECL std::size_t idle(const std::string& key) const;

    POLYLLM_DECL void clear();

private:
    struct entry {
        std::unique_ptr<http_connection> connection;
        clock::time_point expires;
    };

    std::size_t max_idle_per_key_;
    std::chrono::milliseconds idle_timeout_;
    mutable std::mutex mutex_;
    std::map<std::string, std::vector<entry>, std::less<>> idle_;
};

}  // namespace detail
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/detail/impl/connection_pool.ipp>
#endif
