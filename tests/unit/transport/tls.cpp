#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "support/loopback_server.hpp"
#include "support/test_certificates.hpp"
#include "support/transport_client.hpp"

#include <asio/io_context.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

using namespace polyllm;
using polyllm_test::loopback_server;
using polyllm_test::test_certificates;

namespace {

transport_options trusting_test_ca(std::vector<std::string>* log = nullptr) {
    auto options = polyllm_test::test_transport_options(log);
    options.tls.ca_pem = test_certificates().ca.certificate_pem;
    return options;
}

std::string localhost_url(const loopback_server& server) {
    return "https://localhost:" + std::to_string(server.port()) + "/v1/models";
}

}  // namespace

TEST_CASE("asio_transport refuses a certificate the system does not trust", "[asio_transport][tls]") {
    loopback_server server{{test_certificates().server}};
    asio::io_context io;
    asio_transport transport{io.get_executor(), polyllm_test::test_transport_options()};
    auto r = polyllm_test::send(io, transport, polyllm_test::get_request(server.url()));
    REQUIRE_FALSE(r);
    CHECK(r.error() == errc::connection);
    CHECK_THAT(r.error().message, Catch::Contains("TLS handshake with 127.0.0.1:" + std::to_string(server.port())) &&
                                      Catch::Contains("certificate verification failed"));
    CHECK(server.requests().empty());
}

TEST_CASE("asio_transport refuses a self-signed certificate", "[asio_transport][tls]") {
    loopback_server server{{test_certificates().self_signed}};
    asio::io_context io;
    asio_transport transport{io.get_executor(), trusting_test_ca()};
    auto r = polyllm_test::send(io, transport, polyllm_test::get_request(server.url()));
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("certificate verification failed"));
    // It cannot succeed on a retry: the error says so, and the retry loop honours it.
    CHECK(r.error().verdict == retry_verdict::no);
}

TEST_CASE("a certificate or host name that does not verify is not retried", "[asio_transport][tls][retry]") {
    loopback_server wrong{{test_certificates().wrong_host}};
    asio::io_context io;
    llm_config cfg;
    cfg.model = "gpt-4o";
    cfg.api_key = secret("sk-tls-test");
    cfg.base_url = "https://localhost:" + std::to_string(wrong.port()) + "/v1";
    cfg.num_retries = 4;
    cfg.retry_min_wait = std::chrono::milliseconds(0);
    cfg.retry_max_wait = std::chrono::milliseconds(1);
    basic_llm<openai> llm{asio_transport{io.get_executor(), trusting_test_ca()}, cfg};
    int retries = 0;
    llm.on_retry([&](const retry_event&) { ++retries; });
    request req;
    req.messages = {message::user("hi")};
    std::optional<result<completion>> got;
    llm.async_complete(req, [&](result<completion> r) { got = std::move(r); });
    io.run();
    REQUIRE(got);
    REQUIRE_FALSE(*got);
    CHECK_THAT(got->error().message, Catch::Contains("hostname mismatch"));
    CHECK(retries == 0);
}

TEST_CASE("asio_transport trusts a custom CA given as PEM, file or directory", "[asio_transport][tls]") {
    loopback_server server{{test_certificates().server}};
    polyllm_test::temporary_file ca_file("ca.pem", test_certificates().ca.certificate_pem);
    polyllm_test::temporary_directory ca_directory("ca-dir");
    ca_directory.add(test_certificates().ca_subject_hash + ".0", test_certificates().ca.certificate_pem);

    std::vector<tls_options> ways(3);
    ways[0].ca_pem = test_certificates().ca.certificate_pem;
    ways[1].ca_file = ca_file.path();
    ways[2].ca_directory = ca_directory.path();
    for (const auto& tls : ways) {
        server.then_respond(200, "{\"ok\":true}");
        asio::io_context io;
        auto options = polyllm_test::test_transport_options();
        options.tls = tls;
        asio_transport transport{io.get_executor(), options};
        auto r = polyllm_test::send(io, transport, polyllm_test::get_request(server.url()));
        REQUIRE(r);
        CHECK(r.value().body == "{\"ok\":true}");
    }
}

TEST_CASE("asio_transport verifies the host name with SNI", "[asio_transport][tls]") {
    loopback_server right{{test_certificates().server}};
    right.then_respond(200, "{}");
    asio::io_context io;
    asio_transport transport{io.get_executor(), trusting_test_ca()};
    auto by_name = polyllm_test::send(io, transport, polyllm_test::get_request(localhost_url(right)));
    REQUIRE(by_name);

    loopback_server wrong{{test_certificates().wrong_host}};
    auto by_ip = polyllm_test::send(io, transport, polyllm_test::get_request(wrong.url()));
    REQUIRE_FALSE(by_ip);
    CHECK(by_ip.error() == errc::connection);
    CHECK_THAT(by_ip.error().message, Catch::Contains("mismatch"));
    auto by_other_name = polyllm_test::send(io, transport, polyllm_test::get_request(localhost_url(wrong)));
    REQUIRE_FALSE(by_other_name);
    CHECK_THAT(by_other_name.error().message, Catch::Contains("hostname mismatch"));
    CHECK(wrong.requests().empty());
}

TEST_CASE("asio_transport holds to its minimum TLS version", "[asio_transport][tls]") {
    loopback_server old_server{{test_certificates().server, true}};
    old_server.then_respond(200, "{}");
    asio::io_context io;
    auto strict = trusting_test_ca();
    strict.tls.min_version = tls_version::v1_3;
    asio_transport strict_transport{io.get_executor(), strict};
    auto refused = polyllm_test::send(io, strict_transport, polyllm_test::get_request(old_server.url()));
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == errc::connection);
    CHECK_THAT(refused.error().message, Catch::Contains("TLS handshake"));

    asio_transport default_transport{io.get_executor(), trusting_test_ca()};
    CHECK(polyllm_test::send(io, default_transport, polyllm_test::get_request(old_server.url())));
}

TEST_CASE("asio_transport's insecure switch connects anyway and warns each time", "[asio_transport][tls]") {
    loopback_server server{{test_certificates().self_signed}};
    server.then_respond(200, "{}", {{"Connection", "close"}}).then_respond(200, "{}");
    asio::io_context io;
    std::vector<std::string> log;
    auto options = polyllm_test::test_transport_options(&log);
    options.tls.insecure_skip_verification = true;
    asio_transport transport{io.get_executor(), options};
    REQUIRE(polyllm_test::send(io, transport, polyllm_test::get_request(server.url())));
    REQUIRE(polyllm_test::send(io, transport, polyllm_test::get_request(server.url())));
    REQUIRE(log.size() == 2);
    CHECK_THAT(log[0], Catch::StartsWith("warning: ") && Catch::Contains("verification is OFF"));
}

TEST_CASE("asio_transport keeps TLS connections alive too", "[asio_transport][tls][keep_alive]") {
    loopback_server server{{test_certificates().server}};
    server.then_respond(200, "{\"n\":1}").then_respond(200, "{\"n\":2}");
    asio::io_context io;
    asio_transport transport{io.get_executor(), trusting_test_ca()};
    CHECK(polyllm_test::send(io, transport, polyllm_test::get_request(server.url())).value().body == "{\"n\":1}");
    CHECK(polyllm_test::send(io, transport, polyllm_test::get_request(server.url())).value().body == "{\"n\":2}");
    CHECK(server.accepted() == 1);
}

TEST_CASE("asio_transport reports an unusable CA setting as a configuration error", "[asio_transport][tls]") {
    asio::io_context io;
    auto options = polyllm_test::test_transport_options();
    options.tls.ca_file = "/nonexistent/ca.pem";
    asio_transport transport{io.get_executor(), options};
    auto r = polyllm_test::send(io, transport, polyllm_test::get_request("https://127.0.0.1:1/"));
    REQUIRE_FALSE(r);
    CHECK(r.error() == errc::invalid_config);
    CHECK_THAT(r.error().message, Catch::Contains("/nonexistent/ca.pem"));
}
