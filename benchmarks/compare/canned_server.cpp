// A stand-in provider for the comparison harness while polyllm-local-server is not built: one thread, keep-alive,
// OpenAI's /v1/chat/completions and Anthropic's /v1/messages, plain and streamed, always the same short answer.
// It does as little as a server can, so that the measured CPU is the clients'.
//
//     polyllm-canned-server [--port P] [--token-delay-ms D]   (prints "listening on PORT")

#include <asio/buffer.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read.hpp>
#include <asio/steady_timer.hpp>
#include <asio/write.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace {

using asio::ip::tcp;

constexpr const char* words[] = {"Hello", "!", " How", " can", " I", " help", " you", " today", "?"};

std::string openai_plain() {
    return R"({"id":"chatcmpl-local","object":"chat.completion","created":1741570283,"model":"gpt-4o-mini",)"
           R"("choices":[{"index":0,"message":{"role":"assistant","content":"Hello! How can I help you today?",)"
           R"("refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":19,)"
           R"("completion_tokens":9,"total_tokens":28}})";
}

std::string anthropic_plain() {
    return R"({"id":"msg_local","type":"message","role":"assistant","model":"claude-3-5-haiku-20241022",)"
           R"("content":[{"type":"text","text":"Hello! How can I help you today?"}],"stop_reason":"end_turn",)"
           R"("stop_sequence":null,"usage":{"input_tokens":19,"output_tokens":9}})";
}

// The stream's events: [0] before the words, one per word, then the end.
std::vector<std::string> openai_events() {
    const std::string head = R"(data: {"id":"chatcmpl-local","object":"chat.completion.chunk","created":1741570283,)"
                             R"("model":"gpt-4o-mini","choices":[)";
    std::vector<std::string> out{head + R"({"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]})" "\n\n"};
    for (auto w : words)
        out.push_back(head + R"({"index":0,"delta":{"content":")" + std::string(w) + R"("},"finish_reason":null}]})" "\n\n");
    out.push_back(head + R"({"index":0,"delta":{},"finish_reason":"stop"}]})" "\n\n" + head +
                  R"(],"usage":{"prompt_tokens":19,"completion_tokens":9,"total_tokens":28}})" "\n\ndata: [DONE]\n\n");
    return out;
}

std::vector<std::string> anthropic_events() {
    std::vector<std::string> out{
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_local\",\"type\":\"message\","
        "\"role\":\"assistant\",\"model\":\"claude-3-5-haiku-20241022\",\"content\":[],\"stop_reason\":null,"
        "\"stop_sequence\":null,\"usage\":{\"input_tokens\":19,\"output_tokens\":1}}}\n\n"
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
        "{\"type\":\"text\",\"text\":\"\"}}\n\n"};
    for (auto w : words)
        out.push_back("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                      "{\"type\":\"text_delta\",\"text\":\"" + std::string(w) + "\"}}\n\n");
    out.push_back("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                  "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                  "\"stop_sequence\":null},\"usage\":{\"output_tokens\":9}}\n\n"
                  "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    return out;
}

std::string chunk(std::string_view data) {
    char size[20];
    std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    return size + std::string(data) + "\r\n";
}

struct server_state {
    std::string openai_response, anthropic_response;
    std::vector<std::string> openai_stream, anthropic_stream;
    std::chrono::milliseconds token_delay{0};
};

class session : public std::enable_shared_from_this<session> {
public:
    session(tcp::socket socket, const server_state& state)
        : socket_(std::move(socket)), timer_(socket_.get_executor()), state_(state) {}
    void start() { read(); }

private:
    void read() {
        auto self = shared_from_this();
        socket_.async_read_some(asio::buffer(buffer_), [self](std::error_code ec, std::size_t n) {
            if (ec) return;
            self->input_.append(self->buffer_.data(), n);
            self->handle();
        });
    }

    void handle() {
        const auto end = input_.find("\r\n\r\n");
        if (end == std::string::npos) return read();
        std::string head = input_.substr(0, end);
        std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return char(std::tolower(c)); });
        std::size_t length = 0;
        if (auto at = head.find("content-length:"); at != std::string::npos)
            length = std::stoul(head.substr(at + 15));
        if (input_.size() < end + 4 + length) return read();
        const std::string_view body(input_.data() + end + 4, length);
        const bool anthropic = head.find(" /v1/messages") != std::string::npos;
        const bool stream = body.find("\"stream\":true") != std::string::npos ||
                            body.find("\"stream\": true") != std::string::npos;
        input_.erase(0, end + 4 + length);
        if (!stream) {
            const auto& json = anthropic ? state_.anthropic_response : state_.openai_response;
            output_ = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nrequest-id: req_local\r\n"
                      "x-request-id: req_local\r\ncontent-length: " + std::to_string(json.size()) + "\r\n\r\n" + json;
            return write_then([self = shared_from_this()] { self->handle(); });
        }
        events_ = anthropic ? &state_.anthropic_stream : &state_.openai_stream;
        next_event_ = 0;
        output_ = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n";
        if (state_.token_delay.count() == 0) {  // all at once
            for (const auto& e : *events_) output_ += chunk(e);
            output_ += "0\r\n\r\n";
            return write_then([self = shared_from_this()] { self->handle(); });
        }
        output_ += chunk((*events_)[next_event_++]);
        write_then([self = shared_from_this()] { self->next_token(); });
    }

    void next_token() {
        if (next_event_ == events_->size()) {
            output_ = "0\r\n\r\n";
            return write_then([self = shared_from_this()] { self->handle(); });
        }
        timer_.expires_after(state_.token_delay);
        timer_.async_wait([self = shared_from_this()](std::error_code ec) {
            if (ec) return;
            self->output_ = chunk((*self->events_)[self->next_event_++]);
            self->write_then([self] { self->next_token(); });
        });
    }

    template <class Then>
    void write_then(Then then) {
        asio::async_write(socket_, asio::buffer(output_), [self = shared_from_this(), then](std::error_code ec, std::size_t) {
            if (!ec) then();
        });
    }

    tcp::socket socket_;
    asio::steady_timer timer_;
    const server_state& state_;
    std::array<char, 16 * 1024> buffer_{};
    std::string input_, output_;
    const std::vector<std::string>* events_ = nullptr;
    std::size_t next_event_ = 0;
};

void accept(tcp::acceptor& acceptor, const server_state& state) {
    acceptor.async_accept([&](std::error_code ec, tcp::socket socket) {
        if (!ec) {
            socket.set_option(tcp::no_delay(true));
            std::make_shared<session>(std::move(socket), state)->start();
        }
        accept(acceptor, state);
    });
}

}  // namespace

int main(int argc, char** argv) {
    unsigned short port = 0;
    server_state state{openai_plain(), anthropic_plain(), openai_events(), anthropic_events(), {}};
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view arg = argv[i];
        if (arg == "--port") port = static_cast<unsigned short>(std::stoul(argv[i + 1]));
        else if (arg == "--token-delay-ms") state.token_delay = std::chrono::milliseconds(std::stol(argv[i + 1]));
    }
    asio::io_context io(1);
    tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), port});
    acceptor.listen(4096);
    std::printf("listening on %u\n", unsigned(acceptor.local_endpoint().port()));
    std::fflush(stdout);
    accept(acceptor, state);
    io.run();
}
