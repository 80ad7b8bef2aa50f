# The POSIX port (libcurl, files as partitions, mbedTLS, libmosquitto) and the device simulator.
find_package(PkgConfig REQUIRED)
pkg_check_modules(CURL REQUIRED IMPORTED_TARGET libcurl)
pkg_check_modules(MOSQUITTO REQUIRED IMPORTED_TARGET libmosquitto)
# Debian's mbedTLS 2.28 ships no pkg-config file (3.x does); the library and its headers are all it takes.
find_library(MBEDCRYPTO_LIBRARY mbedcrypto REQUIRED)
find_path(MBEDTLS_INCLUDE_DIR mbedtls/pk.h REQUIRED)

add_library(voyager_mbedtls STATIC src/mbedtls/voyager_mbedtls.c)
target_include_directories(voyager_mbedtls PUBLIC src/mbedtls ${MBEDTLS_INCLUDE_DIR})
target_link_libraries(voyager_mbedtls PUBLIC voyager_core ${MBEDCRYPTO_LIBRARY})
target_compile_options(voyager_mbedtls PRIVATE ${VOYAGER_WARNINGS})

# The emulated flash (slots, otadata, bootloader, NVS), for the simulator and the power-loss tests.
add_library(voyager_vflash STATIC src/posix/vflash.c src/posix/vstate.c)
target_include_directories(voyager_vflash PUBLIC src/posix PRIVATE src/core)
target_link_libraries(voyager_vflash PUBLIC voyager_core)
target_compile_options(voyager_vflash PRIVATE ${VOYAGER_WARNINGS})
target_compile_definitions(voyager_vflash PRIVATE _POSIX_C_SOURCE=200809L)

# The POSIX port and the device simulator.
add_library(voyager_posix STATIC src/posix/http_curl.c src/posix/port_posix.c)
target_include_directories(voyager_posix PUBLIC src/posix)
target_link_libraries(voyager_posix PUBLIC voyager_vflash voyager_mbedtls PkgConfig::CURL PkgConfig::MOSQUITTO)
target_compile_options(voyager_posix PRIVATE ${VOYAGER_WARNINGS})
target_compile_definitions(voyager_posix PRIVATE _POSIX_C_SOURCE=200809L)

add_executable(voyager-sim src/posix/sim_main.c)
target_link_libraries(voyager-sim PRIVATE voyager_posix)
target_compile_options(voyager-sim PRIVATE ${VOYAGER_WARNINGS})
target_compile_definitions(voyager-sim PRIVATE _POSIX_C_SOURCE=200809L)
