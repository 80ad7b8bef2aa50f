# The portable core must build for a RISC-V ESP32 (C3/C6/H2 are rv32imc) with picolibc, strictly, without any
# platform or mbedTLS header. Run as: cmake -DSOURCE_DIR=<sdk> -DBINARY_DIR=<dir> -P cross-check.cmake
# It compiles every core source, links a firmware using the whole client API, and prints their sizes.
# -DEXTRA_FLAGS="-DVOYAGER_WITH_PUSH=0" (a list) measures a configuration without an optional part.
set(CC riscv64-unknown-elf-gcc)
set(ARCH -march=rv32imc -mabi=ilp32)
set(FLAGS ${ARCH} --specs=picolibc.specs -std=c99 -pedantic -Wall -Wextra -Werror -Os -ffunction-sections
    -fdata-sections -I${SOURCE_DIR}/include -I${SOURCE_DIR}/src/core ${EXTRA_FLAGS})

find_program(CC_PATH ${CC})
find_program(SIZE_PATH riscv64-unknown-elf-size)
if(NOT CC_PATH OR NOT SIZE_PATH)
    message(FATAL_ERROR "${CC} is missing: install gcc-riscv64-unknown-elf and picolibc-riscv64-unknown-elf")
endif()
execute_process(COMMAND ${CC} ${ARCH} --specs=picolibc.specs -print-multi-directory
                OUTPUT_VARIABLE MULTILIB OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT MULTILIB MATCHES "^rv32")
    message(FATAL_ERROR "no rv32 multilib of picolibc for ${ARCH} (got '${MULTILIB}')")
endif()
message("multilib for ${ARCH}: ${MULTILIB}\n")

file(GLOB CORE ${SOURCE_DIR}/src/core/*.c)
set(OBJECTS)
file(MAKE_DIRECTORY ${BINARY_DIR})
# size-check.cmake counts every object here: one left by a source since renamed or removed must not count
file(GLOB stale ${BINARY_DIR}/*.o)
if(stale)
    file(REMOVE ${stale})
endif()
foreach(source ${CORE})
    get_filename_component(name ${source} NAME_WE)
    set(object ${BINARY_DIR}/${name}.o)
    execute_process(COMMAND ${CC} ${FLAGS} -c ${source} -o ${object} RESULT_VARIABLE rc ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "${name}.c does not build for rv32imc/picolibc:\n${err}")
    endif()
    list(APPEND OBJECTS ${object})
endforeach()

set(FIRMWARE ${BINARY_DIR}/voyager-firmware.elf)
execute_process(COMMAND ${CC} ${FLAGS} -Wl,--gc-sections ${SOURCE_DIR}/test/cross/cross_main.c ${OBJECTS}
                -o ${FIRMWARE} RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "linking a firmware with the core failed:\n${err}")
endif()

execute_process(COMMAND ${SIZE_PATH} --totals ${OBJECTS} OUTPUT_VARIABLE objects_size)
execute_process(COMMAND ${SIZE_PATH} ${FIRMWARE} OUTPUT_VARIABLE firmware_size)
message("portable core objects, rv32imc -Os (text = flash):\n${objects_size}")
message("a firmware linking the whole client API with picolibc, --gc-sections:\n${firmware_size}")
