#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "support/connect_proxy.hpp"
#include "support/loopback_server.hpp"
#include "support/test_certificates.hpp"
#include "support/transport_client.hpp"

#include <asio/io_context.hpp>

#include <map>
#include <string>

using namespace polyllm;
using polyllm::detail::bypasses_proxy;
using polyllm::detail::parse_url;
using polyllm::detail::resolve_proxy;
using polyllm_test::connect_proxy;
using polyllm_test::loopback_server;
using polyllm_test::test_certificates;

namespace {

transport_options through(const connect_proxy& proxy, const std::string& credentials = "") {
    auto options = polyllm_test::test_transport_options();
    options.tls.ca_pem = test_certificates().ca.certificate_pem;
    options.proxy.url = "http://" + (credentials.empty() ? "" : credentials + "@") + "127.0.0.1:" +
                        std::to_string(proxy.port());
    return options;
}


}  // namespace

TEST_CASE("asio_transport reaches an https origin through a CONNECT proxy with basic auth", "[asio_transport][proxy]") {
    loopback_server server{{test_certificates().server}};
    server.then_respond(200, "{\"via\":\"proxy\"}").then_respond(200, "{\"again\":true}");
    connect_proxy proxy("proxy user:p@ss");
    asio::io_context io;
    asio_transport transport{io.get_executor(), through(proxy, "proxy%20user:p%40ss")};
    auto r = polyllm_test::send(io, transport, polyllm_test::get_request(server.url("/v1/models")));
    REQUIRE(r);
    CHECK(r.value().body == "{\"via\":\"proxy\"}");
    // The tunnel is a kept-alive connection like any other.
    CHECK(polyllm_test::send(io, transport, polyllm_test::get_request(server.url())).value().body == "{\"again\":true}");

    const auto seen = proxy.requests();
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].target == "127.0.0.1:" + std::to_string(server.port()));
    CHECK(seen[0].authorization == "Basic " + detail::base64_encode("proxy user:p@ss"));
    REQUIRE(server.requests().size() == 2);
    CHECK(server.requests()[0].target == "/v1/models");
    CHECK(server.accepted() == 1);
}

TEST_CASE("asio_transport reports refused proxy credentials without them", "[asio_transport][proxy]") {
    loopback_server server{{test_certificates().server}};
    connect_proxy proxy("user:right");
    asio::io_context io;
    asio_transport transport{io.get_executor(), through(proxy, "user:wrong-secret")};
    auto r = polyllm_test::send(io, transport, polyllm_test::get_request(server.url()));
    REQUIRE_FALSE(r);
    CHECK(r.error() == errc::invalid_config);
    CHECK_THAT(r.error().message, Catch::Contains("407") && Catch::Contains("127.0.0.1:" + std::to_string(proxy.port())));
    CHECK_THAT(r.error().message, !Catch::Contains("wrong-secret"));
    CHECK(server.accepted() == 0);
}

TEST_CASE("asio_transport goes direct for NO_PROXY hosts and for http URLs", "[asio_transport][proxy]") {
    loopback_server tls_server{{test_certificates().server}};
    loopback_server plain_server;
    tls_server.then_respond(200, "{}");
    plain_server.then_respond(200, "{}");
    connect_proxy proxy;
    asio::io_context io;
    auto options = through(proxy);
    options.proxy.no_proxy = "example.com, 127.0.0.0/8";
    asio_transport transport{io.get_executor(), options};
    CHECK(polyllm_test::send(io, transport, polyllm_test::get_request(tls_server.url())));
    CHECK(polyllm_test::send(io, transport, polyllm_test::get_request(plain_server.url())));
    CHECK(proxy.requests().empty());
}

TEST_CASE("proxy settings come from the options, then https_proxy and HTTPS_PROXY", "[proxy]") {
    proxy_options options;
    auto lower_wins = resolve_proxy(options, environment::from({{"https_proxy", "http://lower:1"},
                                                          {"HTTPS_PROXY", "http://upper:2"},
                                                          {"NO_PROXY", "internal.example"}}));
    REQUIRE(lower_wins.proxy);
    CHECK(lower_wins.proxy->host == "lower");
    CHECK(lower_wins.no_proxy == "internal.example");

    auto upper = resolve_proxy(options, environment::from({{"HTTPS_PROXY", "proxy.corp:3128"}}));  // no scheme, as curl takes it
    REQUIRE(upper.proxy);
    CHECK(upper.proxy->host == "proxy.corp");
    CHECK(upper.proxy->port == 3128);

    options.url = "http://configured:8080";
    CHECK(resolve_proxy(options, environment::from({{"https_proxy", "http://env:1"}})).proxy->host == "configured");

    proxy_options no_env;
    no_env.use_environment = false;
    CHECK_FALSE(resolve_proxy(no_env, environment::from({{"https_proxy", "http://env:1"}})).proxy);

    auto https_proxy = resolve_proxy({}, environment::from({{"https_proxy", "https://user:secret@proxy:443"}}));
    REQUIRE(https_proxy.problem);
    CHECK(*https_proxy.problem == errc::invalid_config);
    CHECK_THAT(https_proxy.problem->message, !Catch::Contains("secret"));
    auto malformed = resolve_proxy({}, environment::from({{"https_proxy", "http://user:secret@proxy:99999"}}));
    REQUIRE(malformed.problem);
    CHECK_THAT(malformed.problem->message, Catch::Contains("proxy:99999") && !Catch::Contains("secret"));
}

TEST_CASE("NO_PROXY matches names, subdomains, addresses, ranges and ports", "[proxy]") {
    auto target = [](const char* u) { return parse_url(u).value(); };
    CHECK(bypasses_proxy("*", target("https://api.openai.com")));
    CHECK(bypasses_proxy("openai.com", target("https://api.openai.com")));
    CHECK(bypasses_proxy(".openai.com", target("https://api.openai.com")));
    CHECK(bypasses_proxy("*.openai.com", target("https://api.openai.com")));
    CHECK(bypasses_proxy("OpenAI.com", target("https://openai.com")));
    CHECK_FALSE(bypasses_proxy("openai.com", target("https://notopenai.com")));
    CHECK_FALSE(bypasses_proxy("api.openai.com", target("https://openai.com")));
    CHECK(bypasses_proxy("localhost, 10.0.0.0/8", target("https://10.1.2.3:8443")));
    CHECK_FALSE(bypasses_proxy("10.0.0.0/8", target("https://11.1.2.3")));
    CHECK(bypasses_proxy("192.168.1.5", target("https://192.168.1.5")));
    CHECK(bypasses_proxy("fd00::/8", target("https://[fd12::1]")));
    CHECK(bypasses_proxy("::1", target("https://[::1]:8443")));
    CHECK(bypasses_proxy("[::1]:8443", target("https://[::1]:8443")));
    CHECK(bypasses_proxy("example.com:8443", target("https://example.com:8443")));
    CHECK_FALSE(bypasses_proxy("example.com:8443", target("https://example.com")));
    CHECK_FALSE(bypasses_proxy("", target("https://example.com")));
}

TEST_CASE("the CONNECT request names the tunnel's end and carries decoded Basic credentials", "[proxy]") {
    const auto target = parse_url("https://[::1]:8443/v1").value();
    const auto request = detail::connect_request(target, parse_url("http://al%3Aice:s%25cret@proxy:3128").value());
    CHECK_THAT(request, Catch::StartsWith("CONNECT [::1]:8443 HTTP/1.1\r\nHost: [::1]:8443\r\n"));
    CHECK_THAT(request, Catch::Contains("Proxy-Authorization: Basic " + detail::base64_encode("al:ice:s%cret") + "\r\n"));
    CHECK_THAT(request, Catch::EndsWith("\r\n\r\n"));
    CHECK_THAT(detail::connect_request(target, parse_url("http://proxy:3128").value()),
               !Catch::Contains("Proxy-Authorization"));
}

TEST_CASE("base64 encodes as RFC 4648 says", "[base64]") {
    CHECK(detail::base64_encode("") == "");
    CHECK(detail::base64_encode("f") == "Zg==");
    CHECK(detail::base64_encode("fo") == "Zm8=");
    CHECK(detail::base64_encode("foo") == "Zm9v");
    CHECK(detail::base64_encode("foob") == "Zm9vYg==");
    CHECK(detail::base64_encode("fooba") == "Zm9vYmE=");
    CHECK(detail::base64_encode("foobar") == "Zm9vYmFy");
    CHECK(detail::base64_encode(std::string("\xff\xfe\x00", 3)) == "//4A");
}
