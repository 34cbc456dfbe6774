# Fails when an object file compiled with POLYLLM_SEPARATE_COMPILATION defines any of polyllm's own code: the retry
# loop and call operations of basic_llm, the provider's body writer and parser, the HTTP exchange, TLS, the stream
# decoders, the prompt-based tool calls. With the definitions compiled once in <polyllm/src.hpp>, a user's
# translation unit holds only what it instantiates itself: the vocabulary types' special members and the glue of the
# templates it calls (async_initiate, the erased handler).
#
#     cmake -DNM=<nm> -DOBJECT=<file.o> -P no_library_code.cmake
execute_process(COMMAND "${NM}" -C --defined-only "${OBJECT}" OUTPUT_VARIABLE symbols RESULT_VARIABLE failed)
if(failed)
    message(FATAL_ERROR "nm failed on ${OBJECT}")
endif()
string(REGEX MATCHALL "[^\n]+" lines "${symbols}")
set(count 0)
set(found "")
foreach(line IN LISTS lines)
    if(NOT line MATCHES " [TtWw] ")
        continue()
    endif()
    math(EXPR count "${count} + 1")
    if(line MATCHES "::(start_call|start_stream|start_embed|call_op|plain_call|streamed_call|stream_erased|init\\(\\)|complete\\(polyllm)"
       OR line MATCHES "polyllm::v0_1::(detail::(http_|tls_|connection_pool|transport_request|request_deadline|timed_stream|exchange_operation|sse_|json_writer|body_fields)|openai_chat|fn_call::|hygiene::|tokenize::)")
        string(APPEND found "  ${line}\n")
    endif()
endforeach()
if(count EQUAL 0)
    message(FATAL_ERROR "${OBJECT} defines no code at all: not the translation unit this check is about")
endif()
if(found)
    message(FATAL_ERROR "${OBJECT} compiles polyllm's own code, which <polyllm/src.hpp> should hold:\n${found}")
endif()
message(STATUS "${count} functions defined, none of them polyllm's own code")
