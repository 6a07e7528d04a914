# The receipt round trip reads the QR back with zbar (Debian libzbar-dev), an independent
# decoder: a test dependency, installed through scripts/deps/printer.txt.
if(TARGET app_receipt_test_receipt_roundtrip)
  if(TARGET PkgConfig::ZBAR)
    target_link_libraries(app_receipt_test_receipt_roundtrip PRIVATE PkgConfig::ZBAR)
  endif()
endif()
