# microcred revoke / suspend / reinstate / pathway / endorse / demo end to end
# (tests/cli/lifecycle.sh): the demo seeds a fresh database; revocation makes
# `microcred verify --status` fail; suspension round-trips; a pathway of three is
# awarded automatically with component digests that match the exported components;
# bad input gets specific messages and changes nothing. interop/lifecycle: the same
# credentials checked by the JS reference (verify.mjs --status); skipped (77)
# without the Node harness.
add_test(NAME cli/lifecycle COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/lifecycle.sh WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
add_test(NAME interop/lifecycle COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/lifecycle.sh --interop
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(cli/lifecycle interop/lifecycle PROPERTIES
                     ENVIRONMENT "${MC_TEST_ENV}" SKIP_RETURN_CODE 77 TIMEOUT 300)
