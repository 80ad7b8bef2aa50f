# Compile checks for code that only runs on a device: the ESP-IDF port and the example application, against the
# stub headers in test/esp-idf-stubs (declarations of the ESP-IDF 5.x API they use, nothing more). They prove
# the code compiles warning-free against those signatures, for an IDF without esp_ota_resume (5.0), one with it
# (5.5), and with the version macros of 6.0 (the same declarations: its changes for the SDK are esp-mqtt's move to
# the registry and Mbed TLS 4, checked below); they run nothing. The objects are built with everything else, and
# ctest builds them again.
set(VOYAGER_ESP_STUBS ${CMAKE_CURRENT_SOURCE_DIR}/test/esp-idf-stubs)
set(VOYAGER_ESP_CHECKS)
foreach(version 5.0 5.5 6.0)
    string(REPLACE "." ";" parts ${version})
    list(GET parts 0 major)
    list(GET parts 1 minor)
    set(target voyager_esp_idf_check_${major}_${minor})
    add_library(${target} OBJECT src/esp-idf/voyager_port_esp_idf.c src/esp-idf/voyager_esp_net.c
                src/esp-idf/voyager_esp_pairing.c src/esp-idf/voyager_esp_config.c examples/esp-idf/basic/main/main.c)
    # ESP-IDF compiles C as gnu17, its headers need the GNU extensions
    set_target_properties(${target} PROPERTIES C_STANDARD 17 C_EXTENSIONS ON)
    target_include_directories(${target} PRIVATE ${VOYAGER_ESP_STUBS} include)
    target_compile_definitions(${target} PRIVATE STUB_VOYAGER_KCONFIG STUB_IDF_MAJOR=${major} STUB_IDF_MINOR=${minor}
                               STUB_IDF_PATCH=0)
    target_compile_options(${target} PRIVATE ${VOYAGER_WARNINGS})
    list(APPEND VOYAGER_ESP_CHECKS ${target})
endforeach()
# 5.0 also without CONFIG_MBEDTLS_CERTIFICATE_BUNDLE, the port's other branch for trust
target_compile_definitions(voyager_esp_idf_check_5_0 PRIVATE STUB_NO_CERT_BUNDLE)
# app_main is called by ESP-IDF's startup code, which declares it itself
set_source_files_properties(examples/esp-idf/basic/main/main.c PROPERTIES COMPILE_OPTIONS -Wno-missing-prototypes)
add_test(NAME esp_idf_port_compiles
         COMMAND ${CMAKE_COMMAND} --build ${CMAKE_BINARY_DIR} --target ${VOYAGER_ESP_CHECKS})

# The verifier's Mbed TLS 4 variant (ESP-IDF 6: PSA Crypto through TF-PSA-Crypto, without the pk API), compiled
# against test/psa-stubs, declarations of the PSA Crypto API subset it calls and an Mbed TLS 4 version macro.
# Mbed TLS 4 is not installed here: this proves the code agrees with the specification's signatures, it runs
# nothing (the host tests link the 2.x variant with Debian's Mbed TLS).
add_library(voyager_mbedtls4_check OBJECT src/mbedtls/voyager_mbedtls.c)
target_include_directories(voyager_mbedtls4_check PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/test/psa-stubs src/mbedtls
                           include)
target_compile_options(voyager_mbedtls4_check PRIVATE ${VOYAGER_WARNINGS})
add_test(NAME mbedtls4_psa_compiles
         COMMAND ${CMAKE_COMMAND} --build ${CMAKE_BINARY_DIR} --target voyager_mbedtls4_check)

# The Arduino library: assembled from this tree, then every source under its src/ compiled as the Arduino IDE
# would (only src/ on the include path, Kconfig absent) and linked into one object, so a source compiled twice
# or a missing file fails. `cmake --build <dir> --target arduino-library` also zips it for distribution.
set(VOYAGER_ARDUINO_ARGS -DSOURCE_DIR=${CMAKE_CURRENT_SOURCE_DIR} -DSTUBS=${VOYAGER_ESP_STUBS}
    -DMBEDTLS_INCLUDE=${MBEDTLS_INCLUDE_DIR})
add_test(NAME arduino_library_compiles
         COMMAND ${CMAKE_COMMAND} ${VOYAGER_ARDUINO_ARGS} -DBINARY_DIR=${CMAKE_CURRENT_BINARY_DIR}/arduino-check
                 -DCOMPILE=ON -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/arduino-library.cmake)
add_custom_target(arduino-library
                  COMMAND ${CMAKE_COMMAND} ${VOYAGER_ARDUINO_ARGS} -DBINARY_DIR=${CMAKE_CURRENT_BINARY_DIR}/arduino
                          -DZIP=ON -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/arduino-library.cmake
                  COMMENT "Assembling the VoyagerOTA Arduino library")

# The package manifests (PlatformIO's library.json, the ESP Component Registry's idf_component.yml) against the tree.
set(VOYAGER_COMPONENT_SOURCES ${VOYAGER_CORE_SOURCES} src/mbedtls/voyager_mbedtls.c src/esp-idf/voyager_port_esp_idf.c
    src/esp-idf/voyager_esp_net.c src/esp-idf/voyager_esp_pairing.c src/esp-idf/voyager_esp_config.c)
add_test(NAME package_manifests
         COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${CMAKE_CURRENT_SOURCE_DIR} "-DCOMPONENT_SOURCES=${VOYAGER_COMPONENT_SOURCES}"
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/package-check.cmake)
