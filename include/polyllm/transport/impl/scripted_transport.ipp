#pragma once
/// @file
/// @brief The definitions of <polyllm/transport/scripted_transport.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/transport/scripted_transport.hpp>

POLYLLM_NAMESPACE_BEGIN

POLYLLM_DECL scripted_transport::scripted_transport(executor_type executor) : executor_(std::move(executor)) {}

POLYLLM_DECL scripted_transport& scripted_transport::respond(http_response response) {
    state_->script.emplace_back(std::move(response));
    return *this;
}

POLYLLM_DECL scripted_transport& scripted_transport::respond(int status, std::string body, http_headers headers) {
    return respond(http_response{status, {}, std::move(headers), std::move(body)});
}

POLYLLM_DECL scripted_transport& scripted_transport::respond_stream(scripted_stream stream) {
    state_->script.emplace_back(std::move(stream));
    return *this;
}

POLYLLM_DECL scripted_transport& scripted_transport::respond_stream(std::vector<std::string> chunks,
                                                                   http_headers headers) {
    return respond_stream(scripted_stream{200, std::move(headers), std::move(chunks), std::nullopt, false});
}

POLYLLM_DECL scripted_transport& scripted_transport::fail(error e) {
    state_->script.emplace_back(std::move(e));
    return *this;
}

POLYLLM_DECL scripted_transport& scripted_transport::hang() {
    state_->script.emplace_back(hang_tag{});
    return *this;
}

POLYLLM_DECL void scripted_transport::release_waits() {
    auto held = std::move(state_->held);
    state_->held.clear();
    for (auto& w : held) finish_wait(*state_, w, {});
}

POLYLLM_DECL http_response scripted_transport::whole(scripted_stream s) {
    http_response out{s.status, {}, std::move(s.headers), {}};
    for (const auto& chunk : s.chunks) out.body += chunk;
    return out;
}

POLYLLM_DECL void scripted_transport::finish_wait(state& s, held_wait& w, std::error_code ec) {
    if (!w.complete) return;  // already cancelled
    s.elapsed += w.delay;
    w.complete(ec);
}

POLYLLM_NAMESPACE_END
