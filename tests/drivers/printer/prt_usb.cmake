# The USB printer transport against an emulated printer-class printer (tests/usbmock).
if(TARGET drivers_printer_test_prt_usb)
  target_link_libraries(drivers_printer_test_prt_usb PRIVATE usbmock)
  set_tests_properties(drivers_printer_test_prt_usb PROPERTIES SKIP_RETURN_CODE 77 LABELS usbmock)
endif()
