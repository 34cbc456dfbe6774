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
#include <charconv>
#include <string_view>
#include <system_error>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

POLYLLM_DECL std::optional<std::chrono::milliseconds> announced_keep_alive(const http_headers& headers) {
    const auto value = headers.find("keep-alive");
    if (!value) return std::nullopt;
    std::optional<std::chrono::milliseconds> out;
    http_grammar::for_each_list_element(*value, [&](std::string_view parameter) {
        if (!istarts_with(parameter, "timeout=")) return;
        parameter.remove_prefix(8);
        unsigned seconds = 0;
        auto [end, ec] = std::from_chars(parameter.data(), parameter.data() + parameter.size(), seconds);
        if (ec == std::errc{} && end == parameter.data() + parameter.size()) out = std::chrono::seconds(seconds);
    });
    return out;
}

POLYLLM_DECL std::unique_ptr<http_connection> connection_pool::take(const std::string& key, clock::time_point now) {
    std::lock_guard lock(mutex_);
    auto found = idle_.find(key);
    if (found == idle_.end()) return nullptr;
    auto& stack = found->second;
    std::unique_ptr<http_connection> out;
    while (!stack.empty() && !out) {
        auto idle = std::move(stack.back());
        stack.pop_back();
        if (now < idle.expires && idle.connection->looks_usable()) out = std::move(idle.connection);
        else idle.connection->close();
    }
    if (stack.empty()) idle_.erase(found);
    return out;
}

POLYLLM_DECL void connection_pool::give_back(const std::string& key, std::unique_ptr<http_connection> connection,
                                             clock::time_point now,
                                             std::optional<std::chrono::milliseconds> server_keep_alive) {
    if (max_idle_per_key_ == 0) {
        connection->close();
        return;
    }
    auto lifetime = idle_timeout_;
    // A second's margin, so that we never send on a connection the server is closing at that moment.
    if (server_keep_alive) lifetime = std::min(lifetime, *server_keep_alive - std::chrono::seconds(1));
    if (lifetime <= std::chrono::milliseconds::zero()) {
        connection->close();
        return;
    }
    std::lock_guard lock(mutex_);
    auto& stack = idle_[key];
    stack.push_back({std::move(connection), now + lifetime});
    if (stack.size() > max_idle_per_key_) {
        stack.front().connection->close();
        stack.erase(stack.begin());
    }
}

POLYLLM_DECL std::size_t connection_pool::idle() const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (const auto& [key, stack] : idle_) n += stack.size();
    return n;
}

POLYLLM_DECL std::size_t connection_pool::idle(const std::string& key) const {
    std::lock_guard lock(mutex_);
    auto found = idle_.find(key);
    return found == idle_.end() ? 0 : found->second.size();
}

POLYLLM_DECL void connection_pool::clear() {
    std::lock_guard lock(mutex_);
    for (auto& [key, stack] : idle_)
        for (auto& idle : stack) idle.connection->close();
    idle_.clear();
}

}  // namespace detail
POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
