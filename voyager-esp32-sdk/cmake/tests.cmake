# Host tests: cmocka, run by ctest.
pkg_check_modules(CMOCKA REQUIRED IMPORTED_TARGET cmocka)
# the vectors voyager-core writes, at the repository's root since both implementations answer to them
get_filename_component(VOYAGER_VECTORS_DIR ${CMAKE_CURRENT_SOURCE_DIR}/../protocol/vectors ABSOLUTE)

add_library(voyager_test_support STATIC test/support/device.c test/support/fake_http.c test/support/images.c test/support/rig.c
    test/support/relay.c
    test/support/signing.c)
target_include_directories(voyager_test_support PUBLIC test/support src/core)
target_link_libraries(voyager_test_support PUBLIC voyager_core voyager_mbedtls voyager_vflash PkgConfig::CMOCKA)

function(voyager_test name)
    add_executable(${name} test/${name}.c)
    target_compile_options(${name} PRIVATE ${VOYAGER_WARNINGS} -Wno-missing-prototypes)
    target_link_libraries(${name} PRIVATE voyager_test_support ${ARGN})
    add_test(NAME ${name} COMMAND ${name})
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "VOYAGER_VECTORS=${VOYAGER_VECTORS_DIR}")
endfunction()

voyager_test(test_version)
voyager_test(test_offer)
voyager_test(test_image)
voyager_test(test_update)
voyager_test(test_client)
voyager_test(test_report_ids)
voyager_test(test_download_limits)
voyager_test(test_offer_auth)
voyager_test(test_offer_keys)
voyager_test(test_trust)
voyager_test(test_power_loss)
voyager_test(test_report)
voyager_test(test_backoff)
voyager_test(test_boot_outcome)
voyager_test(test_nvs_loss)
voyager_test(test_cancel)
voyager_test(test_perform_step)
voyager_test(test_push)
voyager_test(test_push_refusals)

# The verifier on its own, in both variants; each binary links one, with the signing half of the test support.
add_library(voyager_mbedtls_psa STATIC src/mbedtls/voyager_mbedtls.c)
target_compile_definitions(voyager_mbedtls_psa PRIVATE VOYAGER_MBEDTLS_PSA)
target_include_directories(voyager_mbedtls_psa PUBLIC src/mbedtls ${MBEDTLS_INCLUDE_DIR})
target_link_libraries(voyager_mbedtls_psa PUBLIC voyager_core ${MBEDCRYPTO_LIBRARY})
target_compile_options(voyager_mbedtls_psa PRIVATE ${VOYAGER_WARNINGS})
foreach(variant "" _psa)
    set(name test_mbedtls_verifier${variant})
    add_executable(${name} test/test_mbedtls_verifier.c test/support/signing.c)
    target_include_directories(${name} PRIVATE test/support src/core)
    target_compile_options(${name} PRIVATE ${VOYAGER_WARNINGS} -Wno-missing-prototypes)
    target_link_libraries(${name} PRIVATE voyager_mbedtls${variant} PkgConfig::CMOCKA)
    add_test(NAME ${name} COMMAND ${name})
endforeach()

# The portable core cross-compiled for a RISC-V ESP32 with picolibc, strict C99; prints the code size.
option(VOYAGER_CROSS_CHECK "cross-compile the core with riscv64-unknown-elf-gcc as a test" ON)
if(VOYAGER_CROSS_CHECK)
    add_test(NAME cross_rv32imc_picolibc
             COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${CMAKE_CURRENT_SOURCE_DIR}
                     -DBINARY_DIR=${CMAKE_CURRENT_BINARY_DIR}/cross -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/cross-check.cmake)
    set_tests_properties(cross_rv32imc_picolibc PROPERTIES FIXTURES_SETUP voyager_cross)
    # the flash the portable core may take on a device (docs/sdk.md, "Size budget")
    set(VOYAGER_CORE_TEXT_BUDGET 32768 CACHE STRING "bytes of rv32imc -Os code the portable core may take")
    set(VOYAGER_CORE_RODATA_BUDGET 12288 CACHE STRING "bytes of read-only data the portable core may take")
    add_test(NAME core_size_budget
             COMMAND ${CMAKE_COMMAND} -DOBJECTS_DIR=${CMAKE_CURRENT_BINARY_DIR}/cross -DBUDGET=${VOYAGER_CORE_TEXT_BUDGET}
                     -DRODATA_BUDGET=${VOYAGER_CORE_RODATA_BUDGET}
                     -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/size-check.cmake)
    set_tests_properties(core_size_budget PROPERTIES FIXTURES_REQUIRED voyager_cross)
endif()

# End to end: the simulator and the POSIX port against a small stand-in for the device API (mini_server), or
# against the real server with mini_proxy in between.
# mbedTLS's TLS and X.509 halves: the stand-in server speaks HTTPS, with a certificate mkfixtures makes.
find_library(MBEDTLS_LIBRARY mbedtls REQUIRED)
find_library(MBEDX509_LIBRARY mbedx509 REQUIRED)
add_library(voyager_e2e_http STATIC test/e2e/mini_http.c)
target_compile_definitions(voyager_e2e_http PUBLIC _DEFAULT_SOURCE)
target_compile_options(voyager_e2e_http PRIVATE ${VOYAGER_WARNINGS})
target_include_directories(voyager_e2e_http PRIVATE ${MBEDTLS_INCLUDE_DIR})
target_link_libraries(voyager_e2e_http PUBLIC ${MBEDTLS_LIBRARY} ${MBEDX509_LIBRARY} ${MBEDCRYPTO_LIBRARY})
add_executable(mkfixtures test/e2e/mkfixtures.c)
target_link_libraries(mkfixtures PRIVATE voyager_test_support ${MBEDX509_LIBRARY} ${MBEDCRYPTO_LIBRARY})
foreach(tool mini_server mini_proxy)
    add_executable(${tool} test/e2e/${tool}.c)
    target_link_libraries(${tool} PRIVATE voyager_e2e_http)
    target_compile_options(${tool} PRIVATE ${VOYAGER_WARNINGS})
endforeach()
# the stand-in server signs and proves offers as the real one does, with the tests' mbedTLS signing
target_link_libraries(mini_server PRIVATE voyager_test_support)
add_executable(mqtt_hint test/e2e/mqtt_hint.c)
target_link_libraries(mqtt_hint PRIVATE PkgConfig::MOSQUITTO)
add_test(NAME e2e_sim_mini_server COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/test/e2e/sim_mini.sh ${CMAKE_CURRENT_BINARY_DIR})

# End to end against the real server: voyager serve's jar, which the voyager-server module builds. Inside the
# project it is expected next door, and a missing jar fails the tests with how to build it; configured with
# -DVOYAGER_SERVER_JAR= (empty), or outside the project, the tests are not registered.
get_filename_component(VOYAGER_PROJECT_DIR ${CMAKE_CURRENT_SOURCE_DIR}/.. ABSOLUTE)
if(EXISTS ${VOYAGER_PROJECT_DIR}/voyager-server/pom.xml)
    set(VOYAGER_DEFAULT_JAR ${VOYAGER_PROJECT_DIR}/voyager-server/target/voyager.jar)
else()
    set(VOYAGER_DEFAULT_JAR "")
endif()
set(VOYAGER_SERVER_JAR ${VOYAGER_DEFAULT_JAR} CACHE FILEPATH
    "voyager serve's jar for the end-to-end tests against the real server; empty: no such tests")
if(VOYAGER_SERVER_JAR)
    find_program(VOYAGER_JAVA java DOC "the java that runs voyager serve in the end-to-end tests")
    find_program(VOYAGER_MOSQUITTO mosquitto PATHS /usr/sbin DOC "the MQTT broker of the end-to-end MQTT test")
    foreach(mode http mqtt cluster cluster-pg)
        add_test(NAME e2e_sim_voyager_serve_${mode}
                 COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/test/e2e/sim_serve.sh ${CMAKE_CURRENT_BINARY_DIR} ${mode})
        set_tests_properties(e2e_sim_voyager_serve_${mode} PROPERTIES TIMEOUT 120 ENVIRONMENT
            "VOYAGER_SERVER_JAR=${VOYAGER_SERVER_JAR};VOYAGER_JAVA=${VOYAGER_JAVA};VOYAGER_MOSQUITTO=${VOYAGER_MOSQUITTO}")
    endforeach()
    # without a PostgreSQL server on the machine the scenario skips itself, unless VOYAGER_REQUIRE_POSTGRES=1 (CI)
    set_tests_properties(e2e_sim_voyager_serve_cluster-pg PROPERTIES SKIP_RETURN_CODE 77)
endif()

# The device's rows of the security suite (docs/security.md): ctest -L security
set_tests_properties(test_offer test_update test_client test_report_ids test_boot_outcome test_nvs_loss test_offer_auth test_offer_keys test_trust test_power_loss
    test_download_limits test_push test_push_refusals e2e_sim_mini_server PROPERTIES LABELS security)
if(VOYAGER_SERVER_JAR)
    set_tests_properties(e2e_sim_voyager_serve_http PROPERTIES LABELS security)
endif()
include(cmake/fuzz.cmake)
