# The receipt tests read the printed QR back with zbar (a test-only dependency).
if(TARGET app_receipt_test_receipt)
  if(ZBAR_FOUND)
    target_link_libraries(app_receipt_test_receipt PRIVATE PkgConfig::ZBAR)
    target_compile_definitions(app_receipt_test_receipt PRIVATE KTEST_HAVE_ZBAR=1)
  endif()
endif()
