# RFC 8785 number formatting against Node's JSON.stringify (tests/conformance/
# jcs_numbers.c + jcs_numbers.mjs): one million doubles, zero differences allowed.
# Skips (77) without node. About 2 s (5 s under ASan); MC_JCS_NUMBERS=N in the
# environment changes the count.
add_executable(conformance_jcs_numbers ${CMAKE_CURRENT_LIST_DIR}/jcs_numbers.c)
target_link_libraries(conformance_jcs_numbers PRIVATE mccore)
add_test(NAME conformance/jcs-numbers COMMAND conformance_jcs_numbers
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(conformance/jcs-numbers PROPERTIES
                     ENVIRONMENT "${MC_TEST_ENV}" SKIP_RETURN_CODE 77 TIMEOUT 300)
