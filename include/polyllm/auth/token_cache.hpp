#pragma once
/// @file
/// @brief `token_cache`: one credential's access token, reused until shortly before it expires and then refreshed
/// once however many calls want it at that moment (single flight). The clock is injected, so tests move time by
/// hand; the fetch is injected, so the cache does no I/O of its own (the Vertex provider fetches through the call's
/// transport).

#include <polyllm/auth/token_exchange.hpp>
#include <polyllm/detail/unique_function.hpp>
#include <polyllm/error.hpp>
#include <polyllm/version.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace auth {

class token_cache {
public:
    using time_point = std::chrono::system_clock::time_point;
    using clock_function = std::function<time_point()>;
    using token_handler = detail::unique_function<void(result<access_token>)>;
    /// Starts one refresh at `now` and calls the handler once with its outcome, from any thread, at any time later
    /// (or before returning).
    using fetch_function = std::function<void(time_point now, token_handler)>;

    /// Google's client libraries refresh when less than this is left; a token taken from the cache is good for at
    /// least this long, enough for a long streamed answer to start.
    static constexpr std::chrono::seconds default_margin{300};

    explicit token_cache(clock_function clock = [] { return std::chrono::system_clock::now(); },
                         std::chrono::seconds margin = default_margin)
        : clock_(std::move(clock)), margin_(margin) {}

    token_cache(const token_cache&) = delete;
    token_cache& operator=(const token_cache&) = delete;

    /// @brief Calls `done` with a token valid for at least the margin: the cached one at once (inline), or the
    /// outcome of a refresh. While a refresh runs, every other caller waits for it instead of starting its own; a
    /// failed refresh fails them all and is not cached (the next call tries again). The cache must outlive the
    /// refresh it starts.
    POLYLLM_DECL void get(const fetch_function& fetch, token_handler done);

    /// @brief Forgets the cached token (the server refused it), so that the next call refreshes.
    POLYLLM_DECL void invalidate();

    /// @brief How many refreshes have been started: for tests and metrics.
    [[nodiscard]] POLYLLM_DECL std::size_t refreshes() const;

private:
    POLYLLM_DECL void finish(result<access_token> outcome);

    clock_function clock_;
    std::chrono::seconds margin_;
    mutable std::mutex mutex_;
    std::optional<access_token> token_;
    bool refreshing_ = false;
    std::vector<token_handler> waiting_;
    std::size_t refreshes_ = 0;
};

}  // namespace auth
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/auth/impl/token_cache.ipp>
#endif
