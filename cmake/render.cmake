# cairo + pango + libqrencode: badge images, PDF certificates and QR codes
# (src/artifact/badge_image.c, certificate.c, qr.c). Included before mccore is
# defined, so it only names the libraries; the top-level CMakeLists.txt links
# ${MC_EXTRA_LIBS} into mccore.
pkg_check_modules(CAIRO REQUIRED IMPORTED_TARGET cairo)
pkg_check_modules(PANGOCAIRO REQUIRED IMPORTED_TARGET pangocairo)
pkg_check_modules(QRENCODE REQUIRED IMPORTED_TARGET libqrencode)
list(APPEND MC_EXTRA_LIBS PkgConfig::CAIRO PkgConfig::PANGOCAIRO PkgConfig::QRENCODE)
