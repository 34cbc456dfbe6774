#pragma once
/// @file
/// @brief The definitions of <polyllm/auth/token_cache.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/auth/token_cache.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace auth {

POLYLLM_DECL void token_cache::get(const fetch_function& fetch, token_handler done) {
    const auto now = clock_();
    std::unique_lock lock(mutex_);
    if (token_ && now + margin_ < token_->expires_at) {
        auto token = *token_;
        lock.unlock();
        done(std::move(token));
        return;
    }
    waiting_.push_back(std::move(done));
    if (refreshing_) return;
    refreshing_ = true;
    ++refreshes_;
    lock.unlock();
    fetch(now, [this](result<access_token> outcome) { finish(std::move(outcome)); });
}

POLYLLM_DECL void token_cache::finish(result<access_token> outcome) {
    std::vector<token_handler> waiting;
    {
        std::lock_guard lock(mutex_);
        if (outcome) token_ = outcome.value();
        refreshing_ = false;
        waiting.swap(waiting_);
    }
    // Outside the lock: a handler may call get() again.
    for (auto& handler : waiting) handler(outcome);
}

POLYLLM_DECL void token_cache::invalidate() {
    std::lock_guard lock(mutex_);
    token_.reset();
}

POLYLLM_DECL std::size_t token_cache::refreshes() const {
    std::lock_guard lock(mutex_);
    return refreshes_;
}

}  // namespace auth
POLYLLM_NAMESPACE_END
