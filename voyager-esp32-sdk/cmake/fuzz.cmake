# Fuzzing: the libFuzzer harnesses in test/fuzz, built by clang in a build of their own (test/fuzz is a project
# of its own, so the host build may stay on gcc), then each run for VOYAGER_FUZZ_SECONDS from its seed corpus.
# Any crash, leak, sanitizer report or broken property fails the test and leaves the input as
# <build>/fuzz/crash-<harness>-*. The seed corpus is rewritten by `cmake --build <dir> --target fuzz-seeds`.
add_executable(mkseeds test/fuzz/mkseeds.c)
target_link_libraries(mkseeds PRIVATE voyager_test_support)
set(VOYAGER_FUZZERS json offer trust manifest image bundle)
set(VOYAGER_FUZZ_CORPUS ${CMAKE_CURRENT_SOURCE_DIR}/test/fuzz/corpus)
set(seed_dirs)
foreach(name ${VOYAGER_FUZZERS})
    list(APPEND seed_dirs ${VOYAGER_FUZZ_CORPUS}/${name})
endforeach()
add_custom_target(fuzz-seeds
                  COMMAND ${CMAKE_COMMAND} -E rm -rf ${seed_dirs}
                  COMMAND ${CMAKE_COMMAND} -E make_directory ${seed_dirs}
                  COMMAND mkseeds ${VOYAGER_VECTORS_DIR}/offers.txt ${VOYAGER_FUZZ_CORPUS}
                  DEPENDS mkseeds COMMENT "Writing the fuzz seed corpus")

if(CMAKE_C_COMPILER_ID MATCHES "Clang")
    set(fuzz_default ON)
else()
    set(fuzz_default OFF)
endif()
option(VOYAGER_FUZZ "build the libFuzzer harnesses with clang and run each for a while as a test" ${fuzz_default})
set(VOYAGER_FUZZ_SECONDS 15 CACHE STRING "how long each harness fuzzes as a test")
if(NOT VOYAGER_FUZZ)
    return()
endif()
if(CMAKE_C_COMPILER_ID MATCHES "Clang")
    set(VOYAGER_CLANG ${CMAKE_C_COMPILER})
else()
    find_program(VOYAGER_CLANG clang DOC "the clang that builds the fuzz harnesses")
    if(NOT VOYAGER_CLANG)
        message(FATAL_ERROR "VOYAGER_FUZZ needs clang with libFuzzer (Debian: clang and libclang-rt-dev), or"
                            " configure with -DVOYAGER_FUZZ=OFF")
    endif()
endif()

set(fuzz_dir ${CMAKE_CURRENT_BINARY_DIR}/fuzz)
add_test(NAME fuzz_build
         COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${CMAKE_CURRENT_SOURCE_DIR}/test/fuzz -DBINARY_DIR=${fuzz_dir}
                 -DCLANG=${VOYAGER_CLANG} "-DFUZZERS=${VOYAGER_FUZZERS}"
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/fuzz-build.cmake)
set_tests_properties(fuzz_build PROPERTIES FIXTURES_SETUP voyager_fuzz LABELS fuzz TIMEOUT 300)
math(EXPR fuzz_timeout "${VOYAGER_FUZZ_SECONDS} + 60")
# an image's signature sector lies past 4 KiB, libFuzzer's default length cap
set(fuzz_max_len_image -max_len=12288)
set(fuzz_max_len_bundle -max_len=12288)
foreach(name ${VOYAGER_FUZZERS})
    # new inputs go to the build's corpus (the first directory); the committed seeds are only read
    add_test(NAME fuzz_${name}
             COMMAND ${fuzz_dir}/fuzz_${name} -max_total_time=${VOYAGER_FUZZ_SECONDS} -timeout=10 -rss_limit_mb=1024
                     ${fuzz_max_len_${name}} -print_final_stats=1 -artifact_prefix=${fuzz_dir}/crash-${name}-
                     ${fuzz_dir}/corpus/${name} ${VOYAGER_FUZZ_CORPUS}/${name})
    set_tests_properties(fuzz_${name} PROPERTIES FIXTURES_REQUIRED voyager_fuzz LABELS fuzz TIMEOUT ${fuzz_timeout})
endforeach()
