# microcred badge-image and certificate from the command line (tests/cli/render_cli.sh):
# badge images of every shape in SVG and PNG, escaping, errors with exit status 2;
# certificates whose QR code decodes to the verification URL and whose text (names in
# Latin, Greek, Cyrillic, CJK, Hebrew, Devanagari) reads back intact, on A4 and
# Letter. The certificate checks need poppler-utils and zbar-tools (skipped without).
add_test(NAME cli/render COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/render_cli.sh
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})

# Under -DMC_SANITIZE=ON fontconfig's caches look leaked to LeakSanitizer (see the
# suppressions file). The unit test is defined in tests/CMakeLists.txt, before this.
set(MC_RENDER_TEST_ENV ${MC_TEST_ENV}
    "LSAN_OPTIONS=suppressions=${CMAKE_CURRENT_LIST_DIR}/render-lsan.supp:print_suppressions=0")
set_tests_properties(cli/render PROPERTIES ENVIRONMENT "${MC_RENDER_TEST_ENV}" SKIP_RETURN_CODE 77)
if(TEST unit/artifact/render)
  set_tests_properties(unit/artifact/render PROPERTIES ENVIRONMENT "${MC_RENDER_TEST_ENV}")
endif()
