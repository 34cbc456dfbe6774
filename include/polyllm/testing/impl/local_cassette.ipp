#pragma once
/// @file
/// @brief The definitions of <polyllm/testing/local_cassette.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/testing/local_cassette.hpp>

#include <polyllm/detail/ascii.hpp>

#include <nlohmann/json.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace testing {

POLYLLM_DECL local_cassette::local_cassette(cassette c, match_options options)
    : tape_(std::move(c)), matcher_(tape_, std::move(options)) {}

POLYLLM_DECL planned_response local_cassette::respond(const server_request& req) {
    http_request live{req.method, "http://local" + req.target, req.headers, req.body, false, std::nullopt};
    std::vector<std::string> ignored;
    scrub(live, {}, ignored);  // the recording's credentials were scrubbed: the live ones go the same way
    planned_response out;
    out.headers.emplace_back("Content-Type", "application/json");
    auto index = matcher_.take(live);
    if (!index) {
        out.status = 400;
        out.body = nlohmann::json{{"error", {{"message", index.error().message}, {"type", "cassette_mismatch"}}}}.dump(
            -1, ' ', false, nlohmann::json::error_handler_t::replace);
        return out;
    }
    const auto& x = tape_.exchanges[index.value()];
    if (!x.response) {
        out.status = 502;
        out.body = nlohmann::json{{"error", {{"message", "recorded failure: " + x.failure->message},
                                             {"type", std::string(to_string(x.failure->kind()))}}}}
                       .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        return out;
    }
    out.status = x.response->status;
    out.headers.clear();
    for (const auto& h : x.response->headers) {
        // The server frames the body itself: the recorded framing would contradict it.
        using polyllm::detail::iequals;
        if (iequals(h.name, "content-length") || iequals(h.name, "transfer-encoding") ||
            iequals(h.name, "connection") || iequals(h.name, "content-encoding"))
            continue;
        out.headers.emplace_back(h.name, h.value);
    }
    if (x.streamed) {
        out.streamed = true;
        for (const auto& p : x.pieces) out.events.push_back(p.data);
    } else {
        out.body = x.response->body;
    }
    return out;
}

POLYLLM_DECL planned_response respond_from(local_cassette& recording, const server_request& req) {
    return recording.respond(req);
}

}  // namespace testing
POLYLLM_NAMESPACE_END
