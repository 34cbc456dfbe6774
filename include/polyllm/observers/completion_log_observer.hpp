#pragma once
/// @file
/// @brief The observer that writes each chat completion to a file in `llm_config::log_completions_folder` when
/// `llm_config::log_completions` is set (completion_log.hpp has the format).

#include <polyllm/completion_log.hpp>
#include <polyllm/detail/utf8_path.hpp>
#include <polyllm/error.hpp>
#include <polyllm/observer.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <chrono>

POLYLLM_NAMESPACE_BEGIN

struct completion_log_observer {
    /// @brief A file that could not be written is reported, not raised: the completion itself arrived. The caller
    /// decides where the report goes (basic_llm logs it as a warning).
    [[nodiscard]] result<void> on_completion(const call_info& info, const completion& c,
                                             std::chrono::milliseconds latency) const {
        if (!info.config.log_completions || !info.req) return success();
        auto written = write_completion_log(detail::path_from_utf8(info.config.log_completions_folder),
                                            {info.config, *info.req, c, latency, std::chrono::system_clock::now()},
                                            info.config.api_key.reveal());
        if (!written) return std::move(written).error();
        return success();
    }
};

POLYLLM_NAMESPACE_END
