// Cooldowns shared through Redis: the RESP2 encoder and decoder without I/O (every reply split at every byte),
// redis:// addresses, and two routers sharing a real redis-server on loopback, each seeing the other's cooldown at
// its next call, and routing on when Redis is gone.
#include <polyllm/router/redis_store.hpp>
#include <polyllm/router.hpp>
#include <polyllm/testing.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"

#include <asio/ip/tcp.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#if defined(__unix__)
#include <csignal>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
extern char** environ;
#endif

using namespace polyllm;
using namespace std::chrono_literals;
using polyllm_test::fixture;

namespace {

resp_value simple(std::string s) { return {resp_value::kind::simple, std::move(s), 0, {}}; }
resp_value refusal(std::string s) { return {resp_value::kind::error, std::move(s), 0, {}}; }
resp_value integer(std::int64_t i) { return {resp_value::kind::integer, {}, i, {}}; }
resp_value bulk(std::string s) { return {resp_value::kind::bulk, std::move(s), 0, {}}; }
resp_value nil() { return {}; }
resp_value array(std::vector<resp_value> items) { return {resp_value::kind::array, {}, 0, std::move(items)}; }

// Feeds `pieces` one after another, as reads would deliver them, taking every whole reply as soon as it is there.
std::vector<resp_value> parse_pieces(const std::vector<std::string_view>& pieces) {
    std::string received;
    std::vector<resp_value> out;
    for (const auto piece : pieces) {
        received += piece;
        for (;;) {
            auto parsed = parse_resp(received);
            REQUIRE(parsed);
            if (!parsed.value()) break;
            out.push_back(std::move(parsed.value()->value));
            received.erase(0, parsed.value()->consumed);
        }
    }
    CHECK(received.empty());
    return out;
}

}  // namespace

TEST_CASE("RESP: commands are arrays of bulk strings, whatever bytes they hold", "[router][redis]") {
    std::string wire;
    append_resp_command(wire, {"SET", "polyllm:router:cooldown:a", "failures", "PX", "30000"});
    CHECK(wire ==
          "*5\r\n$3\r\nSET\r\n$25\r\npolyllm:router:cooldown:a\r\n$8\r\nfailures\r\n$2\r\nPX\r\n$5\r\n30000\r\n");
    // A key holding CRLF and an empty value: the lengths carry them.
    std::string odd;
    append_resp_command(odd, {"GET", std::string_view("a\r\nb", 4), ""});
    CHECK(odd == "*3\r\n$3\r\nGET\r\n$4\r\na\r\nb\r\n$0\r\n\r\n");
    // A server reads a command as a reply-shaped array: it parses back to what was sent.
    auto back = parse_resp(odd);
    REQUIRE(back);
    REQUIRE(back.value());
    CHECK(back.value()->consumed == odd.size());
    CHECK(back.value()->value == array({bulk("GET"), bulk(std::string("a\r\nb")), bulk("")}));
}

TEST_CASE("RESP: replies of every type parse the same however the bytes are split", "[router][redis]") {
    const std::string wire = "+OK\r\n"
                             "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
                             ":-2\r\n"
                             ":30000\r\n"
                             "$8\r\nfailures\r\n"
                             "$0\r\n\r\n"
                             "$-1\r\n"
                             "$6\r\nab\r\ncd\r\n"
                             "*-1\r\n"
                             "*0\r\n"
                             "*3\r\n$3\r\nGET\r\n*2\r\n:1\r\n$-1\r\n+PONG\r\n";
    const std::vector<resp_value> expected{
        simple("OK"),
        refusal("WRONGTYPE Operation against a key holding the wrong kind of value"),
        integer(-2),
        integer(30000),
        bulk("failures"),
        bulk(""),
        nil(),
        bulk("ab\r\ncd"),
        nil(),
        array({}),
        array({bulk("GET"), array({integer(1), nil()}), simple("PONG")}),
    };
    const std::string_view all(wire);
    CHECK(parse_pieces({all}) == expected);
    for (std::size_t cut = 0; cut <= wire.size(); ++cut) {
        INFO("cut at byte " << cut);
        CHECK(parse_pieces({all.substr(0, cut), all.substr(cut)}) == expected);
    }
    for (std::size_t a = 0; a <= wire.size(); a += 3)  // and at two places at once
        for (std::size_t b = a; b <= wire.size(); b += 5) {
            INFO("cuts at " << a << " and " << b);
            CHECK(parse_pieces({all.substr(0, a), all.substr(a, b - a), all.substr(b)}) == expected);
        }
    std::vector<std::string_view> bytes;  // one byte per read
    for (std::size_t i = 0; i < wire.size(); ++i) bytes.push_back(all.substr(i, 1));
    CHECK(parse_pieces(bytes) == expected);
}

TEST_CASE("RESP: bytes no Redis sends are refused, not waited for", "[router][redis]") {
    for (const std::string_view bad : {"?what\r\n", ":12x\r\n", ":\r\n", "$abc\r\n", "$-2\r\n", "$3\r\nabcXY",
                                       "*-5\r\n", "$99999999999\r\n"}) {
        INFO(bad);
        auto parsed = parse_resp(bad);
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error() == errc::protocol_error);
    }
    std::string deep;
    for (int i = 0; i < 17; ++i) deep += "*1\r\n";
    deep += ":1\r\n";
    CHECK_FALSE(parse_resp(deep));
    CHECK(parse_resp(std::string_view(deep).substr(4)));  // 16 deep is fine
    // A huge announced array is incomplete, not a reservation of memory.
    auto huge = parse_resp("*1000000000\r\n:1\r\n");
    REQUIRE(huge);
    CHECK_FALSE(huge.value());
}

TEST_CASE("redis:// addresses", "[router][redis]") {
    auto plain = parse_redis_url("redis://cache.internal:6380/2");
    REQUIRE(plain);
    CHECK(plain.value().host == "cache.internal");
    CHECK(plain.value().port == 6380);
    CHECK(plain.value().db == 2);
    CHECK(plain.value().password.empty());
    auto defaults = parse_redis_url("redis://");
    REQUIRE(defaults);
    CHECK(defaults.value().host == "127.0.0.1");
    CHECK(defaults.value().port == 6379);
    CHECK(defaults.value().db == 0);
    auto acl = parse_redis_url("redis://router:s3cr:t@[::1]:7000");
    REQUIRE(acl);
    CHECK(acl.value().user == "router");
    CHECK(acl.value().password == "s3cr:t");
    CHECK(acl.value().host == "::1");
    CHECK(acl.value().port == 7000);
    auto password_only = parse_redis_url("redis://hunter2@localhost");
    REQUIRE(password_only);
    CHECK(password_only.value().user.empty());
    CHECK(password_only.value().password == "hunter2");
    for (const auto* bad : {"rediss://host", "http://host", "redis://host:0", "redis://host:70000", "redis://host:x",
                            "redis://host/db", "redis://[::1"}) {
        INFO(bad);
        auto r = parse_redis_url(bad);
        REQUIRE_FALSE(r);
        CHECK(r.error() == errc::invalid_config);
    }
}

#if defined(__unix__)
namespace {

// A redis-server of the test's own on a free loopback port, stopped at the end.
struct redis_server {
    pid_t pid = -1;
    std::uint16_t port = 0;

    redis_server() {
        {
            asio::io_context io;
            asio::ip::tcp::acceptor probe(io, {asio::ip::make_address("127.0.0.1"), 0});
            port = probe.local_endpoint().port();
        }
        const std::string p = std::to_string(port);
        std::vector<std::string> args{"redis-server", "--port", p, "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"};
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t quiet;  // its start-up banner and warnings are not the test's output
        posix_spawn_file_actions_init(&quiet);
        posix_spawn_file_actions_addopen(&quiet, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
        if (posix_spawnp(&pid, "redis-server", &quiet, nullptr, argv.data(), environ) != 0) pid = -1;
        posix_spawn_file_actions_destroy(&quiet);
    }
    ~redis_server() { stop(); }
    void stop() {
        if (pid <= 0) return;
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
        pid = -1;
    }
    // Whether it answers PING within two seconds (it starts in milliseconds).
    bool ready() const {
        if (pid <= 0) return false;
        redis_address address;
        address.port = port;
        redis_connection c(address, 100ms);
        std::string ping;
        append_resp_command(ping, {"PING"});
        for (int i = 0; i < 200; ++i) {
            int status = 0;
            if (::waitpid(pid, &status, WNOHANG) == pid) return false;  // exited: not installed right, port taken
            if (auto r = c.exchange(ping, 1); r && r.value().at(0) == simple("PONG")) return true;
            std::this_thread::sleep_for(10ms);
        }
        return false;
    }
};

using test_router = basic_router<scripted_transport>;

request hello() {
    request r;
    r.messages = {message::user("Hello!")};
    return r;
}

// One router of the fleet, as another process would have it: its own state, its own Redis connection.
struct fleet_member {
    router_clock::time_point now{};
    std::vector<std::string> logged;
    std::unique_ptr<test_router> router;

    explicit fleet_member(std::uint16_t port) {
        redis_options shared;
        shared.address.port = port;
        shared.log = [this](log_level, std::string_view line) { logged.emplace_back(line); };
        router_options options;
        options.clock = [this] { return now; };
        options.shared = std::make_shared<redis_cooldowns>(std::move(shared));
        router = std::make_unique<test_router>(std::move(options));
        for (const auto* name : {"a", "b"}) {
            deployment d;
            d.name = name;
            d.config.model = "gpt-4o";
            d.config.api_key = secret("sk-router-test");
            d.config.num_retries = 0;
            d.weight = d.name == "a" ? 1 : 0;  // b is the standby: "a" is always the first choice while it can be
            REQUIRE(router->add_deployment(std::move(d), any_provider{openai{}}));
        }
        REQUIRE(router->add_group("g", {"a", "b"}));
    }
    scripted_transport& wire(const std::string& name) { return router->connection(name)->transport(); }
    cooldown_reason cooling(const std::string& name) const {
        for (const auto& d : router->metrics().deployments)
            if (d.name == name) return d.cooling;
        return cooldown_reason::none;
    }
};

}  // namespace

TEST_CASE("redis_cooldowns: two routers sharing a Redis see each other's cooldowns at their next call",
          "[router][redis]") {
    redis_server server;
    if (server.pid <= 0) {
        WARN("redis-server is not installed (apt-get install redis-server; scripts/install-dependencies does): "
             "the shared-cooldown test is skipped");
        return;
    }
    REQUIRE(server.ready());
    fleet_member first(server.port), second(server.port);

    // The first router finds "a" rate-limited with Retry-After: it cools it and tells Redis.
    first.wire("a").respond(429, fixture("openai/error-rate-limit.json"), {{"retry-after", "30"}});
    first.wire("b").respond(200, fixture("openai/response-text.json"));
    auto one = first.router->complete_routed("g", hello());
    REQUIRE(one);
    CHECK(one.value().deployment == "b");
    CHECK(first.cooling("a") == cooldown_reason::retry_after);

    // The second router never saw "a" fail, yet its next call skips it.
    second.wire("b").respond(200, fixture("openai/response-text.json"));
    auto two = second.router->complete_routed("g", hello());
    REQUIRE(two);
    CHECK(two.value().deployment == "b");
    CHECK(second.wire("a").requests().empty());
    CHECK(second.cooling("a") == cooldown_reason::retry_after);
    CHECK(second.router->metrics().deployments.at(0).cooldowns == 0);  // not its own: counted where it started

    // A cooldown ended by hand ends for the fleet.
    REQUIRE(first.router->clear_cooldown("a"));
    second.wire("a").respond(200, fixture("openai/response-text.json"));
    auto three = second.router->complete_routed("g", hello());
    REQUIRE(three);
    CHECK(three.value().deployment == "a");
    CHECK(first.logged.empty());
    CHECK(second.logged.empty());

    // Redis gone: routing goes on with each process's own state, and says so once.
    server.stop();
    for (int n = 0; n < 3; ++n) {
        second.wire("a").respond(200, fixture("openai/response-text.json"));
        auto on = second.router->complete_routed("g", hello());
        REQUIRE(on);
        CHECK(on.value().deployment == "a");
    }
    REQUIRE(second.logged.size() == 1);
    CHECK_THAT(second.logged[0], Catch::Contains("own cooldowns"));
}
#endif
