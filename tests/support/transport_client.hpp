#pragma once
// Driving an asio_transport from a test: one operation run to completion on the test's own io_context.

#include <polyllm/polyllm.hpp>

#include <asio/bind_cancellation_slot.hpp>
#include <asio/cancellation_signal.hpp>
#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace polyllm_test {

/// @brief Options for tests: a total limit so that a broken test fails instead of hanging, and a logger that keeps
/// what it is told.
inline polyllm::transport_options test_transport_options(std::vector<std::string>* log = nullptr) {
    polyllm::transport_options options;
    options.timeouts.total = std::chrono::seconds(20);
    options.proxy.use_environment = false;  // the machine's proxy settings must not change a test
    options.logger = [log](polyllm::log_level level, std::string_view message) {
        if (log) log->push_back(std::string(polyllm::to_string(level)) + ": " + std::string(message));
    };
    return options;
}

inline polyllm::http_request get_request(std::string url) {
    polyllm::http_request r;
    r.method = "GET";
    r.url = std::move(url);
    return r;
}

inline polyllm::http_request post_request(std::string url, std::string body = R"({"model":"gpt-4o"})") {
    polyllm::http_request r;
    r.url = std::move(url);
    r.body = std::move(body);
    return r;
}

/// @brief Runs `async_send` to completion.
inline polyllm::result<polyllm::http_response> send(asio::io_context& io, polyllm::asio_transport& transport,
                                                    polyllm::http_request request) {
    std::optional<polyllm::result<polyllm::http_response>> out;
    transport.async_send(std::move(request), [&](polyllm::result<polyllm::http_response> r) { out.emplace(std::move(r)); });
    io.restart();
    io.run();
    REQUIRE(out);
    return std::move(*out);
}

struct stream_outcome {
    std::optional<polyllm::result<polyllm::http_response>> response;
    std::vector<std::string> pieces;

    [[nodiscard]] std::string joined() const {
        std::string out;
        for (const auto& p : pieces) out += p;
        return out;
    }
};

/// @brief Runs `async_stream` to completion; `keep_going(pieces so far)` decides what on_data returns.
template <class KeepGoing>
stream_outcome stream(asio::io_context& io, polyllm::asio_transport& transport, polyllm::http_request request,
                      KeepGoing keep_going) {
    stream_outcome out;
    request.stream = true;
    transport.async_stream(
        std::move(request),
        [&](std::string_view piece) {
            out.pieces.emplace_back(piece);
            return keep_going(out.pieces);
        },
        [&](polyllm::result<polyllm::http_response> r) { out.response.emplace(std::move(r)); });
    io.restart();
    io.run();
    REQUIRE(out.response);
    return out;
}

inline stream_outcome stream(asio::io_context& io, polyllm::asio_transport& transport, polyllm::http_request request) {
    return stream(io, transport, std::move(request), [](const std::vector<std::string>&) { return true; });
}

}  // namespace polyllm_test
