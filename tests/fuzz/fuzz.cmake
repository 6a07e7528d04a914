# The fuzz targets that talk to a real casehub over loopback or write files per input replay
# their corpus and then only a few mutations under ctest (tests/fuzz/run fuzzes them for real).
foreach(t fuzz_casehub_http fuzz_casehub_router)
  if(TARGET ${t})
    if(TARGET kcasehub)
      target_link_libraries(${t} PRIVATE kcasehub)
    else()
      set_target_properties(${t} PROPERTIES EXCLUDE_FROM_ALL ON)
    endif()
  endif()
endforeach()
foreach(t fuzz_casehub_http fuzz_casehub_router fuzz_calendar_import)
  if(TEST ${t})
    set_tests_properties(${t} PROPERTIES
      ENVIRONMENT "${KTEST_ENV};KFUZZ_RUNS=3000;KFUZZ_SECONDS=6")
  endif()
endforeach()
