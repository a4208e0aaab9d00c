#!/bin/sh
# interop/keys: runs keys_node.mjs against the Node interop harness; skips with exit
# 77 and a message when ../shared/interop, its node_modules or Node is missing.
set -u
prog=${MC_PROGRAM:?MC_PROGRAM must name the microcred binary}
here=$(dirname "$0")
harness=$(sh "$here/harness-dir") || exit $?
exec node "$here/keys_node.mjs" "$harness" "$prog"
