#pragma once
// A listening socket whose accept queue is full, so that a new connection attempt gets no answer at all: the way to
// exercise a connect timeout on loopback without a routable black hole.

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>

#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <vector>

namespace polyllm_test {

class unresponsive_listener {
public:
    unresponsive_listener() : acceptor_(io_) {
        asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
        acceptor_.open(endpoint.protocol());
        acceptor_.bind(endpoint);
        acceptor_.listen(0);
        endpoint = acceptor_.local_endpoint();
        // Fill the queue; the kernel then drops further SYNs, and a client's connect waits.
        for (int i = 0; i < 4; ++i) {
            auto& s = fillers_.emplace_back(io_);
            s.open(asio::ip::tcp::v4());
            s.non_blocking(true);
            // A raw non-blocking connect: asio's synchronous connect would wait for the answer that never comes.
            [[maybe_unused]] const int started =
                ::connect(s.native_handle(), endpoint.data(), static_cast<socklen_t>(endpoint.size()));
        }
    }

    [[nodiscard]] std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
    [[nodiscard]] std::string url(const std::string& scheme = "http") const {
        return scheme + "://127.0.0.1:" + std::to_string(port()) + "/";
    }

private:
    asio::io_context io_;
    asio::ip::tcp::acceptor acceptor_;
    std::vector<asio::ip::tcp::socket> fillers_;
};

}  // namespace polyllm_test
