# The delivery tests run the real casehub on loopback (and a misbehaving proxy in front of it);
# both helpers are test-only sources linked into the tests that use them. Without a casehub
# build (no libmicrohttpd) these tests report "skipped" (exit 77).
foreach(t app_sync_test_deliver app_sync_test_faults)
  if(TARGET ${t})
    target_sources(${t} PRIVATE ${CMAKE_CURRENT_LIST_DIR}/casehub_run.c
                                ${CMAKE_CURRENT_LIST_DIR}/faultproxy.c)
  endif()
endforeach()
foreach(t app_sync_test_deliver app_sync_test_faults app_store_test_crash app_ctl_test_cmd_store)
  if(TEST ${t})
    set_tests_properties(${t} PROPERTIES SKIP_RETURN_CODE 77)
  endif()
endforeach()
