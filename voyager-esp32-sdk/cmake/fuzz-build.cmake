# Configures and builds test/fuzz with clang, and makes each harness's working corpus directory. Run as:
# cmake -DSOURCE_DIR=<sdk>/test/fuzz -DBINARY_DIR=<dir> -DCLANG=<clang> -DFUZZERS=<names> -P fuzz-build.cmake
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${BINARY_DIR} -DCMAKE_C_COMPILER=${CLANG}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "configuring the fuzz harnesses with ${CLANG} failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BINARY_DIR} --parallel 2 RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "building the fuzz harnesses failed (clang needs libFuzzer: Debian's libclang-rt-dev)")
endif()
foreach(name ${FUZZERS})
    file(MAKE_DIRECTORY ${BINARY_DIR}/corpus/${name})
endforeach()
