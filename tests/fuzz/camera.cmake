# The camera fuzz target decodes whole JPEG frames per input: bound it by time, not count.
if(TEST fuzz_camera)
  set_tests_properties(fuzz_camera PROPERTIES
    ENVIRONMENT "${KTEST_ENV};KFUZZ_RUNS=20000;KFUZZ_SECONDS=8")
endif()
