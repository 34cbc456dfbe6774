#pragma once
/// @file
/// @brief Cooldowns shared by a fleet of routers through Redis: `redis_cooldowns` is a `shared_cooldowns` whose
/// cooldowns are keys (`polyllm:router:cooldown:<deployment>`, the reason as value, the time left as the key's
/// expiry), so that every process sharing the Redis skips a deployment as soon as one of them cooled it.
///
///     router_options options;
///     options.shared = std::make_shared<redis_cooldowns>(redis_options{parse_redis_url(url).value()});
///
/// or `redis_url = "redis://host:6379/0"` under `[router]` in config.toml. Each routing decision asks Redis with
/// one pipelined round trip (GET and PTTL of the group's deployments) before the router takes its lock, and a
/// cooldown is written (SET with PX) after it released it. No lock is held across I/O here either: each exchange
/// takes an idle connection out of a small pool (or opens one) and puts it back after. A Redis that is down or
/// slower than `timeout` does not stop routing: the router goes on with the process's own state, the logger is told
/// once, and Redis is asked again at most every `retry_after`.

#include <polyllm/error.hpp>
#include <polyllm/log.hpp>
#include <polyllm/router/resp.hpp>
#include <polyllm/router/shared_cooldowns.hpp>
#include <polyllm/version.hpp>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

POLYLLM_NAMESPACE_BEGIN

/// @brief A blocking Redis connection with a deadline on every exchange. Connects (and authenticates, and selects
/// the database) on first use and after a failure; one caller at a time.
class redis_connection {
public:
    POLYLLM_DECL redis_connection(redis_address address, std::chrono::milliseconds timeout);

    /// @brief Sends `commands` (one or more, encoded with `append_resp_command`) and reads `replies` replies, all
    /// within the timeout. A failure closes the connection; the next exchange connects again.
    [[nodiscard]] POLYLLM_DECL result<std::vector<resp_value>> exchange(std::string_view commands,
                                                                        std::size_t replies);
    [[nodiscard]] const redis_address& address() const noexcept { return address_; }

private:
    using deadline = std::chrono::steady_clock::time_point;
    template <class Initiate, class Cancel>
    std::error_code wait(Initiate&& initiate, Cancel&& cancel, deadline until);
    result<void> connect(deadline until);
    result<std::vector<resp_value>> round_trip(std::string_view commands, std::size_t replies, deadline until);
    error failed(std::error_code ec, std::string_view doing) const;
    void close() noexcept;

    redis_address address_;
    std::chrono::milliseconds timeout_;
    asio::io_context io_;
    asio::ip::tcp::socket socket_;
    std::string received_;  // bytes read past the last reply parsed
};

/// @brief How `redis_cooldowns` reaches Redis.
struct redis_options {
    redis_address address{};
    /// Connecting, and each exchange: a Redis slower than this is treated as down. Routing waits at most this long.
    std::chrono::milliseconds timeout = std::chrono::milliseconds(100);
    /// After a failure, how long Redis is left alone before it is tried again.
    std::chrono::milliseconds retry_after = std::chrono::seconds(1);
    std::string key_prefix = "polyllm:router:cooldown:";
    logger log = stderr_logger;  ///< told once when Redis becomes unreachable, and when it is back
};

/// @brief The fleet's cooldowns in Redis. Safe from several threads.
class redis_cooldowns final : public shared_cooldowns {
public:
    POLYLLM_DECL explicit redis_cooldowns(redis_options options);

    POLYLLM_DECL bool cooling(std::span<const std::string_view> names,
                              std::span<std::optional<fleet_cooldown>> out) override;
    POLYLLM_DECL void cooled(std::string_view name, const fleet_cooldown& cooldown) override;
    POLYLLM_DECL void cleared(std::string_view name) override;

    /// @brief Whether the last exchange with Redis succeeded (false before the first).
    [[nodiscard]] POLYLLM_DECL bool reachable() const;

private:
    // One exchange on an idle connection, or an error when Redis is down or resting after a failure.
    result<std::vector<resp_value>> exchange(const std::string& commands, std::size_t replies);

    redis_options options_;
    mutable std::mutex mutex_;  // the pool and the fields below; never held across I/O
    std::vector<std::unique_ptr<redis_connection>> idle_;
    std::chrono::steady_clock::time_point resting_until_{};
    bool down_ = false, reached_ = false;
};

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/router/impl/redis_store.ipp>
#endif
