#pragma once
/// @file
/// @brief `local_server`: the socket side of polyllm-local-server, an HTTP/1.1 server on Asio that answers with
/// `local_responder` (testing/local_replies.hpp). Many keep-alive connections are served on one thread, the
/// io_context's; requests are read with the project's own HTTP parser. `local_server_thread` runs one on a thread
/// of its own, so tests and benchmarks can start it in-process on a free port:
///
///     auto server = polyllm::testing::local_server_thread::start({});
///     cfg.base_url = server.value()->openai_base_url();   // "http://127.0.0.1:<port>/v1"

#include <polyllm/detail/ascii.hpp>
#include <polyllm/detail/http_parser.hpp>
#include <polyllm/error.hpp>
#include <polyllm/testing/local_replies.hpp>
#include <polyllm/version.hpp>

#include <asio/any_io_executor.hpp>
#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/address.hpp>
#include <asio/ip/tcp.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <future>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace testing {

/// @brief An HTTP/1.1 server answering with a `local_responder`. All its work runs on the executor given; call
/// `stop` there too (or let `local_server_thread` do it).
class local_server {
public:
    POLYLLM_DECL local_server(asio::any_io_executor executor, local_server_options options);

    local_server(const local_server&) = delete;
    local_server& operator=(const local_server&) = delete;
    POLYLLM_DECL ~local_server();

    /// @brief Binds to the options' host and port (0: a free port), starts accepting, and returns the port.
    [[nodiscard]] POLYLLM_DECL result<std::uint16_t> listen();

    [[nodiscard]] POLYLLM_DECL std::uint16_t port() const;

    /// @brief Stops accepting and closes every open connection.
    POLYLLM_DECL void stop();

    [[nodiscard]] local_responder& responder() noexcept { return *responder_; }
    [[nodiscard]] const local_responder& responder() const noexcept { return *responder_; }

private:
    class connection;

    POLYLLM_DECL void accept();

    asio::any_io_executor executor_;
    asio::ip::tcp::acceptor acceptor_;
    std::shared_ptr<local_responder> responder_;  // shared: a connection may outlive the server by a handler
    std::vector<std::weak_ptr<connection>> connections_;
};

/// @brief A `local_server` on a thread of its own, for tests and benchmarks in-process. Stops and joins on
/// destruction.
class local_server_thread {
public:
    /// @brief Starts the server; the error says why it could not listen.
    [[nodiscard]] POLYLLM_DECL static result<std::unique_ptr<local_server_thread>> start(local_server_options options);

    local_server_thread(const local_server_thread&) = delete;
    local_server_thread& operator=(const local_server_thread&) = delete;

    POLYLLM_DECL ~local_server_thread();

    [[nodiscard]] std::uint16_t port() const noexcept { return port_; }
    /// @brief "http://<host>:<port>/v1": the base URL OpenAI-compatible providers take.
    [[nodiscard]] POLYLLM_DECL std::string openai_base_url() const;
    /// @brief "http://<host>:<port>": the base URL the Anthropic provider takes.
    [[nodiscard]] POLYLLM_DECL std::string anthropic_base_url() const;
    /// @brief API requests served so far (safe to read from any thread).
    [[nodiscard]] int requests_seen() const noexcept { return server_.responder().requests_seen(); }

private:
    POLYLLM_DECL explicit local_server_thread(local_server_options options);

    asio::io_context io_{1};
    asio::executor_work_guard<asio::io_context::executor_type> work_{io_.get_executor()};
    local_server server_;
    std::uint16_t port_ = 0;
    std::thread thread_;
};

}  // namespace testing
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/testing/impl/local_server.ipp>
#endif
