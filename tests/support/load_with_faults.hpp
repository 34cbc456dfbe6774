#pragma once
// Load with faults: `requests` chat requests through one basic_llm<openai> over keep-alive, `concurrency` in flight,
// against the loopback server, a share of the replies faulty (mixed kinds). Reports what the invariants need: one
// completion per request, which receptions got a reply that had begun (and so must never be sent again), the open
// file descriptors before and after. Used by tests/unit/reliability/load.cpp (small) and
// benchmarks/load_with_faults.cpp (10,000 x 64).

#include "support/fixtures.hpp"
#include "support/loopback_server.hpp"
#include "support/virtual_wait_transport.hpp"

#include <polyllm/polyllm.hpp>

#include <asio/io_context.hpp>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace polyllm_test {

enum class fault { none, reset_before_status, server_error_retried, server_error_final, reset_mid_body, stall };

struct load_settings {
    std::size_t requests = 500;
    std::size_t concurrency = 16;
    double fault_share = 0.05;
    unsigned seed = 12345;
};

struct load_report {
    std::size_t completions = 0;                 ///< handler calls
    std::size_t successes = 0;
    std::map<polyllm::errc, std::size_t> errors;  ///< by kind
    std::vector<std::size_t> calls_per_request;  ///< handler calls per request id: all must be 1
    std::size_t receptions = 0;                  ///< requests the server read (retries included)
    std::size_t resent_after_response_began = 0; ///< must be 0
    std::map<fault, std::size_t> faults_served;
    std::size_t fds_before = 0, fds_after = 0;
    std::chrono::milliseconds elapsed{0};
    std::size_t retry_waits = 0;
};

inline std::size_t open_file_descriptors() {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
    return n;
}

inline load_report run_load_with_faults(const load_settings& settings) {
    using namespace std::chrono_literals;
    load_report report;
    report.fds_before = open_file_descriptors();
    const auto started = std::chrono::steady_clock::now();
    {
        const std::string ok_body = fixture("openai/response-text.json");
        const header_list json = {{"Content-Type", "application/json"}};
        loopback_server server;
        // The replies, in the order the server reads requests; spare successes at the end for the retries.
        std::mt19937 random(settings.seed);
        std::uniform_real_distribution<double> share(0.0, 1.0);
        std::uniform_int_distribution<int> kind(1, 5);
        std::vector<fault> script;
        const std::size_t scripted = settings.requests + settings.requests / 4 + 64;
        for (std::size_t i = 0; i < scripted; ++i) {
            fault f = i < settings.requests && share(random) < settings.fault_share ? fault(kind(random)) : fault::none;
            script.push_back(f);
            switch (f) {
                case fault::none: server.then_respond(200, ok_body, json); break;
                case fault::reset_before_status: server.then(reply{}.reset()); break;
                case fault::server_error_retried:
                    server.then_respond(503, fixture("openai/error-overloaded.json"), json);
                    break;
                case fault::server_error_final:
                    server.then_respond(500, fixture("openai/error-server.json"),
                                        {{"Content-Type", "application/json"}, {"x-should-retry", "false"}});
                    break;
                case fault::reset_mid_body:
                    server.then(reply{}
                                    .send(response_head(200, {{"Content-Type", "application/json"},
                                                              {"Content-Length", std::to_string(ok_body.size())}}) +
                                          ok_body.substr(0, ok_body.size() / 2))
                                    .reset());
                    break;
                case fault::stall:  // headers, then nothing: the body idle limit ends it
                    server.then(reply{}
                                    .send(response_head(200, {{"Content-Type", "application/json"},
                                                              {"Content-Length", std::to_string(ok_body.size())}}))
                                    .pause(150ms)
                                    .reset());
                    break;
            }
        }

        asio::io_context io;
        polyllm::transport_options options;
        options.proxy.use_environment = false;
        options.logger = [](polyllm::log_level, std::string_view) {};
        options.timeouts.body_idle = 100ms;
        options.timeouts.total = 30s;
        options.pool.max_idle_per_host = settings.concurrency;
        polyllm::llm_config config;
        config.model = "openai/gpt-4o";
        config.api_key = "sk-load-test-key";
        config.base_url = server.url("/v1");
        config.num_retries = 2;
        virtual_wait_transport transport{polyllm::asio_transport(io.get_executor(), options)};
        auto waits = transport.waits;
        {
            polyllm::basic_llm<polyllm::openai, virtual_wait_transport> llm(std::move(transport), config);
            report.calls_per_request.assign(settings.requests, 0);
            std::size_t next = 0;
            std::function<void()> start_one = [&] {
                if (next == settings.requests) return;
                const std::size_t id = next++;
                polyllm::request req;
                req.messages = {polyllm::message::user("request " + std::to_string(id))};
                llm.async_complete(req, [&, id](polyllm::result<polyllm::completion> r) {
                    ++report.calls_per_request[id];
                    ++report.completions;
                    if (r) ++report.successes;
                    else ++report.errors[r.error().kind()];
                    start_one();
                });
            };
            for (std::size_t lane = 0; lane < settings.concurrency; ++lane) start_one();
            io.run();
        }
        report.retry_waits = waits->size();

        // Reception i got scripted reply i. A request whose reply had begun must not be read again.
        const auto received = server.requests();
        report.receptions = received.size();
        for (std::size_t i = 0; i < received.size() && i < script.size(); ++i) {
            ++report.faults_served[script[i]];
            const bool began = script[i] != fault::reset_before_status && script[i] != fault::server_error_retried;
            if (!began) continue;
            for (std::size_t j = i + 1; j < received.size(); ++j)
                if (received[j].body == received[i].body) ++report.resent_after_response_began;
        }
    }
    report.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    report.fds_after = open_file_descriptors();
    return report;
}

}  // namespace polyllm_test
