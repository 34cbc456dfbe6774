#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/anthropic_messages_stream.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/anthropic_messages_stream.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace anthropic_messages {

// By hash, not by walking the blocks: a stream of many blocks stays linear. A repeated index keeps the first block,
// as a walk from the front found it.
POLYLLM_DECL stream_events::block* stream_events::find(std::int64_t index) {
    const auto found = block_positions_.find(index);
    return found == block_positions_.end() ? nullptr : &blocks_[found->second];
}

POLYLLM_DECL void stream_events::add_block(block b) {
    block_positions_.try_emplace(b.index, blocks_.size());
    blocks_.push_back(std::move(b));
}

}  // namespace anthropic_messages
POLYLLM_NAMESPACE_END
