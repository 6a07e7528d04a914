# More faults for the USB printer transport against emulated printers (tests/usbmock).
if(TARGET drivers_printer_test_printer_usb_faults)
  target_link_libraries(drivers_printer_test_printer_usb_faults PRIVATE usbmock)
  set_tests_properties(drivers_printer_test_printer_usb_faults PROPERTIES SKIP_RETURN_CODE 77 LABELS usbmock)
endif()
