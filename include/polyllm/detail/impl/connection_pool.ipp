#pragma once
/// @file
/// @brief The definitions of <polyllm/detail/connection_pool.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/detail/connection_pool.hpp>

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
