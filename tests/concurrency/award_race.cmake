# Two processes awarding the same completions at once (tests/concurrency/award_race.sh):
# no duplicate credential, no duplicate status index, gap-free numbers. Uses
# award_fixture from tests/cli/award.cmake.
add_test(NAME concurrency/award_race
         COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/award_race.sh $<TARGET_FILE:award_fixture>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(concurrency/award_race PROPERTIES
                     ENVIRONMENT "${MC_TEST_ENV}" SKIP_RETURN_CODE 77 TIMEOUT 600)
