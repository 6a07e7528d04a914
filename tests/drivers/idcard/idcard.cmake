# The ID card reader tests that run the real libusb against the emulated reader.
if(TARGET drivers_idcard_test_idcard_usb)
  target_link_libraries(drivers_idcard_test_idcard_usb PRIVATE usbmock)
  set_tests_properties(drivers_idcard_test_idcard_usb PROPERTIES SKIP_RETURN_CODE 77 LABELS usbmock)
endif()
