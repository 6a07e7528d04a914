# The fuzz targets that talk to a real casehub over loopback or write files per input replay
# their corpus and then only a few mutations under ctest (tests/fuzz/run fuzzes them for real).
if(TARGET fuzz_casehub_http)
  if(TARGET kcasehub)
    target_link_libraries(fuzz_casehub_http PRIVATE kcasehub)
  else()
    set_target_properties(fuzz_casehub_http PROPERTIES EXCLUDE_FROM_ALL ON)
  endif()
endif()
foreach(t fuzz_casehub_http fuzz_calendar_import)
  if(TEST ${t})
    set_tests_properties(${t} PROPERTIES
      ENVIRONMENT "${KTEST_ENV};KFUZZ_RUNS=3000;KFUZZ_SECONDS=6")
  endif()
endforeach()
