// The baseline: the same program's dependencies alone, nlohmann/json and Asio, each used a little (a JSON body
// parsed and dumped, a socket connected on an io_context).
#include <asio.hpp>
#include <nlohmann/json.hpp>

int main() {
    auto body = nlohmann::json::parse(R"({"model": "gpt-4o", "messages": [{"role": "user", "content": "Hello"}]})");
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    socket.async_connect({asio::ip::make_address("127.0.0.1"), 1}, [](const asio::error_code&) {});
    io.run();
    return body.dump().empty() ? 1 : 0;
}
