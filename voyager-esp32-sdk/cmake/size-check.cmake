# The portable core's size budget: the flash its objects take cross-compiled for rv32imc with -Os (the objects
# cross-check.cmake leaves in OBJECTS_DIR). Two figures, each with its own budget: the code (.text sections,
# BUDGET bytes) and the read-only data (RODATA_BUDGET bytes, mostly the sentences voyager_last_error explains
# refusals with), which together are what binutils' size calls text.
# Run as: cmake -DOBJECTS_DIR=<dir> -DBUDGET=<bytes> -DRODATA_BUDGET=<bytes> -P size-check.cmake
find_program(SIZE_PATH riscv64-unknown-elf-size)
file(GLOB objects ${OBJECTS_DIR}/*.o)
if(NOT SIZE_PATH OR NOT objects)
    message(FATAL_ERROR "no cross-compiled core objects in ${OBJECTS_DIR} (the cross_rv32imc_picolibc test makes them)")
endif()
execute_process(COMMAND ${SIZE_PATH} --totals ${objects} OUTPUT_VARIABLE out RESULT_VARIABLE rc)
string(REGEX MATCH "\n *([0-9]+)[ \t]+[0-9]+[ \t]+[0-9]+[ \t]+[0-9]+[ \t]+[0-9a-f]+[ \t]+\\(TOTALS\\)" line "${out}")
if(NOT rc EQUAL 0 OR NOT line)
    message(FATAL_ERROR "could not read the core's size:\n${out}")
endif()
set(text ${CMAKE_MATCH_1})
# the code alone, for the record: .text sections without the read-only data
execute_process(COMMAND ${SIZE_PATH} -A ${objects} OUTPUT_VARIABLE sections)
string(REGEX MATCHALL "\n\\.text[^ \t\n]*[ \t]+[0-9]+" code_lines "${sections}")
set(code 0)
foreach(l ${code_lines})
    string(REGEX MATCH "([0-9]+)$" n "${l}")
    math(EXPR code "${code} + ${n}")
endforeach()
math(EXPR rodata "${text} - ${code}")
math(EXPR percent "${code} * 100 / ${BUDGET}")
math(EXPR rodata_percent "${rodata} * 100 / ${RODATA_BUDGET}")
message("portable core, rv32imc -Os: ${code} bytes of code, ${percent}% of its ${BUDGET}-byte budget; ${rodata}"
        " bytes of read-only data, ${rodata_percent}% of its ${RODATA_BUDGET}-byte budget (${text} bytes of text in"
        " all, as binutils' size counts)")
if(code GREATER BUDGET)
    math(EXPR over "${code} - ${BUDGET}")
    message(FATAL_ERROR "the portable core's code, ${code} bytes, exceeds its budget of ${BUDGET} bytes by ${over}")
endif()
if(rodata GREATER RODATA_BUDGET)
    math(EXPR over "${rodata} - ${RODATA_BUDGET}")
    message(FATAL_ERROR "the portable core's read-only data, ${rodata} bytes, exceeds its budget of"
            " ${RODATA_BUDGET} bytes by ${over}")
endif()
