// The load program of the comparison harness (benchmarks/compare/run): N requests through basic_llm to a server,
// one thread, C at a time over keep-alive connections, plain or streamed; prints one JSON line with wall time,
// the process's CPU time (user + sys), its peak RSS, and the most streams that were open at once.
//
//     polyllm-load --provider openai|anthropic --base-url URL [--model M] [-n N] [-c C] [--stream]

#include <polyllm/polyllm.hpp>

#include <asio/io_context.hpp>

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace {

struct options {
    std::string provider = "openai";
    std::string base_url;
    std::string model;
    std::size_t requests = 1000;
    std::size_t concurrency = 1;
    bool stream = false;
};

struct outcome {
    std::size_t ok = 0, failed = 0, open_streams = 0, max_open_streams = 0;
    std::string first_error;
};

double seconds(const timeval& t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; }

template <class Provider>
int run(const options& o) {
    asio::io_context io(1);
    polyllm::transport_options transport;
    transport.pool.max_idle_per_host = o.concurrency;  // every connection stays warm between requests
    polyllm::llm_config config;
    config.model = o.model;
    config.base_url = o.base_url;
    config.api_key = "sk-local";
    config.num_retries = 0;
    config.caching_prompt = false;
    polyllm::basic_llm<Provider> llm(polyllm::asio_transport(io.get_executor(), transport), config);

    polyllm::request req;
    req.messages = {polyllm::message::system("You are a helpful assistant."),
                    polyllm::message::user("Hello! Please answer with a short greeting.")};
    req.max_tokens = 64;

    outcome out;
    std::size_t started = 0;
    std::function<void()> launch;
    auto done = [&](polyllm::result<polyllm::completion> r) {
        if (r) ++out.ok;
        else if (out.failed++ == 0) out.first_error = r.error().message;
        launch();
    };
    launch = [&] {
        if (started == o.requests) return;
        ++started;
        if (!o.stream) return llm.async_complete(req, done);
        auto first = std::make_shared<bool>(true);
        llm.async_stream(
            req,
            [&out, first](const polyllm::stream_event&) {
                if (std::exchange(*first, false))
                    out.max_open_streams = std::max(out.max_open_streams, ++out.open_streams);
            },
            [&out, first, done](polyllm::result<polyllm::completion> r) {
                if (!*first) --out.open_streams;
                done(std::move(r));
            });
    };

    const auto start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < o.concurrency; ++i) launch();
    io.run();
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("{\"client\": \"polyllm\", \"provider\": \"%s\", \"mode\": \"%s\", \"requests\": %zu, "
                "\"concurrency\": %zu, \"ok\": %zu, \"failed\": %zu, \"wall_s\": %.4f, \"cpu_s\": %.4f, "
                "\"peak_rss_kib\": %ld, \"max_open_streams\": %zu}\n",
                o.provider.c_str(), o.stream ? "stream" : "plain", o.requests, o.concurrency, out.ok, out.failed, wall,
                seconds(usage.ru_utime) + seconds(usage.ru_stime), usage.ru_maxrss, out.max_open_streams);
    if (out.failed) std::fprintf(stderr, "polyllm-load: %zu failed; first: %s\n", out.failed, out.first_error.c_str());
    return out.failed ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
    options o;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "polyllm-load: %s needs a value\n", argv[i]);
                std::exit(2);
            }
            return argv[++i];
        };
        if (arg == "--provider") o.provider = next();
        else if (arg == "--base-url") o.base_url = next();
        else if (arg == "--model") o.model = next();
        else if (arg == "-n") o.requests = std::stoul(next());
        else if (arg == "-c") o.concurrency = std::stoul(next());
        else if (arg == "--stream") o.stream = true;
        else {
            std::fprintf(stderr, "usage: polyllm-load --provider openai|anthropic --base-url URL [--model M] [-n N] "
                                 "[-c C] [--stream]\n");
            return 2;
        }
    }
    if (o.concurrency == 0) o.concurrency = 1;
    if (o.provider == "openai") {
        if (o.model.empty()) o.model = "gpt-4o-mini";
        return run<polyllm::openai>(o);
    }
    if (o.provider == "anthropic") {
        if (o.model.empty()) o.model = "claude-3-5-haiku-20241022";
        return run<polyllm::anthropic>(o);
    }
    std::fprintf(stderr, "polyllm-load: unknown provider %s (openai, anthropic)\n", o.provider.c_str());
    return 2;
}
