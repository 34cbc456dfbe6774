#pragma once
/// @file
/// @brief The definitions of <polyllm/router/redis_store.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/router/redis_store.hpp>

#include <asio/connect.hpp>
#include <asio/write.hpp>

#include <array>
#include <utility>

POLYLLM_NAMESPACE_BEGIN

POLYLLM_DECL redis_connection::redis_connection(redis_address address, std::chrono::milliseconds timeout)
    : address_(std::move(address)), timeout_(timeout), socket_(io_) {}

// Runs one asynchronous step on the private io_context until it completes or the deadline passes; then `cancel`
// ends it, and its handler runs before this returns (it refers to the caller's locals).
template <class Initiate, class Cancel>
std::error_code redis_connection::wait(Initiate&& initiate, Cancel&& cancel, deadline until) {
    std::optional<std::error_code> outcome;
    std::forward<Initiate>(initiate)([&outcome](std::error_code ec) { outcome = ec; });
    io_.restart();
    while (!outcome && io_.run_one_until(until) != 0) {
    }
    if (outcome) return *outcome;
    std::forward<Cancel>(cancel)();
    io_.restart();
    io_.run();
    return asio::error::timed_out;
}

POLYLLM_DECL error redis_connection::failed(std::error_code ec, std::string_view doing) const {
    return error{ec == asio::error::timed_out ? errc::timeout : errc::connection,
                 "Redis at " + address_.host + ":" + std::to_string(address_.port) + ": " + std::string(doing) +
                     ": " + ec.message()};
}

POLYLLM_DECL void redis_connection::close() noexcept {
    std::error_code ignored;
    socket_.close(ignored);
    received_.clear();
}

POLYLLM_DECL result<void> redis_connection::connect(deadline until) {
    asio::ip::tcp::resolver resolver(io_);
    asio::ip::tcp::resolver::results_type endpoints;
    auto ec = wait(
        [&](auto done) {
            resolver.async_resolve(address_.host, std::to_string(address_.port),
                                   [&endpoints, done](std::error_code e, asio::ip::tcp::resolver::results_type r) {
                                       endpoints = std::move(r);
                                       done(e);
                                   });
        },
        [&] { resolver.cancel(); }, until);
    if (ec) return failed(ec, "resolving");
    ec = wait(
        [&](auto done) {
            asio::async_connect(socket_, endpoints,
                                [done](std::error_code e, const asio::ip::tcp::endpoint&) { done(e); });
        },
        [&] { close(); }, until);
    if (ec) {
        close();
        return failed(ec, "connecting");
    }
    socket_.set_option(asio::ip::tcp::no_delay(true), ec);
    std::string hello;
    std::size_t replies = 0;
    if (!address_.password.empty()) {
        if (address_.user.empty()) append_resp_command(hello, {"AUTH", address_.password});
        else append_resp_command(hello, {"AUTH", address_.user, address_.password});
        ++replies;
    }
    const auto db = std::to_string(address_.db);
    if (address_.db != 0) {
        append_resp_command(hello, {"SELECT", db});
        ++replies;
    }
    if (replies == 0) return success();
    auto answered = round_trip(hello, replies, until);
    if (!answered) return std::move(answered).error();
    for (const auto& reply : answered.value())
        if (reply.type == resp_value::kind::error) {
            close();
            return error{errc::invalid_config, "Redis at " + address_.host + ":" + std::to_string(address_.port) +
                                                   " refused AUTH or SELECT: " + reply.text};
        }
    return success();
}

POLYLLM_DECL result<std::vector<resp_value>> redis_connection::round_trip(std::string_view commands,
                                                                         std::size_t replies, deadline until) {
    auto ec = wait(
        [&](auto done) {
            asio::async_write(socket_, asio::buffer(commands.data(), commands.size()),
                              [done](std::error_code e, std::size_t) { done(e); });
        },
        [&] { close(); }, until);
    if (ec) {
        close();
        return failed(ec, "sending");
    }
    std::vector<resp_value> out;
    out.reserve(replies);
    std::array<char, 4096> chunk;
    while (out.size() < replies) {
        auto parsed = parse_resp(received_);
        if (!parsed) {
            close();
            return std::move(parsed).error();
        }
        if (parsed.value()) {
            out.push_back(std::move(parsed.value()->value));
            received_.erase(0, parsed.value()->consumed);
            continue;
        }
        std::size_t got = 0;
        ec = wait(
            [&](auto done) {
                socket_.async_read_some(asio::buffer(chunk), [&got, done](std::error_code e, std::size_t n) {
                    got = n;
                    done(e);
                });
            },
            [&] { close(); }, until);
        if (ec) {
            close();
            return failed(ec, "reading");
        }
        received_.append(chunk.data(), got);
    }
    return out;
}

POLYLLM_DECL result<std::vector<resp_value>> redis_connection::exchange(std::string_view commands,
                                                                       std::size_t replies) {
    const auto until = std::chrono::steady_clock::now() + timeout_;
    if (!socket_.is_open()) {
        if (auto connected = connect(until); !connected) return std::move(connected).error();
    }
    return round_trip(commands, replies, until);
}

POLYLLM_DECL redis_cooldowns::redis_cooldowns(redis_options options) : options_(std::move(options)) {}

POLYLLM_DECL result<std::vector<resp_value>> redis_cooldowns::exchange(const std::string& commands,
                                                                      std::size_t replies) {
    std::unique_ptr<redis_connection> connection;
    {
        std::lock_guard lock(mutex_);
        if (down_ && std::chrono::steady_clock::now() < resting_until_)
            return error{errc::connection, "Redis is resting after a failure"};
        if (!idle_.empty()) {
            connection = std::move(idle_.back());
            idle_.pop_back();
        }
    }
    if (!connection) connection = std::make_unique<redis_connection>(options_.address, options_.timeout);
    auto r = connection->exchange(commands, replies);  // no lock held
    std::string tell;
    log_level level = log_level::info;
    {
        std::lock_guard lock(mutex_);
        if (r) {
            if (down_) tell = "Redis at " + options_.address.host + ":" + std::to_string(options_.address.port) +
                              " is reachable again: router cooldowns are shared again";
            down_ = false;
            reached_ = true;
            idle_.push_back(std::move(connection));
        } else {
            resting_until_ = std::chrono::steady_clock::now() + options_.retry_after;
            if (!down_) {
                tell = r.error().message + "; routing goes on with this process's own cooldowns";
                level = log_level::warning;
            }
            down_ = true;
            reached_ = false;
        }
    }
    if (!tell.empty() && options_.log) options_.log(level, tell);
    return r;
}

POLYLLM_DECL bool redis_cooldowns::cooling(std::span<const std::string_view> names,
                                           std::span<std::optional<fleet_cooldown>> out) {
    std::string commands;
    std::string key;
    for (const auto name : names) {
        key.assign(options_.key_prefix).append(name);
        append_resp_command(commands, {"GET", key});
        append_resp_command(commands, {"PTTL", key});
    }
    auto replies = exchange(commands, names.size() * 2);
    if (!replies) return false;
    const auto& r = replies.value();
    for (std::size_t k = 0; k < names.size() && k < out.size(); ++k) {
        out[k].reset();
        const auto& value = r[2 * k];
        const auto& ttl = r[2 * k + 1];
        // A key without an expiry is none of ours (each cooldown is written with one): it is ignored.
        if (value.type != resp_value::kind::bulk || ttl.type != resp_value::kind::integer || ttl.integer <= 0)
            continue;
        const auto why = value.text == "retry_after"     ? cooldown_reason::retry_after
                         : value.text == "configuration" ? cooldown_reason::configuration
                                                         : cooldown_reason::failures;
        out[k] = fleet_cooldown{why, std::chrono::milliseconds(ttl.integer)};
    }
    return true;
}

POLYLLM_DECL void redis_cooldowns::cooled(std::string_view name, const fleet_cooldown& cooldown) {
    if (cooldown.left <= std::chrono::milliseconds(0)) return;
    const std::string_view why = cooldown.why == cooldown_reason::retry_after     ? "retry_after"
                                 : cooldown.why == cooldown_reason::configuration ? "configuration"
                                                                                  : "failures";
    std::string commands;
    append_resp_command(commands, {"SET", options_.key_prefix + std::string(name), why, "PX",
                                   std::to_string(cooldown.left.count())});
    (void)exchange(commands, 1);  // a Redis that is down has been logged; this process cools the deployment anyway
}

POLYLLM_DECL void redis_cooldowns::cleared(std::string_view name) {
    std::string commands;
    append_resp_command(commands, {"DEL", options_.key_prefix + std::string(name)});
    (void)exchange(commands, 1);
}

POLYLLM_DECL bool redis_cooldowns::reachable() const {
    std::lock_guard lock(mutex_);
    return reached_;
}

POLYLLM_NAMESPACE_END
