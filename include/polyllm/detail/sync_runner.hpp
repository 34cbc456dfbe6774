#pragma once
/// @file
/// @brief The io_context of a connection made without an executor: its sync calls run it on the calling thread,
/// one at a time.

#include <polyllm/error.hpp>
#include <polyllm/version.hpp>

#include <asio/io_context.hpp>

#include <mutex>
#include <optional>
#include <utility>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

class sync_runner {
public:
    [[nodiscard]] asio::io_context::executor_type get_executor() noexcept { return io_.get_executor(); }

    /// @brief Runs the io_context until every operation on it has completed.
    void run() {
        std::lock_guard lock(mutex_);
        io_.restart();
        io_.run();
    }

    /// @brief Starts an operation with `start(handler)` and runs the io_context until it completes with a
    /// `Result`. Calls from several threads take turns.
    template <class Result, class Start>
    Result run(Start&& start) {
        std::lock_guard lock(mutex_);
        std::optional<Result> out;
        start([&out](Result r) { out.emplace(std::move(r)); });
        io_.restart();
        io_.run();
        if (!out) return error{errc::cancelled, "the operation was abandoned before it completed"};
        return std::move(*out);
    }

private:
    asio::io_context io_{1};
    std::mutex mutex_;
};

}  // namespace detail
POLYLLM_NAMESPACE_END
