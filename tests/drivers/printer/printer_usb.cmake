# The USB printer transport runs through the real libusb against tests/usbmock (umockdev).
if(TARGET drivers_printer_test_printer_usb)
  target_link_libraries(drivers_printer_test_printer_usb PRIVATE usbmock)
  set_tests_properties(drivers_printer_test_printer_usb PROPERTIES SKIP_RETURN_CODE 77)
endif()
