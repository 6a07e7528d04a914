# test_kill_soak starts casehub itself (CASEHUB_BIN) and needs it built first.
if(TARGET server_test_kill_soak AND TARGET casehub)
  add_dependencies(server_test_kill_soak casehub)
endif()
