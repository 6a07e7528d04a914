# The delivery tests run a backend on loopback (and a misbehaving proxy in front of it); both
# helpers are test-only sources linked into the tests that use them.
foreach(t app_sync_test_deliver app_sync_test_faults)
  if(TARGET ${t})
    target_sources(${t} PRIVATE ${CMAKE_CURRENT_LIST_DIR}/casehub_run.c
                                ${CMAKE_CURRENT_LIST_DIR}/faultproxy.c)
  endif()
endforeach()

# fakehub: a stand-in for casehub (see fakehub.c), used by these tests only while they have
# not been switched to the real casehub (KIOSK_STORE_TESTS_REAL_CASEHUB).
option(KIOSK_STORE_TESTS_REAL_CASEHUB "store/sync tests talk to the real casehub" OFF)
if(MHD_FOUND)
  add_executable(kiosk_fakehub ${CMAKE_CURRENT_LIST_DIR}/fakehub.c)
  target_link_libraries(kiosk_fakehub PRIVATE PkgConfig::MHD PkgConfig::SQLITE PkgConfig::CJSON
                        PkgConfig::SODIUM)
endif()
set(KSTORE_TEST_ENV ${KTEST_ENV})
if(NOT KIOSK_STORE_TESTS_REAL_CASEHUB AND TARGET kiosk_fakehub)
  list(FILTER KSTORE_TEST_ENV EXCLUDE REGEX "^CASEHUB_BIN=")
  list(APPEND KSTORE_TEST_ENV "CASEHUB_BIN=$<TARGET_FILE:kiosk_fakehub>")
endif()
foreach(t app_sync_test_deliver app_sync_test_faults app_store_test_crash app_ctl_test_cmd_store)
  if(TEST ${t})
    set_tests_properties(${t} PROPERTIES SKIP_RETURN_CODE 77 ENVIRONMENT "${KSTORE_TEST_ENV}")
  endif()
endforeach()
