#pragma once
/// @file
/// @brief `local_cassette`: what polyllm-local-server answers with `--cassette FILE`: the recorded exchanges of a
/// cassette (transport/cassette.hpp), matched to each request as `replaying_transport` matches them, so that a
/// program in another language, or one that cannot take a test transport, replays a recorded session over HTTP.
/// No I/O: a request in, a planned response out.
///
/// A recorded response is sent with its status, headers and body, a recorded stream as its pieces (one chunk
/// each); a request that matches nothing gets 400 with the matcher's diagnostic as an OpenAI-style error, and a
/// recorded transport failure 502 (a socket cannot replay a reset at the same byte).

#include <polyllm/testing/local_replies.hpp>
#include <polyllm/transport/cassette.hpp>
#include <polyllm/version.hpp>

#include <utility>

POLYLLM_NAMESPACE_BEGIN
namespace testing {

class local_cassette {
public:
    POLYLLM_DECL explicit local_cassette(cassette c, match_options options = {});

    [[nodiscard]] POLYLLM_DECL planned_response respond(const server_request& req);

    [[nodiscard]] std::size_t served() const noexcept { return matcher_.served(); }

private:
    cassette tape_;
    cassette_matcher matcher_;
};

}  // namespace testing
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/testing/impl/local_cassette.ipp>
#endif
