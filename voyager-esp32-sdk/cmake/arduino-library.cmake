# Assembles the VoyagerOTA Arduino library from this tree. The Arduino IDE compiles everything under a library's
# src/ and puts only src/ on the include path, and this tree also holds the POSIX port and the host tests, so the
# library is a generated copy: library.properties and the wrapper from arduino/, the public headers as
# src/voyager/, the core, the mbedTLS verifier and the ESP-IDF port as src/core, src/mbedtls and src/esp-idf, the
# sketches from examples/arduino. Each source exists once; relative includes keep working.
#
#   cmake -DSOURCE_DIR=<sdk> -DBINARY_DIR=<dir> [-DZIP=ON] [-DCOMPILE=ON -DSTUBS=<stubs> -DMBEDTLS_INCLUDE=<dir>]
#         -P arduino-library.cmake
# ZIP writes <dir>/VoyagerOTA-<version>.zip (for "Add .ZIP Library"); COMPILE builds the library and the example
# sketch on the host against the ESP-IDF and Arduino stub headers and links all objects into one, as a check.
set(LIB ${BINARY_DIR}/VoyagerOTA)
file(REMOVE_RECURSE ${LIB})
file(MAKE_DIRECTORY ${LIB}/src ${LIB}/examples)
file(COPY ${SOURCE_DIR}/arduino/library.properties DESTINATION ${LIB})
file(COPY ${SOURCE_DIR}/arduino/src/ DESTINATION ${LIB}/src)
file(COPY ${SOURCE_DIR}/include/voyager DESTINATION ${LIB}/src)
foreach(dir core mbedtls esp-idf)
    file(COPY ${SOURCE_DIR}/src/${dir} DESTINATION ${LIB}/src)
endforeach()
file(COPY ${SOURCE_DIR}/examples/arduino/ DESTINATION ${LIB}/examples)

if(ZIP)
    file(STRINGS ${LIB}/library.properties version_line REGEX "^version=")
    string(REPLACE "version=" "" version "${version_line}")
    execute_process(COMMAND ${CMAKE_COMMAND} -E tar cf VoyagerOTA-${version}.zip --format=zip VoyagerOTA
                    WORKING_DIRECTORY ${BINARY_DIR} RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "zipping the library failed")
    endif()
    message("Arduino library: ${BINARY_DIR}/VoyagerOTA-${version}.zip")
endif()

if(COMPILE)
    find_program(CC NAMES cc gcc REQUIRED)
    find_program(CXX NAMES c++ g++ REQUIRED)
    find_program(LD NAMES ld REQUIRED)
    # as an Arduino-ESP32 3.x build would: only the library's src/ and the core's headers (here: stubs), IDF 5.1
    set(FLAGS -Wall -Wextra -Werror -I${LIB}/src -I${STUBS} -I${MBEDTLS_INCLUDE} -DSTUB_IDF_MINOR=1)
    file(GLOB_RECURSE sources ${LIB}/src/*.c ${LIB}/src/*.cpp)
    list(APPEND sources ${LIB}/examples/BasicOTA/BasicOTA.ino)
    set(objects)
    foreach(source ${sources})
        file(RELATIVE_PATH name ${LIB} ${source})
        string(REPLACE "/" "_" object ${BINARY_DIR}/${name}.o)
        if(source MATCHES "\\.c$")
            set(command ${CC} -std=gnu17 ${FLAGS})
        elseif(source MATCHES "\\.ino$")
            # the IDE compiles a sketch as C++ with Arduino.h included first
            set(command ${CXX} -std=gnu++17 ${FLAGS} -include Arduino.h -x c++)
        else()
            set(command ${CXX} -std=gnu++17 ${FLAGS})
        endif()
        execute_process(COMMAND ${command} -c ${source} -o ${object} RESULT_VARIABLE rc ERROR_VARIABLE err)
        if(NOT rc EQUAL 0)
            message(FATAL_ERROR "${name} does not compile as part of the Arduino library:\n${err}")
        endif()
        list(APPEND objects ${object})
    endforeach()
    # one relocatable object of everything: a function defined twice fails here
    execute_process(COMMAND ${LD} -r -o ${BINARY_DIR}/VoyagerOTA-all.o ${objects} RESULT_VARIABLE rc ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "the Arduino library's objects do not link together:\n${err}")
    endif()
    list(LENGTH objects count)
    message("Arduino library: ${count} sources compiled and linked into one object")
endif()
