# Four processes awarding at once (tests/concurrency/scale.sh): on one SQLite file,
# and (pg/concurrency/scale) on the run's PostgreSQL server (tests/support/pg.cmake).
# Uses award_fixture from tests/cli/award.cmake.
add_test(NAME concurrency/scale COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/scale.sh $<TARGET_FILE:award_fixture>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(concurrency/scale PROPERTIES ENVIRONMENT "${MC_TEST_ENV}" SKIP_RETURN_CODE 77 TIMEOUT 600)
