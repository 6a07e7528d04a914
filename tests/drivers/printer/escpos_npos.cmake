# test_escpos_npos.sh exits 77 (skipped) when npos is not installed (scripts/setup.sh).
if(TEST drivers_printer_test_escpos_npos)
  set_tests_properties(drivers_printer_test_escpos_npos PROPERTIES SKIP_RETURN_CODE 77)
endif()
