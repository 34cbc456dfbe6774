#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/gemini_content_stream.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/gemini_content_stream.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace gemini_content {

POLYLLM_DECL error stream_events::unfinished(error cut) const {
    if (!saw_candidate_ && last_chunk_) return no_candidates_error(*last_chunk_);
    return cut;
}

}  // namespace gemini_content
POLYLLM_NAMESPACE_END
