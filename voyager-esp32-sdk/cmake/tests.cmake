# Host tests: cmocka, run by ctest.
pkg_check_modules(CMOCKA REQUIRED IMPORTED_TARGET cmocka)

add_library(voyager_test_support STATIC test/support/device.c test/support/fake_http.c test/support/images.c test/support/rig.c
    test/support/signing.c)
target_include_directories(voyager_test_support PUBLIC test/support src/core)
target_link_libraries(voyager_test_support PUBLIC voyager_core voyager_mbedtls voyager_vflash PkgConfig::CMOCKA)

function(voyager_test name)
    add_executable(${name} test/${name}.c)
    target_compile_options(${name} PRIVATE ${VOYAGER_WARNINGS} -Wno-missing-prototypes)
    target_link_libraries(${name} PRIVATE voyager_test_support ${ARGN})
    add_test(NAME ${name} COMMAND ${name})
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "VOYAGER_VECTORS=${CMAKE_CURRENT_SOURCE_DIR}/test/vectors")
endfunction()

voyager_test(test_version)
voyager_test(test_offer)
voyager_test(test_image)
voyager_test(test_update)
voyager_test(test_client)
voyager_test(test_power_loss)
voyager_test(test_report)
