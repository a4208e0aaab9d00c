# microcred keys / did from the command line: key files (mode 0600, all types, the
# keygen.mjs shapes), one-line errors with exit status 2 for bad key files, did:key
# resolution and did:web documents (tests/cli/keys_*.sh).
add_test(NAME cli/keys COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/keys_cli.sh
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
add_test(NAME cli/keys-errors COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/keys_errors.sh
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(cli/keys cli/keys-errors PROPERTIES
                     ENVIRONMENT "${MC_TEST_ENV}" SKIP_RETURN_CODE 77)
