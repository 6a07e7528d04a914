# The HID-POS scanner driver runs through the real libusb against tests/usbmock (umockdev).
if(TARGET drivers_scanner_test_hidpos)
  target_link_libraries(drivers_scanner_test_hidpos PRIVATE usbmock)
  set_tests_properties(drivers_scanner_test_hidpos PROPERTIES SKIP_RETURN_CODE 77)
endif()
