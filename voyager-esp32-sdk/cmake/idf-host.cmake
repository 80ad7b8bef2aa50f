# The ESP-IDF port run on the host: src/esp-idf compiled unchanged against test/esp-idf-stubs' declarations and
# linked with test/idf-host, our emulation of the ESP-IDF APIs it calls (docs/sdk.md, "The port on the host").
# Two builds, as for the compile check: an IDF with esp_ota_resume (5.5) and one without it (5.0). The scenarios
# talk to mini_server over a socket, with mkfixtures' images and keys.
set(VOYAGER_IDF_HOST_SOURCES test/idf-host/flash.c test/idf-host/otadata.c test/idf-host/ota_write.c
    test/idf-host/nvs.c test/idf-host/http_client.c test/idf-host/sys.c test/idf-host/bench.c)
foreach(minor 0 5)
    set(target voyager_idf_host_5_${minor})
    add_library(${target} STATIC ${VOYAGER_IDF_HOST_SOURCES} src/esp-idf/voyager_port_esp_idf.c
                src/esp-idf/voyager_esp_net.c src/esp-idf/voyager_esp_pairing.c src/esp-idf/voyager_esp_config.c)
    set_target_properties(${target} PROPERTIES C_STANDARD 17 C_EXTENSIONS ON)
    target_include_directories(${target} PUBLIC ${VOYAGER_ESP_STUBS} test/idf-host include PRIVATE src/core)
    target_compile_definitions(${target} PUBLIC STUB_IDF_MINOR=${minor} STUB_IDF_PATCH=0)
    target_compile_options(${target} PRIVATE ${VOYAGER_WARNINGS})
    target_link_libraries(${target} PUBLIC voyager_core voyager_mbedtls PkgConfig::CMOCKA)
endforeach()

# name: the test; source: its file under test/; minor: the IDF it runs on. The power-loss loops take some 5 to 10
# seconds of CPU each (ASan, a signed offer and manifest per check), more on a loaded machine: hence the timeout.
function(voyager_idf_host_test name source minor)
    add_executable(${name} test/${source}.c)
    set_target_properties(${name} PROPERTIES C_STANDARD 17 C_EXTENSIONS ON)
    target_compile_options(${name} PRIVATE ${VOYAGER_WARNINGS} -Wno-missing-prototypes)
    target_link_libraries(${name} PRIVATE voyager_idf_host_5_${minor})
    add_test(NAME ${name} COMMAND ${name})
    set_tests_properties(${name} PROPERTIES TIMEOUT 300 LABELS idf-host ENVIRONMENT
        "IDF_HOST_MKFIXTURES=$<TARGET_FILE:mkfixtures>;IDF_HOST_MINI_SERVER=$<TARGET_FILE:mini_server>")
endfunction()
voyager_idf_host_test(test_idf_host_emulation test_idf_host_emulation 5)
target_link_libraries(test_idf_host_emulation PRIVATE voyager_test_support) # its test images
voyager_idf_host_test(test_idf_host_update test_idf_host_update 5)
voyager_idf_host_test(test_idf_host_update_idf50 test_idf_host_update 0)
voyager_idf_host_test(test_idf_host_transport test_idf_host_transport 5)
voyager_idf_host_test(test_idf_host_power test_idf_host_power 5)
voyager_idf_host_test(test_idf_host_power_idf50 test_idf_host_power 0)
voyager_idf_host_test(test_idf_host_nvs_loss test_idf_host_nvs_loss 5)
voyager_idf_host_test(test_idf_host_nvs_loss_idf50 test_idf_host_nvs_loss 0)
