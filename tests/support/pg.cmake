# PostgreSQL variants of the database-backed test suites (issue 9): the same
# programs and scripts as the SQLite runs, against a real PostgreSQL server that
# the run starts itself (tests/support/pg-server) and stops at the end.
#
#   pg/server-start, pg/server-stop   the CTest fixture "pg" (one server per run,
#                                     unix socket in a private directory under /tmp)
#   pg/unit/<layer>/<name>            the cmocka suites that include tests/support/testdb.h, with
#                                     MC_TEST_DB_URL set (tests/support/testdb.h gives
#                                     each test a fresh schema)
#   pg/<kind>/<name>                  the CLI, end-to-end, web and concurrency scripts,
#                                     with MC_TEST_DB_URL set (tests/support/testdb.sh)
#
# Without PostgreSQL (no initdb/pg_ctl, or it does not start) the fixture records
# the reason and every pg/ test is skipped (77) printing it.
string(MD5 mc_pg_hash "${PROJECT_BINARY_DIR}")
string(SUBSTRING ${mc_pg_hash} 0 12 mc_pg_hash)
set(MC_PG_DIR /tmp/mc-pg-${mc_pg_hash}) # short: unix socket paths are limited to 107 bytes
set(MC_PG_STATE ${PROJECT_BINARY_DIR}/pg-test-state)
set(MC_PG_URL "postgresql:///postgres?host=${MC_PG_DIR}&port=5432&user=postgres")
set(MC_PG_TEST_ENV ${MC_TEST_ENV} "MC_TEST_DB_URL=${MC_PG_URL}" "MC_TEST_PG_STATE=${MC_PG_STATE}")

add_test(NAME pg/server-start
         COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/pg-server fixture-start ${MC_PG_DIR} ${MC_PG_STATE})
add_test(NAME pg/server-stop COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/pg-server stop ${MC_PG_DIR})
set_tests_properties(pg/server-start PROPERTIES FIXTURES_SETUP pg TIMEOUT 120)
set_tests_properties(pg/server-stop PROPERTIES FIXTURES_CLEANUP pg TIMEOUT 120)

foreach(src ${MC_UNIT_TESTS})
  # Suites that take their database from tests/support/testdb.h.
  file(READ ${src} mc_pg_src)
  string(FIND "${mc_pg_src}" "support/testdb.h" mc_pg_uses)
  if(mc_pg_uses GREATER -1 AND src MATCHES "/tests/unit/([a-z]+)/test_([a-z0-9_]+)\\.c$")
    set(layer ${CMAKE_MATCH_1})
    set(short ${CMAKE_MATCH_2})
    add_test(NAME pg/unit/${layer}/${short} COMMAND unit_${layer}_${short} WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
    set_tests_properties(pg/unit/${layer}/${short} PROPERTIES ENVIRONMENT "${MC_PG_TEST_ENV}" SKIP_RETURN_CODE 77
                         FIXTURES_REQUIRED pg TIMEOUT 600)
  endif()
endforeach()

# Scripts: each is registered once it takes its database from tests/support/testdb.sh.
# Arguments after the script are passed to it.
function(mc_pg_script name script)
  file(READ ${PROJECT_SOURCE_DIR}/${script} body)
  string(FIND "${body}" "support/testdb.sh" uses)
  if(uses GREATER -1)
    add_test(NAME pg/${name} COMMAND sh ${PROJECT_SOURCE_DIR}/${script} ${ARGN}
             WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
    set_tests_properties(pg/${name} PROPERTIES ENVIRONMENT "${MC_PG_TEST_ENV}" SKIP_RETURN_CODE 77
                         FIXTURES_REQUIRED pg TIMEOUT 600)
  endif()
endfunction()
mc_pg_script(concurrency/scale tests/concurrency/scale.sh $<TARGET_FILE:award_fixture>)
mc_pg_script(concurrency/http_scale tests/concurrency/http_scale.sh $<TARGET_FILE:award_fixture>)
mc_pg_script(concurrency/award_race tests/concurrency/award_race.sh $<TARGET_FILE:award_fixture>)
mc_pg_script(concurrency/lifecycle_race tests/concurrency/lifecycle_race.sh)
mc_pg_script(cli/award tests/cli/award.sh $<TARGET_FILE:award_fixture>)
mc_pg_script(cli/catalogue tests/cli/catalogue.sh)
mc_pg_script(cli/issuer tests/cli/issuer.sh)
mc_pg_script(cli/learning tests/cli/learning.sh)
mc_pg_script(cli/lifecycle tests/cli/lifecycle.sh)
mc_pg_script(e2e/platform tests/e2e/platform.sh)
mc_pg_script(web/serve tests/web/serve.sh)
mc_pg_script(web/api tests/web/api.sh)
