# microcred award / award list / export from the command line (tests/cli/award.sh):
# a direct award verifies with `microcred verify` (keys from `microcred issuer keys`,
# the status list from `microcred export --status-list`), is idempotent by --key,
# exports its exact stored bytes; bulk CSV awards report bad rows (row, column,
# message), change nothing for them, exit 1, and resume. interop/award: the same
# credential and its status list verify in the JS reference (verify.mjs --status);
# skipped (77) without the Node harness. award_fixture adds micro-credentials
# directly (the catalogue's CLI and publishing rules are tested elsewhere).
add_executable(award_fixture ${CMAKE_CURRENT_LIST_DIR}/award_fixture.c)
target_include_directories(award_fixture PRIVATE ${PROJECT_SOURCE_DIR}/src)
target_link_libraries(award_fixture PRIVATE mccore)
add_test(NAME cli/award COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/award.sh $<TARGET_FILE:award_fixture>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
add_test(NAME interop/award COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/award.sh --interop $<TARGET_FILE:award_fixture>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(cli/award interop/award PROPERTIES
                     ENVIRONMENT "${MC_TEST_ENV}" SKIP_RETURN_CODE 77 TIMEOUT 300)
