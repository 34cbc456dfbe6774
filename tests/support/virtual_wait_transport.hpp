#pragma once
// asio_transport with the retry waits recorded and skipped: retries run on a virtual clock (the transport owns
// waiting), so a test sees each wait the policy asked for without spending it.

#include <polyllm/polyllm.hpp>

#include <asio/async_result.hpp>
#include <asio/post.hpp>

#include <chrono>
#include <memory>
#include <system_error>
#include <utility>
#include <vector>

namespace polyllm_test {

struct virtual_wait_transport {
    using executor_type = polyllm::asio_transport::executor_type;

    polyllm::asio_transport inner;
    std::shared_ptr<std::vector<std::chrono::milliseconds>> waits =
        std::make_shared<std::vector<std::chrono::milliseconds>>();

    [[nodiscard]] executor_type get_executor() const noexcept { return inner.get_executor(); }

    template <class Token>
    auto async_send(polyllm::http_request request, Token&& token) {
        return inner.async_send(std::move(request), std::forward<Token>(token));
    }
    template <class OnData, class Token>
    auto async_stream(polyllm::http_request request, OnData on_data, Token&& token) {
        return inner.async_stream(std::move(request), std::move(on_data), std::forward<Token>(token));
    }
    template <class Token>
    auto async_wait(std::chrono::milliseconds delay, Token&& token) {
        waits->push_back(delay);  // operations of one transport run on one executor: no lock needed
        return asio::async_initiate<Token, void(std::error_code)>(
            [](auto handler, executor_type executor) {
                asio::post(executor, [h = std::move(handler)]() mutable { std::move(h)(std::error_code{}); });
            },
            token, get_executor());
    }
};

}  // namespace polyllm_test
