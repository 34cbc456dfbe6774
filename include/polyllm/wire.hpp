#pragma once
/// @file
/// @brief The wire toolkit: what a provider with its own wire format is written with (see docs/custom-providers.md
/// and examples/native_provider.hpp). Each piece is a header of its own under polyllm/wire/; the NDJSON decoder
/// skeleton (wire/ndjson_decoder.hpp) is opt-in, as NDJSON is outside the umbrella. The AWS event-stream framing and
/// its decoder skeleton (wire/event_stream.hpp, wire/event_stream_decoder.hpp) serve a binary-framed stream.

#include <polyllm/wire/body_writer.hpp>
#include <polyllm/wire/context_window.hpp>
#include <polyllm/wire/error_body.hpp>
#include <polyllm/wire/event_stream.hpp>
#include <polyllm/wire/event_stream_decoder.hpp>
#include <polyllm/wire/json_fields.hpp>
#include <polyllm/wire/response.hpp>
#include <polyllm/wire/retry_rules.hpp>
#include <polyllm/wire/sse_decoder.hpp>
#include <polyllm/wire/status.hpp>
#include <polyllm/wire/step.hpp>
#include <polyllm/wire/token_count.hpp>
