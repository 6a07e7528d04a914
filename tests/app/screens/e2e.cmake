# The end-to-end test runs every script in tests/e2e/ in both orientations; on a shared,
# loaded machine that takes longer than the default five minutes.
if(TEST app_screens_test_e2e)
  set_tests_properties(app_screens_test_e2e PROPERTIES TIMEOUT 1200)
endif()
# 长辈模式: the whole application in elder mode, both orientations (tests/e2e/elder.script).
if(TEST app_screens_test_e2e)
  add_test(NAME app_screens_test_e2e_elder COMMAND app_screens_test_e2e elder
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  set_tests_properties(app_screens_test_e2e_elder PROPERTIES ENVIRONMENT "${KTEST_ENV}"
    TIMEOUT 600)
endif()
