#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/ollama_chat_context.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/ollama_chat_context.hpp>

#include <utility>

POLYLLM_NAMESPACE_BEGIN
namespace ollama_chat_wire {

POLYLLM_DECL std::optional<std::int64_t> context_length_of(const nlohmann::json& show) {
    if (!show.is_object()) return std::nullopt;
    const auto info = show.find("model_info");
    if (info == show.end() || !info->is_object()) return std::nullopt;
    const auto arch = info->find("general.architecture");
    if (arch == info->end() || !arch->is_string()) return std::nullopt;
    const auto length = info->find(arch->get<std::string>() + ".context_length");
    if (length == info->end() || !length->is_number_integer()) return std::nullopt;
    const auto n = length->get<std::int64_t>();
    return n > 0 ? std::optional<std::int64_t>(n) : std::nullopt;
}

POLYLLM_DECL void context_lengths::get(const std::string& key, const fetch_function& fetch, length_handler done) {
    std::unique_lock lock(mutex_);
    if (const auto it = known_.find(key); it != known_.end()) {
        const auto known = it->second;
        lock.unlock();
        done(known);
        return;
    }
    auto [waiting, first] = waiting_.try_emplace(key);
    waiting->second.push_back(std::move(done));
    if (!first) return;
    ++fetches_;
    lock.unlock();
    fetch([this, key](result<length> outcome) { finish(key, std::move(outcome)); });
}

POLYLLM_DECL void context_lengths::finish(const std::string& key, result<length> outcome) {
    std::vector<length_handler> waiting;
    {
        std::lock_guard lock(mutex_);
        if (outcome) known_[key] = outcome.value();
        if (const auto it = waiting_.find(key); it != waiting_.end()) {
            waiting.swap(it->second);
            waiting_.erase(it);
        }
    }
    // Outside the lock: a handler may call get() again.
    for (auto& handler : waiting) handler(outcome);
}

POLYLLM_DECL std::size_t context_lengths::fetches() const {
    std::lock_guard lock(mutex_);
    return fetches_;
}

}  // namespace ollama_chat_wire
POLYLLM_NAMESPACE_END
