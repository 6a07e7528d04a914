# bench_idcard also runs a cycle through the real libusb against the emulated reader.
target_link_libraries(bench_idcard PRIVATE usbmock)
