// HTTP/1.1 throughput: the response parser alone (MB/s), and requests per second over one kept-alive connection to a
// loopback server. The server runs in the same process, on the same io_context and thread as the client, so the
// numbers include both ends' work on one core.
//
//     cmake --preset bench && cmake --build --preset bench -j2 --target bench_http && build/bench/benchmarks/bench_http

#include <polyllm/polyllm.hpp>

#include <asio/buffer.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/write.hpp>

#include <benchmark/benchmark.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

namespace {

std::string fixture(const std::string& name) {
    std::ifstream in(std::string(POLYLLM_FIXTURES_DIR) + "/" + name, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// A streamed completion as a server sends it: about 1 MiB of SSE events, one chunk each.
std::string chunked_stream() {
    std::string out = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
    const std::string event =
        "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1741569952,\"model\":\"gpt-4o\","
        "\"choices\":[{\"index\":0,\"delta\":{\"content\":\" token\"},\"finish_reason\":null}]}\n\n";
    char size[16];
    std::snprintf(size, sizeof size, "%zx\r\n", event.size());
    while (out.size() < (1u << 20)) out += size + event + "\r\n";
    return out + "0\r\n\r\n";
}

void parse(benchmark::State& state, const std::string& message) {
    polyllm::detail::http_response_parser parser;
    std::size_t body = 0;
    for (auto _ : state) {
        parser.reset();
        std::string_view rest = message;
        while (!parser.done()) {
            auto used = parser.put(rest, [&](std::string_view piece) { body += piece.size(); });
            if (!used) {
                state.SkipWithError(used.error().message.c_str());
                return;
            }
            rest.remove_prefix(used.value());
        }
        benchmark::DoNotOptimize(parser.headers());
    }
    benchmark::DoNotOptimize(body);
    state.SetBytesProcessed(std::int64_t(state.iterations()) * std::int64_t(message.size()));
}

void BM_parse_json_response(benchmark::State& state) {
    static const auto message = fixture("http/response-json.http");
    parse(state, message);
}
BENCHMARK(BM_parse_json_response);

void BM_parse_chunked_stream_1MiB(benchmark::State& state) {
    static const auto message = chunked_stream();
    parse(state, message);
}
BENCHMARK(BM_parse_chunked_stream_1MiB);

// A minimal keep-alive server on the caller's io_context: reads each request with polyllm's request parser and
// answers with one canned response.
class canned_server {
public:
    canned_server(asio::io_context& io, std::string response) : acceptor_(io), response_(std::move(response)) {
        asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
        acceptor_.open(endpoint.protocol());
        acceptor_.bind(endpoint);
        acceptor_.listen();
        acceptor_.async_accept([this](std::error_code ec, asio::ip::tcp::socket socket) {
            if (!ec) std::make_shared<session>(std::move(socket), response_)->read();
        });
    }
    [[nodiscard]] unsigned short port() const { return acceptor_.local_endpoint().port(); }

private:
    struct session : std::enable_shared_from_this<session> {
        session(asio::ip::tcp::socket s, const std::string& r) : socket(std::move(s)), response(r) {
            socket.set_option(asio::ip::tcp::no_delay(true));
        }
        void read() {
            socket.async_read_some(asio::buffer(buffer), [self = shared_from_this()](std::error_code ec, std::size_t n) {
                if (ec) return;
                std::string_view bytes(self->buffer.data(), n);
                while (!bytes.empty()) {
                    auto used = self->parser.put(bytes, [](std::string_view) {});
                    if (!used) return;
                    bytes.remove_prefix(used.value());
                    if (self->parser.done()) {
                        self->parser.reset();
                        asio::async_write(self->socket, asio::buffer(self->response),
                                          [self](std::error_code, std::size_t) {});
                    }
                }
                self->read();
            });
        }
        asio::ip::tcp::socket socket;
        const std::string& response;
        std::array<char, 16 * 1024> buffer{};
        polyllm::detail::http_request_parser parser;
    };

    asio::ip::tcp::acceptor acceptor_;
    std::string response_;
};

void BM_keepalive_requests(benchmark::State& state) {
    asio::io_context io(1);
    const auto body = fixture("openai/response-text.json");
    canned_server server(io, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                                 std::to_string(body.size()) + "\r\n\r\n" + body);
    polyllm::transport_options options;
    options.proxy.use_environment = false;
    polyllm::asio_transport transport(io.get_executor(), options);
    polyllm::http_request request;
    request.url = "http://127.0.0.1:" + std::to_string(server.port()) + "/v1/chat/completions";
    request.headers.add_sensitive("Authorization", "Bearer sk-bench");
    request.body = fixture("openai/request-basic.json");
    for (auto _ : state) {
        bool done = false;
        transport.async_send(request, [&](polyllm::result<polyllm::http_response> r) {
            done = true;
            if (!r) state.SkipWithError(r.error().message.c_str());
            else benchmark::DoNotOptimize(r.value().body.data());
        });
        while (!done) io.run_one();
    }
    state.SetItemsProcessed(std::int64_t(state.iterations()));
    state.counters["connections_idle"] = double(transport.idle_connections());
}
BENCHMARK(BM_keepalive_requests)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
