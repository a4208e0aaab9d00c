# libmicrohttpd: the HTTP server of `microcred serve` (src/web/server.c). Included
# before mccore is defined, so it only names the library; the top-level
# CMakeLists.txt links ${MC_EXTRA_LIBS} into mccore.
pkg_check_modules(MHD REQUIRED IMPORTED_TARGET libmicrohttpd>=0.9.71)
list(APPEND MC_EXTRA_LIBS PkgConfig::MHD)
