#pragma once
/// @file
/// @brief The test doubles, opt-in (the umbrella header leaves them out, as a program does not ship them): the
/// scripted in-memory transport, the cassette transports that record and replay HTTP exchanges, and the local
/// OpenAI-compatible server with its canned replies. For polyllm's tests
/// and for users testing their own code without a network or a key.
///
///     #include <polyllm/polyllm.hpp>
///     #include <polyllm/testing.hpp>
///     polyllm::basic_llm<polyllm::openai, polyllm::scripted_transport> llm{cfg};

#include <polyllm/testing/local_cassette.hpp>
#include <polyllm/testing/local_replies.hpp>
#include <polyllm/testing/local_reply_formats.hpp>
#include <polyllm/testing/local_responses.hpp>
#include <polyllm/testing/local_server.hpp>
#include <polyllm/testing/local_vocabulary.hpp>
#include <polyllm/testing/server_script.hpp>
#include <polyllm/transport/cassette.hpp>
#include <polyllm/transport/cassette_transport.hpp>
#include <polyllm/transport/recording_transport.hpp>
#include <polyllm/transport/replaying_transport.hpp>
#include <polyllm/transport/scripted_transport.hpp>
#include <polyllm/version.hpp>
