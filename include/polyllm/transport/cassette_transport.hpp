#pragma once
/// @file
/// @brief `cassette_transport<Inner>`: one transport for tests that run against a recording, choosing per request
/// whether to replay the cassette file or to send through `Inner` and record, by the record mode (cassette.hpp):
///
/// | mode           | file exists                              | no file                    |
/// |----------------|------------------------------------------|----------------------------|
/// | `once`         | replays; an unmatched request is an error | records, writes the file   |
/// | `none`         | replays; an unmatched request is an error | `open` fails               |
/// | `new_episodes` | replays what matches, records the rest    | records, writes the file   |
/// | `all`          | records everything, replacing the file    | records, writes the file   |
///
/// The mode is the one given to `open`, else POLYLLM_RECORD_MODE's, else `once`. A recorded exchange is written to
/// the file at once (atomically), so a test that fails half way keeps what it recorded.
///
///     polyllm::basic_llm<polyllm::openai, polyllm::cassette_transport<>> llm{cfg};
///     llm.transport().redact(cfg.api_key);
///     if (auto opened = llm.transport().open("tests/cassettes/hello.json"); !opened) ...

#include <polyllm/concepts.hpp>
#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/secret.hpp>
#include <polyllm/transport/asio_transport.hpp>
#include <polyllm/transport/cassette.hpp>
#include <polyllm/transport/recording_transport.hpp>
#include <polyllm/transport/replaying_transport.hpp>
#include <polyllm/version.hpp>

#include <asio/any_io_executor.hpp>
#include <asio/async_result.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN

template <class Inner = asio_transport>
    requires Transport<Inner>
class cassette_transport {
public:
    using executor_type = typename Inner::executor_type;
    using inner_type = Inner;

    explicit cassette_transport(executor_type executor)
        requires std::constructible_from<Inner, executor_type>
        : inner_(std::move(executor)) {}
    explicit cassette_transport(Inner inner) : inner_(std::move(inner)) {}

    [[nodiscard]] executor_type get_executor() const noexcept { return inner_.get_executor(); }
    [[nodiscard]] Inner& inner() noexcept { return inner_; }

    /// @brief Uses the cassette at `path` in `mode` (by default POLYLLM_RECORD_MODE's, else `once`). Errors: a bad
    /// POLYLLM_RECORD_MODE, a malformed file, or no file in mode `none`.
    [[nodiscard]] result<void> open(std::filesystem::path path, std::optional<record_mode> mode = std::nullopt,
                                    replay_options options = {}) {
        if (!mode) {
            auto from_env = record_mode_from_env(record_mode::once);
            if (!from_env) return from_env.error();
            mode = from_env.value();
        }
        auto& s = *state_;
        s.path = std::move(path);
        s.mode = *mode;
        s.options = std::move(options);
        s.tape = cassette{};
        s.replaying = false;
        s.recording = true;
        if (*mode != record_mode::all) {
            auto loaded = load_cassette(s.path);
            if (loaded) {
                s.tape = std::move(loaded).value();
                s.replaying = true;
                s.recording = *mode == record_mode::new_episodes;
            } else if (loaded.error() != errc::not_found || *mode == record_mode::none) {
                return loaded.error();
            }
        }
        s.matcher = cassette_matcher(s.tape, s.options.match);
        s.opened = true;
        return success();
    }

    /// @brief A key to remove from what is recorded and from live requests before matching (see
    /// recording_transport::redact).
    void redact(secret key) { state_->keys.push_back(std::move(key)); }

    [[nodiscard]] record_mode mode() const noexcept { return state_->mode; }
    /// @brief Whether the cassette is replayed (it existed and the mode is not `all`), and whether new exchanges
    /// are recorded.
    [[nodiscard]] bool replaying() const noexcept { return state_->replaying; }
    [[nodiscard]] bool recording() const noexcept { return state_->recording; }
    /// @brief The cassette as it is now: what was loaded and what was recorded since.
    [[nodiscard]] const cassette& tape() const noexcept { return state_->tape; }
    /// @brief Exchanges replayed and exchanges recorded since `open`.
    [[nodiscard]] std::size_t replayed() const noexcept { return state_->replayed; }
    [[nodiscard]] std::size_t recorded() const noexcept { return state_->recorded; }
    /// @brief The last failure to write the file, if any: a recording is delivered to the caller even when it
    /// could not be saved, and the test asks here.
    [[nodiscard]] const std::optional<error>& save_error() const noexcept { return state_->save_error; }

    template <asio::completion_token_for<void(result<http_response>)> Token>
    auto async_send(http_request req, Token&& token) {
        return asio::async_initiate<Token, void(result<http_response>)>(
            [this](auto handler, http_request outgoing) {
                auto replayed = replay(outgoing);
                if (!replayed.record) {
                    auto outcome = replayed.exchange ? detail::whole_outcome(*replayed.exchange)
                                                     : result<http_response>(replayed.failure);
                    return detail::complete_later(executor(), std::move(handler), std::move(outcome));
                }
                detail::record_send(inner_, std::move(outgoing), sink(), std::move(handler));
            },
            token, std::move(req));
    }

    template <class DataHandler, asio::completion_token_for<void(result<http_response>)> Token>
        requires StreamingTransport<Inner>
    auto async_stream(http_request req, DataHandler on_data, Token&& token) {
        return asio::async_initiate<Token, void(result<http_response>)>(
            [this](auto handler, http_request outgoing, DataHandler data) {
                auto replayed = replay(outgoing);
                if (!replayed.record) {
                    if (!replayed.exchange)
                        return detail::complete_later(executor(), std::move(handler), replayed.failure);
                    return detail::play_stream(executor(), std::move(*replayed.exchange), std::move(data),
                                               std::move(handler), state_->options.paced);
                }
                detail::record_stream(inner_, std::move(outgoing), std::move(data), sink(), std::move(handler));
            },
            token, std::move(req), std::move(on_data));
    }

    /// @brief Retry waits: real when recording, none when replaying (the recorded run already waited).
    template <asio::completion_token_for<void(std::error_code)> Token>
    auto async_wait(std::chrono::milliseconds delay, Token&& token) {
        if (state_->replaying && !state_->recording) delay = std::chrono::milliseconds(0);
        return inner_.async_wait(delay, std::forward<Token>(token));
    }

private:
    struct state {
        std::filesystem::path path;
        record_mode mode = record_mode::once;
        replay_options options;
        cassette tape;
        cassette_matcher matcher;
        std::vector<secret> keys;
        bool opened = false;
        bool replaying = false;
        bool recording = false;
        std::size_t replayed = 0;
        std::size_t recorded = 0;
        std::optional<error> save_error;
    };

    // Where a request goes: a recording to serve, an error to give, or the inner transport to record through.
    struct routing {
        std::optional<recorded_exchange> exchange;
        error failure;
        bool record = false;
    };

    asio::any_io_executor executor() const { return inner_.get_executor(); }

    routing replay(const http_request& outgoing) {
        auto& s = *state_;
        routing out;
        if (!s.opened) {
            out.failure = error{errc::invalid_config, "cassette_transport: no cassette opened (call open(path))"};
            out.failure.verdict = retry_verdict::no;
            return out;
        }
        if (!s.replaying) {
            out.record = true;
            return out;
        }
        http_request live = outgoing;
        std::vector<std::string> ignored;
        scrub(live, s.keys, ignored);
        auto index = s.matcher.take(live);
        if (index) {
            ++s.replayed;
            out.exchange = s.tape.exchanges[index.value()];
            return out;
        }
        if (s.recording) {
            out.record = true;
            return out;
        }
        out.failure = index.error();
        out.failure.message = s.path.string() + ": " + out.failure.message;
        return out;
    }

    detail::exchange_sink sink() {
        return [st = state_](recorded_exchange x) {
            auto& s = *st;
            scrub(x, s.keys, s.tape.scrubbed);
            s.matcher.add_served(x);
            s.tape.exchanges.push_back(std::move(x));
            ++s.recorded;
            if (auto saved = save_cassette(s.tape, s.path); !saved) s.save_error = saved.error();
        };
    }

    Inner inner_;
    std::shared_ptr<state> state_ = std::make_shared<state>();
};

POLYLLM_NAMESPACE_END
