# libpq: the PostgreSQL backend of the database driver (src/store/postgres.c),
# selected by a postgres:// or postgresql:// database URL. Included before mccore is
# defined, so it only names the library; the top-level CMakeLists.txt links
# ${MC_EXTRA_LIBS} into mccore.
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
list(APPEND MC_EXTRA_LIBS PkgConfig::LIBPQ)
