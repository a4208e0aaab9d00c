# microcred badge-image and certificate from the command line (tests/cli/render_cli.sh):
# badge images of every shape in SVG and PNG, escaping, errors with exit status 2;
# certificates whose QR code decodes to the verification URL and whose text (names in
# Latin, Greek, Cyrillic, CJK) reads back intact, on A4 and Letter. Needs
# poppler-utils and zbar-tools for the certificate checks (skips them otherwise).
add_test(NAME cli/render COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/render_cli.sh
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(cli/render PROPERTIES ENVIRONMENT "${MC_TEST_ENV}" SKIP_RETURN_CODE 77)
