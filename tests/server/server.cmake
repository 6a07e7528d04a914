# casehub's tests start a real casehub (tests/app/sync/casehub_run.c) and need it built; they
# skip (77) when it is not (no libmicrohttpd) or, for the console, without chromium/npm.
if(TARGET server_test_api)
  target_sources(server_test_api PRIVATE ${CMAKE_SOURCE_DIR}/tests/app/sync/casehub_run.c)
  if(TARGET casehub)
    add_dependencies(server_test_api casehub)
  endif()
endif()
foreach(t server_test_api server_test_console)
  if(TEST ${t})
    set_tests_properties(${t} PROPERTIES SKIP_RETURN_CODE 77)
  endif()
endforeach()
