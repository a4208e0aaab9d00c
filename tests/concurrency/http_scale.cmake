# Four `microcred serve` processes on one database receiving concurrent awards over
# HTTP (tests/concurrency/http_scale.sh): on SQLite here, on PostgreSQL as
# pg/concurrency/http_scale (tests/support/pg.cmake).
add_test(NAME concurrency/http_scale COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/http_scale.sh $<TARGET_FILE:award_fixture>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(concurrency/http_scale PROPERTIES ENVIRONMENT "${MC_TEST_ENV}" SKIP_RETURN_CODE 77 TIMEOUT 600)
