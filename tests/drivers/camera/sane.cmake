# SANE's `test` backend is dlopen'ed and runs its reader on a thread of its own; under load it
# can still hold a 64 KiB read buffer when sane_exit() unloads it, which LeakSanitizer reports
# from an unknown (unloaded) module. That buffer is the backend's, not ours: leak detection is
# off for this one test, every other sanitizer check stays on.
if(TEST drivers_camera_test_sane)
  set(sane_env ${KTEST_ENV})
  list(FILTER sane_env EXCLUDE REGEX "^ASAN_OPTIONS=")
  list(APPEND sane_env "ASAN_OPTIONS=detect_leaks=0")
  set_tests_properties(drivers_camera_test_sane PROPERTIES ENVIRONMENT "${sane_env}")
endif()
