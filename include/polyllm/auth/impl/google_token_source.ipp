#pragma once
/// @file
/// @brief The definitions of <polyllm/auth/google_token_source.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/auth/google_token_source.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace auth {

POLYLLM_DECL void google_token_source::async_token(const decltype(http_sender::send)& send, token_handler done) {
    auto self = shared_from_this();
    cache_.get(
        [self, &send](token_cache::time_point now, token_handler finish) {
            auto request = token_request(self->credentials_, now);
            if (!request) return finish(std::move(request).error());
            send(std::move(request).value(),
                 [self, now, finish = std::move(finish)](result<http_response> answer) mutable {
                     const auto& source = self->credentials_.source;
                     if (!answer) return finish(token_transport_error(answer.error(), source));
                     finish(parse_token_response(answer.value(), now, source));
                 });
        },
        std::move(done));
}

POLYLLM_DECL result<std::shared_ptr<google_token_source>> google_token_sources::source_for(
    const std::string& credentials) {
    std::lock_guard lock(mutex_);
    if (auto it = sources_.find(credentials); it != sources_.end()) return it->second;
    auto loaded = load_google_credentials(credentials);
    if (!loaded) return std::move(loaded).error();
    auto source = google_token_source::make(std::move(loaded).value(), clock_);
    sources_.emplace(credentials, source);
    return source;
}

POLYLLM_DECL void google_token_sources::invalidate_all() {
    std::lock_guard lock(mutex_);
    for (auto& [key, source] : sources_) source->invalidate();
}

}  // namespace auth
POLYLLM_NAMESPACE_END
