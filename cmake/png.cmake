# libpng: the tests check that baking leaves a PNG's pixels unchanged by decoding
# the image before and after (tests/unit/artifact). Baking itself reads and writes
# the chunk stream directly (src/artifact/png.c). Included before mccore is defined;
# the top-level CMakeLists.txt links ${MC_EXTRA_LIBS} into mccore.
find_package(PNG REQUIRED)
list(APPEND MC_EXTRA_LIBS PNG::PNG)
