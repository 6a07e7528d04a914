# tests/usbmock: the shared USB emulation (mockusb.{c,h}) as the `usbmock` library.
# A test that talks to emulated USB devices through the real libusb does:
#   target_link_libraries(<test> PRIVATE usbmock)
#   set_tests_properties(<test> PROPERTIES SKIP_RETURN_CODE 77)
# The library links libumockdev-preload.so into the test executable (no --as-needed), so the
# test needs no wrapper and stays ASan-compatible; mockusb_bed_create() returns NULL (skip,
# exit 77) when umockdev is missing or the preload is not active.
if(UMOCKDEV_FOUND)
  add_library(usbmock STATIC ${CMAKE_CURRENT_LIST_DIR}/mockusb.c)
  target_link_libraries(usbmock PUBLIC PkgConfig::UMOCKDEV PkgConfig::LIBUSB Threads::Threads
    "-Wl,--no-as-needed" umockdev-preload "-Wl,--as-needed")
else()
  message(WARNING "umockdev-1.0 not found: USB emulation tests will be skipped")
  add_library(usbmock STATIC ${CMAKE_CURRENT_LIST_DIR}/mockusb_missing.c)
  target_link_libraries(usbmock PUBLIC PkgConfig::LIBUSB Threads::Threads)
endif()

if(TARGET usbmock_test_mockusb)
  target_link_libraries(usbmock_test_mockusb PRIVATE usbmock)
  set_tests_properties(usbmock_test_mockusb PROPERTIES SKIP_RETURN_CODE 77 LABELS usbmock)
endif()
