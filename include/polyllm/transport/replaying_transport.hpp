#pragma once
/// @file
/// @brief `replaying_transport`: serves a cassette (cassette.hpp) without any network. Each request is matched to a
/// recorded one (`cassette_matcher`); a response comes back as recorded, a stream piece by piece (at once, or at
/// the recorded pace), a failure as the same error. An unmatched request is an error that is not retried and names
/// the closest recorded request.
///
///     polyllm::basic_llm<polyllm::openai, polyllm::replaying_transport> llm{cfg};
///     if (auto loaded = llm.transport().load_file("tests/cassettes/hello.json"); !loaded) ...
///     auto c = llm.complete(req);   // the recorded completion

#include <polyllm/detail/unique_function.hpp>
#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/secret.hpp>
#include <polyllm/transport/cassette.hpp>
#include <polyllm/version.hpp>

#include <asio/any_io_executor.hpp>
#include <asio/associated_cancellation_slot.hpp>
#include <asio/async_result.hpp>
#include <asio/cancellation_type.hpp>
#include <asio/experimental/append.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN

/// @brief How a cassette is served.
struct replay_options {
    match_options match;
    bool paced = false;  ///< streamed pieces come at their recorded times instead of at once
};

namespace detail {

// The recorded outcome as one response: a streamed body joined, a failure as its error.
inline result<http_response> whole_outcome(const recorded_exchange& x) {
    if (x.failure) return *x.failure;
    http_response out = x.response.value_or(http_response{});
    if (x.streamed)
        for (const auto& p : x.pieces) out.body += p.data;
    return out;
}

template <class Handler>
void complete_later(const asio::any_io_executor& ex, Handler handler, result<http_response> outcome) {
    asio::post(ex, asio::experimental::append(std::move(handler), std::move(outcome)));
}

// A recorded stream delivered one piece per handler, as reads would deliver it; it owns itself until it ends.
template <class DataHandler>
struct playback : std::enable_shared_from_this<playback<DataHandler>> {
    asio::any_io_executor executor;
    DataHandler on_data;
    detail::unique_function<void(result<http_response>)> complete;
    recorded_exchange exchange;
    bool paced = false;
    std::size_t next = 0;
    bool finished = false;
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    std::unique_ptr<asio::steady_timer> timer;

    playback(asio::any_io_executor ex, DataHandler data, detail::unique_function<void(result<http_response>)> done,
             recorded_exchange x, bool at_pace)
        : executor(std::move(ex)), on_data(std::move(data)), complete(std::move(done)), exchange(std::move(x)),
          paced(at_pace) {}

    void schedule() {
        auto self = this->shared_from_this();
        if (paced && next < exchange.pieces.size()) {
            if (!timer) timer = std::make_unique<asio::steady_timer>(executor);
            timer->expires_at(start + exchange.pieces[next].at);
            timer->async_wait([self](std::error_code) { self->step(); });
            return;
        }
        asio::post(executor, [self] { self->step(); });
    }

    void step() {
        if (finished) return;
        if (next < exchange.pieces.size()) {
            if (!on_data(std::string_view(exchange.pieces[next++].data))) return end(head());
            schedule();
            return;
        }
        if (exchange.failure) return end(*exchange.failure);
        end(head());
    }

    http_response head() const {
        http_response out = exchange.response.value_or(http_response{});
        out.body.clear();
        return out;
    }

    void end(result<http_response> outcome) {
        if (finished) return;
        finished = true;
        if (timer) timer->cancel();
        complete(std::move(outcome));
    }
};

template <class Handler>
auto posting(const asio::any_io_executor& ex, Handler handler) {
    return [ex, handler = std::move(handler)](result<http_response> outcome) mutable {
        complete_later(ex, std::move(handler), std::move(outcome));
    };
}

/// Serves `x` to a streaming request: pieces through `on_data`, then the head; an exchange that was not streamed
/// (an error status, a JSON answer) completes whole, as a streaming transport would.
template <class DataHandler, class Handler>
void play_stream(const asio::any_io_executor& ex, recorded_exchange x, DataHandler on_data, Handler handler,
                 bool paced) {
    if (!x.streamed) return complete_later(ex, std::move(handler), whole_outcome(x));
    auto slot = asio::get_associated_cancellation_slot(handler);
    auto run = std::make_shared<playback<DataHandler>>(ex, std::move(on_data), posting(ex, std::move(handler)),
                                                        std::move(x), paced);
    if (slot.is_connected())
        slot.assign([run](asio::cancellation_type) { run->end(error{errc::cancelled, "stream cancelled"}); });
    run->schedule();
}

}  // namespace detail

/// @brief Serves a cassette. Copies share one cassette and what has been served of it.
class replaying_transport {
public:
    using executor_type = asio::any_io_executor;

    explicit replaying_transport(executor_type executor) : executor_(std::move(executor)) {}
    replaying_transport(executor_type executor, cassette c, replay_options options = {})
        : executor_(std::move(executor)) {
        load(std::move(c), std::move(options));
    }

    [[nodiscard]] executor_type get_executor() const noexcept { return executor_; }

    /// @brief Serves `c` from its first exchange.
    void load(cassette c, replay_options options = {}) {
        state_->matcher = cassette_matcher(c, options.match);
        state_->tape = std::move(c);
        state_->options = std::move(options);
    }

    /// @brief Serves the cassette in `path`; a missing or malformed file is the error `load_cassette` gives.
    [[nodiscard]] result<void> load_file(const std::filesystem::path& path, replay_options options = {}) {
        auto c = load_cassette(path);
        if (!c) return c.error();
        load(std::move(c).value(), std::move(options));
        return success();
    }

    /// @brief A key the live requests carry in their bodies or URLs, removed before matching as it was removed
    /// when recording.
    void redact(secret key) { state_->keys.push_back(std::move(key)); }

    /// @brief Exchanges served so far, and in the cassette.
    [[nodiscard]] std::size_t served() const noexcept { return state_->matcher.served(); }
    [[nodiscard]] std::size_t size() const noexcept { return state_->tape.exchanges.size(); }
    /// @brief Every wait asked for (retry delays): completed at once, not slept.
    [[nodiscard]] const std::vector<std::chrono::milliseconds>& waits() const noexcept { return state_->waits; }

    template <asio::completion_token_for<void(result<http_response>)> Token>
    auto async_send(http_request req, Token&& token) {
        return asio::async_initiate<Token, void(result<http_response>)>(
            [this](auto handler, http_request outgoing) {
                auto x = take(std::move(outgoing));
                detail::complete_later(executor_, std::move(handler),
                                       x ? detail::whole_outcome(x.value()) : result<http_response>(x.error()));
            },
            token, std::move(req));
    }

    template <class DataHandler, asio::completion_token_for<void(result<http_response>)> Token>
    auto async_stream(http_request req, DataHandler on_data, Token&& token) {
        return asio::async_initiate<Token, void(result<http_response>)>(
            [this](auto handler, http_request outgoing, DataHandler data) {
                auto x = take(std::move(outgoing));
                if (!x) return detail::complete_later(executor_, std::move(handler), x.error());
                detail::play_stream(executor_, std::move(x).value(), std::move(data), std::move(handler),
                                    state_->options.paced);
            },
            token, std::move(req), std::move(on_data));
    }

    /// @brief Completes at once: a replayed retry does not sleep.
    template <asio::completion_token_for<void(std::error_code)> Token>
    auto async_wait(std::chrono::milliseconds delay, Token&& token) {
        return asio::async_initiate<Token, void(std::error_code)>(
            [this](auto handler, std::chrono::milliseconds wait) {
                state_->waits.push_back(wait);
                asio::post(executor_, asio::experimental::append(std::move(handler), std::error_code{}));
            },
            token, delay);
    }

private:
    struct state {
        cassette tape;
        cassette_matcher matcher;
        replay_options options;
        std::vector<secret> keys;
        std::vector<std::chrono::milliseconds> waits;
    };

    result<recorded_exchange> take(http_request live) {
        std::vector<std::string> ignored;
        scrub(live, state_->keys, ignored);
        auto index = state_->matcher.take(live);
        if (!index) return index.error();
        return state_->tape.exchanges[index.value()];
    }

    executor_type executor_;
    std::shared_ptr<state> state_ = std::make_shared<state>();
};

POLYLLM_NAMESPACE_END
