# The end-to-end test runs every script in tests/e2e/ in both orientations; on a shared,
# loaded machine that takes longer than the default five minutes.
if(TEST app_screens_test_e2e)
  set_tests_properties(app_screens_test_e2e PROPERTIES TIMEOUT 1200)
endif()
