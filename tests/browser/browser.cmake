# Browser tests (issue 6): playwright-core (pinned in tests/browser/package-lock.json,
# installed by the test itself with `npm ci` into ${CMAKE_BINARY_DIR}/browser-tests)
# driving Debian's /usr/bin/chromium. The test skips (77) without chromium or when
# npm ci cannot reach the registry. MC_SCREENSHOT_DIR=docs/screenshots refreshes the
# docs/screenshots/browser-*.png pictures; otherwise they go to the build directory.
find_program(MC_NODE_PROGRAM node)
if(MC_NODE_PROGRAM)
  add_test(NAME browser/learner-journey
           COMMAND ${MC_NODE_PROGRAM} ${PROJECT_SOURCE_DIR}/tests/browser/journey.mjs
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(browser/learner-journey PROPERTIES ENVIRONMENT "${MC_TEST_ENV}" SKIP_RETURN_CODE 77
                       TIMEOUT 600 RUN_SERIAL TRUE)
endif()
