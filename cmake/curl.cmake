# libcurl: fetching DID documents, verification methods and status lists over HTTPS
# (src/vc/fetch.c). This file is included before mccore is defined, so it only names
# the library; the top-level CMakeLists.txt links ${MC_EXTRA_LIBS} into mccore.
find_package(CURL 7.85 REQUIRED) # 7.85: CURLOPT_PROTOCOLS_STR / CURLOPT_REDIR_PROTOCOLS_STR
list(APPEND MC_EXTRA_LIBS CURL::libcurl)
