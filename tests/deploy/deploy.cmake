# The install test bootstraps a Debian 12 root (once, cached under build/deploy-cache) and
# installs the built packages there: it needs root, the network on its first run, and a
# few minutes, so it carries its own label (ctest -L deploy / -LE deploy). An ASan build's
# binaries cannot run in a root without the sanitizer runtimes, so it runs in normal builds.
set_tests_properties(deploy_test_deb_install PROPERTIES
  LABELS "deploy" SKIP_RETURN_CODE 77 TIMEOUT 900 RESOURCE_LOCK deploy_root)
set_tests_properties(deploy_test_deb PROPERTIES RESOURCE_LOCK deploy_root)
if(KIOSK_SANITIZE)
  set_tests_properties(deploy_test_deb_install PROPERTIES DISABLED TRUE)
endif()
