#pragma once
/// @file
/// @brief `google_token_source`: one Google credential's access tokens, fetched through whatever sends the request
/// (an `http_sender`: the call's own transport, with its proxy, TLS settings and timeouts) and kept in a
/// `token_cache` (refreshed five minutes before expiry, one refresh for every caller waiting). The provider holds it
/// through a shared_ptr, so a refresh in flight keeps it alive.

#include <polyllm/auth/google_credentials.hpp>
#include <polyllm/auth/token_cache.hpp>
#include <polyllm/auth/token_exchange.hpp>
#include <polyllm/authorize.hpp>
#include <polyllm/error.hpp>
#include <polyllm/version.hpp>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

POLYLLM_NAMESPACE_BEGIN
namespace auth {

class google_token_source : public std::enable_shared_from_this<google_token_source> {
public:
    using token_handler = token_cache::token_handler;

    /// @brief Made only through make_shared: a refresh holds a reference to its source.
    [[nodiscard]] static std::shared_ptr<google_token_source> make(
        google_credentials credentials, token_cache::clock_function clock = [] {
            return std::chrono::system_clock::now();
        }) {
        return std::shared_ptr<google_token_source>(new google_token_source(std::move(credentials), std::move(clock)));
    }

    /// @brief Calls `done` with a token good for at least five more minutes, inline when one is cached, else after a
    /// refresh sent through `send`; a failed refresh is errc::authentication naming the credential's source.
    POLYLLM_DECL void async_token(const decltype(http_sender::send)& send, token_handler done);

    /// @brief The server refused the token: the next call refreshes.
    void invalidate() { cache_.invalidate(); }

    [[nodiscard]] const google_credentials& credentials() const noexcept { return credentials_; }
    [[nodiscard]] std::size_t refreshes() const { return cache_.refreshes(); }

private:
    google_token_source(google_credentials credentials, token_cache::clock_function clock)
        : credentials_(std::move(credentials)), cache_(std::move(clock)) {}

    google_credentials credentials_;
    token_cache cache_;
};

/// @brief The token sources of one provider object, one per credential (a file's path, or the JSON given inline):
/// each credential's file is read once, and its tokens are shared by every call made through copies of that
/// provider. A credential that fails to load is not kept, so fixing the file fixes the next call.
class google_token_sources {
public:
    explicit google_token_sources(token_cache::clock_function clock = [] { return std::chrono::system_clock::now(); })
        : clock_(std::move(clock)) {}

    /// @brief The source for `credentials` (load_google_credentials' argument), loaded on first use.
    [[nodiscard]] POLYLLM_DECL result<std::shared_ptr<google_token_source>> source_for(const std::string& credentials);

    /// @brief The server refused a token: every source refreshes on its next call.
    POLYLLM_DECL void invalidate_all();

private:
    token_cache::clock_function clock_;
    std::mutex mutex_;
    std::map<std::string, std::shared_ptr<google_token_source>, std::less<>> sources_;
};

}  // namespace auth
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/auth/impl/google_token_source.ipp>
#endif
