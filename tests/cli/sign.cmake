# microcred sign from the command line (tests/cli/sign_cli.sh): the JS reference's
# signed credentials reproduced byte for byte (rdfc and jcs, from the checked-in
# known answers: no Node needed), proof sets and chains that verify, and one-line
# errors with the documented exit statuses.
add_test(NAME cli/sign
         COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/sign_cli.sh $<TARGET_FILE:interop_proof_verify>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(cli/sign PROPERTIES ENVIRONMENT "${MC_TEST_ENV}" SKIP_RETURN_CODE 77)
