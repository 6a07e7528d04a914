# The install test bootstraps a Debian 12 root (once, cached under build/deploy-cache) and
# installs the built packages there: it needs root, the network on its first run, and a
# few minutes, so it carries its own label (ctest -L deploy / -LE deploy). An ASan build's
# binaries cannot run in a root without the sanitizer runtimes, so it runs in normal builds.
# Tests that run cpack in the build tree take turns (RESOURCE_LOCK).
set_tests_properties(deploy_test_deb_install PROPERTIES
  LABELS "deploy" SKIP_RETURN_CODE 77 TIMEOUT 900 RESOURCE_LOCK deploy_root)
set_tests_properties(deploy_test_deb PROPERTIES RESOURCE_LOCK deploy_root)
set_tests_properties(deploy_test_repro PROPERTIES LABELS "deploy" RESOURCE_LOCK deploy_root)
set_tests_properties(deploy_test_lintian PROPERTIES RESOURCE_LOCK deploy_root)
# Sanitizer builds are not what ships: no hardening flags (lintian would say so), binaries
# that need the sanitizer runtimes.
if(KIOSK_SANITIZE)
  set_tests_properties(deploy_test_deb_install deploy_test_lintian deploy_test_repro
    PROPERTIES DISABLED TRUE)
endif()
set_tests_properties(deploy_test_kioskctl_root PROPERTIES SKIP_RETURN_CODE 77)
