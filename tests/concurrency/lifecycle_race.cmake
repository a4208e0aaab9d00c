# Concurrent revocations of one status list lose no update; one credential revoked
# by several processes is revoked once; racing awards of a pathway's last component
# yield one pathway credential (tests/concurrency/lifecycle_race.sh).
add_test(NAME concurrency/lifecycle_race COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/lifecycle_race.sh
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(concurrency/lifecycle_race PROPERTIES
                     ENVIRONMENT "${MC_TEST_ENV}" SKIP_RETURN_CODE 77 TIMEOUT 600)
